#include "core/compare/segment.h"

namespace dbbridge::core::compare {

namespace {

std::string BindName(const char* prefix, std::size_t i) { return std::string(prefix) + std::to_string(i); }

// (k1 op1 @b1) OR (k1 = @b1 AND k2 op2 @b2) ...: lexicographic comparison of the key with a
// bound, where strict is the operator for leading columns and last for the final one.
std::string Lexicographic(const KeyColumns& key, const KeyTuple& bound, const char* prefix, const char* strict,
                          const char* last, std::vector<sdk::BindValue>& binds) {
    const std::vector<std::string>& columns = key.ordered.empty() ? key.quoted : key.ordered;
    std::string sql;
    for (std::size_t i = 0; i < columns.size(); ++i) {
        std::string term;
        for (std::size_t j = 0; j < i; ++j) {
            term += columns[j] + " = @" + BindName(prefix, j) + " AND ";
        }
        const bool is_last = i + 1 == columns.size();
        term += columns[i] + " " + (is_last ? last : strict) + " @" + BindName(prefix, i);
        sql += (sql.empty() ? "(" : " OR (") + term + ")";
    }
    for (std::size_t i = 0; i < key.quoted.size(); ++i) {
        binds.push_back(sdk::BindValue{BindName(prefix, i), key.types[i], bound[i]});
    }
    return "(" + sql + ")";
}

}  // namespace

Filter SegmentFilter(const Segment& segment, const KeyColumns& key, const std::string& where) {
    Filter f;
    std::vector<std::string> parts;
    if (!where.empty()) {
        parts.push_back("(" + where + ")");
    }
    if (segment.lower) {
        parts.push_back(Lexicographic(key, *segment.lower, "dbb_lo", ">", ">=", f.binds));
    }
    if (segment.upper) {
        parts.push_back(Lexicographic(key, *segment.upper, "dbb_hi", "<", "<", f.binds));
    }
    for (const auto& p : parts) {
        f.sql += (f.sql.empty() ? "" : " AND ") + p;
    }
    return f;
}

sdk::Result<sdk::ExecuteResult> ExecuteFiltered(const sdk::Dialect& dialect, sdk::Connection& connection,
                                                const std::string& sql, const Filter& filter, sdk::RowSink* sink) {
    std::vector<std::string> order;
    DBB_ASSIGN_OR_RETURN(auto rewritten, dialect.RewriteBinds(sql, order));
    std::vector<sdk::BindValue> binds;
    for (const auto& name : order) {
        for (const auto& b : filter.binds) {
            if (b.name == name) {
                binds.push_back(b);
                break;
            }
        }
    }
    sdk::ExecuteOptions options;
    options.fetch_size = 5000;
    auto result = connection.Execute(rewritten, binds, sink, options);
    if (!result.ok()) {
        return result.status();
    }
    if (result->failed) {
        return sdk::Status::Internal(result->error_message);
    }
    return result;
}

std::vector<Segment> SplitIntSpan(const Segment& segment, int parts) {
    std::vector<KeyTuple> bounds;
    const std::int64_t lo = segment.int_lo;
    const std::int64_t hi = segment.int_hi;
    // Width in unsigned arithmetic: hi - lo may exceed INT64_MAX.
    const std::uint64_t width = static_cast<std::uint64_t>(hi) - static_cast<std::uint64_t>(lo);
    const std::uint64_t step = width / static_cast<std::uint64_t>(parts) + 1;
    for (int i = 1; i < parts; ++i) {
        const std::uint64_t offset = step * static_cast<std::uint64_t>(i);
        if (offset > width) break;
        bounds.push_back({sdk::Value::Int(static_cast<std::int64_t>(static_cast<std::uint64_t>(lo) + offset))});
    }
    auto out = SplitAt(segment, bounds);
    for (std::size_t i = 0; i < out.size(); ++i) {
        out[i].has_int_span = true;
        out[i].int_lo = i == 0 ? lo : out[i].lower->at(0).i;
        out[i].int_hi = i + 1 == out.size() ? hi : out[i].upper->at(0).i - 1;
    }
    return out;
}

std::vector<Segment> SplitAt(const Segment& segment, const std::vector<KeyTuple>& boundaries) {
    std::vector<Segment> out;
    std::optional<KeyTuple> lower = segment.lower;
    for (const auto& b : boundaries) {
        Segment s;
        s.lower = lower;
        s.upper = b;
        s.depth = segment.depth + 1;
        out.push_back(s);
        lower = b;
    }
    Segment last;
    last.lower = lower;
    last.upper = segment.upper;
    last.depth = segment.depth + 1;
    out.push_back(last);
    return out;
}

}  // namespace dbbridge::core::compare
