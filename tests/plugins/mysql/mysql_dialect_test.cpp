#include "mysql_dialect.h"

#include <gtest/gtest.h>

#include "tests/support/sql_target_expect.h"

namespace dbbridge::mysql {
namespace {

using sdk::StatusCode;

TEST(MysqlDialectTest, IdentityIsMysql) {
    MysqlDialect d;
    EXPECT_EQ(d.Name(), "MYSQL");
    EXPECT_EQ(d.DataxReaderNames(), std::vector<std::string>{"mysqlreader"});
    EXPECT_EQ(d.DataxWriterNames(), std::vector<std::string>{"mysqlwriter"});
    EXPECT_EQ(d.JdbcUrlPrefixes(), std::vector<std::string>{"jdbc:mysql://"});
    EXPECT_EQ(d.DefaultPort(), 3306);
    EXPECT_EQ(d.DefaultPingSql(), "show databases");
    EXPECT_NE(d.DefaultColumnsSql().find("table_name = ?"), std::string::npos);
    EXPECT_EQ(d.DefaultColumnsSql().find('\''), std::string::npos) << "the columns SQL must bind, not quote";
}

TEST(MysqlDialectTest, IdentityIsConfigurableForSiblings) {
    MysqlDialectIdentity id;
    id.name = "OCEAN_BASE_MYSQL";
    id.datax_readers = {"oceanbasev10reader"};
    id.datax_writers = {"oceanbasev10writer"};
    id.default_port = 2881;
    MysqlDialect d(id);
    EXPECT_EQ(d.Name(), "OCEAN_BASE_MYSQL");
    auto spec = d.ParseJdbcUrl("jdbc:mysql://ob.example:2883/db");
    ASSERT_TRUE(spec.ok()) << spec.status().message();
    EXPECT_EQ(spec->dialect, "OCEAN_BASE_MYSQL");
    auto json = d.DataxReaderJson([] {
        sdk::DataxSide s;
        s.tables = {"t"};
        s.jdbc_url = "jdbc:mysql://ob:2883/db";
        return s;
    }());
    ASSERT_TRUE(json.ok());
    EXPECT_EQ(json->rfind("{\"name\":\"oceanbasev10reader\"", 0), 0u) << *json;
}

TEST(MysqlDialectTest, ParsesJdbcUrl) {
    MysqlDialect d;
    auto spec = d.ParseJdbcUrl("jdbc:mysql://db.example.com:3307/sales?useSSL=false&connectTimeout=2500");
    ASSERT_TRUE(spec.ok()) << spec.status().message();
    EXPECT_EQ(spec->dialect, "MYSQL");
    EXPECT_EQ(spec->host, "db.example.com");
    EXPECT_EQ(spec->port, 3307);
    EXPECT_EQ(spec->database, "sales");
    EXPECT_EQ(spec->Option("useSSL"), "false");
    EXPECT_EQ(spec->connect_timeout_ms, 2500);

    auto defaults = d.ParseJdbcUrl("JDBC:MySQL://10.0.0.1/app");
    ASSERT_TRUE(defaults.ok()) << defaults.status().message();
    EXPECT_EQ(defaults->port, 3306);
    EXPECT_EQ(defaults->database, "app");

    auto nodb = d.ParseJdbcUrl("jdbc:mysql://h:1234");
    ASSERT_TRUE(nodb.ok());
    EXPECT_EQ(nodb->database, "");
}

TEST(MysqlDialectTest, RejectsBadJdbcUrls) {
    MysqlDialect d;
    auto bad_port = d.ParseJdbcUrl("jdbc:mysql://h:99999/db");
    ASSERT_FALSE(bad_port.ok());
    EXPECT_EQ(bad_port.status().code(), StatusCode::kInvalidArgument);
    EXPECT_NE(bad_port.status().message().find("99999"), std::string::npos) << bad_port.status().message();

    auto text_port = d.ParseJdbcUrl("jdbc:mysql://h:abc/db");
    ASSERT_FALSE(text_port.ok());
    EXPECT_NE(text_port.status().message().find("port"), std::string::npos);

    auto no_host = d.ParseJdbcUrl("jdbc:mysql:///db");
    ASSERT_FALSE(no_host.ok());
    EXPECT_NE(no_host.status().message().find("host"), std::string::npos) << no_host.status().message();

    auto other = d.ParseJdbcUrl("jdbc:postgresql://h:5432/db");
    ASSERT_FALSE(other.ok());
    EXPECT_NE(other.status().message().find("jdbc:mysql://"), std::string::npos) << other.status().message();
}

TEST(MysqlDialectTest, BuildsJdbcUrl) {
    MysqlDialect d;
    sdk::ConnectionSpec spec;
    spec.host = "127.0.0.1";
    spec.database = "app";
    EXPECT_EQ(d.BuildJdbcUrl(spec), "jdbc:mysql://127.0.0.1:3306/app");
    spec.port = 13306;
    spec.host = "::1";
    EXPECT_EQ(d.BuildJdbcUrl(spec), "jdbc:mysql://[::1]:13306/app");
    auto back = d.ParseJdbcUrl(d.BuildJdbcUrl(spec));
    ASSERT_TRUE(back.ok());
    EXPECT_EQ(back->host, "::1");
    EXPECT_EQ(back->port, 13306);
}

TEST(MysqlDialectTest, QuotesIdentifiersWithBackticks) {
    MysqlDialect d;
    EXPECT_EQ(d.QuoteIdentifier("orders").value(), "`orders`");
    EXPECT_EQ(d.QuoteIdentifier("app.orders").value(), "`app`.`orders`");
    EXPECT_EQ(d.QuoteIdentifier("`my.db`.t").value(), "`my.db`.`t`");
    EXPECT_EQ(d.QuoteIdentifier("`we``ird`").value(), "`we``ird`");
    EXPECT_EQ(d.QuoteIdentifier("x'; DROP TABLE t; --").value(), "`x'; DROP TABLE t; --`");

    auto too_long = d.QuoteIdentifier(std::string(65, 'a'));
    ASSERT_FALSE(too_long.ok());
    EXPECT_EQ(too_long.status().code(), StatusCode::kInvalidArgument);
    EXPECT_NE(too_long.status().message().find("64"), std::string::npos);
    EXPECT_TRUE(d.QuoteIdentifier(std::string(64, 'a')).ok());

    auto control = d.QuoteIdentifier(std::string("a\nb"));
    ASSERT_FALSE(control.ok());
    EXPECT_NE(control.status().message().find("control"), std::string::npos);
    EXPECT_FALSE(d.QuoteIdentifier(std::string("a\0b", 3)).ok());
    EXPECT_FALSE(d.QuoteIdentifier("").ok());
    EXPECT_FALSE(d.QuoteIdentifier("`unterminated").ok());
}

TEST(MysqlDialectTest, RewritesBindsOutsideLiteralsAndComments) {
    MysqlDialect d;
    std::vector<std::string> order;
    auto sql = d.RewriteBinds(
        "SELECT '@no', \"@no\", `@col`, 'it\\'s @no', @@version -- @no\n"
        "FROM t # @no\n WHERE a = @a /* @no */ AND b = @b OR c = @a",
        order);
    ASSERT_TRUE(sql.ok()) << sql.status().message();
    EXPECT_EQ(*sql,
              "SELECT '@no', \"@no\", `@col`, 'it\\'s @no', @@version -- @no\n"
              "FROM t # @no\n WHERE a = ? /* @no */ AND b = ? OR c = ?");
    EXPECT_EQ(order, (std::vector<std::string>{"a", "b", "a"}));

    auto unterminated = d.RewriteBinds("SELECT 'abc", order);
    ASSERT_FALSE(unterminated.ok());
    EXPECT_NE(unterminated.status().message().find("line 1:8: unterminated string literal"), std::string::npos);
}

TEST(MysqlDialectTest, CapabilitiesAndTranspile) {
    MysqlDialect d;
    auto caps = d.GetCapabilities();
    EXPECT_TRUE(caps.limit);
    EXPECT_FALSE(caps.connect_by);
    EXPECT_FALSE(caps.rownum);
    EXPECT_FALSE(caps.oracle_outer_join);
    EXPECT_FALSE(caps.merge);
    EXPECT_FALSE(caps.sequence_nextval);
    EXPECT_FALSE(caps.empty_string_is_null);

    test::ExpectTranslationLeftToTheHost(d);
}

TEST(MysqlDialectTest, DeclaresItsSqlTargetForCoreToTranslate) {
    test::ExpectDeclaresTarget(MysqlDialect(), {"MYSQL"});
    EXPECT_FALSE(MysqlDialect().SqlTargetProfile()->merge);
}

}  // namespace
}  // namespace dbbridge::mysql
