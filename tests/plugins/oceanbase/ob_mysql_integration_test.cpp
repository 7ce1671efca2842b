// OCEAN_BASE_MYSQL through the mysql plugin's code against the real MariaDB (a MySQL-mode stand-in).
#include <gtest/gtest.h>

#include "ob_mysql_dialect.h"
#include "tests/support/collect_rows.h"
#include "tests/support/test_db.h"
#include "tests/support/test_env.h"

namespace dbbridge::oceanbase {
namespace {

TEST(ObMysqlIntegrationTest, ConnectsQueriesAndReportsWrongPasswords) {
    DBB_REQUIRE_ENV(url, "DBBRIDGE_TEST_MYSQL");  // mysql://user:pw@host:port/db
    auto u = ::dbbridge::testing::ParseDbUrl(url);
    ObMysqlDialect d;
    auto spec = d.ParseJdbcUrl("jdbc:mysql://" + u.host + ":" + std::to_string(u.port) + "/" + u.database);
    ASSERT_TRUE(spec.ok()) << spec.status().message();
    spec->user = u.user;
    spec->password = u.password;
    auto conn = d.Connect(*spec);
    ASSERT_TRUE(conn.ok()) << conn.status().message();
    auto ping = (*conn)->Ping(d.DefaultPingSql());
    ASSERT_TRUE(ping.ok()) << ping.status().message();
    EXPECT_NE(ping->server_version.find("MariaDB"), std::string::npos) << ping->server_version;
    std::vector<std::string> order;
    auto sql = d.RewriteBinds("SELECT @a + 1, CAST(@b AS DECIMAL(10,2))", order);
    ASSERT_TRUE(sql.ok());
    ::dbbridge::testing::CollectRows sink;
    auto r = (*conn)->Execute(*sql,
                              {{"a", sdk::JdbcType::kInteger, sdk::Value::Int(41)},
                               {"b", sdk::JdbcType::kDecimal, sdk::Value::Decimal("12.5")}},
                              &sink, {});
    ASSERT_TRUE(r.ok()) << r.status().message();
    ASSERT_FALSE(r->failed) << r->error_message;
    ASSERT_EQ(sink.rows.size(), 1u);
    EXPECT_EQ(sdk::ValueToText(sink.rows[0][0]), "42");
    EXPECT_EQ(sink.rows[0][1], sdk::Value::Decimal("12.50"));

    // A tenant turns the user into user@tenant#cluster, which MariaDB does not know: the composed
    // name reaches the server (OBProxy would route it).
    sdk::ConnectionSpec routed = *spec;
    routed.options["tenant"] = "obtenant";
    routed.options["cluster"] = "obcluster";
    auto refused = d.Connect(routed);
    ASSERT_FALSE(refused.ok());
    EXPECT_EQ(refused.status().code(), sdk::StatusCode::kUnauthenticated) << refused.status().message();
    EXPECT_NE(refused.status().message().find("@obtenant#obcluster"), std::string::npos)
        << refused.status().message();
}

}  // namespace
}  // namespace dbbridge::oceanbase
