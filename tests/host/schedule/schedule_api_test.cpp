// /api/schedule/* over real HTTP against the real host on its SQLite store: validation with the
// field and position, previews, ownership across users, access checked as ticks fire, the failure
// webhook (against a local listener that fails first, so the retry shows), the timeout that stops
// a run, and the parameters of runs started by hand.
#include <Poco/JSON/Parser.h>
#include <Poco/Net/ServerSocket.h>
#include <Poco/Net/StreamSocket.h>
#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <ctime>
#include <mutex>
#include <thread>

#include "tests/core/jobs/jobs_fixture.h"
#include "tests/support/host_process.h"

namespace dbbridge::testing {
namespace {

using core::testing::StreamJob;

bool Contains(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

// Accepts HTTP requests on 127.0.0.1; answers 500 to the first fail_first requests, 200 after.
class Listener {
public:
    explicit Listener(int fail_first) : socket_(Poco::Net::SocketAddress("127.0.0.1", 0)), fail_first_(fail_first) {
        thread_ = std::thread([this] { Loop(); });
    }
    ~Listener() {
        stop_ = true;
        thread_.join();
    }
    int port() const { return socket_.address().port(); }
    std::vector<std::string> bodies() {
        std::lock_guard<std::mutex> lock(mu_);
        return bodies_;
    }

private:
    void Loop() {
        while (!stop_) {
            if (!socket_.poll(Poco::Timespan(0, 100000), Poco::Net::Socket::SELECT_READ)) {
                continue;
            }
            Poco::Net::StreamSocket client = socket_.acceptConnection();
            std::string data;
            char buf[4096];
            std::size_t header_end = std::string::npos;
            std::size_t length = 0;
            while (header_end == std::string::npos || data.size() < header_end + 4 + length) {
                int n = client.receiveBytes(buf, sizeof buf);
                if (n <= 0) {
                    break;
                }
                data.append(buf, static_cast<std::size_t>(n));
                header_end = data.find("\r\n\r\n");
                auto cl = data.find("Content-Length: ");
                if (cl != std::string::npos) {
                    length = std::stoul(data.substr(cl + 16));
                }
            }
            std::lock_guard<std::mutex> lock(mu_);
            bodies_.push_back(header_end == std::string::npos ? "" : data.substr(header_end + 4));
            const bool fail = static_cast<int>(bodies_.size()) <= fail_first_;
            std::string reply = fail ? "HTTP/1.1 500 Internal Server Error\r\nContent-Length: 0\r\n\r\n"
                                     : "HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n";
            client.sendBytes(reply.data(), static_cast<int>(reply.size()));
        }
    }

    Poco::Net::ServerSocket socket_;
    int fail_first_;
    std::atomic<bool> stop_{false};
    std::mutex mu_;
    std::vector<std::string> bodies_;
    std::thread thread_;
};

class ScheduleApiTest : public ::testing::Test {
protected:
    void SetUp() override {
        // The test listener is on loopback, which webhooks may reach only when it is listed.
        host_ = std::make_unique<HostProcess>(
            "schedule:\n  tick_ms: 100\n  webhook_allowed_hosts: [127.0.0.1]\ncluster:\n  poll_ms: 100\n");
        ASSERT_TRUE(host_->Start()) << host_->output();
        host_->SetUid("alice");
    }

    std::int64_t SaveConfig(const std::string& name, const std::string& job) {
        auto r = host_->Post("/api/config/save", R"({"config_name": ")" + name + R"(", "content": )" + job + "}");
        EXPECT_EQ(r.code(), 0) << r.body;
        return r.code() == 0 ? r.json->getObject("data")->getValue<std::int64_t>("id") : 0;
    }

    // Project "ops" with alice and bob as members, and alice's job config in it.
    std::int64_t SharedConfig(const std::string& job) {
        for (const char* user : {"alice", "bob", "eve"}) {
            EXPECT_FALSE(host_->TokenFor(user).empty()) << user;
        }
        host_->SetUid("admin");
        EXPECT_EQ(host_->Post("/api/projects", R"({"name": "ops"})").code(), 0);
        for (const char* user : {"alice", "bob"}) {
            auto added = host_->Post("/api/projects/members", std::string(R"({"project": "ops", "user": ")") + user + "\"}");
            EXPECT_EQ(added.code(), 0) << added.body;
        }
        host_->SetUid("alice");
        auto r = host_->Post("/api/config/save", R"({"config_name": "shared", "project": "ops", "content": )" + job + "}");
        EXPECT_EQ(r.code(), 0) << r.body;
        return r.code() == 0 ? r.json->getObject("data")->getValue<std::int64_t>("id") : 0;
    }

    HttpReply SaveSchedule(const std::string& fields) { return host_->Post("/api/schedule/save", "{" + fields + "}"); }

    // Runs of config (newest first) once one has finished.
    Poco::JSON::Object::Ptr WaitFinishedRun(std::int64_t config_id, int timeout_ms) {
        const auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(timeout_ms);
        while (std::chrono::steady_clock::now() < deadline) {
            auto r = host_->Get("/api/config/logs?configId=" + std::to_string(config_id));
            auto items = r.json->getObject("data")->getArray("items");
            for (std::size_t i = 0; i < items->size(); ++i) {
                auto run = items->getObject(static_cast<unsigned>(i));
                const std::string status = run->getValue<std::string>("status");
                if (status != "queued" && status != "running") {
                    return run;
                }
            }
            std::this_thread::sleep_for(std::chrono::milliseconds(100));
        }
        return nullptr;
    }

    std::unique_ptr<HostProcess> host_;
};

TEST_F(ScheduleApiTest, AnInvalidExpressionIsA400NamingTheFieldAndPosition) {
    auto config = SaveConfig("c", StreamJob(10));
    auto bad = SaveSchedule(R"("name": "n", "config_id": )" + std::to_string(config) + R"(, "cron": "0 25 * * *")");
    EXPECT_EQ(bad.code(), 400) << bad.body;
    EXPECT_EQ(bad.message(), "cron: field 2 (hour) at position 3: 25 is out of range 0-23");
    auto zone = SaveSchedule(R"("name": "n", "config_id": )" + std::to_string(config) +
                             R"(, "cron": "0 1 * * *", "time_zone": "Nowhere/City")");
    EXPECT_EQ(zone.code(), 400);
    EXPECT_TRUE(Contains(zone.message(), "time_zone: unknown time zone 'Nowhere/City'")) << zone.body;
    auto typo = SaveSchedule(R"("name": "n", "config_id": )" + std::to_string(config) +
                             R"(, "cron": "0 1 * * *", "retries": 3)");
    EXPECT_EQ(typo.code(), 400) << "unknown keys are not ignored: " << typo.body;

    // Before saving: the next five fire times of an expression, in its zone.
    auto preview = host_->Get("/api/schedule/preview?cron=0%202%20*%20*%20*&time_zone=Asia/Shanghai");
    ASSERT_EQ(preview.code(), 0) << preview.body;
    auto times = preview.json->getObject("data")->getArray("next_fire_times");
    ASSERT_EQ(times->size(), 5u);
    EXPECT_TRUE(Contains(times->getElement<std::string>(0), "T18:00:00.000Z")) << preview.body;
    auto wrong = host_->Get("/api/schedule/preview?cron=0%202%20*%20*%20*%20*%20*");
    EXPECT_EQ(wrong.code(), 400);
    EXPECT_TRUE(Contains(wrong.message(), "got 7")) << wrong.body;
}

TEST_F(ScheduleApiTest, AnotherUserCanNeitherSeeNorChangeNorUseIt) {
    auto config = SaveConfig("c", StreamJob(10));
    auto saved = SaveSchedule(R"("name": "nightly", "config_id": )" + std::to_string(config) +
                              R"(, "cron": "0 2 * * *", "time_zone": "Asia/Shanghai")");
    ASSERT_EQ(saved.code(), 0) << saved.body;
    const std::string id = std::to_string(saved.json->getObject("data")->getValue<std::int64_t>("id"));
    EXPECT_EQ(saved.json->getObject("data")->getArray("next_fire_times")->size(), 5u);

    host_->SetUid("mallory");
    EXPECT_EQ(host_->Get("/api/schedule/get?id=" + id).code(), 404);
    EXPECT_EQ(host_->Post("/api/schedule/update", R"({"id": )" + id + R"(, "enabled": false})").code(), 404);
    EXPECT_EQ(host_->Post("/api/schedule/delete?id=" + id, "").code(), 404);
    auto list = host_->Get("/api/schedule/query");
    EXPECT_EQ(list.json->getObject("data")->getValue<int>("total"), 0) << list.body;
    auto theirs = SaveSchedule(R"("name": "steal", "config_id": )" + std::to_string(config) + R"(, "cron": "* * * * *")");
    EXPECT_EQ(theirs.code(), 404) << "another user's job config cannot be scheduled: " << theirs.body;
    EXPECT_TRUE(Contains(theirs.message(), "config_id")) << theirs.body;

    host_->SetUid("alice");
    auto mine = host_->Get("/api/schedule/get?id=" + id);
    ASSERT_EQ(mine.code(), 0) << mine.body;
    EXPECT_TRUE(mine.json->getObject("data")->getValue<bool>("enabled"));
    EXPECT_EQ(host_->Post("/api/schedule/delete?id=" + id, "").code(), 0);
}

TEST_F(ScheduleApiTest, ProjectMembersSeeASchedulesOnlyItsOwnerOrAnAdminChangeIt) {
    auto config = SharedConfig(StreamJob(10));
    host_->SetUid("bob");
    auto saved = SaveSchedule(R"("name": "bobs", "enabled": false, "cron": "0 2 * * *", "config_id": )" +
                              std::to_string(config));
    ASSERT_EQ(saved.code(), 0) << "a member may schedule a project's job config: " << saved.body;
    const std::string id = std::to_string(saved.json->getObject("data")->getValue<std::int64_t>("id"));
    const std::string disable = R"({"id": )" + id + R"(, "enabled": false})";

    host_->SetUid("alice");  // owns the job config, not the schedule
    EXPECT_EQ(host_->Get("/api/schedule/get?id=" + id).code(), 0);
    EXPECT_EQ(host_->Get("/api/schedule/query").json->getObject("data")->getValue<int>("total"), 1);
    auto update = host_->Post("/api/schedule/update", disable);
    EXPECT_EQ(update.code(), 403) << update.body;
    EXPECT_TRUE(Contains(update.message(), "only its owner or an admin")) << update.body;
    EXPECT_EQ(host_->Post("/api/schedule/delete?id=" + id, "").code(), 403);

    host_->SetUid("eve");  // in no project
    for (const auto& r : {host_->Get("/api/schedule/get?id=" + id), host_->Post("/api/schedule/update", disable),
                          host_->Post("/api/schedule/delete?id=" + id, "")}) {
        EXPECT_EQ(r.code(), 404) << r.body;
        EXPECT_EQ(r.message(), "schedule id " + id + " not found");
    }
    EXPECT_EQ(host_->Get("/api/schedule/query").json->getObject("data")->getValue<int>("total"), 0);

    host_->SetUid("admin");
    EXPECT_EQ(host_->Post("/api/schedule/update", disable).code(), 0);
    host_->SetUid("bob");
    EXPECT_EQ(host_->Post("/api/schedule/delete?id=" + id, "").code(), 0);
}

// A schedule's runs act as its owner, checked as each run starts: once bob has left the project,
// the next run fails saying why and the schedule is switched off instead of failing every second.
TEST_F(ScheduleApiTest, ARunStartsOnlyWhileTheSchedulesOwnerMayStillUseTheConfig) {
    auto config = SharedConfig(StreamJob(10));
    host_->SetUid("bob");
    auto saved = SaveSchedule(R"("name": "every-second", "overlap": "skip", "cron": "* * * * * ?", "config_id": )" +
                              std::to_string(config));
    ASSERT_EQ(saved.code(), 0) << saved.body;
    const std::string id = std::to_string(saved.json->getObject("data")->getValue<std::int64_t>("id"));
    host_->SetUid("admin");
    ASSERT_EQ(host_->Delete("/api/projects/members?project=ops&user=bob").code(), 0);

    host_->SetUid("alice");
    std::string reason;
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(15);
    while (reason.empty() && std::chrono::steady_clock::now() < deadline) {
        auto items = host_->Get("/api/config/logs?configId=" + std::to_string(config)).json->getObject("data")->getArray("items");
        for (std::size_t i = 0; i < items->size(); ++i) {
            auto run = items->getObject(static_cast<unsigned>(i));
            if (run->getValue<std::string>("status") == "failed") {
                reason = run->getValue<std::string>("exit_reason");
            }
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
    EXPECT_TRUE(Contains(reason, "schedule id " + id + " runs as its owner 'bob'")) << reason;
    EXPECT_TRUE(Contains(reason, "job config id " + std::to_string(config) + " not found")) << reason;
    EXPECT_TRUE(Contains(reason, "switched off")) << reason;
    host_->SetUid("bob");
    auto after = host_->Get("/api/schedule/get?id=" + id);
    ASSERT_EQ(after.code(), 0) << after.body;
    EXPECT_FALSE(after.json->getObject("data")->getValue<bool>("enabled"));
}

// Checked as each tick fires: once bob is disabled, the next tick runs nothing; it is recorded as
// a failed run that never started, saying why, the alert is sent and the schedule switched off.
TEST_F(ScheduleApiTest, ATickFiredAfterTheOwnerWasDisabledRunsNothingAlertsAndSwitchesOff) {
    Listener listener(0);
    auto config = SharedConfig(StreamJob(10));
    host_->SetUid("bob");
    auto saved = SaveSchedule(R"("name": "bobs", "overlap": "parallel", "cron": "* * * * * ?", "config_id": )" +
                              std::to_string(config) + R"(, "alert_webhook": "http://127.0.0.1:)" +
                              std::to_string(listener.port()) + R"(/hook")");
    ASSERT_EQ(saved.code(), 0) << saved.body;
    const std::string id = std::to_string(saved.json->getObject("data")->getValue<std::int64_t>("id"));
    host_->SetUid("admin");
    ASSERT_EQ(host_->Post("/api/users/update", R"({"name": "bob", "disabled": true})").code(), 0);

    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(15);
    while (listener.bodies().empty() && std::chrono::steady_clock::now() < deadline) {
        std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
    ASSERT_EQ(listener.bodies().size(), 1u) << host_->output();
    auto run = Poco::JSON::Parser().parse(listener.bodies()[0]).extract<Poco::JSON::Object::Ptr>()->getObject("run");
    EXPECT_EQ(run->getValue<std::string>("status"), "failed");
    EXPECT_EQ(run->getValue<std::string>("start_time"), "") << "refused when the tick fired: it never started";
    EXPECT_EQ(run->getValue<std::string>("exit_reason"),
              "schedule id " + id + " runs as its owner 'bob', who may not run it now (user 'bob' is disabled); "
              "the schedule was switched off");
    auto got = host_->Get("/api/schedule/get?id=" + id);
    ASSERT_EQ(got.code(), 0) << got.body;
    EXPECT_FALSE(got.json->getObject("data")->getValue<bool>("enabled"));

    // No tick fires after it: the number of runs stays.
    host_->SetUid("alice");
    auto runs = [&] { return host_->Get("/api/config/logs?configId=" + std::to_string(config)).json->getObject("data")->getValue<int>("total"); };
    const int before = runs();
    std::this_thread::sleep_for(std::chrono::milliseconds(2500));
    EXPECT_EQ(runs(), before);
    EXPECT_EQ(listener.bodies().size(), 1u);
}

// A job config that schedules run cannot be deleted from under them (their ticks would fail): the
// refusal names them, also another user's; once they are gone it can.
TEST_F(ScheduleApiTest, AJobConfigThatSchedulesRunIsDeletedOnlyOnceTheyAreGone) {
    auto config = SharedConfig(StreamJob(1));
    host_->SetUid("bob");
    auto saved = SaveSchedule(R"("name": "yearly", "cron": "0 0 1 1 *", "config_id": )" + std::to_string(config));
    ASSERT_EQ(saved.code(), 0) << saved.body;
    const std::string id = std::to_string(saved.json->getObject("data")->getValue<std::int64_t>("id"));
    const std::string del = "/api/config/delete?id=" + std::to_string(config);
    host_->SetUid("eve");
    EXPECT_EQ(host_->Post(del, "").code(), 404) << "not hers to see";
    host_->SetUid("alice");
    auto refused = host_->Post(del, "");
    EXPECT_EQ(refused.code(), 409) << refused.body;
    EXPECT_EQ(refused.message(), "job config " + std::to_string(config) + " is run by schedule(s) " + id +
                                     " 'yearly' of bob; delete them or point them at another job config first");
    EXPECT_EQ(host_->Get("/api/config/get?id=" + std::to_string(config)).code(), 0) << "still there";
    host_->SetUid("bob");
    ASSERT_EQ(host_->Post("/api/schedule/delete?id=" + id, "").code(), 0);
    host_->SetUid("alice");
    EXPECT_EQ(host_->Post(del, "").code(), 0);
}

TEST_F(ScheduleApiTest, AFailedRunWithNoRetryLeftIsPostedToTheWebhookWhichIsRetried) {
    Listener listener(1);  // the first delivery fails: the host tries again
    // Fails when it runs (nothing listens on port 1), not when it is saved.
    auto config = SaveConfig("doomed", R"({"job": {"setting": {"speed": {"channel": 1}}, "content": [{
        "reader": {"name": "streamreader", "parameter": {"sliceRecordCount": 1, "column": [{"type": "long", "value": "1"}]}},
        "writer": {"name": "postgresqlwriter", "parameter": {"username": "u", "password": "p", "column": ["id"],
            "connection": [{"jdbcUrl": "jdbc:postgresql://127.0.0.1:1/x", "table": ["t"]}]}}}]}})");
    auto saved = SaveSchedule(R"("name": "alerting", "config_id": )" + std::to_string(config) +
                              R"(, "cron": "* * * * * ?", "overlap": "skip", "max_retries": 1, "retry_backoff_s": 0,
                                 "alert_webhook": "http://127.0.0.1:)" +
                              std::to_string(listener.port()) + R"(/hook")");
    ASSERT_EQ(saved.code(), 0) << saved.body;
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(20);
    while (listener.bodies().size() < 2 && std::chrono::steady_clock::now() < deadline) {
        std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
    host_->Post("/api/schedule/update",
                R"({"id": )" + std::to_string(saved.json->getObject("data")->getValue<std::int64_t>("id")) +
                    R"(, "enabled": false})");
    auto bodies = listener.bodies();
    ASSERT_GE(bodies.size(), 2u) << host_->output();
    EXPECT_EQ(bodies[0], bodies[1]) << "the same alert, delivered again";
    auto alert = Poco::JSON::Parser().parse(bodies[1]).extract<Poco::JSON::Object::Ptr>();
    EXPECT_EQ(alert->getValue<std::string>("event"), "run_failed");
    EXPECT_EQ(alert->getObject("schedule")->getValue<std::string>("name"), "alerting");
    auto run = alert->getObject("run");
    EXPECT_EQ(run->getValue<std::string>("status"), "failed");
    EXPECT_EQ(run->getValue<int>("attempt"), 2) << "only after the retry failed too";
    EXPECT_EQ(run->getValue<int>("max_retries"), 1);
    EXPECT_FALSE(run->getValue<std::string>("exit_reason").empty());
}

// Without schedule.webhook_allowed_hosts, a webhook to a loopback listener is refused (SSRF guard)
// when the schedule is saved, whether the URL names the address or a name that resolves to it.
// (Sending checks again: tests/host/webhook_target_test.cpp.)
TEST(ScheduleWebhookGuardTest, AWebhookToAnUnlistedInternalAddressIsRefusedAtSave) {
    Listener listener(0);
    HostProcess host("schedule:\n  tick_ms: 100\ncluster:\n  poll_ms: 100\n");
    ASSERT_TRUE(host.Start()) << host.output();
    host.SetUid("alice");
    auto config = host.Post("/api/config/save", R"({"config_name": "job", "content": )" + StreamJob(1) + "}");
    ASSERT_EQ(config.code(), 0) << config.body;
    const std::string config_id = std::to_string(config.json->getObject("data")->getValue<std::int64_t>("id"));
    auto save = [&](const std::string& host_part) {
        return host.Post("/api/schedule/save", R"({"name": "alerting", "cron": "* * * * * ?", "alert_webhook": "http://)" +
                                                   host_part + ":" + std::to_string(listener.port()) +
                                                   R"(/hook", "config_id": )" + config_id + "}");
    };
    auto literal = save("127.0.0.1");
    EXPECT_EQ(literal.code(), 400) << literal.body;
    EXPECT_EQ(literal.message(), "alert_webhook host '127.0.0.1' resolves to 127.0.0.1, a loopback address; list "
                                 "'127.0.0.1' in schedule.webhook_allowed_hosts to allow it");
    auto named = save("localhost");
    EXPECT_EQ(named.code(), 400) << named.body;
    EXPECT_EQ(named.message(), "alert_webhook host 'localhost' resolves to 127.0.0.1, a loopback address; list "
                               "'localhost' in schedule.webhook_allowed_hosts to allow it");
    auto updated = host.Post("/api/schedule/save", R"({"name": "quiet", "cron": "0 0 1 1 *", "config_id": )" + config_id + "}");
    ASSERT_EQ(updated.code(), 0) << updated.body;
    auto update = host.Post("/api/schedule/update",
                            R"({"id": )" + std::to_string(updated.json->getObject("data")->getValue<std::int64_t>("id")) +
                                R"(, "alert_webhook": "http://localhost:1/hook"})");
    EXPECT_EQ(update.code(), 400) << "checked on update too: " << update.body;
    EXPECT_EQ(host.Get("/api/schedule/query").json->getObject("data")->getValue<int>("total"), 1);
    EXPECT_TRUE(listener.bodies().empty());
}

TEST_F(ScheduleApiTest, ARunPastItsTimeoutIsStoppedAndFails) {
    auto config = SaveConfig("slow", StreamJob(10000000, 2000));
    auto saved = SaveSchedule(R"("name": "bounded", "config_id": )" + std::to_string(config) +
                              R"(, "cron": "* * * * * ?", "overlap": "skip", "timeout_s": 1)");
    ASSERT_EQ(saved.code(), 0) << saved.body;
    auto run = WaitFinishedRun(config, 15000);
    host_->Post("/api/schedule/update",
                R"({"id": )" + std::to_string(saved.json->getObject("data")->getValue<std::int64_t>("id")) +
                    R"(, "enabled": false})");
    ASSERT_TRUE(run) << host_->output();
    EXPECT_EQ(run->getValue<std::string>("status"), "failed");
    EXPECT_TRUE(Contains(run->getValue<std::string>("exitReason"), "timed out")) << run->getValue<std::string>("exitReason");
}

TEST_F(ScheduleApiTest, AManualRunTakesParametersAsDashPDoes) {
    auto config = SaveConfig("param", R"({"job": {"setting": {"speed": {"channel": 1}}, "content": [{
        "reader": {"name": "streamreader", "parameter": {"sliceRecordCount": 2,
            "column": [{"type": "string", "value": "region-${region}"}]}},
        "writer": {"name": "streamwriter", "parameter": {"print": true}}}]}})");
    auto exec = host_->Post("/api/config/exec", R"({"id": )" + std::to_string(config) + R"(, "params": {"region": "east"}})");
    ASSERT_EQ(exec.code(), 0) << exec.body;
    const std::string run = std::to_string(exec.json->getObject("data")->getValue<std::int64_t>("id"));
    auto finished = WaitFinishedRun(config, 10000);
    ASSERT_TRUE(finished);
    EXPECT_EQ(finished->getValue<std::string>("status"), "succeeded");
    auto log = host_->Get("/api/config/log?id=" + run);
    const std::string text = log.json->getObject("data")->getValue<std::string>("text");
    EXPECT_TRUE(Contains(text, "\nregion-east\n")) << text;
    EXPECT_FALSE(Contains(text, "${region}")) << text;

    auto bad = host_->Post("/api/config/exec", R"({"id": )" + std::to_string(config) + R"(, "params": {"a b": "x"}})");
    EXPECT_EQ(bad.code(), 400);
    EXPECT_EQ(bad.message(), "params.a b: a name may hold only letters, digits and _");
}


// A run started by hand gets ${bizdate}, ${now} and ${last_success_time} as a scheduled run does
// (here on Shanghai time), now or for a given fire time (a backfill), and a number field may hold
// a parameter: checked once the run has its value, with an error naming the field.
TEST_F(ScheduleApiTest, AManualRunGetsTheBuiltInsAndANumberFieldMayBeAParameter) {
    auto config = SaveConfig("builtins", R"({"job": {"setting": {"speed": {"channel": 1}}, "content": [{
        "reader": {"name": "streamreader", "parameter": {"sliceRecordCount": "${n}",
            "column": [{"type": "string", "value": "bd=${bizdate} y=${now:yyyy} last=${last_success_time}"}]}},
        "writer": {"name": "streamwriter", "parameter": {"print": true}}}]}})");
    ASSERT_GT(config, 0);
    auto exec = [&](const std::string& body) {
        return host_->Post("/api/config/exec", R"({"id": )" + std::to_string(config) + ", " + body + "}");
    };
    auto log_of = [&](const HttpReply& r) {
        const std::string run = std::to_string(r.json->getObject("data")->getValue<std::int64_t>("id"));
        for (int i = 0; i < 100; ++i) {
            auto got = host_->Get("/api/config/run?id=" + run).json->getObject("data");
            const std::string status = got->getValue<std::string>("status");
            if (status != "queued" && status != "running") {
                break;
            }
            std::this_thread::sleep_for(std::chrono::milliseconds(100));
        }
        return host_->Get("/api/config/run?id=" + run).json->getObject("data");
    };
    const std::time_t now = std::time(nullptr) + 8 * 3600;  // Shanghai, no DST
    const std::time_t yesterday = now - 24 * 3600;
    char bizdate[16];
    char year[8];
    std::tm tm{};
    std::strftime(bizdate, sizeof bizdate, "%Y%m%d", gmtime_r(&yesterday, &tm));
    std::strftime(year, sizeof year, "%Y", gmtime_r(&now, &tm));

    auto first = exec(R"("params": {"n": "2"}, "time_zone": "Asia/Shanghai")");
    ASSERT_EQ(first.code(), 0) << first.body;
    auto run = log_of(first);
    ASSERT_EQ(run->getValue<std::string>("status"), "succeeded") << run->getValue<std::string>("exit_reason");
    const std::string id = std::to_string(run->getValue<std::int64_t>("id"));
    const std::string text = host_->Get("/api/config/log?id=" + id).json->getObject("data")->getValue<std::string>("text");
    const std::string line = std::string("bd=") + bizdate + " y=" + year + " last=1970-01-01 00:00:00";
    EXPECT_TRUE(Contains(text, line)) << line << "\n" << text;

    auto second = log_of(exec(R"("params": {"n": "1"})"));
    ASSERT_EQ(second->getValue<std::string>("status"), "succeeded");
    const std::string later = host_->Get("/api/config/log?id=" + std::to_string(second->getValue<std::int64_t>("id")))
                                  .json->getObject("data")->getValue<std::string>("text");
    EXPECT_FALSE(Contains(later, "last=1970-01-01")) << "the first run succeeded since: " << later;

    auto bad_value = log_of(exec(R"("params": {"n": "many"})"));
    EXPECT_EQ(bad_value->getValue<std::string>("status"), "failed");
    const std::string reason = bad_value->getValue<std::string>("exit_reason");
    EXPECT_TRUE(Contains(reason, "sliceRecordCount")) << reason;
    EXPECT_TRUE(Contains(reason, "many")) << reason;

    // A backfill: the run stands for the tick of 2 November, 08:00 in Shanghai.
    auto backfill = log_of(exec(R"("params": {"n": "1"}, "fire_time": "2026-11-02 08:00:00", "time_zone": "Asia/Shanghai")"));
    ASSERT_EQ(backfill->getValue<std::string>("status"), "succeeded");
    const std::string back = host_->Get("/api/config/log?id=" + std::to_string(backfill->getValue<std::int64_t>("id")))
                                 .json->getObject("data")->getValue<std::string>("text");
    EXPECT_TRUE(Contains(back, "bd=20261101 y=2026 last=")) << back;
    auto when = exec(R"("fire_time": "yesterday")");
    EXPECT_EQ(when.code(), 400);
    EXPECT_EQ(when.message(), "fire_time: expected a date or time such as 2026-11-02 or 2026-11-02 08:00:00 (in the "
                              "run's time zone), got 'yesterday'");

    auto builtin = exec(R"("params": {"bizdate": "20200101"})");
    EXPECT_EQ(builtin.code(), 400);
    EXPECT_EQ(builtin.message(), "params.bizdate: 'bizdate' is a built-in parameter and cannot be set");
    auto zone = exec(R"("time_zone": "Mars/Olympus")");
    EXPECT_EQ(zone.code(), 400);
    EXPECT_TRUE(Contains(zone.message(), "time_zone")) << zone.message();
    host_->SetUid("eve");
    EXPECT_EQ(exec(R"("params": {"n": "1"})").code(), 404) << "another user's config";
}

}  // namespace
}  // namespace dbbridge::testing
