// Three `dbbridge serve` processes (separate ports, directories and logs) on one PostgreSQL
// store: schedules fire once per tick, runs spread over the hosts within each host's limit, a
// killed host's run is retried by a survivor, logs and kills work through any host. With SQLite a
// second host refuses to start. Leases are 3 s here (cluster.lease_seconds) to keep CI short.
#include <gtest/gtest.h>
#include <signal.h>

#include <algorithm>
#include <chrono>
#include <map>
#include <memory>
#include <thread>

#include "tests/core/jobs/jobs_fixture.h"
#include "tests/core/store/test_store_db.h"
#include "tests/support/host_process.h"
#include "tests/support/test_db.h"
#include "tests/support/test_env.h"

namespace dbbridge::testing {
namespace {

using Clock = std::chrono::steady_clock;
using core::testing::StreamJob;
using core::testing::TestBackend;
using core::testing::TestStoreDb;

constexpr int kLeaseSeconds = 3;

const char* kClusterYaml =
    "cluster:\n  lease_seconds: 3\n  heartbeat_seconds: 1\n  poll_ms: 100\n"
    "schedule:\n  tick_ms: 100\n"
    "engine:\n  max_concurrent_jobs: 2\n";

bool Contains(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

class ClusterTest : public ::testing::Test {
protected:
    void SetUp() override {
        auto admin = EnvVar("DBBRIDGE_TEST_PG_ADMIN");
        auto pg = EnvVar("DBBRIDGE_TEST_PG");
        if (!admin || !pg) {
            GTEST_SKIP() << "DBBRIDGE_TEST_PG_ADMIN / DBBRIDGE_TEST_PG are not set (scripts/db-up.sh sets them)";
        }
        pg_ = *pg;
        db_ = std::make_unique<TestStoreDb>(TestBackend::kPostgres, *admin);
        for (int i = 0; i < 3; ++i) {
            // The first host creates the key file; the others share it (sealed passwords).
            const std::string key = hosts_.empty() ? "" : hosts_[0]->work_dir() + "/dbbridge.key";
            hosts_.push_back(std::make_unique<HostProcess>(kClusterYaml, "", db_->url(), key));
            ASSERT_TRUE(hosts_.back()->Start()) << hosts_.back()->output();
        }
    }

    void TearDown() override {
        hosts_.clear();  // SIGKILL; the database goes with db_
        db_.reset();
    }

    std::string Store(const std::string& sql) { return QueryScalar(db_->url(), sql); }
    std::int64_t StoreInt(const std::string& sql) {
        const std::string v = Store(sql);
        return v.empty() ? 0 : std::stoll(v);
    }

    std::int64_t SaveConfig(HostProcess& host, const std::string& name, const std::string& job) {
        auto r = host.Post("/api/config/save", R"({"config_name": ")" + name + R"(", "content": )" + job + "}");
        EXPECT_EQ(r.code(), 0) << r.body;
        return r.code() == 0 ? r.json->getObject("data")->getValue<std::int64_t>("id") : 0;
    }

    std::int64_t Exec(HostProcess& host, std::int64_t config_id) {
        auto r = host.Post("/api/config/exec?id=" + std::to_string(config_id), "");
        EXPECT_EQ(r.code(), 0) << r.body;
        return r.code() == 0 ? r.json->getObject("data")->getValue<std::int64_t>("id") : 0;
    }

    std::string Status(std::int64_t exec_id) {
        return Store("SELECT status FROM exec_log WHERE id = " + std::to_string(exec_id));
    }

    bool WaitFor(const std::function<bool()>& done, int timeout_ms) {
        const auto deadline = Clock::now() + std::chrono::milliseconds(timeout_ms);
        while (Clock::now() < deadline) {
            if (done()) {
                return true;
            }
            std::this_thread::sleep_for(std::chrono::milliseconds(50));
        }
        return done();
    }

    // The host process whose (default) host name is name, or -1.
    int HostIndex(const std::string& name) {
        for (std::size_t i = 0; i < hosts_.size(); ++i) {
            if (name.size() > hosts_[i]->work_dir().size() && Contains(name, hosts_[i]->work_dir() + "/logs")) {
                return static_cast<int>(i);
            }
        }
        return -1;
    }

    // Starts a long run through host 0 and waits until some host runs it: its id, and the index of
    // the host running it (-1 when it did not start within 10 s).
    std::pair<std::int64_t, int> StartSlowRun() {
        auto exec = Exec(*hosts_[0], SaveConfig(*hosts_[0], "slow", StreamJob(10000000, 2000)));
        if (!WaitFor([&] { return Status(exec) == "running"; }, 10000)) {
            return {exec, -1};
        }
        return {exec, HostIndex(Store("SELECT host_name FROM exec_log WHERE id = " + std::to_string(exec)))};
    }

    std::string pg_;
    std::unique_ptr<TestStoreDb> db_;
    std::vector<std::unique_ptr<HostProcess>> hosts_;
};

TEST_F(ClusterTest, HostsRegisterAndAreListedWithTheirLoad) {
    auto r = hosts_[1]->Get("/api/cluster/hosts");
    ASSERT_EQ(r.code(), 0) << r.body;
    auto list = r.json->getArray("data");
    ASSERT_EQ(list->size(), 3u) << r.body;
    for (std::size_t i = 0; i < list->size(); ++i) {
        auto h = list->getObject(static_cast<unsigned>(i));
        EXPECT_TRUE(h->getValue<bool>("alive")) << r.body;
        EXPECT_EQ(h->getValue<std::string>("role"), "all");
        EXPECT_EQ(h->getValue<int>("max_concurrent_jobs"), 2);
        EXPECT_GE(HostIndex(h->getValue<std::string>("name")), 0) << h->getValue<std::string>("name");
    }
    auto config = SaveConfig(*hosts_[0], "slow", StreamJob(100000, 1000));
    auto exec = Exec(*hosts_[0], config);
    ASSERT_TRUE(WaitFor([&] { return Status(exec) == "running"; }, 10000));
    const std::string runner = Store("SELECT host_name FROM exec_log WHERE id = " + std::to_string(exec));
    // The load shows at the next heartbeat (1 s).
    EXPECT_TRUE(WaitFor(
        [&] {
            return StoreInt("SELECT running FROM cluster_host WHERE name = '" + runner + "'") == 1;
        },
        3000));
    hosts_[2]->Kill(SIGTERM);
    EXPECT_EQ(hosts_[2]->Wait(), 0) << hosts_[2]->output();
    auto after = hosts_[0]->Get("/api/cluster/hosts");
    int alive = 0;
    for (std::size_t i = 0; i < after.json->getArray("data")->size(); ++i) {
        alive += after.json->getArray("data")->getObject(static_cast<unsigned>(i))->getValue<bool>("alive") ? 1 : 0;
    }
    EXPECT_EQ(alive, 2) << "a host that stopped says so: " << after.body;
}

TEST_F(ClusterTest, AScheduleFiringEverySecondRunsEachTickExactlyOnce) {
    // A minute, as the issue asks: 180 chances (3 hosts x 60 ticks) for a tick to fire twice.
    auto config = SaveConfig(*hosts_[0], "tick", StreamJob(10, 0));
    auto saved = hosts_[1]->Post("/api/schedule/save", R"({"name": "every-second", "config_id": )" +
                                                           std::to_string(config) +
                                                           R"(, "cron": "* * * * * ?", "overlap": "parallel"})");
    ASSERT_EQ(saved.code(), 0) << saved.body;
    const auto id = saved.json->getObject("data")->getValue<std::int64_t>("id");
    EXPECT_EQ(saved.json->getObject("data")->getArray("next_fire_times")->size(), 5u) << saved.body;
    std::this_thread::sleep_for(std::chrono::seconds(60));
    auto off = hosts_[2]->Post("/api/schedule/update", R"({"id": )" + std::to_string(id) + R"(, "enabled": false})");
    ASSERT_EQ(off.code(), 0) << off.body;
    const std::string where = " FROM exec_log WHERE schedule_id = " + std::to_string(id);
    ASSERT_TRUE(WaitFor([&] { return StoreInt("SELECT COUNT(*)" + where + " AND status IN ('queued', 'running')") == 0; },
                        10000));
    const auto runs = StoreInt("SELECT COUNT(*)" + where);
    EXPECT_GE(runs, 58);
    EXPECT_EQ(StoreInt("SELECT COUNT(DISTINCT fire_time)" + where), runs) << "no tick ran twice";
    EXPECT_EQ(StoreInt("SELECT (MAX(fire_time) - MIN(fire_time)) / 1000 + 1" + where), runs) << "no tick was missed";
    EXPECT_EQ(StoreInt("SELECT COUNT(*)" + where + " AND status = 'succeeded'"), runs);
    EXPECT_GE(StoreInt("SELECT COUNT(DISTINCT host_name)" + where), 2) << "the ticks' runs spread over the hosts";
    EXPECT_GE(StoreInt("SELECT COUNT(DISTINCT host_name) FROM schedule_fire WHERE schedule_id = " + std::to_string(id)),
              1);
}

TEST_F(ClusterTest, TwoHundredRunsOverThreeHostsNeverExceedTwoPerHostAndAllFinish) {
    auto config = SaveConfig(*hosts_[0], "quick", StreamJob(20, 0));
    std::vector<std::int64_t> execs;
    for (int i = 0; i < 200; ++i) {
        execs.push_back(Exec(*hosts_[i % 3], config));
    }
    ASSERT_TRUE(WaitFor([&] {
        return StoreInt("SELECT COUNT(*) FROM exec_log WHERE status IN ('queued', 'running')") == 0;
    }, 120000));
    EXPECT_EQ(StoreInt("SELECT COUNT(*) FROM exec_log WHERE status = 'succeeded'"), 200);
    // From the recorded times: at no instant did one host hold more than two runs.
    std::map<std::string, std::vector<std::pair<std::string, int>>> events;
    for (auto id : execs) {
        const std::string row = std::to_string(id);
        const std::string host = Store("SELECT host_name FROM exec_log WHERE id = " + row);
        events[host].push_back({Store("SELECT start_time FROM exec_log WHERE id = " + row), +1});
        events[host].push_back({Store("SELECT end_time FROM exec_log WHERE id = " + row), -1});
    }
    EXPECT_EQ(events.size(), 3u) << "every host took runs";
    for (auto& [host, list] : events) {
        std::sort(list.begin(), list.end());  // an end before a start at the same millisecond
        int now = 0;
        int peak = 0;
        for (const auto& e : list) {
            now += e.second;
            peak = std::max(peak, now);
        }
        EXPECT_LE(peak, 2) << host;
        EXPECT_GE(list.size() / 2, 20u) << host << " took a fair share";
    }
}

TEST_F(ClusterTest, ALogIsReadAndARunKilledThroughAnotherHost) {
    const auto started = StartSlowRun();
    const std::int64_t exec = started.first;
    const int runner = started.second;
    ASSERT_GE(runner, 0) << "run " << exec << " did not start";
    HostProcess& other = *hosts_[(runner + 1) % 3];
    // Follow the log from a host that does not run it: it grows while the run lasts.
    std::int64_t offset = 0;
    std::string text;
    ASSERT_TRUE(WaitFor(
        [&] {
            auto r = other.Get("/api/config/log?id=" + std::to_string(exec) + "&offset=" + std::to_string(offset));
            if (r.code() != 0) {
                ADD_FAILURE() << r.body;
                return true;
            }
            text += r.json->getObject("data")->getValue<std::string>("text");
            offset = r.json->getObject("data")->getValue<std::int64_t>("nextOffset");
            return Contains(text, "started on host ");
        },
        5000))
        << text;
    EXPECT_TRUE(Contains(text, hosts_[runner]->work_dir() + "/logs (pid ")) << "names the host running it: " << text;

    auto t0 = Clock::now();
    auto killed = hosts_[(runner + 2) % 3]->Post("/api/config/kill?id=" + std::to_string(exec), "");
    ASSERT_EQ(killed.code(), 0) << killed.body;
    EXPECT_EQ(killed.json->getObject("data")->getValue<std::string>("status"), "killed") << killed.body;
    EXPECT_LT(Clock::now() - t0, std::chrono::seconds(4));
    auto tail = other.Get("/api/config/log?id=" + std::to_string(exec) + "&offset=" + std::to_string(offset));
    ASSERT_EQ(tail.code(), 0) << tail.body;
    EXPECT_TRUE(Contains(tail.json->getObject("data")->getValue<std::string>("text"), "killed by user")) << tail.body;
    EXPECT_TRUE(tail.json->getObject("data")->getValue<bool>("finished"));
}

// The running host writes the engine's figures into the run's row (at most once a second), so a
// run page served by another host shows the run moving; another user sees no run at all.
TEST_F(ClusterTest, ARunsLiveProgressIsAnsweredByAHostThatDoesNotRunIt) {
    const auto started = StartSlowRun();
    const std::int64_t exec = started.first;
    const int runner = started.second;
    ASSERT_GE(runner, 0) << "run " << exec << " did not start";
    HostProcess& other = *hosts_[(runner + 1) % 3];
    const std::string path = "/api/config/run?id=" + std::to_string(exec);
    auto records = [&]() -> std::int64_t {
        auto r = other.Get(path);
        if (r.code() != 0 || r.json->getObject("data")->isNull("progress")) {
            return -1;
        }
        return r.json->getObject("data")->getObject("progress")->getValue<std::int64_t>("records");
    };
    std::int64_t first = -1;
    ASSERT_TRUE(WaitFor([&] { return (first = records()) > 0; }, 5000)) << other.Get(path).body;
    std::int64_t later = -1;
    EXPECT_TRUE(WaitFor([&] { return (later = records()) > first; }, 4000)) << "the figures move: " << first;
    auto listed = other.Get("/api/runs?status=running");
    ASSERT_EQ(listed.code(), 0) << listed.body;
    EXPECT_TRUE(Contains(listed.body, "\"record_speed\":")) << listed.body;
    // Bounded writes: the stored time moves about once a second, not on every engine report.
    const std::int64_t t1 = StoreInt("SELECT progress_time FROM exec_log WHERE id = " + std::to_string(exec));
    std::this_thread::sleep_for(std::chrono::milliseconds(300));
    const std::int64_t t2 = StoreInt("SELECT progress_time FROM exec_log WHERE id = " + std::to_string(exec));
    EXPECT_TRUE(t2 == t1 || t2 - t1 >= 900) << t1 << " -> " << t2;

    other.SetUid("mallory");
    EXPECT_EQ(other.Get(path).code(), 404);
    auto theirs = other.Get("/api/runs");
    EXPECT_FALSE(Contains(theirs.body, "\"id\":" + std::to_string(exec) + ",")) << theirs.body;
}

TEST_F(ClusterTest, ASigkilledHostsRunIsInterruptedAndRetriedByASurvivorWithoutDuplicates) {
    // An idempotent writer: preSql empties the table, so a retry leaves each row once.
    const std::string table = "cluster_t_" + core::testing::RandomSuffix();
    ExecSql(pg_, {"CREATE TABLE " + table + " (id BIGINT, name VARCHAR(16))"});
    const DbUrl target = ParseDbUrl(pg_);
    const std::string job = R"({"core": {"transport": {"channel": {"speed": {"record": 1000}}}},
        "job": {"setting": {"speed": {"channel": 1, "record": 1000}}, "content": [{
        "reader": {"name": "streamreader", "parameter": {"sliceRecordCount": 4000,
            "column": [{"type": "long", "value": "1"}, {"type": "string", "value": "x"}]}},
        "writer": {"name": "postgresqlwriter", "parameter": {"username": ")" + target.user +
                            R"(", "password": ")" + target.password + R"(", "column": ["id", "name"],
            "preSql": ["DELETE FROM )" + table + R"("],
            "connection": [{"jdbcUrl": "jdbc:postgresql://)" + target.host + ":" +
                            std::to_string(target.port) + "/" + target.database + R"(", "table": [")" + table +
                            R"("]}]}}}]}})";
    auto config = SaveConfig(*hosts_[0], "idempotent", job);
    // A schedule (for its retry policy) that fires once, two seconds from now.
    const auto fire = std::chrono::system_clock::now() + std::chrono::seconds(2);
    const std::time_t t = std::chrono::system_clock::to_time_t(fire);
    std::tm utc{};
    gmtime_r(&t, &utc);
    const std::string cron = std::to_string(utc.tm_sec) + " " + std::to_string(utc.tm_min) + " " +
                             std::to_string(utc.tm_hour) + " * * ?";
    auto saved = hosts_[1]->Post("/api/schedule/save", R"({"name": "once", "config_id": )" + std::to_string(config) +
                                                           R"(, "cron": ")" + cron +
                                                           R"(", "max_retries": 2, "retry_backoff_s": 0})");
    ASSERT_EQ(saved.code(), 0) << saved.body;
    const auto schedule = saved.json->getObject("data")->getValue<std::int64_t>("id");
    const std::string runs = " FROM exec_log WHERE schedule_id = " + std::to_string(schedule);
    ASSERT_TRUE(WaitFor([&] { return StoreInt("SELECT COUNT(*)" + runs + " AND status = 'running'") == 1; }, 10000));
    std::this_thread::sleep_for(std::chrono::milliseconds(1500));  // rows are being written
    const std::string first = Store("SELECT id" + runs + " AND attempt = 1");
    const int victim = HostIndex(Store("SELECT host_name FROM exec_log WHERE id = " + first));
    ASSERT_GE(victim, 0);
    hosts_[victim]->Kill(SIGKILL);
    hosts_[victim]->Wait();
    const auto killed_at = Clock::now();

    ASSERT_TRUE(WaitFor([&] { return StoreInt("SELECT COUNT(*)" + runs + " AND attempt = 2 AND status IN "
                                              "('running', 'succeeded')") == 1; },
                        (kLeaseSeconds + 5) * 1000))
        << "no survivor took the retry within lease + 5 s";
    EXPECT_LT(Clock::now() - killed_at, std::chrono::seconds(kLeaseSeconds + 5));
    EXPECT_EQ(Status(std::stoll(first)), "interrupted");
    EXPECT_TRUE(Contains(Store("SELECT exit_reason FROM exec_log WHERE id = " + first), "stopped renewing"));
    const int survivor = HostIndex(Store("SELECT host_name" + runs + " AND attempt = 2"));
    EXPECT_NE(survivor, victim);
    ASSERT_TRUE(WaitFor([&] { return StoreInt("SELECT COUNT(*)" + runs + " AND status = 'succeeded'") == 1; }, 20000));
    EXPECT_EQ(QueryScalar(pg_, "SELECT COUNT(*) FROM " + table), "4000") << "each row once, none twice";
    // The interrupted run's log, written by the dead host, is still readable through a survivor.
    auto log = hosts_[survivor]->Get("/api/config/log?id=" + first);
    ASSERT_EQ(log.code(), 0) << log.body;
    EXPECT_TRUE(Contains(log.json->getObject("data")->getValue<std::string>("text"), "interrupted")) << log.body;
    ExecSql(pg_, {"DROP TABLE " + table});
}

TEST(ClusterRolesTest, AnApiHostQueuesAndAWorkerWithNoPortRunsIt) {
    auto admin = EnvVar("DBBRIDGE_TEST_PG_ADMIN");
    if (!admin) {
        GTEST_SKIP() << "DBBRIDGE_TEST_PG_ADMIN is not set (scripts/db-up.sh sets it)";
    }
    TestStoreDb db(TestBackend::kPostgres, *admin);
    HostProcess api(std::string(kClusterYaml) + "server:\n  role: api\n", "", db.url(), "");
    ASSERT_TRUE(api.Start()) << api.output();
    auto config = api.Post("/api/config/save", R"({"config_name": "c", "content": )" + StreamJob(10) + "}");
    ASSERT_EQ(config.code(), 0) << config.body;
    auto exec = api.Post("/api/config/exec?id=" +
                             std::to_string(config.json->getObject("data")->getValue<std::int64_t>("id")),
                         "");
    const std::string run = std::to_string(exec.json->getObject("data")->getValue<std::int64_t>("id"));
    std::this_thread::sleep_for(std::chrono::milliseconds(500));
    EXPECT_EQ(QueryScalar(db.url(), "SELECT status FROM exec_log WHERE id = " + run), "queued")
        << "an api host runs nothing";

    HostProcess worker(std::string(kClusterYaml) + "server:\n  role: worker\n", "", db.url(),
                       api.work_dir() + "/dbbridge.key");
    ASSERT_TRUE(worker.Start()) << worker.output();
    EXPECT_EQ(worker.port(), 0);
    const auto deadline = Clock::now() + std::chrono::seconds(10);
    while (QueryScalar(db.url(), "SELECT status FROM exec_log WHERE id = " + run) != "succeeded" &&
           Clock::now() < deadline) {
        std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
    EXPECT_EQ(QueryScalar(db.url(), "SELECT status FROM exec_log WHERE id = " + run), "succeeded");
    EXPECT_TRUE(Contains(QueryScalar(db.url(), "SELECT host_name FROM exec_log WHERE id = " + run),
                         worker.work_dir()));
    auto log = api.Get("/api/config/log?id=" + run);
    ASSERT_EQ(log.code(), 0) << log.body;
    EXPECT_TRUE(Contains(log.json->getObject("data")->getValue<std::string>("text"), "succeeded")) << log.body;
    auto hosts = api.Get("/api/cluster/hosts");
    EXPECT_TRUE(Contains(hosts.body, "\"role\":\"api\"")) << hosts.body;
    EXPECT_TRUE(Contains(hosts.body, "\"role\":\"worker\"")) << hosts.body;
}

TEST(ClusterSqliteTest, ASecondHostOnTheSameSqliteStoreRefusesToStart) {
    HostProcess first;
    ASSERT_TRUE(first.Start()) << first.output();
    HostProcess second("", "", "sqlite:" + first.work_dir() + "/dbbridge.db", first.work_dir() + "/dbbridge.key");
    EXPECT_FALSE(second.Start());
    EXPECT_TRUE(Contains(second.output(), "is SQLite, which serves one host only")) << second.output();
    EXPECT_TRUE(Contains(second.output(), "postgresql://")) << second.output();
}

}  // namespace
}  // namespace dbbridge::testing
