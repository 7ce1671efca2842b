#pragma once
// Table compare: proves that a table arrived intact on another database without moving its rows.
//
// The key range is split into segments; each database computes, in SQL, the row count and a
// checksum of a canonical text of every row of a segment (Dialect::SegmentChecksumSql). Segments
// whose (count, checksum) agree are done; the others are split again until a side holds at most
// fetch_threshold rows, then both sides' rows are fetched and judged by the multiplex
// comparator's typed value rules (ValueNormalizer), so "equal" means the same in both features.
// Rows only in one side's segment are matched by key across segments at the end, so engines that
// order string keys differently still pair their rows.
//
// Limits: rows held in memory are fetch_threshold per side per thread plus the unmatched rows
// (max_unmatched_rows); threads; a deadline. No HTTP here: the CLI and the API call CompareTables.

#include <atomic>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "core/multiplex/multiplex_request.h"
#include "dbbridge/sdk/connection.h"
#include "dbbridge/sdk/dialect.h"
#include "dbbridge/sdk/status.h"

namespace dbbridge::core::compare {

// One side of the comparison: a datasource and one of its tables.
struct TableSide {
    std::string label;  // the datasource's name, used in every message
    const sdk::Dialect* dialect = nullptr;
    sdk::ConnectionSpec connection;
    std::string table;  // "name" or "schema.name", as the user wrote it
};

struct CompareLimits {
    int segments = 16;                       // initial segments (1..10000)
    int bisection_factor = 8;                // parts a differing segment splits into (2..64)
    std::int64_t fetch_threshold = 10000;    // rows per side fetched and compared at once (100..1000000)
    int threads = 2;                         // segments compared at once (1..32)
    int timeout_seconds = 3600;              // whole compare (1..86400)
    std::size_t max_reported_rows = 100;     // per category in the report
    std::size_t max_unmatched_rows = 200000; // rows of one side not yet paired, held for cross-segment matching
};

struct TableCompareRequest {
    TableSide source;
    TableSide target;
    std::vector<std::string> key;      // empty: the source table's primary key
    std::vector<std::string> columns;  // empty: every column of the source table
    std::string where;                 // a condition applied on both sides (user-owned SQL)
    int timestamp_precision = 6;       // fraction digits compared by the checksums (0..6)
    multiplex::CompareRules rules;     // the typed comparator's rules (pair rules on by default)
    CompareLimits limits;
    // false: no checksum SQL, every range is counted and fetched (the row path: slower, moves every
    // row; for checking the checksums themselves).
    bool use_checksums = true;
};

// Checks the request's numbers and names; the error names the field.
sdk::Status ValidateRequest(const TableCompareRequest& request);
// The rules beyond the defaults, as the report names them: "round_decimals=2, ignore_case, no pair_rules, ignore_columns=a,b".
std::string RulesText(const multiplex::CompareRules& rules);

struct CellDifference {
    std::string column;
    std::optional<std::string> source;  // nullopt: NULL
    std::optional<std::string> target;
    std::string rule;  // the comparison that judged the values: "exact" or the rules applied
};

struct RowDifference {
    std::string key;  // "id=7" or "a=1, b=x"
    std::vector<CellDifference> cells;
};

struct ColumnRules {
    std::string column;
    std::string rules;         // rules through which cells of this column matched, "NA" when none
    std::int64_t cells = 0;    // cells that matched only through a rule
};

struct TableCompareReport {
    std::string source_label, target_label, source_table, target_table;
    std::vector<std::string> key;
    std::vector<std::string> columns;
    std::string rules;  // the value rules asked for, e.g. "round_decimals=2, ignore_case" ("" none beyond the defaults)
    std::int64_t source_rows = 0;  // rows counted by the checksums (the where applied)
    std::int64_t target_rows = 0;
    std::int64_t only_in_source = 0;
    std::int64_t only_in_target = 0;
    std::int64_t differing_rows = 0;
    std::int64_t duplicate_keys = 0;  // key values seen more than once on one side
    std::int64_t null_key_source = 0;  // rows whose key has a NULL: in no key range, not compared
    std::int64_t null_key_target = 0;
    std::vector<std::string> only_in_source_keys;  // the first max_reported_rows
    std::vector<std::string> only_in_target_keys;
    std::vector<RowDifference> differing;
    std::vector<std::string> duplicates;  // "source: id=3 (2 rows)"
    std::vector<ColumnRules> column_rules;
    std::int64_t segments_checked = 0;
    std::int64_t segments_fetched = 0;
    std::int64_t rows_fetched = 0;
    double source_seconds = 0;  // time the source database spent answering
    double target_seconds = 0;
    double total_seconds = 0;
    std::vector<std::string> notes;

    bool identical() const {
        return only_in_source == 0 && only_in_target == 0 && differing_rows == 0 && duplicate_keys == 0 &&
               null_key_source == 0 && null_key_target == 0 && source_rows == target_rows;
    }
};

// Segments finished and segments known so far (the total grows while segments are split).
using ProgressFn = std::function<void(std::int64_t done, std::int64_t total)>;

// Runs the comparison. Errors (connection, unknown table or column, no usable key, timeout,
// cancel) name the datasource and table; differences are not errors.
sdk::Result<TableCompareReport> CompareTables(const TableCompareRequest& request, const std::atomic<bool>* cancel,
                                              const ProgressFn& progress = nullptr);

// The report as text for a terminal, and as JSON (the API's stored report).
std::string ReportText(const TableCompareReport& report);
std::string ReportJson(const TableCompareReport& report);

}  // namespace dbbridge::core::compare
