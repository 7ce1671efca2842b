#pragma once
// SQL tokenizer for the Oracle and MySQL source dialects (and the PostgreSQL-flavoured rule
// templates). Every token keeps its exact source bytes (text) and position, so literals,
// quoted identifiers, comments and binds can be reproduced byte for byte. Thread-safe.

#include <cstddef>
#include <string>
#include <vector>

#include "dbbridge/sdk/status.h"

namespace dbbridge::sdk::sql {

enum class SourceDialect { kOracle, kMySql, kPostgres };

// Parses "ORACLE" / "MYSQL" / "POSTGRESQL" (any case). Fails naming the value.
Result<SourceDialect> ParseSourceDialect(const std::string& name);

enum class TokenKind {
    kWord,         // keyword or unquoted identifier
    kQuotedIdent,  // "x" or `x`; value holds the unquoted name
    kString,       // '..', q'[..]', N'..', MySQL "..": value holds the decoded text
    kNumber,
    kOperator,     // punctuation and operators, incl. "||", "<=>", ":=", "(+)"
    kBind,         // ?, :name, :1, @name
    kPlaceholder,  // $1 in rule templates only
    kComment,      // -- .., /* .. */, # .. (MySQL)
    kEnd,
};

struct Position {
    int line = 1;
    int column = 1;
    std::string ToString() const { return std::to_string(line) + ":" + std::to_string(column); }
};

struct Token {
    TokenKind kind = TokenKind::kEnd;
    std::string text;   // exact source bytes
    std::string value;  // decoded string / identifier; empty for other kinds
    Position pos;
    std::size_t offset = 0;
    bool national = false;      // N'..'
    bool alt_quote = false;     // q'..' literal
    bool backslashes = false;   // literal was read with MySQL backslash escapes
    bool double_quoted = false; // MySQL "..." string literal
};

class Tokenizer {
public:
    explicit Tokenizer(SourceDialect dialect, bool placeholders = false)
        : dialect_(dialect), placeholders_(placeholders) {}

    // Splits sql into tokens (comments included), ending with one kEnd token. Fails on an
    // unterminated literal, identifier or comment, or an unknown character, naming line:column.
    Result<std::vector<Token>> Tokenize(const std::string& sql) const;

private:
    SourceDialect dialect_;
    bool placeholders_;
};

}  // namespace dbbridge::sdk::sql
