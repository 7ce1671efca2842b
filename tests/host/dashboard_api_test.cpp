// GET /api/dashboard over real HTTP: the figures are summed by the server over what the acting
// user may see, per UTC day; days is bounded and named in its error.
#include <gtest/gtest.h>

#include <chrono>
#include <ctime>
#include <thread>

#include "tests/core/jobs/jobs_fixture.h"
#include "tests/support/host_process.h"

namespace dbbridge::testing {
namespace {

std::string TodayUtc() {
    std::time_t now = std::time(nullptr);
    std::tm tm{};
    gmtime_r(&now, &tm);
    char buf[16];
    std::strftime(buf, sizeof buf, "%Y-%m-%d", &tm);
    return buf;
}

// Saves a stream job of records records as the host's current user, runs it and waits for its end.
std::string RunToEnd(HostProcess& host, const std::string& name, std::int64_t records) {
    auto saved = host.Post("/api/config/save", R"({"config_name": ")" + name + R"(", "content": )" +
                                                   core::testing::StreamJob(records) + "}");
    EXPECT_EQ(saved.code(), 0) << saved.body;
    if (saved.code() != 0) return "";
    const auto id = saved.json->getObject("data")->getValue<std::int64_t>("id");
    auto exec = host.Post("/api/config/exec?id=" + std::to_string(id), "");
    EXPECT_EQ(exec.code(), 0) << exec.body;
    if (exec.code() != 0) return "";
    const std::string run = "/api/config/run?id=" + std::to_string(exec.json->getObject("data")->getValue<std::int64_t>("id"));
    for (int i = 0; i < 200; ++i) {
        const std::string status = host.Get(run).json->getObject("data")->getValue<std::string>("status");
        if (status != "queued" && status != "running") return status;
        std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
    return "unfinished";
}

Poco::JSON::Object::Ptr Dashboard(HostProcess& host, int days) {
    auto r = host.Get("/api/dashboard?days=" + std::to_string(days));
    EXPECT_EQ(r.code(), 0) << r.body;
    return r.code() == 0 ? r.json->getObject("data") : Poco::JSON::Object::Ptr(new Poco::JSON::Object);
}

std::int64_t Int(const Poco::JSON::Object::Ptr& o, const std::string& key) { return o->optValue<std::int64_t>(key, -1); }

TEST(DashboardApiTest, FiguresCoverOnlyWhatTheUserMaySeeAndAnAdminSeesAll) {
    HostProcess host("multiplex:\n  targets:\n    LIGHTDB_ORACLE: pg1\n");
    ASSERT_TRUE(host.Start()) << host.output();
    host.SetUid("alice");
    ASSERT_EQ(RunToEnd(host, "alice-job", 7), "succeeded");
    // Her multiplex request cannot connect (nothing listens on port 1): a failed, undetermined report.
    ASSERT_EQ(host.Post("/api/datasource/save",
                        R"({"source_name":"pg1","db_type":"LIGHTDB_ORACLE","host":"127.0.0.1","port":1,)"
                        R"("db_name":"app","username":"app","password":"app"})")
                  .code(),
              0);
    auto mx = host.Post("/multiplex/multiplex", R"({"sourceDialect":"ORACLE","needTransform":false,"traceId":"dash-alice",
      "targetDialectInfos":[{"targetDialect":"ORACLE","datasourceName":"pg1","sql":"select 1 as x"},
                            {"targetDialect":"LIGHTDB_ORACLE","sql":"select 1 as x"}]})");
    EXPECT_EQ(mx.code(), 30000) << mx.body;
    host.SetUid("bob");
    ASSERT_EQ(RunToEnd(host, "bob-job", 5), "succeeded");

    host.SetUid("alice");
    auto alice = Dashboard(host, 3);
    EXPECT_EQ(Int(alice, "days"), 3);
    auto per_day = alice->getArray("per_day");
    ASSERT_EQ(per_day->size(), 3u);
    auto today = per_day->getObject(2);
    EXPECT_EQ(today->getValue<std::string>("day"), TodayUtc());
    EXPECT_EQ(Int(today->getObject("runs"), "succeeded"), 1);
    EXPECT_EQ(Int(today->getObject("runs"), "failed"), 0);
    EXPECT_EQ(Int(today, "records_written"), 7);
    EXPECT_EQ(Int(per_day->getObject(0)->getObject("runs"), "succeeded"), 0);  // empty days are listed
    EXPECT_EQ(Int(alice, "runs"), 1);
    EXPECT_EQ(Int(alice, "records_written"), 7);
    EXPECT_EQ(Int(alice, "failed_runs"), 0);
    auto alice_mx = alice->getObject("multiplex");
    EXPECT_EQ(Int(alice_mx, "reports"), 1);
    EXPECT_EQ(Int(alice_mx, "undetermined"), 1);
    EXPECT_TRUE(alice_mx->isNull("consistency_rate"));

    host.SetUid("bob");
    auto bob = Dashboard(host, 14);
    EXPECT_EQ(bob->getArray("per_day")->size(), 14u);
    EXPECT_EQ(Int(bob, "runs"), 1);
    EXPECT_EQ(Int(bob, "records_written"), 5);
    EXPECT_EQ(Int(bob->getObject("multiplex"), "reports"), 0);

    host.SetUid("admin");
    auto all = Dashboard(host, 1);
    EXPECT_EQ(Int(all, "runs"), 2);
    EXPECT_EQ(Int(all, "records_written"), 12);
    EXPECT_EQ(Int(all->getObject("multiplex"), "reports"), 1);
}

TEST(DashboardApiTest, DaysIsBoundedAndNamedInTheError) {
    HostProcess host;
    ASSERT_TRUE(host.Start()) << host.output();
    for (const char* bad : {"0", "367", "many"}) {
        auto r = host.Get(std::string("/api/dashboard?days=") + bad);
        EXPECT_NE(r.code(), 0) << r.body;
        EXPECT_NE(r.message().find("days"), std::string::npos) << r.body;
    }
    auto fallback = host.Get("/api/dashboard");
    ASSERT_EQ(fallback.code(), 0) << fallback.body;
    EXPECT_EQ(fallback.json->getObject("data")->getValue<int>("days"), 14);
    EXPECT_EQ(host.Send("GET", "/api/dashboard", "", {}).http_status, 401);  // authenticates
}

}  // namespace
}  // namespace dbbridge::testing
