#include "core/multiplex/report_json.h"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <ctime>

#include "core/multiplex/bind_converter.h"
#include "core/multiplex/error_classifier.h"
#include "core/multiplex/json_value.h"
#include "core/multiplex/value_normalizer.h"

namespace dbbridge::core::multiplex {

namespace {

using sdk::util::JsonWriter;

void WriteValue(JsonWriter& w, const sdk::Value& v) {
    if (v.is_null()) {
        w.Null();
        return;
    }
    switch (v.kind) {
        case sdk::ValueKind::kInt: w.Int(v.i); return;
        case sdk::ValueKind::kBool: w.Bool(v.i != 0); return;
        case sdk::ValueKind::kBytes: w.String("base64:" + EncodeBase64(v.s)); return;
        default: w.String(sdk::ValueToText(v)); return;
    }
}

void WriteDiff(JsonWriter& w, const RowSetDiff& d, const std::vector<std::string>& names) {
    w.BeginObject();
    w.Key("consistent").Bool(d.consistent);
    std::vector<std::string> problems;
    w.Key("differences").BeginArray();
    for (const auto& difference : d.differences) {
        problems.push_back(difference.message);
        w.BeginObject().Key("kind").String(DifferenceKindName(difference.kind));
        w.Key("message").String(difference.message).EndObject();
    }
    w.EndArray();
    w.Key("problems").StringArray(problems);
    w.Key("columns").StringArray(d.columns);
    w.Key("rules").StringArray(d.column_rules);
    w.Key("ruleCells").BeginArray();
    for (auto n : d.rule_cells) w.Int(n);
    w.EndArray();
    w.Key("rowCounts").BeginObject();
    for (std::size_t i = 0; i < d.row_counts.size() && i < names.size(); ++i) w.Key(names[i]).Int(d.row_counts[i]);
    w.EndObject();
    w.Key("checksums").BeginObject();
    for (std::size_t i = 0; i < d.checksums.size() && i < names.size(); ++i) w.Key(names[i]).String(d.checksums[i]);
    w.EndObject();
    w.Key("differingRows").Int(d.differing_rows);
    w.Key("ordered").Bool(d.ordered);
    w.Key("orderNote").String(d.order_note);
    // UniSQL's cell layout: {"s": source, "t0".."tn": targets in targetDatabases order, "diff"}.
    w.Key("data").BeginArray();
    for (const auto& row : d.rows) {
        w.BeginArray();
        for (const auto& cell : row) {
            w.BeginObject();
            for (std::size_t p = 0; p < cell.values.size(); ++p) {
                w.Key(p == 0 ? std::string("s") : "t" + std::to_string(p - 1));
                if (!cell.present[p]) {
                    w.String("<missing row>");
                } else if (cell.values[p]) {
                    w.String(*cell.values[p]);
                } else {
                    w.Null();
                }
            }
            w.Key("diff").Int(cell.diff ? 1 : 0);
            if (cell.rules) w.Key("rule").String(RuleNames(cell.rules));
            w.EndObject();
        }
        w.EndArray();
    }
    w.EndArray();
    w.Key("rowNotes").StringArray(d.row_notes);
    w.EndObject();
}

void WriteStatement(JsonWriter& w, const StatementRun& s) {
    w.BeginObject();
    w.Key("sql").String(s.sql);
    w.Key("executedSql").String(s.executed_sql);
    w.Key("ran").Bool(s.ran);
    w.Key("durationMs").Double(s.duration_ms);
    w.Key("outcome").String(!s.ran ? "NOT_RUN" : s.result.failed ? "ERROR" : s.result.has_rows ? "ROWS" : "AFFECTED_ROWS");
    w.Key("rowCount").Int(s.result.row_count);
    w.Key("affectedRows").Int(s.result.affected_rows);
    if (s.result.failed) {
        w.Key("error").BeginObject();
        w.Key("code").String(s.result.error_code);
        w.Key("sqlState").String(s.result.sql_state);
        w.Key("class").String(ErrorClassName(ClassifyError(s.result.error_code, s.result.sql_state)));
        w.Key("message").String(s.result.error_message);
        w.EndObject();
    }
    w.EndObject();
}

// One participant: where it ran, what it ran with which binds, and what came back.
void WriteTarget(JsonWriter& w, const Participant& p, std::size_t i, const RowSetDiff* main_diff) {
    w.BeginObject();
    w.Key("role").String(i == 0 ? "source" : "target");
    w.Key("label").String(i == 0 ? "s" : "t" + std::to_string(i - 1));
    w.Key("dialect").String(p.run.dialect);
    w.Key("datasource").String(p.run.datasource);
    w.Key("connectionDialect").String(p.run.connection_dialect);
    w.Key("schema").String(p.target.spec.schema.empty() ? p.target.spec.database : p.target.spec.schema);
    w.Key("sql").String(p.target.sql);
    w.Key("executedSql").String(p.run.main.executed_sql);
    w.Key("binds").BeginArray();
    for (const auto& b : p.run.main.ran ? p.run.main.bound : p.target.binds) {
        w.BeginObject();
        w.Key("name").String(b.name);
        w.Key("type").Int(static_cast<int>(b.type));
        w.Key("typeName").String(sdk::JdbcTypeName(b.type));
        w.Key("value");
        WriteValue(w, b.value);
        w.EndObject();
    }
    w.EndArray();
    w.Key("durationMs").Double(p.run.main.duration_ms);
    w.Key("totalMs").Double(p.run.total_ms);
    w.Key("outcome").String(OutcomeName(OutcomeOf(p.run)));
    w.Key("rowCount").Int(p.run.main.result.row_count);
    w.Key("affectedRows").Int(p.run.main.result.affected_rows);
    w.Key("checksum").String(main_diff && i < main_diff->checksums.size() && p.run.main.result.has_rows
                                 ? main_diff->checksums[i]
                                 : "");
    if (p.run.main.result.failed) {
        const auto& r = p.run.main.result;
        w.Key("error").BeginObject();
        w.Key("code").String(r.error_code);
        w.Key("sqlState").String(r.sql_state);
        w.Key("class").String(ErrorClassName(ClassifyError(r.error_code, r.sql_state)));
        w.Key("message").String(r.error_message);
        w.EndObject();
    }
    w.Key("failure").String(p.run.failure);
    w.Key("notes").StringArray(p.run.notes);
    w.Key("arrivedTime").String(p.arrived_ms ? FormatTime(p.arrived_ms) : "");
    w.Key("before").BeginArray();
    for (const auto& s : p.run.before) WriteStatement(w, s);
    w.EndArray();
    w.Key("after").BeginArray();
    for (const auto& s : p.run.after) WriteStatement(w, s);
    w.EndArray();
    w.EndObject();
}

}  // namespace

std::int64_t NowMs() {
    return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::system_clock::now().time_since_epoch())
        .count();
}

std::string FormatTime(std::int64_t ms) {
    std::time_t secs = static_cast<std::time_t>(ms / 1000);
    std::tm tm{};
    localtime_r(&secs, &tm);
    char buf[40];
    std::strftime(buf, sizeof buf, "%Y-%m-%d %H:%M:%S", &tm);
    char out[64];
    std::snprintf(out, sizeof out, "%s.%03d", buf, static_cast<int>(ms % 1000));
    return out;
}

std::string BuildReportJson(const ReportInput& in) {
    std::vector<std::string> names;
    for (auto* p : in.parts) names.push_back(p->run.dialect);
    JsonWriter w;
    w.BeginObject();
    w.Key("traceId").String(in.request.trace_id);
    w.Key("status").String(in.verdict.status);
    w.Key("state").String(in.verdict.status == "complete" ? "success" : "failed");
    w.Key("verdict").String(in.verdict.verdict);
    w.Key("consistent");
    if (in.verdict.consistent < 0) w.Null(); else w.Bool(in.verdict.consistent == 1);
    w.Key("code").Int(in.verdict.code);
    w.Key("message").String(in.verdict.message);
    w.Key("reasons").StringArray(in.verdict.reasons);
    w.Key("differences").BeginArray();
    for (const auto& d : in.verdict.differences) {
        w.BeginObject().Key("kind").String(DifferenceKindName(d.kind)).Key("message").String(d.message).EndObject();
    }
    w.EndArray();
    const TargetEntry* src = in.request.SourceEntry();
    w.Key("bizSql").String(src ? src->sql : (in.parts.empty() ? "" : in.parts[0]->target.sql));
    w.Key("sqlType").String(in.traits.statement_kind);
    w.Key("sourceDialect").String(in.request.source_dialect);
    w.Key("sourceDatabase").String(names.empty() ? in.request.source_dialect : names[0]);
    w.Key("targetDatabases").BeginArray();
    for (std::size_t i = 1; i < names.size(); ++i) w.String(names[i]);
    w.EndArray();
    w.Key("transformSqls").BeginArray();
    for (std::size_t i = 1; i < in.parts.size(); ++i) w.String(in.parts[i]->target.sql);
    w.EndArray();
    w.Key("needTransform").Bool(in.request.need_transform);
    w.Key("bulkMode").Int(in.request.bulk_mode);
    w.Key("dryRun").Bool(in.request.dry_run);
    w.Key("nonDeterministic").Bool(in.non_deterministic);
    w.Key("nonDeterministicReason").String(in.non_deterministic_reason);
    w.Key("createTime").String(FormatTime(in.created_ms));
    w.Key("compareTime").String(FormatTime(NowMs()));
    double total = 0;
    for (auto* p : in.parts) total = std::max(total, p->run.total_ms);
    w.Key("sqlExecutionTime").Double(total);
    w.Key("targets").BeginArray();
    for (std::size_t i = 0; i < in.parts.size(); ++i) {
        WriteTarget(w, *in.parts[i], i, in.main_diff);
    }
    w.EndArray();
    if (in.main_diff) {
        w.Key("resultDiff");
        WriteDiff(w, *in.main_diff, names);
    }
    if (!in.before.empty()) {
        w.Key("beforeDiff");
        WriteDiff(w, in.before[0], names);
        w.Key("beforeDiffs").BeginArray();
        for (const auto& d : in.before) WriteDiff(w, d, names);
        w.EndArray();
    }
    if (!in.after.empty()) {
        w.Key("afterDiff");
        WriteDiff(w, in.after[0], names);
        w.Key("afterDiffs").BeginArray();
        for (const auto& d : in.after) WriteDiff(w, d, names);
        w.EndArray();
    }
    if (in.batch_info) in.batch_info(w);
    w.EndObject();
    return w.str();
}

}  // namespace dbbridge::core::multiplex
