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
        PlaceholderStyle::kDollarNumber, {}, order);
    ASSERT_TRUE(r.ok()) << r.status().message();
    EXPECT_EQ(*r, "update t set name = $1, note = '@notabind' /* @c */ where id = $2 -- @tail\n and x = $3");
    EXPECT_EQ(order, (std::vector<std::string>{"name", "id", "name"}));
}

TEST(RewriteNamedBindsTest, KeepsSystemVariablesQuotedIdentifiersAndQQuotes) {
    std::vector<std::string> order;
    auto r = RewriteNamedBinds("select @@version, \"@x\", q'[it's @y]', `@z`, @a", PlaceholderStyle::kQuestion,
                               {false, true, false}, order);
    ASSERT_TRUE(r.ok()) << r.status().message();
    EXPECT_EQ(*r, "select @@version, \"@x\", q'[it's @y]', `@z`, ?");
    EXPECT_EQ(order, (std::vector<std::string>{"a"}));
}

TEST(RewriteNamedBindsTest, BackslashEscapesOnlyWhenAsked) {
    std::vector<std::string> order;
    auto mysql = RewriteNamedBinds("select 'a\\' @b', @c", PlaceholderStyle::kQuestion, {true, true, false}, order);
    ASSERT_TRUE(mysql.ok());
    EXPECT_EQ(*mysql, "select 'a\\' @b', ?");
    auto standard = RewriteNamedBinds("select 'a\\', @c", PlaceholderStyle::kQuestion, {}, order);
    ASSERT_TRUE(standard.ok());
    EXPECT_EQ(*standard, "select 'a\\', ?");
}

TEST(RewriteNamedBindsTest, DollarQuotesAreLiterals) {
    std::vector<std::string> order;
    auto r = RewriteNamedBinds("select $$ @x $$, $tag$ @y $tag$, @z", PlaceholderStyle::kDollarNumber,
                               {false, false, true}, order);
    ASSERT_TRUE(r.ok());
    EXPECT_EQ(*r, "select $$ @x $$, $tag$ @y $tag$, $1");
}

TEST(RewriteNamedBindsTest, UnterminatedLiteralNamesOffset) {
    std::vector<std::string> order;
    auto r = RewriteNamedBinds("select 'abc", PlaceholderStyle::kQuestion, {}, order);
    ASSERT_FALSE(r.ok());
    EXPECT_NE(r.status().message().find("unterminated string literal starting at offset 7"), std::string::npos);
    EXPECT_FALSE(RewriteNamedBinds("select /* x", PlaceholderStyle::kQuestion, {}, order).ok());
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
