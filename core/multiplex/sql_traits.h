#pragma once
// What the comparator needs to know about a statement, read from its text with a light
// tokenizer that skips literals, quoted identifiers and comments: is it a query, does it have
// a top-level ORDER BY (and on which items), and can its result vary between runs.

#include <string>
#include <vector>

namespace dbbridge::core::multiplex {

struct SqlTraits {
    bool is_query = false;  // SELECT / WITH / VALUES / a parenthesised query
    std::string statement_kind;  // SELECT, INSERT, UPDATE, DELETE, MERGE, ... (first keyword)
    bool top_level_order_by = false;
    // Top-level ORDER BY items without ASC/DESC/NULLS FIRST|LAST, as written ("t.id", "2").
    std::vector<std::string> order_items;
    bool non_deterministic = false;
    std::string non_deterministic_reason;  // e.g. "SYSDATE", "LIMIT without ORDER BY"
};

SqlTraits AnalyzeSql(const std::string& sql);

}  // namespace dbbridge::core::multiplex
