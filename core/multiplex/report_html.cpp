#include "core/multiplex/report_html.h"

#include <vector>

#include "core/multiplex/json_value.h"

namespace dbbridge::core::multiplex {

namespace {

std::string Text(const JsonValue* v) {
    if (!v || v->is_null()) return "";
    if (v->is_string() || v->is_number()) return v->text();
    if (v->is_bool()) return v->bool_value() ? "true" : "false";
    return v->Serialize();
}

std::string Field(const JsonValue& obj, const char* key) { return HtmlEscape(Text(obj.Find(key))); }

void RenderDiff(std::string& out, const std::string& title, const JsonValue& diff, const std::vector<std::string>& names) {
    out += "<h2>" + HtmlEscape(title) + "</h2>\n";
    const JsonValue* problems = diff.Find("problems");
    if (problems && problems->is_array() && !problems->items().empty()) {
        out += "<ul class=\"problems\">";
        for (const auto& p : problems->items()) out += "<li>" + HtmlEscape(Text(&p)) + "</li>";
        out += "</ul>\n";
    }
    out += "<p>differing rows: " + Field(diff, "differingRows") + "; order: " + Field(diff, "orderNote") + "</p>\n";
    const JsonValue* columns = diff.Find("columns");
    const JsonValue* rules = diff.Find("rules");
    const JsonValue* data = diff.Find("data");
    if (!columns || !columns->is_array()) return;
    out += "<table><tr><th>row</th><th>db</th>";
    for (const auto& c : columns->items()) out += "<th>" + HtmlEscape(Text(&c)) + "</th>";
    out += "</tr>\n<tr><td></td><td>rule</td>";
    if (rules && rules->is_array()) {
        for (const auto& r : rules->items()) out += "<td class=\"rule\">" + HtmlEscape(Text(&r)) + "</td>";
    }
    out += "</tr>\n";
    if (data && data->is_array()) {
        const JsonValue* notes = diff.Find("rowNotes");
        for (std::size_t r = 0; r < data->items().size(); ++r) {
            const JsonValue& row = data->items()[r];
            if (!row.is_array() || row.items().empty()) continue;
            std::size_t dbs = row.items()[0].members().size();
            for (std::size_t k = 0; k + 1 < dbs; ++k) {  // last member is "diff" (or "rule")
                std::string key = k == 0 ? "s" : "t" + std::to_string(k - 1);
                if (!row.items()[0].Find(key)) break;
                out += "<tr>";
                if (k == 0) {
                    std::string note = notes && notes->is_array() && r < notes->items().size() ? Text(&notes->items()[r]) : "";
                    out += "<td rowspan=\"1\">" + std::to_string(r + 1) + " " + HtmlEscape(note) + "</td>";
                } else {
                    out += "<td></td>";
                }
                out += "<td>" + HtmlEscape(k < names.size() ? names[k] : key) + "</td>";
                for (const auto& cell : row.items()) {
                    const JsonValue* v = cell.Find(key);
                    bool diff_flag = Text(cell.Find("diff")) == "1";
                    std::string cls = diff_flag ? " class=\"diff\"" : "";
                    out += "<td" + cls + ">" + (v && v->is_null() ? "<i>NULL</i>" : HtmlEscape(Text(v))) + "</td>";
                }
                out += "</tr>\n";
            }
        }
    }
    out += "</table>\n";
}

}  // namespace

std::string HtmlEscape(const std::string& s) {
    std::string out;
    out.reserve(s.size());
    for (char c : s) {
        switch (c) {
            case '&': out += "&amp;"; break;
            case '<': out += "&lt;"; break;
            case '>': out += "&gt;"; break;
            case '"': out += "&quot;"; break;
            case '\'': out += "&#39;"; break;
            default: out += c;
        }
    }
    return out;
}

std::string RenderReportHtml(const std::string& trace_id, int code, const std::string& message,
                             const std::string& data_json) {
    std::string out =
        "<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><title>dbbridge multiplex report " + HtmlEscape(trace_id) +
        "</title>\n<style>body{font-family:sans-serif;margin:1em}table{border-collapse:collapse;margin:.5em 0}"
        "td,th{border:1px solid #ccc;padding:2px 6px;vertical-align:top}td.diff{background:#fdd}"
        "td.rule{color:#666;font-size:small}.problems{color:#a00}pre{white-space:pre-wrap}</style></head><body>\n";
    out += "<h1>多发比对报告 traceId " + HtmlEscape(trace_id) + "</h1>\n";
    out += "<p>code " + std::to_string(code) + ": " + HtmlEscape(message) + "</p>\n";
    auto doc = ParseJson(data_json);
    if (!doc.ok() || !doc.value().is_object()) {
        out += "</body></html>\n";
        return out;
    }
    const JsonValue& r = doc.value();
    out += "<table>";
    for (const char* key : {"status", "verdict", "consistent", "message", "sqlType", "sourceDialect", "needTransform",
                            "bulkMode", "dryRun", "nonDeterministic", "nonDeterministicReason", "createTime",
                            "compareTime", "sqlExecutionTime", "bizSql"}) {
        if (r.Find(key)) out += "<tr><th>" + std::string(key) + "</th><td>" + Field(r, key) + "</td></tr>";
    }
    out += "</table>\n";
    const JsonValue* reasons = r.Find("reasons");
    if (reasons && reasons->is_array() && !reasons->items().empty()) {
        out += "<h2>Reasons</h2><ul class=\"problems\">";
        for (const auto& x : reasons->items()) out += "<li>" + HtmlEscape(Text(&x)) + "</li>";
        out += "</ul>\n";
    }
    std::vector<std::string> names;
    const JsonValue* targets = r.Find("targets");
    if (targets && targets->is_array()) {
        out += "<h2>Databases</h2><table><tr><th>label</th><th>dialect</th><th>datasource</th><th>schema</th>"
               "<th>outcome</th><th>rows</th><th>affected</th><th>ms</th><th>checksum</th><th>SQL</th>"
               "<th>executed SQL</th><th>binds</th><th>error / failure</th></tr>\n";
        for (const auto& t : targets->items()) {
            names.push_back(Text(t.Find("dialect")));
            std::string err = Text(t.Find("failure"));
            if (const JsonValue* e = t.Find("error")) {
                err += " " + Text(e->Find("code")) + " " + Text(e->Find("class")) + " " + Text(e->Find("message"));
            }
            out += "<tr><td>" + Field(t, "label") + "</td><td>" + Field(t, "dialect") + "</td><td>" +
                   Field(t, "datasource") + "</td><td>" + Field(t, "schema") + "</td><td>" + Field(t, "outcome") +
                   "</td><td>" + Field(t, "rowCount") + "</td><td>" + Field(t, "affectedRows") + "</td><td>" +
                   Field(t, "durationMs") + "</td><td>" + Field(t, "checksum") + "</td><td><pre>" + Field(t, "sql") +
                   "</pre></td><td><pre>" + Field(t, "executedSql") + "</pre></td><td><pre>" + Field(t, "binds") +
                   "</pre></td><td>" + HtmlEscape(err) + "</td></tr>\n";
        }
        out += "</table>\n";
    }
    if (const JsonValue* d = r.Find("resultDiff")) RenderDiff(out, "Result set", *d, names);
    for (const char* key : {"beforeDiffs", "afterDiffs"}) {
        const JsonValue* list = r.Find(key);
        if (!list || !list->is_array()) continue;
        for (std::size_t i = 0; i < list->items().size(); ++i) {
            RenderDiff(out, std::string(key) + "[" + std::to_string(i) + "]", list->items()[i], names);
        }
    }
    if (const JsonValue* b = r.Find("batch")) {
        out += "<h2>Batch (bulkMode 2)</h2><pre>" + HtmlEscape(b->Serialize()) + "</pre>\n";
    }
    out += "</body></html>\n";
    return out;
}

}  // namespace dbbridge::core::multiplex
