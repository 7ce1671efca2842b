// Catalog-aware translation as a user meets it: POST /api/sql/transpile with a datasourceId and
// `dbbridge transpile --datasource`, the keys and column types read from the real servers, the
// translated SQL executed there, and another user's datasource refused.
#include <gtest/gtest.h>

#include "tests/host/compare/datasource_body.h"
#include "tests/support/host_process.h"
#include "tests/support/run_command.h"
#include "tests/support/test_db.h"
#include "tests/support/test_env.h"

namespace dbbridge::testing {
namespace {

std::string Json(const std::string& s) {
    std::string out;
    for (char c : s) {
        out += (c == '"' || c == '\\') ? std::string("\\") + c : std::string(1, c);
    }
    return "\"" + out + "\"";
}

std::int64_t SavedId(const HttpReply& reply) {
    return reply.json->getObject("data")->getValue<std::int64_t>("id");
}

constexpr const char* kUpsert =
    "INSERT INTO tcat_t (id, name) VALUES (1, 'new') ON DUPLICATE KEY UPDATE name = VALUES(name)";

TEST(TranspileDatasourceIntegrationTest, UpsertTranslatesWithTheTargetsKeyAndRunsThere) {
    DBB_REQUIRE_ENV(pg, "DBBRIDGE_TEST_PG");
    ExecSql(pg, {"DROP TABLE IF EXISTS tcat_t",
                 "CREATE TABLE tcat_t (id INT PRIMARY KEY, name VARCHAR(20), seen TIMESTAMP(0))",
                 "INSERT INTO tcat_t VALUES (1, 'old', '2024-01-31 10:00:00')"});
    HostProcess host;
    ASSERT_TRUE(host.Start()) << host.output();
    host.SetUid("alice");
    auto saved = host.Post("/api/datasource/save", DatasourceBody("tcat-pg", pg));
    ASSERT_EQ(saved.code(), 0) << saved.body;
    const std::string id = std::to_string(SavedId(saved));

    // Without a datasource the key is unknown: refused, as before.
    auto refused = host.Post("/api/sql/transpile", R"({"from":"MYSQL","to":"POSTGRESQL","sql":)" + Json(kUpsert) + "}");
    EXPECT_EQ(refused.code(), 501) << refused.body;
    EXPECT_NE(refused.message().find("ON DUPLICATE KEY UPDATE"), std::string::npos) << refused.body;

    // With it ("to" defaults to its type): ON CONFLICT on the primary key, and it runs there.
    auto r = host.Post("/api/sql/transpile", R"({"from":"MYSQL","sql":)" + Json(kUpsert) + R"(,"datasourceId":)" + id + "}");
    ASSERT_EQ(r.code(), 0) << r.body;
    const std::string sql = r.json->getObject("data")->getValue<std::string>("sql");
    EXPECT_NE(sql.find("ON CONFLICT (id) DO UPDATE SET"), std::string::npos) << sql;
    ExecSql(pg, {sql});
    EXPECT_EQ(QueryScalar(pg, "SELECT name FROM tcat_t WHERE id = 1"), "new");
    EXPECT_EQ(QueryScalar(pg, "SELECT count(*) FROM tcat_t"), "1");

    // Oracle date arithmetic on a column whose type only the catalog knows (a TIMESTAMP: PostgreSQL
    // has no timestamp + integer).
    auto days = host.Post("/api/sql/transpile",
                          R"({"from":"ORACLE","to":"POSTGRESQL","sql":"SELECT seen + 1 AS next_day FROM tcat_t","datasourceId":)" +
                              id + "}");
    ASSERT_EQ(days.code(), 0) << days.body;
    const std::string next = days.json->getObject("data")->getValue<std::string>("sql");
    EXPECT_EQ(QueryScalar(pg, "SELECT CAST(next_day AS TEXT) FROM (" + next + ") q"), "2024-02-01 10:00:00") << next;

    // Another user's datasource is not found for bob, whatever its id.
    host.SetUid("bob");
    auto other = host.Post("/api/sql/transpile", R"({"from":"MYSQL","sql":)" + Json(kUpsert) + R"(,"datasourceId":)" + id + "}");
    EXPECT_EQ(other.code(), 404) << other.body;
    EXPECT_NE(other.message().find("datasourceId"), std::string::npos) << other.body;
    EXPECT_EQ(other.body.find("ON CONFLICT"), std::string::npos) << other.body;
    auto bad = host.Post("/api/sql/transpile", R"({"from":"MYSQL","sql":"select 1","datasourceId":0})");
    EXPECT_EQ(bad.code(), 400) << bad.body;
    EXPECT_NE(bad.message().find("datasourceId"), std::string::npos) << bad.body;
}

TEST(TranspileDatasourceIntegrationTest, CommandLineReadsTheNamedDatasource) {
    DBB_REQUIRE_ENV(mysql, "DBBRIDGE_TEST_MYSQL");
    DBB_REQUIRE_ENV(pg, "DBBRIDGE_TEST_PG");
    ExecSql(mysql, {"DROP TABLE IF EXISTS tcat_m", "CREATE TABLE tcat_m (id INT PRIMARY KEY, name VARCHAR(20))",
                    "INSERT INTO tcat_m VALUES (1, 'old')"});
    HostProcess host;
    ASSERT_TRUE(host.Start()) << host.output();
    ASSERT_EQ(host.Post("/api/datasource/save", DatasourceBody("tcat-my", mysql)).code(), 0);
    // An Oracle MERGE into MySQL needs to know that ON names the table's unique key.
    const std::string merge =
        " \"MERGE INTO tcat_m t USING (SELECT 1 AS id, 'merged' AS name FROM dual UNION ALL"
        " SELECT 2, 'added' FROM dual) s ON (t.id = s.id) WHEN MATCHED THEN UPDATE SET t.name = s.name"
        " WHEN NOT MATCHED THEN INSERT (id, name) VALUES (s.id, s.name)\"";
    const std::string cli = "--config " + host.config_path() + " transpile --from ORACLE";
    auto refused = RunDbbridge(cli + " --to MYSQL" + merge);
    EXPECT_EQ(refused.exit_code, 1) << refused.output;
    auto translated = RunDbbridge(cli + " --datasource tcat-my" + merge);
    ASSERT_EQ(translated.exit_code, 0) << translated.output;
    const std::string sql = translated.output.substr(0, translated.output.find("\n-- "));
    ExecSql(mysql, {sql});
    EXPECT_EQ(QueryScalar(mysql, "SELECT GROUP_CONCAT(name ORDER BY id) FROM tcat_m"), "merged,added") << sql;
    auto missing = RunDbbridge(cli + " --datasource no-such-ds \"select 1 from dual\"");
    EXPECT_EQ(missing.exit_code, 1) << missing.output;
    EXPECT_NE(missing.output.find("--datasource"), std::string::npos) << missing.output;
}

}  // namespace
}  // namespace dbbridge::testing
