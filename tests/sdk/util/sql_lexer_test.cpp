#include "dbbridge/sdk/util/sql_lexer.h"

#include <gtest/gtest.h>

namespace dbbridge::sdk::util {
namespace {

// Kinds and texts of the tokens of sql (kEnd dropped).
std::vector<std::pair<SqlTokenKind, std::string>> Lex(const std::string& sql, const SqlLexicon& lexicon) {
    SqlLexMode mode;
    mode.lenient = true;
    auto r = LexSql(sql, lexicon, mode);
    EXPECT_TRUE(r.ok()) << r.status().message();
    std::vector<std::pair<SqlTokenKind, std::string>> out;
    for (const auto& t : r.ok() ? r.value() : std::vector<SqlToken>{}) {
        if (t.kind != SqlTokenKind::kEnd) {
            out.emplace_back(t.kind, t.text);
        }
    }
    return out;
}

TEST(SqlLexerTest, OracleQQuotesOnlyInOracle) {
    const std::string sql = "select q'[it's]' from dual";
    auto ora = Lex(sql, SqlLexicon::Oracle());
    ASSERT_EQ(ora.size(), 4u);
    EXPECT_EQ(ora[1], std::make_pair(SqlTokenKind::kString, std::string("q'[it's]'")));
    auto pg = Lex("select q'[it]' from dual", SqlLexicon::Postgres());
    EXPECT_EQ(pg[1], std::make_pair(SqlTokenKind::kWord, std::string("q")));
    EXPECT_EQ(pg[2], std::make_pair(SqlTokenKind::kString, std::string("'[it]'")));
}

TEST(SqlLexerTest, BackslashEscapesOnlyWhereTheDialectHasThem) {
    auto my = Lex(R"(select 'a\'b', "c")", SqlLexicon::MySql());
    EXPECT_EQ(my[1], std::make_pair(SqlTokenKind::kString, std::string(R"('a\'b')")));
    EXPECT_EQ(my[3], std::make_pair(SqlTokenKind::kString, std::string(R"("c")")));  // MySQL "..." is text
    auto ora = Lex(R"(select 'a\', "c")", SqlLexicon::Oracle());
    EXPECT_EQ(ora[1], std::make_pair(SqlTokenKind::kString, std::string(R"('a\')")));
    EXPECT_EQ(ora[3], std::make_pair(SqlTokenKind::kQuotedIdent, std::string(R"("c")")));
    auto pg = Lex(R"(select E'a\'b', 'c\')", SqlLexicon::Postgres());
    EXPECT_EQ(pg[1], std::make_pair(SqlTokenKind::kString, std::string(R"(E'a\'b')")));
    EXPECT_EQ(pg[3], std::make_pair(SqlTokenKind::kString, std::string(R"('c\')")));
}

TEST(SqlLexerTest, DollarQuotesAndPositionalBindsInPostgres) {
    auto pg = Lex("select $$a ' b$$, $fn$x$fn$, $1", SqlLexicon::Postgres());
    ASSERT_EQ(pg.size(), 6u);
    EXPECT_EQ(pg[1], std::make_pair(SqlTokenKind::kString, std::string("$$a ' b$$")));
    EXPECT_EQ(pg[3], std::make_pair(SqlTokenKind::kString, std::string("$fn$x$fn$")));
    EXPECT_EQ(pg[5], std::make_pair(SqlTokenKind::kBind, std::string("$1")));
    auto r = LexSql("select $q$ open", SqlLexicon::Postgres());
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.status().message(), "line 1:8: unterminated dollar-quoted literal $q$");
}

TEST(SqlLexerTest, CommentsFollowTheDialect) {
    auto my = Lex("select 1 # c\n, 2 --x", SqlLexicon::MySql());  // "--x" is minus minus x in MySQL
    EXPECT_EQ(my[2], std::make_pair(SqlTokenKind::kComment, std::string("# c")));
    EXPECT_EQ(my.back(), std::make_pair(SqlTokenKind::kWord, std::string("x")));
    auto ora = Lex("select 1 --x\n", SqlLexicon::Oracle());
    EXPECT_EQ(ora.back(), std::make_pair(SqlTokenKind::kComment, std::string("--x")));
}

TEST(SqlLexerTest, StrictModeNamesLineAndColumnLenientModeReadsAnything) {
    auto strict = LexSql("select 1\n  from t where a = \\", SqlLexicon::Oracle());
    ASSERT_FALSE(strict.ok());
    EXPECT_EQ(strict.status().message(), "line 2:20: unexpected character '\\'");
    auto lenient = Lex("select a -> 'x' from t where b = \\", SqlLexicon::Postgres());
    EXPECT_EQ(lenient.back(), std::make_pair(SqlTokenKind::kOperator, std::string("\\")));
}

}  // namespace
}  // namespace dbbridge::sdk::util
