// The ODBC connection-string parser must read strings exactly as unixODBC's driver manager does
// (DriverManager/SQLDriverConnect.c, __get_attr / __parse_connection_string_ex).
#include "dbbridge/sdk/util/odbc_connection_string.h"

#include <gtest/gtest.h>

#include "dbbridge/sdk/util/jdbc_url.h"

namespace dbbridge::sdk::util {
namespace {

std::vector<std::pair<std::string, std::string>> Pairs(const std::string& cs) {
    std::vector<std::pair<std::string, std::string>> out;
    for (const auto& a : ParseOdbcConnectionString(cs)) {
        out.emplace_back(a.keyword, a.value);
    }
    return out;
}

using P = std::vector<std::pair<std::string, std::string>>;

TEST(OdbcConnectionStringTest, ABlankBeforeABraceIsPartOfAnUnbracedValue) {
    // The bypass of issue 10: a parser that skips the blank sees UID={x;DRIVER=/p.so;x}; the
    // driver manager sees UID=" {x" and then DRIVER=/p.so.
    EXPECT_EQ(Pairs("DSN=x;UID= {x;DRIVER=/p.so;x}"), (P{{"DSN", "x"}, {"UID", " {x"}, {"DRIVER", "/p.so"}}));
    EXPECT_EQ(OdbcAttributeValue("UID= {x;DRIVER=/p.so;x}", "driver"), std::optional<std::string>("/p.so"));
}

TEST(OdbcConnectionStringTest, BracedValuesEndAtASingleBraceAndParsingGoesOnRightAfterIt) {
    EXPECT_EQ(Pairs("PWD={a;b}}c};DSN=d"), (P{{"PWD", "a;b}c"}, {"DSN", "d"}}));
    // After the closing brace the manager does not skip to ';': "x;DRIVER" becomes one keyword.
    EXPECT_EQ(Pairs("PWD={a}x;DRIVER=/p.so"), (P{{"PWD", "a"}, {"x;DRIVER", "/p.so"}}));
    EXPECT_EQ(Pairs("PWD={unterminated;DSN=x"), (P{{"PWD", "unterminated;DSN=x"}}));
}

TEST(OdbcConnectionStringTest, KeywordsKeepTheirBlanksAndTextWithoutEqualsEndsTheString) {
    EXPECT_EQ(Pairs("  ;;DRIVER =x; DSN=y;tail"), (P{{"DRIVER ", "x"}, {"DSN", "y"}}));
    EXPECT_EQ(OdbcKeywordName(" driver "), "DRIVER");
    EXPECT_FALSE(OdbcAttributeValue("DRIVER =x", "DRIVER").has_value());
}

TEST(OdbcConnectionStringTest, LaterKeywordsReplaceEarlierOnesExceptDsnAgainstDriver) {
    EXPECT_EQ(OdbcAttributeValue("UID=a;uid=b", "UID"), std::optional<std::string>("b"));
    EXPECT_EQ(OdbcAttributeValue("DSN=a;DRIVER=/p.so", "DRIVER"), std::nullopt);
    EXPECT_EQ(OdbcAttributeValue("DRIVER=d;DSN=a", "DSN"), std::nullopt);
}

TEST(OdbcConnectionStringTest, PasswordsAreFoundRedactedAndSplitOut) {
    const std::string cs = "DSN=x;UID=u;PWD={p;w}}d};Extra=1";
    EXPECT_EQ(RedactOdbcConnectionString(cs), "DSN=x;UID=u;PWD=***;Extra=1");
    auto split = SplitOdbcPassword(cs);
    EXPECT_EQ(split.rest, "DSN=x;UID=u;Extra=1");
    EXPECT_EQ(split.password, std::optional<std::string>("p;w}d"));
    EXPECT_FALSE(SplitOdbcPassword("DSN=x").password.has_value());
    EXPECT_EQ(EscapeOdbcValue("a;b}"), "{a;b}}}");
    EXPECT_EQ(EscapeOdbcValue(" x"), "{ x}");
    EXPECT_EQ(EscapeOdbcValue("plain"), "plain");
}

// Found by fuzz_odbc_connection_string: removing a pair must not change how the rest parses.
TEST(OdbcConnectionStringTest, SplittingOutAPasswordLeavesTheOtherPairsAsTheyWere) {
    const std::string cs = "UID={a}PWD=s1;}x}PWD=s2";  // one password; "}x}PWD" is another keyword
    auto split = SplitOdbcPassword(cs);
    EXPECT_EQ(split.password, std::optional<std::string>("s1"));
    auto pairs = [](const std::string& text) {
        std::vector<std::pair<std::string, std::string>> out;
        for (const auto& a : ParseOdbcConnectionString(text)) {
            out.emplace_back(a.keyword, a.value);
        }
        return out;
    };
    using Pairs = std::vector<std::pair<std::string, std::string>>;
    EXPECT_EQ(pairs(split.rest), (Pairs{{"UID", "a"}, {"}x}PWD", "s2"}})) << split.rest;
    EXPECT_EQ(pairs(cs), (Pairs{{"UID", "a"}, {"PWD", "s1"}, {"}x}PWD", "s2"}}));
}

TEST(UrlPasswordSpansTest, FindsUserInfoAndSecretParameters) {
    const std::string url = "jdbc:mysql://app:s3cr@t@h:3306/db?password=p2&useSSL=false;pwd=p3";
    std::vector<std::string> found;
    for (const auto& s : UrlPasswordSpans(url)) {
        found.push_back(url.substr(s.begin, s.end - s.begin));
    }
    EXPECT_EQ(found, (std::vector<std::string>{"s3cr@t", "p2", "p3"}));
    const std::string thin = "jdbc:oracle:thin:scott/tiger@h:1521/svc";
    auto spans = UrlPasswordSpans(thin);
    ASSERT_EQ(spans.size(), 1u);
    EXPECT_EQ(thin.substr(spans[0].begin, spans[0].end - spans[0].begin), "tiger");
    EXPECT_TRUE(UrlPasswordSpans("jdbc:oracle:thin:@h:1521/svc").empty());
    EXPECT_TRUE(UrlPasswordSpans("jdbc:mysql://h/db").empty());
}

}  // namespace
}  // namespace dbbridge::sdk::util
