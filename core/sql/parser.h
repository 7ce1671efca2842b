#pragma once
// Recursive-descent parser for the SQL subset the transpiler translates (SELECT with joins,
// subqueries, set operators, CTEs, windows, CONNECT BY; INSERT, UPDATE, DELETE, MERGE; CREATE
// TABLE / INDEX / SEQUENCE). Anything else fails with "line L:C: ... near 'token'": nothing is
// passed through unparsed. Thread-safe (no state between calls).

#include <string>
#include <vector>

#include "core/sql/ast.h"

namespace dbbridge::sql {

class Parser {
public:
    explicit Parser(SourceDialect dialect, bool placeholders = false)
        : dialect_(dialect), placeholders_(placeholders) {}

    // Parses ';'-separated statements (a trailing ';' and empty statements are allowed).
    Result<std::vector<StatementPtr>> ParseScript(const std::string& sql) const;

    // Parses one expression (used for rule templates, with $n placeholders when enabled).
    Result<ExprPtr> ParseExpression(const std::string& sql) const;

private:
    SourceDialect dialect_;
    bool placeholders_;
};

}  // namespace dbbridge::sql
