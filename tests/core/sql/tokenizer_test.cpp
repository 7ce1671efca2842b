#include "core/sql/tokenizer.h"

#include <gtest/gtest.h>

namespace dbbridge::sql {
namespace {

std::vector<Token> Lex(const std::string& sql, SourceDialect d = SourceDialect::kOracle) {
    auto r = Tokenizer(d).Tokenize(sql);
    EXPECT_TRUE(r.ok()) << r.status().message();
    return r.ok() ? *r : std::vector<Token>{};
}

TEST(Tokenizer, KeepsEveryTokenByteForByte) {
    const std::string sql = "SELECT q'[it's]', N'x''y', \"Mixed \"\"Q\"\"\" /* c */ -- tail\n FROM t WHERE a = :p AND b = ?";
    auto toks = Lex(sql);
    for (const auto& t : toks) {
        EXPECT_EQ(sql.substr(t.offset, t.text.size()), t.text);
    }
    EXPECT_EQ(toks[1].kind, TokenKind::kString);
    EXPECT_EQ(toks[1].value, "it's");
    EXPECT_TRUE(toks[1].alt_quote);
    EXPECT_EQ(toks[3].value, "x'y");
    EXPECT_TRUE(toks[3].national);
    EXPECT_EQ(toks[5].kind, TokenKind::kQuotedIdent);
    EXPECT_EQ(toks[5].value, "Mixed \"Q\"");
    EXPECT_EQ(toks[6].kind, TokenKind::kComment);
    EXPECT_EQ(toks[6].text, "/* c */");
    EXPECT_EQ(toks[7].text, "-- tail");
}

TEST(Tokenizer, AltQuoteDelimiters) {
    auto toks = Lex("SELECT q'{a'b}', Q'<x>', q'!y!' FROM dual");
    EXPECT_EQ(toks[1].value, "a'b");
    EXPECT_EQ(toks[3].value, "x");
    EXPECT_EQ(toks[5].value, "y");
}

TEST(Tokenizer, MySqlStringsCommentsAndBackticks) {
    auto toks = Lex("SELECT \"a\\\"b\", 'c\\'d', `col``x` # note\n--1", SourceDialect::kMySql);
    EXPECT_EQ(toks[1].kind, TokenKind::kString);
    EXPECT_EQ(toks[1].value, "a\"b");
    EXPECT_EQ(toks[3].value, "c'd");
    EXPECT_EQ(toks[5].kind, TokenKind::kQuotedIdent);
    EXPECT_EQ(toks[5].value, "col`x");
    EXPECT_EQ(toks[6].kind, TokenKind::kComment);
    // "--1" without a space is minus minus one in MySQL, not a comment.
    EXPECT_EQ(toks[7].text, "-");
}

TEST(Tokenizer, OperatorsBindsAndPositions) {
    auto toks = Lex("a(+) = b ||\n  c <=> :x1 @name != 1.5e3");
    std::vector<std::string> texts;
    for (const auto& t : toks) {
        texts.push_back(t.text);
    }
    EXPECT_EQ(texts, (std::vector<std::string>{"a", "(+)", "=", "b", "||", "c", "<=>", ":x1", "@name", "!=", "1.5e3", ""}));
    EXPECT_EQ(toks[5].pos.line, 2);
    EXPECT_EQ(toks[5].pos.column, 3);
    EXPECT_EQ(toks[7].kind, TokenKind::kBind);
    EXPECT_EQ(toks[8].kind, TokenKind::kBind);
}

TEST(Tokenizer, UnterminatedLiteralNamesPosition) {
    auto r = Tokenizer(SourceDialect::kOracle).Tokenize("SELECT 1,\n  'abc FROM dual");
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.status().message(), "line 2:3: unterminated string literal");
    auto c = Tokenizer(SourceDialect::kOracle).Tokenize("SELECT /* x");
    ASSERT_FALSE(c.ok());
    EXPECT_EQ(c.status().message(), "line 1:8: unterminated comment /* ... */");
}

}  // namespace
}  // namespace dbbridge::sql
