#pragma once
// What the comparator needs to know about a statement, read through the one SQL lexer with the
// dialect's lexicon (so literals, quoted identifiers and comments are skipped exactly as that
// server reads them): is it a query, does it have a top-level ORDER BY (and on which items), and
// can its result vary between runs.

#include <string>
#include <vector>

#include "dbbridge/sdk/sql_lexicon.h"

namespace dbbridge::core::multiplex {

struct SqlTraits {
    bool is_query = false;  // SELECT / WITH / VALUES / a parenthesised query
    std::string statement_kind;  // SELECT, INSERT, UPDATE, DELETE, MERGE, ... (first keyword)
    // An ORDER BY that orders the statement's result: at the statement's own level (also after a
    // UNION chain, or inside parentheses wrapping the whole statement); not one inside a subquery,
    // a window (OVER), an aggregate (WITHIN GROUP, GROUP_CONCAT) or a CTE.
    bool top_level_order_by = false;
    // Top-level ORDER BY items without ASC/DESC/NULLS FIRST|LAST, as written ("t.id", "2").
    std::vector<std::string> order_items;
    bool non_deterministic = false;
    std::string non_deterministic_reason;  // e.g. "SYSDATE", "LIMIT without ORDER BY"
};

// Text the lexer cannot read (an unterminated literal) gives traits with is_query false: the
// statement fails on the servers and is compared as an error.
SqlTraits AnalyzeSql(const std::string& sql, const sdk::SqlLexicon& lexicon);

}  // namespace dbbridge::core::multiplex
