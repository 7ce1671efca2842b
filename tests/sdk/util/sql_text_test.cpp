#include "dbbridge/sdk/util/sql_text.h"

#include <gtest/gtest.h>

#include "dbbridge/sdk/util/jdbc_url.h"
#include "dbbridge/sdk/util/json_writer.h"

namespace dbbridge::sdk::util {
namespace {

TEST(RewriteNamedBindsTest, ReplacesBindsOutsideLiteralsAndComments) {
    std::vector<std::string> order;
    auto r = RewriteNamedBinds(
        "update t set name = @name, note = '@notabind' /* @c */ where id = @id -- @tail\n and x = @name",
        PlaceholderStyle::kDollarNumber, SqlLexicon::Postgres(), order);
    ASSERT_TRUE(r.ok()) << r.status().message();
    EXPECT_EQ(*r, "update t set name = $1, note = '@notabind' /* @c */ where id = $2 -- @tail\n and x = $3");
    EXPECT_EQ(order, (std::vector<std::string>{"name", "id", "name"}));
}

TEST(RewriteNamedBindsTest, OracleQQuotesAreLiteralsOnlyInOracle) {
    std::vector<std::string> order;
    auto oracle = RewriteNamedBinds("select \"@x\", q'[it's @y]', @a", PlaceholderStyle::kQuestion,
                                    SqlLexicon::Oracle(), order);
    ASSERT_TRUE(oracle.ok()) << oracle.status().message();
    EXPECT_EQ(*oracle, "select \"@x\", q'[it's @y]', ?");
    EXPECT_EQ(order, (std::vector<std::string>{"a"}));
    // PostgreSQL has no q-quotes: q is a column alias and '[it' a literal, so @y is a bind.
    auto pg = RewriteNamedBinds("select q'[it' @y", PlaceholderStyle::kDollarNumber, SqlLexicon::Postgres(), order);
    ASSERT_TRUE(pg.ok()) << pg.status().message();
    EXPECT_EQ(*pg, "select q'[it' $1");
}

TEST(RewriteNamedBindsTest, MySqlSystemVariablesBackticksAndHashComments) {
    std::vector<std::string> order;
    auto r = RewriteNamedBinds("select @@version, `@z`, \"@s\", @a # @c\n, @b", PlaceholderStyle::kQuestion,
                               SqlLexicon::MySql(), order);
    ASSERT_TRUE(r.ok()) << r.status().message();
    EXPECT_EQ(*r, "select @@version, `@z`, \"@s\", ? # @c\n, ?");
    EXPECT_EQ(order, (std::vector<std::string>{"a", "b"}));
}

TEST(RewriteNamedBindsTest, BackslashEscapesOnlyWhereTheDialectHasThem) {
    std::vector<std::string> order;
    auto mysql = RewriteNamedBinds("select 'a\\' @b', @c", PlaceholderStyle::kQuestion, SqlLexicon::MySql(), order);
    ASSERT_TRUE(mysql.ok());
    EXPECT_EQ(*mysql, "select 'a\\' @b', ?");
    auto oracle = RewriteNamedBinds("select 'a\\', @c", PlaceholderStyle::kQuestion, SqlLexicon::Oracle(), order);
    ASSERT_TRUE(oracle.ok());
    EXPECT_EQ(*oracle, "select 'a\\', ?");
    // PostgreSQL: a backslash escapes only inside E'...'.
    auto pg = RewriteNamedBinds("select E'a\\' @b', 'c\\', @d", PlaceholderStyle::kDollarNumber,
                                SqlLexicon::Postgres(), order);
    ASSERT_TRUE(pg.ok());
    EXPECT_EQ(*pg, "select E'a\\' @b', 'c\\', $1");
    EXPECT_EQ(order, (std::vector<std::string>{"d"}));
}

TEST(RewriteNamedBindsTest, DollarQuotesAreLiteralsInPostgres) {
    std::vector<std::string> order;
    auto r = RewriteNamedBinds("select $$ @x $$, $tag$ @y $tag$, @z, $1", PlaceholderStyle::kDollarNumber,
                               SqlLexicon::Postgres(), order);
    ASSERT_TRUE(r.ok());
    EXPECT_EQ(*r, "select $$ @x $$, $tag$ @y $tag$, $1, $1");
    EXPECT_EQ(order, (std::vector<std::string>{"z"}));
}

TEST(RewriteNamedBindsTest, UnterminatedLiteralNamesLineAndColumn) {
    std::vector<std::string> order;
    auto r = RewriteNamedBinds("select 1,\n 'abc", PlaceholderStyle::kQuestion, SqlLexicon::Oracle(), order);
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.status().message(), "line 2:2: unterminated string literal");
    EXPECT_FALSE(RewriteNamedBinds("select /* x", PlaceholderStyle::kQuestion, SqlLexicon::Oracle(), order).ok());
    EXPECT_FALSE(RewriteNamedBinds("select $q$ x", PlaceholderStyle::kQuestion, SqlLexicon::Postgres(), order).ok());
}

TEST(QuoteQualifiedNameTest, QuotesEachPartAndDoublesQuotes) {
    auto r = QuoteQualifiedName("app.my\"t", '"', 63);
    ASSERT_TRUE(r.ok());
    EXPECT_EQ(*r, "\"app\".\"my\"\"t\"");
    auto q = QuoteQualifiedName("\"Odd.Name\".x", '"', 63);
    ASSERT_TRUE(q.ok()) << q.status().message();
    EXPECT_EQ(*q, "\"Odd.Name\".\"x\"");
    EXPECT_FALSE(QuoteQualifiedName("a..b", '"', 63).ok());
    EXPECT_FALSE(QuoteQualifiedName(std::string("a\x01"), '"', 63).ok());
    EXPECT_FALSE(QuoteQualifiedName(std::string(64, 'x'), '"', 63).ok());
    EXPECT_FALSE(QuoteQualifiedName("", '"', 63).ok());
}

TEST(SqlTextTest, BaseTypeNameAndIdentifiers) {
    EXPECT_EQ(BaseTypeName("NUMBER(12, 2)"), "number");
    EXPECT_EQ(BaseTypeName("int(10)  unsigned"), "int unsigned");
    EXPECT_EQ(BaseTypeName("TIMESTAMP(6) WITH TIME ZONE"), "timestamp with time zone");
    EXPECT_TRUE(IsPlainIdentifier("order_2"));
    EXPECT_FALSE(IsPlainIdentifier("2x"));
    EXPECT_FALSE(IsPlainIdentifier("a b"));
}

TEST(JdbcUrlTest, ParsesHostPortDatabaseAndParams) {
    auto r = ParseHostPortUrl("jdbc:mysql://db1:3307/sales?useSSL=false&characterEncoding=utf8", "jdbc:mysql://");
    ASSERT_TRUE(r.ok());
    EXPECT_EQ(r->host, "db1");
    EXPECT_EQ(r->port, 3307);
    EXPECT_EQ(r->database, "sales");
    EXPECT_EQ(r->params.at("useSSL"), "false");
    auto v6 = ParseHostPortUrl("jdbc:postgresql://[::1]:5433/x", "jdbc:postgresql://");
    ASSERT_TRUE(v6.ok());
    EXPECT_EQ(v6->host, "::1");
    EXPECT_EQ(v6->port, 5433);
    EXPECT_FALSE(ParseHostPortUrl("jdbc:mysql://h:99999/x", "jdbc:mysql://").ok());
    EXPECT_FALSE(ParseHostPortUrl("jdbc:mysql:///x", "jdbc:mysql://").ok());
    EXPECT_FALSE(ParseHostPortUrl("jdbc:oracle:thin:@h:1521:X", "jdbc:mysql://").ok());
}

TEST(JsonWriterTest, EscapesAndKeepsOrder) {
    JsonWriter w;
    w.BeginObject().Key("z").String("a\"b\\c\n\x01").Key("a").StringArray({"x", "y"}).Key("n").Null().EndObject();
    EXPECT_EQ(w.str(), "{\"z\":\"a\\\"b\\\\c\\n\\u0001\",\"a\":[\"x\",\"y\"],\"n\":null}");
}

}  // namespace
}  // namespace dbbridge::sdk::util
