#pragma once
// A segment of the key range and the SQL condition that selects it on one side.
// Bounds are key tuples: lower inclusive, upper exclusive, either open; composite keys compare
// lexicographically, written out as ORs so every engine accepts it (Oracle has no row-value <).

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "dbbridge/sdk/connection.h"
#include "dbbridge/sdk/dialect.h"

namespace dbbridge::core::compare {

using KeyTuple = std::vector<sdk::Value>;

struct Segment {
    std::optional<KeyTuple> lower;  // inclusive; nullopt: open
    std::optional<KeyTuple> upper;  // exclusive; nullopt: open
    // Single integer key: the key range this segment actually spans ([int_lo, int_hi]), known
    // from the tables' min and max, so it splits arithmetically without reading keys.
    bool has_int_span = false;
    std::int64_t int_lo = 0;
    std::int64_t int_hi = 0;
    int depth = 0;
};

// The key columns as one side spells and types them.
struct KeyColumns {
    std::vector<std::string> quoted;  // quoted through that side's dialect
    // The same columns as that side's Dialect::ByteOrderKey expressions: bounds and ORDER BY use
    // these so both databases agree on the rows of a range (empty: the quoted columns).
    std::vector<std::string> ordered;
    std::vector<sdk::JdbcType> types;
};

// A condition with "@name" binds, and the values of those binds.
struct Filter {
    std::string sql;  // empty: no condition
    std::vector<sdk::BindValue> binds;
};

// The condition selecting segment (and the user's where, in parentheses) on one side.
Filter SegmentFilter(const Segment& segment, const KeyColumns& key, const std::string& where);

// Runs sql (which uses filter's "@name" binds) on connection through dialect's bind rewriting.
sdk::Result<sdk::ExecuteResult> ExecuteFiltered(const sdk::Dialect& dialect, sdk::Connection& connection,
                                                const std::string& sql, const Filter& filter, sdk::RowSink* sink);

// Splits an integer span into parts arithmetically; the outer parts keep the segment's open ends.
std::vector<Segment> SplitIntSpan(const Segment& segment, int parts);
// Splits at the given boundary keys (ascending, each inside the segment).
std::vector<Segment> SplitAt(const Segment& segment, const std::vector<KeyTuple>& boundaries);

}  // namespace dbbridge::core::compare
