#pragma once
// The one SQL lexer of the code base: bind rewriting (sql_text.h), multiplex statement analysis
// and the translator's tokenizer all split SQL here, so they agree on where a literal, quoted
// identifier or comment ends. Dialect differences come from an sdk::SqlLexicon (declared by each
// plugin). Every token keeps its exact source bytes and position, so text can be reproduced byte
// for byte. Pure functions, thread-safe.

#include <cstddef>
#include <string>
#include <vector>

#include "dbbridge/sdk/sql_lexicon.h"
#include "dbbridge/sdk/status.h"

namespace dbbridge::sdk::util {

enum class SqlTokenKind {
    kWord,         // keyword or unquoted identifier
    kQuotedIdent,  // "x" or `x`; value holds the unquoted name
    kString,       // '..', q'[..]', N'..', E'..', $tag$..$tag$, MySQL "..": value holds the decoded text
    kNumber,
    kOperator,     // punctuation and operators, incl. "||", "<=>", ":=", "(+)"
    kBind,         // ?, :name, :1, @name, @@name, PostgreSQL $1
    kPlaceholder,  // $1 in rule templates only (SqlLexMode::placeholders)
    kComment,      // -- .., /* .. */, # .. (MySQL)
    kEnd,
};

struct SqlPosition {
    int line = 1;
    int column = 1;
    std::string ToString() const { return std::to_string(line) + ":" + std::to_string(column); }
};

struct SqlToken {
    SqlTokenKind kind = SqlTokenKind::kEnd;
    std::string text;   // exact source bytes
    std::string value;  // decoded string / identifier; empty for other kinds
    SqlPosition pos;
    std::size_t offset = 0;
    bool national = false;       // N'..'
    bool alt_quote = false;      // q'..' literal
    bool backslashes = false;    // literal was read with backslash escapes
    bool double_quoted = false;  // MySQL "..." string literal
    bool dollar_quoted = false;  // PostgreSQL $tag$..$tag$
};

struct SqlLexMode {
    bool placeholders = false;  // "$1" is a rule-template placeholder (translator rules only)
    // A character no dialect gives a meaning becomes a one-byte kOperator token instead of an
    // error (statement analysis reads any text the user may send a server).
    bool lenient = false;
};

// Splits sql into tokens (comments included), ending with one kEnd token. Fails on an
// unterminated literal, identifier or comment, or (unless lenient) an unknown character, with
// "line L:C: <what>".
Result<std::vector<SqlToken>> LexSql(const std::string& sql, const SqlLexicon& lexicon, SqlLexMode mode = {});

}  // namespace dbbridge::sdk::util
