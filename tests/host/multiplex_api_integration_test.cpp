// POST /multiplex/multiplex end to end: saved datasources, routing from the configuration, both
// real servers, the report read back over HTTP and surviving a host restart.
#include <gtest/gtest.h>
#include <signal.h>

#include "tests/support/host_process.h"
#include "tests/support/test_db.h"
#include "tests/support/test_env.h"

namespace dbbridge::testing {
namespace {

std::string Datasource(const std::string& name, const std::string& type, const std::string& url) {
    DbUrl u = ParseDbUrl(url);
    return "{\"source_name\":\"" + name + "\",\"db_type\":\"" + type + "\",\"host\":\"" + u.host +
           "\",\"port\":" + std::to_string(u.port) + ",\"db_name\":\"" + u.database + "\",\"username\":\"" + u.user +
           "\",\"password\":\"" + u.password + "\"}";
}

TEST(MultiplexApiIntegrationTest, MysqlToGaussdbComparedAndReportStored) {
    DBB_REQUIRE_ENV(mysql, "DBBRIDGE_TEST_MYSQL");
    DBB_REQUIRE_ENV(pg, "DBBRIDGE_TEST_PG");
    for (const auto& url : {mysql, pg}) {
        ExecSql(url, {"DROP TABLE IF EXISTS mxapi_t", "CREATE TABLE mxapi_t (id INT PRIMARY KEY, name VARCHAR(20))",
                      "INSERT INTO mxapi_t VALUES (1, 'a'), (2, 'b'), (3, NULL)"});
    }
    HostProcess host("multiplex:\n  targets:\n    MYSQL: mx-my\n    GAUSSDB500_ORACLE: mx-gauss\n");
    ASSERT_TRUE(host.Start()) << host.output();
    ASSERT_EQ(host.Post("/api/datasource/save", Datasource("mx-my", "MYSQL", mysql)).code(), 0);
    ASSERT_EQ(host.Post("/api/datasource/save", Datasource("mx-gauss", "GAUSSDB500_ORACLE", pg)).code(), 0);

    const std::string request = R"({"sourceDialect":"MYSQL","needTransform":false,"bulkMode":1,
      "traceId":"0123456789abcdef0123456789abcdef",
      "targetDialectInfos":[
        {"targetDialect":"MYSQL","sql":"select id, name from mxapi_t where id <= @n",
         "sqlParameters":[{"name":"n","type":4,"value":"3"}]},
        {"targetDialect":"GAUSSDB500_ORACLE","sql":"select id, name from mxapi_t where id <= @n",
         "sqlParameters":[{"name":"n","type":4,"value":"3"}]}]})";
    auto r = host.Post("/multiplex/multiplex", request);
    ASSERT_EQ(r.code(), 0) << r.body;
    EXPECT_EQ(r.message(), "成功,比对结果一致") << r.body;

    // An inconsistency planted in the target is caught and shown.
    ExecSql(pg, {"UPDATE mxapi_t SET name = 'x' WHERE id = 2"});
    std::string second = request;
    second.replace(second.find("0123456789abcdef0123456789abcdef"), 32, "fedcba9876543210fedcba9876543210");
    auto bad = host.Post("/multiplex/multiplex", second);
    EXPECT_EQ(bad.code(), 40005) << bad.body;

    // Reports are stored in the metadata store: a restarted host still has them.
    host.Kill(SIGTERM);
    host.Wait();
    ASSERT_TRUE(host.Start()) << host.output();
    auto report = host.Get("/multiplex/report?traceId=fedcba9876543210fedcba9876543210");
    ASSERT_EQ(report.code(), 0) << report.body;
    EXPECT_NE(report.body.find("\"x\""), std::string::npos) << report.body;
    EXPECT_NE(report.body.find("\"b\""), std::string::npos) << report.body;
    auto html = host.Get("/multiplex/report.html?traceId=fedcba9876543210fedcba9876543210");
    EXPECT_NE(html.body.find("GAUSSDB500_ORACLE"), std::string::npos);
}

TEST(MultiplexApiIntegrationTest, UnroutedDialectIs30000NamingIt) {
    HostProcess host;
    ASSERT_TRUE(host.Start()) << host.output();
    auto r = host.Post("/multiplex/multiplex", R"({"sourceDialect":"MYSQL","needTransform":false,"bulkMode":1,
      "traceId":"00000000000000000000000000000001",
      "targetDialectInfos":[{"targetDialect":"MYSQL","sql":"select 1"},
                            {"targetDialect":"GAUSSDB500_ORACLE","sql":"select 1"}]})");
    EXPECT_EQ(r.code(), 30000) << r.body;
    EXPECT_NE(r.message().find("MYSQL"), std::string::npos) << r.body;
}

// The reported case: bob's /api/datasource/query shows nothing, so multiplex must not run SQL
// on alice's "pg1" for him either; her own run on it is compared and hers alone to read.
TEST(MultiplexApiIntegrationTest, OnlyTheOwnerRunsOnAndReadsBackHerDatasource) {
    DBB_REQUIRE_ENV(pg, "DBBRIDGE_TEST_PG");
    HostProcess host;
    ASSERT_TRUE(host.Start()) << host.output();
    host.SetUid("alice");
    ASSERT_EQ(host.Post("/api/datasource/save", Datasource("pg1", "LIGHTDB_ORACLE", pg)).code(), 0);
    const std::string request = R"({"sourceDialect":"ORACLE","needTransform":false,"traceId":"mxown-TRACE",
      "targetDialectInfos":[{"targetDialect":"ORACLE","datasourceName":"pg1","sql":"select 1 as x"},
                            {"targetDialect":"LIGHTDB_ORACLE","datasourceName":"pg1","sql":"select 1 as x"}]})";
    auto with_trace = [&](const std::string& trace) {
        std::string b = request;
        b.replace(b.find("TRACE"), 5, trace);
        return b;
    };
    host.SetUid("bob");
    auto listed = host.Get("/api/datasource/query");
    ASSERT_EQ(listed.code(), 0) << listed.body;
    EXPECT_EQ(listed.body.find("pg1"), std::string::npos) << listed.body;
    auto bob = host.Post("/multiplex/multiplex", with_trace("bob"));
    EXPECT_EQ(bob.code(), 30000) << bob.body;
    EXPECT_NE(bob.message().find("[ORACLE] 数据源[pg1]无法解析"), std::string::npos) << bob.body;

    host.SetUid("alice");
    auto alice = host.Post("/multiplex/multiplex", with_trace("alice"));
    EXPECT_EQ(alice.code(), 0) << alice.body;
    EXPECT_EQ(host.Get("/multiplex/report?traceId=mxown-alice").code(), 0);
    host.SetUid("bob");
    EXPECT_EQ(host.Get("/multiplex/report?traceId=mxown-alice").code(), 40002);
}

}  // namespace
}  // namespace dbbridge::testing
