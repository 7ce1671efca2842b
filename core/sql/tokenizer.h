#pragma once
// The translator's view of the one SQL lexer (sdk/util/sql_lexer.h) for its source dialects,
// Oracle and MySQL (and the PostgreSQL-flavoured rule templates). Every token keeps its exact
// source bytes (text) and position, so literals, quoted identifiers, comments and binds can be
// reproduced byte for byte. Thread-safe.

#include <cstddef>
#include <string>
#include <vector>

#include "dbbridge/sdk/dialect.h"
#include "dbbridge/sdk/status.h"
#include "dbbridge/sdk/util/sql_lexer.h"

namespace dbbridge::sql {

// The SDK vocabulary the translator speaks (results, statuses, targets, lexer helpers).
using sdk::Capabilities;
using sdk::Result;
using sdk::SqlFamily;
using sdk::SqlLexicon;
using sdk::SqlTarget;
using sdk::Status;
using sdk::StatusCode;
using sdk::TranspileResult;
namespace util = sdk::util;

enum class SourceDialect { kOracle, kMySql, kPostgres };

// Parses "ORACLE" / "MYSQL" / "POSTGRESQL" (any case). Fails naming the value.
Result<SourceDialect> ParseSourceDialect(const std::string& name);

// The translator reads tokens of the one SQL lexer (dbbridge/sdk/util/sql_lexer.h).
using TokenKind = util::SqlTokenKind;
using Position = util::SqlPosition;
using Token = util::SqlToken;

// The lexicon of a source dialect: Oracle, MySQL, or PostgreSQL (rule templates).
SqlLexicon LexiconOf(SourceDialect dialect);

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

}  // namespace dbbridge::sql
