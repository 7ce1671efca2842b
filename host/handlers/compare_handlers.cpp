#include "host/handlers/compare_handlers.h"

#include "host/handlers/handler_util.h"

namespace dbbridge::host {

namespace {

using sdk::Result;
using sdk::Status;
using sdk::util::JsonWriter;

constexpr std::size_t kMaxNames = 1000;  // columns a compare names at most

void WriteJob(JsonWriter& w, const core::compare::CompareJob& j) {
    w.BeginObject().Key("id").Int(j.id).Key("status").String(j.status);
    w.Key("source").String(j.source).Key("target").String(j.target);
    w.Key("progress").BeginObject().Key("segments_done").Int(j.segments_done);
    w.Key("segments_total").Int(j.segments_total).EndObject();
    w.Key("report");
    if (j.report_json.empty()) {
        w.Null();
    } else {
        w.Raw(j.report_json);
    }
    w.Key("error").String(j.error).Key("uid").String(j.uid).Key("exec_id").Int(j.exec_id);
    w.Key("insert_time").String(TimeForApi(j.insert_time)).Key("update_time").String(TimeForApi(j.update_time));
    w.EndObject();
}

std::string JobJson(const core::compare::CompareJob& j) { return ItemJson(j, WriteJob); }

Status ParseNames(JsonFields& f, const char* key, std::vector<std::string>& out) {
    auto v = f.StringList(key, false);
    DBB_RETURN_IF_ERROR(v.status());
    if (!v.value()) return Status::Ok();
    if (v.value()->size() > kMaxNames) {
        return Status::InvalidArgument(f.Path(key) + ": at most " + std::to_string(kMaxNames) + " names");
    }
    for (const auto& name : *v.value()) {
        if (name.empty() || name.size() > 256) {
            return Status::InvalidArgument(f.Path(key) + ": each name 1..256 characters");
        }
    }
    out = *v.value();
    return Status::Ok();
}

// "rules": the multiplex comparator's value rules (core/multiplex CompareRules).
Status ParseRules(JsonFields& f, core::multiplex::CompareRules& rules) {
    auto obj = f.Object("rules", false);
    DBB_RETURN_IF_ERROR(obj.status());
    if (!obj.value()) return Status::Ok();
    JsonFields r(obj.value(), "rules");
    DBB_RETURN_IF_ERROR(r.OnlyKeys({"round_decimals", "ignore_case", "pair_rules", "ignore_columns"}));
    auto round = r.Int("round_decimals", false, 0, 30);
    DBB_RETURN_IF_ERROR(round.status());
    if (round.value()) rules.round_decimals = static_cast<int>(*round.value());
    for (auto [key, out] : {std::pair<const char*, bool*>{"ignore_case", &rules.ignore_case},
                            {"pair_rules", &rules.pair_rules}}) {
        auto v = r.Bool(key, false);
        DBB_RETURN_IF_ERROR(v.status());
        if (v.value()) *out = *v.value();
    }
    return ParseNames(r, "ignore_columns", rules.ignore_columns);
}

Status ParseSide(JsonFields& f, const char* field, std::string& datasource, std::string& table) {
    auto side = f.Object(field, true);
    DBB_RETURN_IF_ERROR(side.status());
    JsonFields s(side.value(), field);
    DBB_RETURN_IF_ERROR(s.OnlyKeys({"datasource", "table"}));
    auto ds = s.String("datasource", true, core::DatasourceService::kMaxSourceNameChars);
    DBB_RETURN_IF_ERROR(ds.status());
    auto t = s.String("table", true, 512);
    DBB_RETURN_IF_ERROR(t.status());
    datasource = *ds.value();
    table = *t.value();
    return Status::Ok();
}

Result<core::compare::CompareJobRequest> ParseCompareRequest(const Request& req) {
    auto body = req.JsonObject();
    DBB_RETURN_IF_ERROR(body.status());
    JsonFields f(body.value());
    DBB_RETURN_IF_ERROR(f.OnlyKeys({"source", "target", "key", "columns", "where", "segments", "threads",
                                    "fetch_threshold", "timeout_seconds", "timestamp_precision", "rules"}));
    core::compare::CompareJobRequest r;
    DBB_RETURN_IF_ERROR(ParseSide(f, "source", r.source_datasource, r.source_table));
    DBB_RETURN_IF_ERROR(ParseSide(f, "target", r.target_datasource, r.target_table));
    DBB_RETURN_IF_ERROR(ParseNames(f, "key", r.key));
    DBB_RETURN_IF_ERROR(ParseNames(f, "columns", r.columns));
    auto where = f.String("where", false, 4096);
    DBB_RETURN_IF_ERROR(where.status());
    r.where = where.value().value_or("");
    for (auto [key, out, lo, hi] :
         {std::tuple<const char*, std::int64_t*, std::int64_t, std::int64_t>{"fetch_threshold", &r.limits.fetch_threshold,
                                                                             100, 1000000}}) {
        auto v = f.Int(key, false, lo, hi);
        DBB_RETURN_IF_ERROR(v.status());
        if (v.value()) *out = *v.value();
    }
    for (auto [key, out, lo, hi] : {std::tuple<const char*, int*, int, int>{"segments", &r.limits.segments, 1, 10000},
                                    {"threads", &r.limits.threads, 1, 32},
                                    {"timeout_seconds", &r.limits.timeout_seconds, 1, 86400},
                                    {"timestamp_precision", &r.timestamp_precision, 0, 6}}) {
        auto v = f.Int(key, false, lo, hi);
        DBB_RETURN_IF_ERROR(v.status());
        if (v.value()) *out = static_cast<int>(*v.value());
    }
    DBB_RETURN_IF_ERROR(ParseRules(f, r.rules));
    return r;
}

}  // namespace

void AddCompareRoutes(Router& router, core::compare::CompareService& compares) {
    router.Add("POST", "/api/compare/table", [&compares](const Request& req) {
        auto parsed = ParseCompareRequest(req);
        if (!parsed.ok()) return ApiReply::FromStatus(parsed.status());
        return Reply(compares.Start(*parsed, req.uid), JobJson);
    });
    router.Add("GET", "/api/compare/table", [&compares](const Request& req) {
        auto id = QueryId(req);
        if (!id.ok()) return ApiReply::FromStatus(id.status());
        return Reply(compares.Get(*id, req.uid), JobJson);
    });
    router.Add("POST", "/api/compare/table/kill", [&compares](const Request& req) {
        auto id = IdFromQueryOrBody(req);
        if (!id.ok()) return ApiReply::FromStatus(id.status());
        return IdReply(compares.Kill(*id, req.uid), *id);
    });
}

}  // namespace dbbridge::host
