#include "core/multiplex/multiplex_service.h"

#include <fstream>
#include <mutex>
#include <set>
#include <sstream>

#include "core/multiplex/batch_coordinator.h"
#include "core/multiplex/comparison.h"
#include "core/multiplex/json_value.h"
#include "core/multiplex/multiplex_codes.h"
#include "core/multiplex/report_html.h"
#include "core/multiplex/report_json.h"
#include "core/multiplex/report_saver.h"
#include "core/multiplex/routing.h"
#include "core/plugin/plugin_registry.h"
#include "dbbridge/sdk/util/json_writer.h"
#include "dbbridge/sdk/util/sql_text.h"

namespace dbbridge::core::multiplex {

using sdk::util::JsonWriter;

struct MultiplexService::Impl {
    MultiplexServiceOptions options;
    ReportStore& store;
    TargetRouter router;
    ReportSaver saver;
    // runner and batches hold references to pool, workers and timer, declared after them so that
    // they are destroyed first: the timer thread stops, then the workers finish, and only then
    // the parts their callbacks use go away.
    ComparisonRunner runner;
    BatchCoordinator batches;
    std::mutex mu;
    std::set<std::string> running;  // bulkMode 1 traceIds being executed; guarded by mu
    static constexpr std::int64_t kPurgeIntervalMs = 3600 * 1000;
    static constexpr std::int64_t kMillisPerDay = 24 * 3600 * 1000;
    std::int64_t last_purge_ms = 0;  // guarded by mu
    ConnectionPool pool;
    WorkerPool workers;
    DeadlineTimer timer;

    Impl(MultiplexServiceOptions o, DialectLookup d, ConnectionResolver& r, ReportStore& s)
        : options(std::move(o)),
          store(s),
          router(options, std::move(d), r),
          saver(s),
          runner(options, router, saver, pool, workers, timer),
          batches(options, router, runner, saver, s, workers, timer),
          workers(options.worker_threads) {}

    bool ReadsEveryReport(const std::string& uid) const {
        return options.reads_every_report && options.reads_every_report(uid);
    }
    // Whether reader may read a report of owner (the policy is asked only for others' reports).
    bool MayRead(const std::string& owner, const std::string& reader) const {
        return owner == reader || ReadsEveryReport(reader);
    }

    // Deletes reports older than report_ttl_days, at most once an hour (on a request's thread).
    void PurgeOldReports() {
        const std::int64_t now = NowMs();
        {
            std::lock_guard<std::mutex> lock(mu);
            if (options.report_ttl_days <= 0 || now - last_purge_ms < kPurgeIntervalMs) {
                return;
            }
            last_purge_ms = now;
        }
        // Best effort: a purge that fails (store busy) is tried again at the next interval.
        (void)store.PurgeOlderThan(now - static_cast<std::int64_t>(options.report_ttl_days) * kMillisPerDay);
    }

    // bulkMode 1: one call runs every database and compares at once.
    MultiplexResponse HandleSingle(const MultiplexRequest& req) {
        {
            std::lock_guard<std::mutex> lock(mu);
            if (batches.IsOpen(req.trace_id) || !running.insert(req.trace_id).second) {
                return Respond(kCodeBadInput,
                               "入参不符合规则: traceId[" + req.trace_id + "]正在执行, 请使用新的traceId");
            }
        }
        struct Release {
            Impl& impl;
            const std::string& trace;
            ~Release() {
                std::lock_guard<std::mutex> lock(impl.mu);
                impl.running.erase(trace);
            }
        } release{*this, req.trace_id};
        auto existing = store.Get(req.trace_id);
        if (!existing.ok()) {
            return ReadFailed(req.trace_id, existing.status());
        }
        if (existing.value() && existing.value()->uid != req.uid) {
            return Respond(kCodeBadInput, MsgTraceIdTaken(req.trace_id));
        }
        if (existing.value() && existing.value()->status != "failed") {
            return Respond(kCodeBadInput, "入参不符合规则: traceId[" + req.trace_id + "]已有比对报告(状态" +
                                              existing.value()->status + "), 请使用新的traceId");
        }
        std::int64_t created = NowMs();
        Participants parts = router.PrepareAll(req, TargetRouter::Ordered(req));
        std::vector<std::string> failures;
        for (auto& p : parts) {
            if (p->run.failed) failures.push_back(p->run.failure);
        }
        if (!failures.empty()) {
            // Routing problems: nothing ran anywhere.
            return ExecutionFailed(req.trace_id, failures);
        }
        return runner.CompareAndStore(req, parts, true, created, req.raw_body, nullptr);
    }
};

MultiplexService::MultiplexService(MultiplexServiceOptions options, DialectLookup dialects,
                                   ConnectionResolver& resolver, ReportStore& store)
    : impl_(std::make_unique<Impl>(std::move(options), std::move(dialects), resolver, store)) {}

MultiplexService::~MultiplexService() { impl_->batches.Stop(); }

MultiplexServiceOptions MultiplexService::OptionsFromConfig(const AppConfig::Multiplex& config) {
    MultiplexServiceOptions o;
    o.batch_wait_ms = config.batch_wait_seconds * 1000;
    o.statement_timeout_ms = config.statement_timeout_ms;
    o.report_ttl_days = config.report_ttl_days;
    o.max_pending_batches_per_user = static_cast<std::size_t>(config.max_pending_batches_per_user);
    o.max_pending_batches = static_cast<std::size_t>(config.max_pending_batches);
    for (const auto& kv : config.targets) o.targets[sdk::util::ToUpper(kv.first)] = kv.second;
    return o;
}

DialectLookup MultiplexService::LookupFromRegistry(const PluginRegistry& registry) {
    const PluginRegistry* r = &registry;
    return [r](const std::string& name) { return r->Find(name); };
}

std::size_t MultiplexService::PendingBatches() { return impl_->batches.OpenBatches(); }

std::size_t MultiplexService::IdleConnections() { return impl_->pool.IdleCount(); }

MultiplexResponse MultiplexService::Handle(const std::string& body, const std::string& uid) {
    try {
        RequestCheck check = ParseMultiplexRequest(
            body, [this](const std::string& dialect) { return impl_->router.LexiconOf(dialect); });
        if (check.code != 0) {
            return Respond(check.code, check.message);
        }
        check.request.uid = uid;
        impl_->PurgeOldReports();
        const MultiplexRequest& req = check.request;
        return req.bulk_mode == 2 ? impl_->batches.Handle(req) : impl_->HandleSingle(req);
    } catch (const std::exception& e) {
        return Respond(kCodeUnknown, std::string(kMsgUnknown) + ": " + e.what());
    } catch (...) {
        return Respond(kCodeUnknown, kMsgUnknown);
    }
}

MultiplexResponse MultiplexService::GetReport(const std::string& trace_id_raw, const std::string& uid) {
    std::string trace_id = trace_id_raw;
    trace_id.erase(0, trace_id.find_first_not_of(" \t\r\n"));
    trace_id.erase(trace_id.find_last_not_of(" \t\r\n") + 1);
    if (trace_id.empty()) {
        return Respond(kCodeEmptyTraceId, kMsgEmptyTraceId);
    }
    try {
        if (auto pending = impl_->batches.PendingReport(trace_id, uid)) {
            return Respond(kCodeOk, "比对等待中: 批次尚未全部提交", *pending);
        }
        if (auto failure = impl_->saver.SaveFailure(trace_id, uid)) {
            return Respond(kCodeReportQueryError,
                           std::string(kMsgReportQueryError) + ": " + kMsgReportNotSaved + ": " + *failure);
        }
        auto got = impl_->store.Get(trace_id);
        if (!got.ok()) {
            return Respond(kCodeReportQueryError, std::string(kMsgReportQueryError) + ": " + got.status().message());
        }
        if (!got.value() || !impl_->MayRead(got.value()->uid, uid)) {
            // Another user's report answers exactly like a missing one.
            return Respond(kCodeReportFailed, std::string(kMsgReportFailed) + " traceId[" + trace_id + "]没有比对报告");
        }
        const StoredReport& r = *got.value();
        if (r.status == "expired") {
            return Respond(kCodeReportTimeout, kMsgReportTimeout, r.report_json);
        }
        if (r.status == "pending") {
            // Pending in the store but not in memory: the host restarted while the batch waited.
            if (NowMs() - r.insert_time_ms > impl_->options.batch_wait_ms + 5000) {
                return Respond(kCodeReportTimeout, std::string(kMsgReportTimeout) + ": 批次未完成(服务在等待期间重启)",
                               r.report_json);
            }
            return Respond(kCodeOk, "比对等待中: 批次尚未全部提交", r.report_json);
        }
        return Respond(kCodeOk, "成功", r.report_json);
    } catch (const std::exception& e) {
        return Respond(kCodeReportQueryError, std::string(kMsgReportQueryError) + ": " + e.what());
    }
}

namespace {

// The filter's problem in the seed's wording, naming the field; nullopt when it is valid.
std::optional<std::string> FilterProblem(const ReportFilter& f) {
    static const std::set<std::string> kStatuses = {"pending", "complete", "failed", "expired"};
    if (f.page < 1 || f.page_size < 1 || f.page_size > 1000) {
        return "入参格式不正确: page应>=1, pageSize应在1..1000之间";
    }
    if (!f.status.empty() && !kStatuses.count(f.status)) {
        return "入参格式不正确: status应为pending, complete, failed或expired, 收到[" + f.status + "]";
    }
    if (f.from_ms > 0 && f.to_ms > 0 && f.from_ms >= f.to_ms) {
        return "入参格式不正确: from应早于to";
    }
    return std::nullopt;
}

}  // namespace

sdk::Result<std::int64_t> MultiplexService::CountReports(ReportFilter filter, const std::string& uid) {
    filter.owner = impl_->ReadsEveryReport(uid) ? std::nullopt : std::optional<std::string>(uid);
    filter.page = 1;
    filter.page_size = 1;
    try {
        auto got = impl_->store.List(filter);
        DBB_RETURN_IF_ERROR(got.status());
        return got->total;
    } catch (const std::exception& e) {
        return sdk::Status::Internal(std::string("counting multiplex reports: ") + e.what());
    }
}

MultiplexResponse MultiplexService::ListReports(ReportFilter filter, const std::string& uid) {
    if (auto problem = FilterProblem(filter)) {
        return Respond(kCodeBadInput, *problem);
    }
    filter.owner = impl_->ReadsEveryReport(uid) ? std::nullopt : std::optional<std::string>(uid);
    const int page = filter.page;
    const int page_size = filter.page_size;
    sdk::Result<ReportPage> got = sdk::Status::Internal("not listed");
    try {
        got = impl_->store.List(filter);
    } catch (const std::exception& e) {
        got = sdk::Status::Internal(e.what());
    }
    if (!got.ok()) {
        return Respond(kCodeReportQueryError, std::string(kMsgReportQueryError) + ": " + got.status().message());
    }
    JsonWriter w;
    w.BeginObject();
    w.Key("total").Int(got.value().total);
    w.Key("page").Int(page);
    w.Key("pageSize").Int(page_size);
    w.Key("items").BeginArray();
    for (const auto& r : got.value().items) {
        w.BeginObject();
        w.Key("traceId").String(r.trace_id);
        w.Key("uid").String(r.uid);
        w.Key("status").String(r.status);
        w.Key("consistent");
        if (r.consistent < 0) w.Null(); else w.Bool(r.consistent == 1);
        w.Key("insertTime").String(FormatTime(r.insert_time_ms));
        w.Key("updateTime").String(FormatTime(r.update_time_ms));
        auto doc = ParseJson(r.report_json);
        if (doc.ok() && doc.value().is_object()) {
            for (const char* key : {"verdict", "sqlType", "sourceDialect", "bizSql", "message"}) {
                const JsonValue* v = doc.value().Find(key);
                if (v && v->is_string()) w.Key(key).String(v->text());
            }
            if (const JsonValue* t = doc.value().Find("targetDatabases")) w.Key("targetDatabases").Raw(t->Serialize());
        }
        w.EndObject();
    }
    w.EndArray();
    w.EndObject();
    return Respond(kCodeOk, "成功", w.str());
}

std::string MultiplexService::ReportHtml(const std::string& trace_id, const std::string& uid) {
    MultiplexResponse r = GetReport(trace_id, uid);
    return RenderReportHtml(trace_id, r.code, r.message, r.data_json);
}

int RunMultiplexFile(const std::string& path, MultiplexService& service, std::ostream& out, bool print_report) {
    std::ifstream in(path, std::ios::binary);
    MultiplexResponse r;
    if (!in) {
        r = Respond(kCodeBadInput, "入参格式不正确: 无法读取请求文件[" + path + "]");
    } else {
        std::stringstream ss;
        ss << in.rdbuf();
        r = service.Handle(ss.str(), "");
    }
    out << r.ToJson() << "\n";
    if (print_report && r.data_json != "null") {
        auto doc = ParseJson(r.data_json);
        const JsonValue* id = doc.ok() ? doc.value().Find("traceId") : nullptr;
        if (id && id->is_string()) {
            out << service.GetReport(id->text(), "").ToJson() << "\n";
        }
    }
    return r.code == kCodeOk ? 0 : 1;
}

}  // namespace dbbridge::core::multiplex
