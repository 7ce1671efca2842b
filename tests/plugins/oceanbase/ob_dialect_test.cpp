// OceanBase dialects pure logic: URL forms, user@tenant#cluster, DataX blocks, identities.
#include <gtest/gtest.h>

#include "ob_datax.h"
#include "ob_mysql_dialect.h"
#include "ob_oracle_dialect.h"
#include "ob_plugin.h"
#include "ob_url.h"
#include "tests/support/sql_target_expect.h"

namespace dbbridge::oceanbase {
namespace {

TEST(ObUrlTest, ParsesAllDataxForms) {
    auto a = ParseObJdbcUrl("||_dsc_ob10_dsc_||obcluster:sales||_dsc_ob10_dsc_||jdbc:oceanbase://10.0.0.1:2883/shop");
    ASSERT_TRUE(a.ok()) << a.status().message();
    EXPECT_EQ(a->host, "10.0.0.1");
    EXPECT_EQ(a->port, 2883);
    EXPECT_EQ(a->database, "shop");
    EXPECT_EQ(a->Option("cluster"), "obcluster");
    EXPECT_EQ(a->Option("tenant"), "sales");
    auto b = ParseObJdbcUrl("jdbc:mysql://obproxy/db1?useUnicode=true");
    ASSERT_TRUE(b.ok());
    EXPECT_EQ(b->port, 2881);
    EXPECT_EQ(b->Option("useUnicode"), "true");
    EXPECT_EQ(b->Option("tenant"), "");
    EXPECT_TRUE(ParseObJdbcUrl("jdbc:oceanbase://h:2881/x").ok());
    EXPECT_FALSE(ParseObJdbcUrl("||_dsc_ob10_dsc_||c:t jdbc:oceanbase://h/x").ok());
    EXPECT_NE(ParseObJdbcUrl("||_dsc_ob10_dsc_||nocolon||_dsc_ob10_dsc_||jdbc:mysql://h/x").status().message().find(
                  "cluster:tenant"),
              std::string::npos);
    EXPECT_FALSE(ParseObJdbcUrl("jdbc:postgresql://h/x").ok());
}

TEST(ObUrlTest, ComposesTheThreePartUser) {
    sdk::ConnectionSpec spec;
    spec.user = "app";
    EXPECT_EQ(ComposeObUser(spec), "app");
    spec.options["tenant"] = "sales";
    EXPECT_EQ(ComposeObUser(spec), "app@sales");
    spec.options["cluster"] = "obc";
    EXPECT_EQ(ComposeObUser(spec), "app@sales#obc");
    spec.user = "root@sys#other";
    EXPECT_EQ(ComposeObUser(spec), "root@sys#other");
}

TEST(ObDialectTest, IdentitiesOwnDataxNamesOnce) {
    ObMysqlDialect my;
    ObOracleDialect ora;
    EXPECT_EQ(my.Name(), "OCEAN_BASE_MYSQL");
    EXPECT_EQ(ora.Name(), "OCEAN_BASE_ORACLE");
    EXPECT_EQ(my.DataxReaderNames(), std::vector<std::string>{"oceanbasev10reader"});
    EXPECT_EQ(my.DataxWriterNames(), std::vector<std::string>{"oceanbasev10writer"});
    EXPECT_TRUE(ora.DataxReaderNames().empty());
    EXPECT_EQ(my.DefaultPort(), 2881);
    EXPECT_EQ(ora.DefaultPort(), 2881);
    EXPECT_EQ(ora.DefaultPingSql(), "SELECT 1 FROM DUAL");
    EXPECT_EQ(my.DefaultPingSql(), "SELECT 1");
    EXPECT_EQ(ora.MapNativeType("NUMBER(10,2)"), sdk::JdbcType::kDecimal);
    EXPECT_EQ(ora.MapNativeType("DATE"), sdk::JdbcType::kTimestamp);
    EXPECT_EQ(my.MapNativeType("bigint"), sdk::JdbcType::kBigInt);
    EXPECT_NE(ora.DefaultColumnsSql().find("OWNER = ?"), std::string::npos);
    test::ExpectTranslationLeftToTheHost(ora);
    test::ExpectTranslationLeftToTheHost(my);
    auto parsed = my.ParseJdbcUrl("||_dsc_ob10_dsc_||c1:t1||_dsc_ob10_dsc_||jdbc:mysql://h:2883/db");
    ASSERT_TRUE(parsed.ok());
    EXPECT_EQ(parsed->dialect, "OCEAN_BASE_MYSQL");
    sdk::ConnectionSpec spec;
    spec.host = "h";
    spec.database = "db";
    EXPECT_EQ(my.BuildJdbcUrl(spec), "jdbc:mysql://h:2881/db");
    EXPECT_EQ(ora.BuildJdbcUrl(spec), "jdbc:oceanbase://h:2881/db");
}

TEST(ObDialectTest, OracleModeConnectionString) {
    sdk::ConnectionSpec spec;
    spec.host = "obproxy";
    spec.port = 2883;
    spec.user = "scott";
    spec.password = "p";
    spec.database = "SCOTT";
    spec.options["tenant"] = "ora_t";
    spec.options["cluster"] = "obc";
    EXPECT_EQ(*BuildObOracleConnectionString(spec),
              "DRIVER={OceanBase ODBC 2.0 Driver};SERVER=obproxy;PORT=2883;UID=scott@ora_t#obc;PWD=p;DATABASE=SCOTT;");
    spec.options["connection_string"] = "DSN=ob";
    EXPECT_EQ(*BuildObOracleConnectionString(spec), "DSN=ob");
}

TEST(ObDataxTest, BlocksCarryTheComposedUserAndWriteMode) {
    sdk::DataxSide side;
    side.connection.host = "h";
    side.connection.database = "db";
    side.connection.user = "app";
    side.connection.password = "pw";
    side.connection.options["tenant"] = "t1";
    side.connection.options["cluster"] = "c1";
    side.tables = {"orders"};
    auto r = ObReaderJson(side, true);
    ASSERT_TRUE(r.ok());
    EXPECT_EQ(*r,
              "{\"name\":\"oceanbasev10reader\",\"parameter\":{\"username\":\"app@t1#c1\",\"password\":\"pw\","
              "\"column\":[\"*\"],\"connection\":[{\"table\":[\"orders\"],\"jdbcUrl\":[\"jdbc:mysql://h:2881/db\"]}]}}");
    side.write_mode = "insert";
    auto w = ObWriterJson(side, false);
    ASSERT_TRUE(w.ok());
    EXPECT_NE(w->find("\"obWriteMode\":\"insert\""), std::string::npos);
    EXPECT_NE(w->find("\"batchSize\":1000"), std::string::npos);
    EXPECT_NE(w->find("jdbc:oceanbase://h:2881/db"), std::string::npos);
    side.write_mode = "replace";
    EXPECT_FALSE(ObWriterJson(side, true).ok());
}

TEST(ObPluginTest, ServesBothModes) {
    std::unique_ptr<sdk::Plugin> plugin(CreatePlugin());
    ASSERT_NE(plugin, nullptr);
    ASSERT_EQ(plugin->Dialects().size(), 2u);
    EXPECT_EQ(plugin->Dialects()[0]->Name(), "OCEAN_BASE_ORACLE");
    EXPECT_EQ(plugin->Dialects()[1]->Name(), "OCEAN_BASE_MYSQL");
}

TEST(ObDialectTest, BothModesDeclareTheirSqlTargetForCoreToTranslate) {
    test::ExpectDeclaresTarget(ObOracleDialect(), {"OCEAN_BASE_ORACLE", "ORACLE"});
    test::ExpectDeclaresTarget(ObMysqlDialect(), {"OCEAN_BASE_MYSQL", "MYSQL"});
}

TEST(ObOracleChecksumTest, OracleModeHasNoChecksumSqlSoACompareFetchesRows) {
    ObOracleDialect d;
    sdk::SegmentChecksumSpec spec;
    spec.table = "T";
    sdk::ColumnInfo id;
    id.name = "ID";
    id.jdbc_type = sdk::JdbcType::kDecimal;
    spec.columns = {id};
    auto sql = d.SegmentChecksumSql(spec);
    ASSERT_FALSE(sql.ok());
    EXPECT_EQ(sql.status().code(), sdk::StatusCode::kUnimplemented);
    EXPECT_NE(sql.status().message().find("OCEAN_BASE_ORACLE"), std::string::npos) << sql.status().message();
}

}  // namespace
}  // namespace dbbridge::oceanbase
