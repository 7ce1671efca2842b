// The scheduler on a SQLite store: each tick fires once even with two schedulers, misfire and
// overlap policies, schedule ownership and validation. (Several hosts on PostgreSQL:
// tests/host/cluster.)
#include <gtest/gtest.h>

#include <filesystem>

#include "core/cluster/run_queue.h"
#include "core/schedule/schedule_service.h"
#include "core/schedule/scheduler.h"
#include "core/store/store_connectors.h"
#include "core/store/project_repository.h"
#include "core/store/store_query.h"
#include "core/store/user_repository.h"
#include "tests/core/jobs/jobs_fixture.h"

namespace dbbridge::core {
namespace {

constexpr std::int64_t kMinute = 60000;

SchedulerOptions Named(const std::string& host) {
    SchedulerOptions options;
    options.host_name = host;
    return options;
}

class SchedulerTest : public ::testing::Test {
protected:
    void SetUp() override {
        dir_ = std::filesystem::temp_directory_path() / ("dbb_sched_" + testing::RandomTag());
        std::filesystem::create_directories(dir_);
        RegisterStoreConnectors();
        store_ = MetadataStore::Open("sqlite:" + (dir_ / "meta.db").string()).value();
        config_id_ = RunFor(*store_, [](StoreSession& s) {
                         return s.Insert(
                             "INSERT INTO json_config (config_name, content, uid, insert_time, update_time) "
                             "VALUES ('c', '{\"job\": {\"where\": \"${bizdate}\"}}', 'u1', 'x', 'x')",
                             {});
                     }).value();
        service_ = std::make_unique<ScheduleService>(*store_);
    }
    void TearDown() override {
        service_.reset();
        store_.reset();
        std::error_code ec;
        std::filesystem::remove_all(dir_, ec);
    }

    // A schedule whose next tick is next_fire (epoch ms).
    std::int64_t Make(const std::string& cron, std::int64_t next_fire, const std::string& misfire = "fire_once",
                      const std::string& overlap = "parallel") {
        ScheduleRequest r;
        r.name = "s-" + testing::RandomTag();
        r.config_id = config_id_;
        r.cron = cron;
        r.misfire = misfire;
        r.overlap = overlap;
        auto saved = service_->Save(r, "u1");
        EXPECT_TRUE(saved.ok()) << saved.status().message();
        Sql("UPDATE schedule SET next_fire = ? WHERE id = ?", {next_fire, saved->id});
        return saved->id;
    }

    void Sql(const std::string& sql, const std::vector<StoreValue>& params) {
        ASSERT_TRUE(store_->Run([&](StoreSession& s) { return s.Execute(sql, params).status(); }).ok());
    }
    std::int64_t Count(const std::string& sql, const std::vector<StoreValue>& params) {
        return RunFor(*store_, [&](StoreSession& s) { return s.QueryInt(sql, params); }).value();
    }

    std::filesystem::path dir_;
    std::unique_ptr<MetadataStore> store_;
    std::unique_ptr<ScheduleService> service_;
    std::int64_t config_id_ = 0;
};

TEST_F(SchedulerTest, EachTickFiresOnceEvenWithTwoSchedulersOnOneStore) {
    const std::int64_t t0 = 1796000040000;  // 2026-11-30T00:54:00Z
    auto id = Make("* * * * * ?", t0);
    Scheduler a(*store_, Named("host-a"), nullptr);
    Scheduler b(*store_, Named("host-b"), nullptr);
    int queued = 0;
    for (int i = 0; i < 10; ++i) {
        // Both look at the same moment, in turn, half a second apart.
        queued += a.FireDue(t0 + i * 500).value();
        queued += b.FireDue(t0 + i * 500).value();
    }
    EXPECT_EQ(queued, 5) << "ticks t0 .. t0+4s";
    EXPECT_EQ(Count("SELECT COUNT(*) FROM exec_log WHERE schedule_id = ?", {id}), 5);
    EXPECT_EQ(Count("SELECT COUNT(DISTINCT fire_time) FROM exec_log WHERE schedule_id = ?", {id}), 5);
    EXPECT_EQ(Count("SELECT COUNT(*) FROM schedule_fire WHERE schedule_id = ?", {id}), 5);
    EXPECT_EQ(Count("SELECT MAX(fire_time) - MIN(fire_time) FROM exec_log WHERE schedule_id = ?", {id}), 4000);
    // The run carries the tick's parameters (the schedule's zone is UTC).
    auto params = RunFor(*store_, [&](StoreSession& s) {
        return s.Query("SELECT params FROM exec_log WHERE schedule_id = ? AND fire_time = ?", {id, t0});
    });
    EXPECT_NE(params->at(0).Text(0).find("\"bizdate\":\"20261129\""), std::string::npos) << params->at(0).Text(0);
}

TEST_F(SchedulerTest, TicksMissedWhileEveryHostWasDownFollowTheMisfirePolicy) {
    const std::int64_t now = 1796000040000 + 30000;  // 00:54:30, half a minute past a whole minute
    auto once = Make("* * * * *", now - 60 * kMinute, "fire_once");
    auto skip = Make("* * * * *", now - 60 * kMinute, "skip");
    Scheduler s(*store_, Named("host-a"), nullptr);
    EXPECT_EQ(s.FireDue(now).value(), 1);
    EXPECT_EQ(Count("SELECT COUNT(*) FROM exec_log WHERE schedule_id = ?", {once}), 1) << "an hour of ticks, one run";
    EXPECT_EQ(Count("SELECT fire_time FROM exec_log WHERE schedule_id = ?", {once}), now - 60 * kMinute);
    EXPECT_EQ(Count("SELECT COUNT(*) FROM exec_log WHERE schedule_id = ?", {skip}), 0);
    for (auto id : {once, skip}) {
        EXPECT_EQ(service_->Get(id, "u1")->next_fire, now + 30000) << "the next whole minute";
    }
    EXPECT_EQ(s.FireDue(now + 1000).value(), 0);
}

TEST_F(SchedulerTest, OverlapSkipRecordsTheTickAndQueueSerialisesRuns) {
    const std::int64_t t0 = 1796000040000;
    auto skip = Make("* * * * * ?", t0, "fire_once", "skip");
    auto queue = Make("* * * * * ?", t0, "fire_once", "queue");
    Scheduler s(*store_, Named("host-a"), nullptr);
    ASSERT_TRUE(s.FireDue(t0 + 1500).ok());  // two ticks each; the first runs of both are still queued
    EXPECT_EQ(Count("SELECT COUNT(*) FROM exec_log WHERE schedule_id = ?", {skip}), 1);
    EXPECT_EQ(Count("SELECT COUNT(*) FROM schedule_fire WHERE schedule_id = ? AND outcome = 'skipped_overlap'",
                    {skip}),
              1);
    EXPECT_EQ(Count("SELECT COUNT(*) FROM exec_log WHERE schedule_id = ? AND serial_key = ?", {queue, queue}), 2);
    // Only the older of the serialised runs may be claimed.
    RunQueue runs(*store_);
    auto claimed = runs.Claim("host-a", 10, 60000, 1, [](std::int64_t, std::int64_t) { return "/dev/null"; });
    ASSERT_TRUE(claimed.ok()) << claimed.status().message();
    int of_queue = 0;
    for (const auto& c : claimed.value()) {
        of_queue += c.row.schedule_id == queue ? 1 : 0;
    }
    EXPECT_EQ(of_queue, 1);
    EXPECT_EQ(claimed->size(), 2u) << "plus the one run of the skip schedule";
}

TEST_F(SchedulerTest, SchedulesBelongToTheirUserAndEveryFieldIsValidated) {
    ScheduleRequest r;
    r.name = "nightly";
    r.config_id = config_id_;
    r.cron = "0 2 * * *";
    r.time_zone = "Asia/Shanghai";
    auto saved = service_->Save(r, "u1");
    ASSERT_TRUE(saved.ok()) << saved.status().message();
    EXPECT_GT(saved->next_fire, NowEpochMs());
    EXPECT_EQ(service_->Get(saved->id, "u2").status().code(), sdk::StatusCode::kNotFound);
    EXPECT_EQ(service_->Delete(saved->id, "u2").code(), sdk::StatusCode::kNotFound);
    ScheduleRequest other = r;
    other.name = "theirs";
    EXPECT_EQ(service_->Save(other, "u2").status().message(),
              "config_id: job config id " + std::to_string(config_id_) + " not found")
        << "another user's job config cannot be scheduled";
    EXPECT_EQ(service_->Save(r, "u1").status().message(), "name: a schedule named 'nightly' already exists");

    ScheduleRequest bad = r;
    bad.name = "b";
    bad.cron = "0 25 * * *";
    EXPECT_EQ(service_->Save(bad, "u1").status().message(),
              "cron: field 2 (hour) at position 3: 25 is out of range 0-23");
    bad.cron = "0 2 * * *";
    bad.overlap = "sometimes";
    EXPECT_EQ(service_->Save(bad, "u1").status().message(),
              "overlap must be skip, queue or parallel (got 'sometimes')");
    bad.overlap = "skip";
    bad.alert_webhook = "file:///etc/passwd";
    EXPECT_EQ(service_->Save(bad, "u1").status().code(), sdk::StatusCode::kInvalidArgument);
    bad.alert_webhook.reset();
    bad.params = RunParams{{"bad name", "x"}};
    EXPECT_EQ(service_->Save(bad, "u1").status().message(), "params.bad name: a name may hold only letters, digits and _");

    ScheduleRequest off;
    off.id = saved->id;
    off.enabled = false;
    auto disabled = service_->Update(off, "u1");
    ASSERT_TRUE(disabled.ok()) << disabled.status().message();
    EXPECT_EQ(disabled->next_fire, 0) << "a disabled schedule never fires";
    EXPECT_EQ(disabled->cron, "0 2 * * *") << "fields left out keep their value";
    EXPECT_TRUE(service_->Delete(saved->id, "u1").ok());
    EXPECT_EQ(service_->Get(saved->id, "u1").status().code(), sdk::StatusCode::kNotFound);
}

TEST_F(SchedulerTest, ARunMayStartOnlyWhileTheOwnerMayUseTheConfigElseTheScheduleIsSwitchedOff) {
    auto id = Make("* * * * *", NowEpochMs() + kMinute);
    EXPECT_TRUE(service_->AuthorizeRun(id).ok());
    Sql("UPDATE json_config SET uid = 'u3' WHERE id = ?", {config_id_});  // u1 no longer may use it
    auto denied = service_->AuthorizeRun(id);
    EXPECT_EQ(denied.code(), sdk::StatusCode::kPermissionDenied);
    EXPECT_EQ(denied.message(), "schedule id " + std::to_string(id) + " runs as its owner 'u1', who may not run it now "
                                "(config_id: job config id " + std::to_string(config_id_) +
                                " not found); the schedule was switched off");
    auto off = service_->Get(id, "u1");
    ASSERT_TRUE(off.ok()) << off.status().message();
    EXPECT_FALSE(off->enabled);
    EXPECT_EQ(off->next_fire, 0);
    Sql("DELETE FROM schedule WHERE id = ?", {id});
    EXPECT_EQ(service_->AuthorizeRun(id).code(), sdk::StatusCode::kNotFound);
}


// The owner's access is checked when a tick fires, not only when its run starts: a tick the owner
// may no longer run queues nothing, is recorded as refused with a failed run that says why (for
// the run list and the alert) and switches the schedule off.
TEST_F(SchedulerTest, ATickWhoseOwnerWasDisabledQueuesNoRunAndSwitchesTheScheduleOff) {
    const std::int64_t t0 = 1796000040000;
    auto id = Make("* * * * * ?", t0);
    UserRow u1;
    u1.name = "u1";
    u1.role = "user";
    u1.disabled = true;
    ASSERT_TRUE(UserRepository(*store_).Insert(u1).ok());
    std::vector<ExecLogRow> refused;
    SchedulerOptions options = Named("host-a");
    options.on_refused = [&](const ExecLogRow& run) { refused.push_back(run); };
    Scheduler s(*store_, options, nullptr);

    EXPECT_EQ(s.FireDue(t0 + 2500).value(), 0) << "three ticks due, none queued";
    ASSERT_EQ(refused.size(), 1u) << "one refusal, not one per tick";
    EXPECT_EQ(refused[0].status, ExecStatus::kFailed);
    EXPECT_EQ(refused[0].schedule_id, id);
    EXPECT_EQ(refused[0].fire_time, t0);
    EXPECT_EQ(refused[0].start_time, "") << "it never ran";
    EXPECT_EQ(refused[0].exit_reason, "schedule id " + std::to_string(id) +
                                          " runs as its owner 'u1', who may not run it now (user 'u1' is disabled); "
                                          "the schedule was switched off");
    EXPECT_EQ(Count("SELECT COUNT(*) FROM exec_log WHERE schedule_id = ? AND status <> 'failed'", {id}), 0);
    EXPECT_EQ(Count("SELECT COUNT(*) FROM schedule_fire WHERE schedule_id = ? AND outcome = 'refused' AND exec_id = ?",
                    {id, refused[0].id}),
              1);
    auto off = service_->Get(id, "u1");
    EXPECT_FALSE(off->enabled);
    EXPECT_EQ(off->next_fire, 0);
    EXPECT_EQ(s.FireDue(t0 + 10000).value(), 0);
    EXPECT_EQ(refused.size(), 1u) << "a switched-off schedule fires no more";
}

TEST_F(SchedulerTest, ATickAfterTheOwnerLeftTheConfigsProjectIsRefusedNamingTheConfig) {
    const std::int64_t t0 = 1796000040000;
    // u3's config in project p, which u1 (the schedule's owner) is a member of.
    ProjectRow p;
    p.name = "p";
    p.uid = "u3";
    auto project = ProjectRepository(*store_).Insert(p);
    ASSERT_TRUE(project.ok()) << project.status().message();
    ASSERT_TRUE(ProjectRepository(*store_).AddMember(project.value(), "u1").ok());
    Sql("UPDATE json_config SET uid = 'u3', project = 'p' WHERE id = ?", {config_id_});
    auto id = Make("* * * * * ?", t0);
    std::vector<ExecLogRow> refused;
    SchedulerOptions options = Named("host-a");
    options.on_refused = [&](const ExecLogRow& run) { refused.push_back(run); };
    Scheduler s(*store_, options, nullptr);
    EXPECT_EQ(s.FireDue(t0).value(), 1) << "a member may run it";

    ASSERT_TRUE(ProjectRepository(*store_).RemoveMember(project.value(), "u1").ok());
    EXPECT_EQ(s.FireDue(t0 + 1000).value(), 0);
    ASSERT_EQ(refused.size(), 1u);
    EXPECT_EQ(refused[0].fire_time, t0 + 1000);
    EXPECT_EQ(refused[0].exit_reason, "schedule id " + std::to_string(id) +
                                          " runs as its owner 'u1', who may not run it now (config_id: job config id " +
                                          std::to_string(config_id_) + " not found); the schedule was switched off");
    EXPECT_EQ(Count("SELECT COUNT(*) FROM exec_log WHERE schedule_id = ? AND status = 'queued'", {id}), 1)
        << "only the tick that fired while u1 was a member";
    EXPECT_FALSE(service_->Load(id)->enabled);
}

}  // namespace
}  // namespace dbbridge::core
