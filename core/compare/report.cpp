// The table compare report as terminal text and as JSON, and the request's limits check.
#include <cstdio>
#include <sstream>

#include "core/compare/table_compare.h"
#include "dbbridge/sdk/util/json_writer.h"

namespace dbbridge::core::compare {

namespace {

std::string Seconds(double s) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.3f", s);
    return buf;
}

std::string Shown(const std::optional<std::string>& v) { return v ? "'" + *v + "'" : "NULL"; }

sdk::Status Range(const char* field, std::int64_t value, std::int64_t lo, std::int64_t hi) {
    if (value >= lo && value <= hi) return sdk::Status::Ok();
    return sdk::Status::InvalidArgument(std::string(field) + ": expected " + std::to_string(lo) + ".." +
                                        std::to_string(hi) + ", got " + std::to_string(value));
}

void List(std::ostringstream& out, const char* title, std::int64_t count, const std::vector<std::string>& items) {
    if (count == 0) return;
    out << title << " (" << count << "):\n";
    for (const auto& i : items) out << "  " << i << "\n";
    if (count > static_cast<std::int64_t>(items.size())) out << "  ... " << count - items.size() << " more\n";
}

void OptionalString(sdk::util::JsonWriter& w, const std::optional<std::string>& v) {
    if (v) {
        w.String(*v);
    } else {
        w.Null();
    }
}

}  // namespace

sdk::Status ValidateRequest(const TableCompareRequest& r) {
    if (r.source.dialect == nullptr || r.target.dialect == nullptr) {
        return sdk::Status::InvalidArgument("source and target datasources are required");
    }
    if (r.source.table.empty()) return sdk::Status::InvalidArgument("source table: required");
    if (r.target.table.empty()) return sdk::Status::InvalidArgument("target table: required");
    const auto& l = r.limits;
    for (const auto& st : {Range("segments", l.segments, 1, 10000), Range("bisection_factor", l.bisection_factor, 2, 64),
                           Range("fetch_threshold", l.fetch_threshold, 100, 1000000), Range("threads", l.threads, 1, 32),
                           Range("timeout_seconds", l.timeout_seconds, 1, 86400),
                           Range("timestamp_precision", r.timestamp_precision, 0, 6)}) {
        if (!st.ok()) return st;
    }
    if (r.where.find(';') != std::string::npos) {
        return sdk::Status::InvalidArgument("where: a condition only (no ';')");
    }
    if (r.rules.round_decimals < -1 || r.rules.round_decimals > 30) {
        return sdk::Status::InvalidArgument("rules.round_decimals: must be between 0 and 30 (or absent)");
    }
    if (r.rules.ignore_columns.size() > 1000) {
        return sdk::Status::InvalidArgument("rules.ignore_columns: at most 1000 names");
    }
    return sdk::Status::Ok();
}

std::string RulesText(const multiplex::CompareRules& rules) {
    std::vector<std::string> parts;
    if (rules.round_decimals >= 0) parts.push_back("round_decimals=" + std::to_string(rules.round_decimals));
    if (rules.ignore_case) parts.push_back("ignore_case");
    if (!rules.pair_rules) parts.push_back("no pair_rules");
    if (!rules.ignore_columns.empty()) {
        std::string names;
        for (const auto& c : rules.ignore_columns) names += (names.empty() ? "" : ",") + c;
        parts.push_back("ignore_columns=" + names);
    }
    std::string text;
    for (const auto& p : parts) text += (text.empty() ? "" : ", ") + p;
    return text;
}

std::string ReportText(const TableCompareReport& r) {
    std::ostringstream out;
    out << "source: " << r.source_label << ":" << r.source_table << " (" << r.source_rows << " rows)\n"
        << "target: " << r.target_label << ":" << r.target_table << " (" << r.target_rows << " rows)\n"
        << "key: ";
    for (std::size_t i = 0; i < r.key.size(); ++i) out << (i ? ", " : "") << r.key[i];
    out << "; " << r.columns.size() << " columns compared\n";
    if (!r.rules.empty()) out << "rules: " << r.rules << "\n";
    List(out, "only in source", r.only_in_source, r.only_in_source_keys);
    List(out, "only in target", r.only_in_target, r.only_in_target_keys);
    if (r.differing_rows > 0) {
        out << "differing rows (" << r.differing_rows << "):\n";
        for (const auto& d : r.differing) {
            out << "  " << d.key << "\n";
            for (const auto& c : d.cells) {
                out << "    " << c.column << ": " << Shown(c.source) << " vs " << Shown(c.target) << " [" << c.rule
                    << "]\n";
            }
        }
        if (r.differing_rows > static_cast<std::int64_t>(r.differing.size())) {
            out << "  ... " << r.differing_rows - r.differing.size() << " more\n";
        }
    }
    List(out, "duplicate keys", r.duplicate_keys, r.duplicates);
    for (const auto& c : r.column_rules) {
        if (c.cells > 0) out << "column " << c.column << ": " << c.cells << " values equal through " << c.rules << "\n";
    }
    for (const auto& n : r.notes) out << "note: " << n << "\n";
    out << "segments checked " << r.segments_checked << ", fetched " << r.segments_fetched << " (" << r.rows_fetched
        << " rows); time source " << Seconds(r.source_seconds) << " s, target " << Seconds(r.target_seconds)
        << " s, total " << Seconds(r.total_seconds) << " s\n"
        << (r.identical() ? "IDENTICAL" : "DIFFERENT") << "\n";
    return out.str();
}

std::string ReportJson(const TableCompareReport& r) {
    sdk::util::JsonWriter w;
    w.BeginObject();
    w.Key("identical").Bool(r.identical());
    w.Key("source").BeginObject().Key("datasource").String(r.source_label).Key("table").String(r.source_table);
    w.Key("rows").Int(r.source_rows).Key("seconds").Double(r.source_seconds).EndObject();
    w.Key("target").BeginObject().Key("datasource").String(r.target_label).Key("table").String(r.target_table);
    w.Key("rows").Int(r.target_rows).Key("seconds").Double(r.target_seconds).EndObject();
    w.Key("key").StringArray(r.key).Key("columns").StringArray(r.columns).Key("rules").String(r.rules);
    w.Key("onlyInSource").BeginObject().Key("count").Int(r.only_in_source).Key("keys").StringArray(r.only_in_source_keys);
    w.EndObject();
    w.Key("onlyInTarget").BeginObject().Key("count").Int(r.only_in_target).Key("keys").StringArray(r.only_in_target_keys);
    w.EndObject();
    w.Key("differing").BeginObject().Key("count").Int(r.differing_rows).Key("rows").BeginArray();
    for (const auto& d : r.differing) {
        w.BeginObject().Key("key").String(d.key).Key("cells").BeginArray();
        for (const auto& c : d.cells) {
            w.BeginObject().Key("column").String(c.column).Key("source");
            OptionalString(w, c.source);
            w.Key("target");
            OptionalString(w, c.target);
            w.Key("rule").String(c.rule).EndObject();
        }
        w.EndArray().EndObject();
    }
    w.EndArray().EndObject();
    w.Key("duplicateKeys").BeginObject().Key("count").Int(r.duplicate_keys).Key("keys").StringArray(r.duplicates);
    w.EndObject();
    w.Key("nullKeyRows").BeginObject().Key("source").Int(r.null_key_source).Key("target").Int(r.null_key_target);
    w.EndObject();
    w.Key("columnRules").BeginArray();
    for (const auto& c : r.column_rules) {
        w.BeginObject().Key("column").String(c.column).Key("rules").String(c.rules).Key("cells").Int(c.cells).EndObject();
    }
    w.EndArray();
    w.Key("segmentsChecked").Int(r.segments_checked).Key("segmentsFetched").Int(r.segments_fetched);
    w.Key("rowsFetched").Int(r.rows_fetched).Key("totalSeconds").Double(r.total_seconds);
    w.Key("notes").StringArray(r.notes);
    w.EndObject();
    return w.str();
}

}  // namespace dbbridge::core::compare
