// The bulkMode 2 flood of issue 10 §4 against a served host with a real MariaDB: many batches with
// distinct traceIds, each holding its rows until the batch completes or times out. Past the
// per-user cap they are refused naming the limit, another user can still open one, and
// /api/health keeps answering within a second.
#include <gtest/gtest.h>

#include <cstdio>
#include <string>

#include "tests/host/security/health_probe.h"
#include "tests/support/host_process.h"
#include "tests/support/test_db.h"
#include "tests/support/test_env.h"

namespace dbbridge::testing {
namespace {

std::string MysqlDatasource(const std::string& url) {
    DbUrl u = ParseDbUrl(url);
    return R"({"source_name":"mx-my","db_type":"MYSQL","host":")" + u.host + R"(","port":)" + std::to_string(u.port) +
           R"(,"db_name":")" + u.database + R"(","username":")" + u.user + R"(","password":")" + u.password + R"("})";
}

// One bulkMode 2 call that only the MySQL side answers: its batch waits for GAUSSDB500_ORACLE.
std::string WaitingCall(int n) {
    char trace[40];
    std::snprintf(trace, sizeof trace, "%032d", n);
    return R"({"sourceDialect":"MYSQL","needTransform":false,"bulkMode":2,"traceId":")" + std::string(trace) +
           R"(","targetDialects":["MYSQL","GAUSSDB500_ORACLE"],
        "targetDialectInfos":[{"targetDialect":"MYSQL","sql":"select 1"}]})";
}

TEST(MultiplexAttackTest, PendingBatchesAreCappedPerUser) {
    DBB_REQUIRE_ENV(mysql, "DBBRIDGE_TEST_MYSQL");
    HostProcess host(
        "multiplex:\n  batch_wait_seconds: 60\n  max_pending_batches_per_user: 3\n  targets:\n    MYSQL: mx-my\n");
    ASSERT_TRUE(host.Start()) << host.output();
    for (const std::string uid : {"mallory", "alice"}) {
        host.SetUid(uid);
        ASSERT_EQ(host.Post("/api/datasource/save", MysqlDatasource(mysql)).code(), 0);
    }
    HealthProbe probe(host.port());
    host.SetUid("mallory");
    for (int i = 0; i < 3; ++i) {
        auto r = host.Post("/multiplex/multiplex", WaitingCall(i));
        EXPECT_EQ(r.code(), 0) << r.body;
    }
    for (int i = 3; i < 8; ++i) {
        auto r = host.Post("/multiplex/multiplex", WaitingCall(i));
        EXPECT_EQ(r.code(), 10000) << r.body;
        EXPECT_NE(r.message().find("multiplex.max_pending_batches_per_user"), std::string::npos) << r.body;
    }
    // Another user is not held up by mallory's batches.
    host.SetUid("alice");
    auto alice = host.Post("/multiplex/multiplex", WaitingCall(100));
    EXPECT_EQ(alice.code(), 0) << alice.body;
    probe.Stop();
    EXPECT_TRUE(probe.problems().empty()) << probe.problems().front();
}

}  // namespace
}  // namespace dbbridge::testing
