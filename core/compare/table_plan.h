#pragma once
// What a table comparison reads on each side, settled before any segment is compared: the
// columns (key first) as each side names and types them, the key, and quoted SQL fragments.

#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "core/compare/row_matcher.h"
#include "core/compare/segment.h"
#include "core/compare/table_compare.h"

namespace dbbridge::core::compare {

struct SidePlan {
    const TableSide* side = nullptr;
    std::vector<sdk::ColumnInfo> columns;  // compared columns in order, as this side types them
    KeyColumns key;
    std::string quoted_table;
    std::string select_list;  // quoted compared columns
    std::string key_list;     // quoted key columns
    std::string order_list;   // the key's byte-order expressions, for ORDER BY

    // "datasource 'pg' table 'public.t'", for messages.
    std::string Where() const;
};

struct TablePlan {
    SidePlan source;
    SidePlan target;
    MatchShape shape;
    multiplex::NormalizerOptions normalizer;
    bool integer_key = false;  // one integer key column: segments split arithmetically

    TableCompareReport EmptyReport() const;
};

// Connects to both sides, reads their columns and the key, and checks that every compared
// column exists on both and that the key is usable.
sdk::Result<TablePlan> PlanComparison(const TableCompareRequest& request);

sdk::Result<std::pair<std::unique_ptr<sdk::Connection>, std::unique_ptr<sdk::Connection>>> ConnectBoth(
    const TablePlan& plan);

// The segments to start from: an integer key's range (both sides' min and max) split into
// limits.segments parts, else the whole table as one segment (split by key samples if it differs).
sdk::Result<std::vector<Segment>> InitialSegments(const TablePlan& plan, const TableCompareRequest& request);

}  // namespace dbbridge::core::compare
