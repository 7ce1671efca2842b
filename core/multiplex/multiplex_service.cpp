#include "core/multiplex/multiplex_service.h"

#include <algorithm>
#include <atomic>
#include <fstream>
#include <future>
#include <optional>
#include <set>
#include <sstream>

#include "core/multiplex/bind_converter.h"
#include "core/multiplex/error_classifier.h"
#include "core/multiplex/json_value.h"
#include "core/multiplex/multiplex_codes.h"
#include "core/multiplex/participant.h"
#include "core/multiplex/report_html.h"
#include "core/multiplex/report_json.h"
#include "core/multiplex/row_set_comparator.h"
#include "core/multiplex/sql_report_store.h"
#include "core/multiplex/sql_traits.h"
#include "core/multiplex/target_executor.h"
#include "core/multiplex/verdict.h"
#include "core/plugin/plugin_registry.h"
#include "core/transpile/transpile_service.h"
#include "dbbridge/sdk/util/json_writer.h"
#include "dbbridge/sdk/util/no_throw.h"
#include "dbbridge/sdk/util/sql_text.h"

namespace dbbridge::core::multiplex {

namespace {

using sdk::util::JsonWriter;
using Clock = std::chrono::steady_clock;

std::string Join(const std::vector<std::string>& parts, const std::string& sep) {
    std::string out;
    for (std::size_t i = 0; i < parts.size(); ++i) {
        if (i) out += sep;
        out += parts[i];
    }
    return out;
}

std::string TraceData(const std::string& trace_id) {
    JsonWriter w;
    w.BeginObject().Key("traceId").String(trace_id).EndObject();
    return w.str();
}

MultiplexResponse Respond(int code, std::string message, std::string data = "null") {
    MultiplexResponse r;
    r.code = code;
    r.message = std::move(message);
    r.data_json = std::move(data);
    return r;
}

// A transpiler may quote the statement: keep messages readable for huge ones.
std::string Clip(const std::string& text, std::size_t max_bytes = 1000) {
    if (text.size() <= max_bytes) return text;
    std::size_t cut = max_bytes;
    while (cut > 0 && (static_cast<unsigned char>(text[cut]) & 0xC0) == 0x80) --cut;  // whole UTF-8 characters
    return text.substr(0, cut) + "...(" + std::to_string(text.size()) + " bytes)";
}

// Another user's traceId: refused without saying what that user's report holds.
std::string MsgTraceIdTaken(const std::string& trace_id) {
    return "入参不符合规则: traceId[" + trace_id + "]已被使用, 请使用新的traceId";
}

}  // namespace

std::string MultiplexResponse::ToJson() const {
    JsonWriter w;
    w.BeginObject().Key("code").Int(code).Key("message").String(message).Key("data").Raw(data_json.empty() ? "null" : data_json).EndObject();
    return w.str();
}

struct MultiplexService::Impl {
    struct Batch {
        std::string trace_id;
        MultiplexRequest first;  // the first call (rules, sourceDialect, targetDialects)
        std::vector<std::string> bodies;
        std::map<std::string, std::unique_ptr<Participant>> arrivals;  // by dialect
        std::set<std::string> in_flight;
        std::int64_t first_ms = 0;
        std::uint64_t timer_id = 0;
        int running_calls = 0;
        bool closing = false;  // compared (or being compared): later calls are late
    };

    MultiplexServiceOptions options;
    DialectLookup dialects;
    ConnectionResolver& resolver;
    ReportStore& store;
    std::mutex mu;
    std::condition_variable batch_cv;
    // Reports whose save failed, by traceId: (uid, store error). Bounded: past the limit one entry
    // (the first in traceId order) is forgotten per new failure.
    static constexpr std::size_t kMaxRememberedSaveFailures = 10000;
    std::mutex unsaved_mu;
    std::map<std::string, std::pair<std::string, std::string>> unsaved;
    std::map<std::string, std::shared_ptr<Batch>> batches;
    static constexpr std::int64_t kPurgeIntervalMs = 3600 * 1000;
    static constexpr std::int64_t kMillisPerDay = 24 * 3600 * 1000;
    std::int64_t last_purge_ms = 0;  // guarded by mu
    std::set<std::string> running;  // bulkMode 1 traceIds being executed
    std::atomic<bool> stopping{false};
    // Destroyed in reverse order: the timer thread stops first, then the workers finish, and
    // only then the state above that their callbacks use goes away.
    ConnectionPool pool;
    WorkerPool workers;
    DeadlineTimer timer;

    Impl(MultiplexServiceOptions o, DialectLookup d, ConnectionResolver& r, ReportStore& s)
        : options(std::move(o)), dialects(std::move(d)), resolver(r), store(s), workers(options.worker_threads) {}

    // How a request dialect's SQL is lexed: its plugin's declaration (standard SQL when no plugin serves it;
    // routing then fails with 30000 anyway).
    sdk::SqlLexicon LexiconOf(const std::string& dialect) const {
        const sdk::Dialect* d = dialects ? dialects(dialect) : nullptr;
        return d != nullptr ? d->Lexicon() : sdk::SqlLexicon{};
    }

    // Saves sr through the store. A failure (Status or exception) is returned and remembered, so
    // GetReport answers with it (40006) instead of "no report" or a stale state; a later good
    // save of the same traceId clears it.
    sdk::Status SaveReport(const StoredReport& sr) {
        sdk::Status st;
        try {
            st = store.Save(sr);
        } catch (const std::exception& e) {
            st = sdk::Status::Internal(e.what());
        } catch (...) {
            st = sdk::Status::Internal("unknown exception");
        }
        std::lock_guard<std::mutex> lock(unsaved_mu);
        if (st.ok()) {
            unsaved.erase(sr.trace_id);
            return st;
        }
        if (unsaved.size() >= kMaxRememberedSaveFailures) {
            unsaved.erase(unsaved.begin());
        }
        unsaved[sr.trace_id] = {sr.uid, st.message()};
        return st;
    }

    bool ReadsEveryReport(const std::string& uid) const {
        return options.reads_every_report && options.reads_every_report(uid);
    }
    // Whether reader may read a report of owner (the policy is asked only for others' reports).
    bool MayRead(const std::string& owner, const std::string& reader) const {
        return owner == reader || ReadsEveryReport(reader);
    }

    // The remembered save failure of trace_id for uid, if any.
    std::optional<std::string> SaveFailure(const std::string& trace_id, const std::string& uid) {
        std::lock_guard<std::mutex> lock(unsaved_mu);
        auto it = unsaved.find(trace_id);
        if (it == unsaved.end() || it->second.first != uid) {
            return std::nullopt;
        }
        return it->second.second;
    }

    static MultiplexResponse ReadFailed(const std::string& trace_id, const sdk::Status& st) {
        return Respond(kCodeReportQueryError, std::string(kMsgReportQueryError) + ": " + st.message(),
                       TraceData(trace_id));
    }

    static MultiplexResponse SaveFailed(const std::string& trace_id, const sdk::Status& st) {
        return Respond(kCodeUnknown, std::string(kMsgUnknown) + ": " + kMsgReportNotSaved + ": " + st.message(),
                       TraceData(trace_id));
    }

    // The datasource an entry names, else its dialect's multiplex.targets entry ("" when none).
    std::string RouteName(const TargetEntry& entry) const {
        if (!entry.datasource_name.empty()) return entry.datasource_name;
        auto it = options.targets.find(entry.dialect);
        return it != options.targets.end() ? it->second : std::string();
    }

    // Routes an entry (resolving its datasource among req.uid's); schemaName overrides db_name.
    Participant Prepare(const MultiplexRequest& req, const TargetEntry& entry) {
        Participant p;
        p.target.entry = entry;
        p.run.dialect = entry.dialect;
        std::string name = RouteName(entry);
        p.run.datasource = name;
        auto mark = [&](const std::string& why) {
            p.run.failed = true;
            p.run.failure = "[" + entry.dialect + "] " + why;
        };
        auto fail = [&](const std::string& why) {
            mark(why);
            return std::move(p);
        };
        if (name.empty()) {
            return fail("没有路由: 配置multiplex.targets." + entry.dialect + "或在请求中为该库指定datasourceName");
        }
        p.target.datasource_name = name;
        auto spec = resolver.ResolveByNameForUser(name, req.uid);
        if (!spec.ok()) {
            return fail("数据源[" + name + "]无法解析: " + spec.status().message());
        }
        p.target.spec = spec.value();
        if (!entry.schema_name.empty()) p.target.spec.schema = entry.schema_name;
        if (options.statement_timeout_ms > 0 && p.target.spec.connect_timeout_ms > options.statement_timeout_ms) {
            p.target.spec.connect_timeout_ms = options.statement_timeout_ms;
        }
        std::string conn_dialect = p.target.spec.dialect.empty() ? entry.dialect : p.target.spec.dialect;
        p.target.dialect = dialects ? dialects(conn_dialect) : nullptr;
        if (!p.target.dialect) {
            return fail("数据源[" + name + "]的数据库类型[" + conn_dialect + "]没有已加载的插件");
        }
        p.run.connection_dialect = p.target.dialect->Name();
        const TargetEntry* source = req.SourceEntry();
        if (req.need_transform && !entry.is_source && source) {
            // True multiplex: the target's SQL comes from its dialect's transpiler.
            const sdk::Dialect* sql_dialect = dialects ? dialects(entry.dialect) : nullptr;
            if (!sql_dialect) sql_dialect = p.target.dialect;
            auto tr = TranspileFor(*sql_dialect, req.source_dialect, source->sql);
            if (!tr.ok()) {
                return fail("SQL转换失败(" + req.source_dialect + " -> " + entry.dialect + "): " +
                            Clip(tr.status().message()));
            }
            p.target.sql = tr.value().sql;
            p.target.transpile_notes = tr.value().notes;
            p.target.binds = source->binds;
            // Snapshot SELECTs the target does not bring itself are the source's, translated too.
            auto inherit = [&](const std::vector<std::string>& from, std::vector<std::string>& to,
                               const char* what) -> bool {
                if (!to.empty()) return true;
                for (const auto& snap : from) {
                    auto t = TranspileFor(*sql_dialect, req.source_dialect, snap);
                    if (!t.ok()) {
                        mark(std::string(what) + "转换失败(" + req.source_dialect + " -> " + entry.dialect +
                             "): " + Clip(t.status().message()));
                        return false;
                    }
                    to.push_back(t.value().sql);
                }
                return true;
            };
            if (!inherit(source->before_sqls, p.target.entry.before_sqls, "beforeSqls") ||
                !inherit(source->after_sqls, p.target.entry.after_sqls, "afterSqls")) {
                return p;
            }
        } else {
            p.target.sql = entry.sql;
            p.target.binds = entry.binds;
        }
        p.prepared = true;
        return p;
    }

    ExecutionSettings Settings(const MultiplexRequest& req) const {
        ExecutionSettings s;
        s.timeout_ms = options.statement_timeout_ms;
        s.dry_run = req.dry_run;
        return s;
    }

    // Runs participants in parallel (the first in the calling thread). sinks_for(i) gives the sinks.
    void RunAll(const MultiplexRequest& req, std::vector<std::unique_ptr<Participant>>& parts,
                const std::function<TargetSinks(std::size_t)>& sinks_for,
                const std::function<void(std::size_t)>& on_done) {
        ExecutionSettings settings = Settings(req);
        // A throw becomes that target's failure: it never reaches the caller while other
        // tasks still use this frame.
        auto task = [&](std::size_t i) {
            Participant& p = *parts[i];
            RunTargetGuarded(p.run, [&] {
                if (p.prepared) p.run = ExecuteTarget(p.target, sinks_for(i), pool, timer, settings);
            });
            p.arrived_ms = NowMs();
            RunTargetGuarded(p.run, [&] { on_done(i); });
        };
        std::vector<std::future<void>> futures;
        struct WaitAll {
            std::vector<std::future<void>>& futures;
            ~WaitAll() {
                for (auto& f : futures) {
                    if (f.valid()) f.wait();
                }
            }
        } wait_all{futures};
        for (std::size_t i = 1; i < parts.size(); ++i) {
            futures.push_back(workers.Submit([&task, i] { task(i); }));
        }
        if (!parts.empty()) task(0);
    }

    ComparatorOptions CompareOptionsFor(const MultiplexRequest& req, const std::vector<std::string>& dialect_names,
                                        const SqlTraits& traits) const {
        ComparatorOptions o;
        o.rules = req.has_rules ? req.rules : options.default_rules;
        for (const auto& d : dialect_names) o.oracle_family = o.oracle_family || IsOracleFamily(d);
        o.ordered = traits.is_query && traits.top_level_order_by;
        o.order_items = traits.order_items;
        return o;
    }

    // Compares participants (source first) whose rows either stream into the comparators now
    // (bulkMode 1: run==true) or were captured earlier (bulkMode 2).
    MultiplexResponse CompareAndStore(const MultiplexRequest& req, std::vector<std::unique_ptr<Participant>>& owned,
                                      bool run, std::int64_t created_ms, const std::string& request_json,
                                      const std::function<void(JsonWriter&)>& batch_info) {
        std::vector<Participant*> parts;
        std::vector<std::string> names;
        for (auto& p : owned) {
            parts.push_back(p.get());
            names.push_back(p->run.dialect);
        }
        std::string source_sql = parts.empty() ? "" : parts[0]->target.sql;
        if (source_sql.empty() && req.SourceEntry()) source_sql = req.SourceEntry()->sql;
        const std::string source_dialect = parts.empty() ? req.source_dialect : parts[0]->run.dialect;
        SqlTraits traits = AnalyzeSql(source_sql, LexiconOf(source_dialect));
        bool any_non_det = traits.non_deterministic;
        std::string non_det_reason = traits.non_deterministic_reason;
        for (auto* p : parts) {
            SqlTraits t = AnalyzeSql(p->target.sql, LexiconOf(p->run.dialect));
            if (t.non_deterministic && !any_non_det) {
                any_non_det = true;
                non_det_reason = p->run.dialect + ": " + t.non_deterministic_reason;
            }
        }
        ComparatorOptions copts = CompareOptionsFor(req, names, traits);
        RowSetComparator main(names, copts);
        std::size_t n_before = 0;
        std::size_t n_after = 0;
        for (auto* p : parts) {
            n_before = std::max(n_before, p->target.entry.before_sqls.size());
            n_after = std::max(n_after, p->target.entry.after_sqls.size());
        }
        ComparatorOptions snap_opts = copts;
        snap_opts.ordered = false;
        std::vector<std::unique_ptr<RowSetComparator>> before_cmp;
        std::vector<std::unique_ptr<RowSetComparator>> after_cmp;
        for (std::size_t i = 0; i < n_before; ++i) before_cmp.push_back(std::make_unique<RowSetComparator>(names, snap_opts));
        for (std::size_t i = 0; i < n_after; ++i) after_cmp.push_back(std::make_unique<RowSetComparator>(names, snap_opts));

        auto finish_all = [&](std::size_t i) {
            main.Finish(i);
            for (auto& c : before_cmp) c->Finish(i);
            for (auto& c : after_cmp) c->Finish(i);
        };
        if (run) {
            std::vector<std::unique_ptr<sdk::RowSink>> sinks;
            std::vector<TargetSinks> per(parts.size());
            for (std::size_t i = 0; i < parts.size(); ++i) {
                sinks.push_back(main.MakeSink(i));
                per[i].main = sinks.back().get();
                for (auto& c : before_cmp) {
                    sinks.push_back(c->MakeSink(i));
                    per[i].before.push_back(sinks.back().get());
                }
                for (auto& c : after_cmp) {
                    sinks.push_back(c->MakeSink(i));
                    per[i].after.push_back(sinks.back().get());
                }
            }
            RunAll(req, owned, [&](std::size_t i) { return per[i]; }, finish_all);
        } else {
            for (std::size_t i = 0; i < parts.size(); ++i) {
                Participant& p = *parts[i];
                if (p.main_capture) p.main_capture->Replay(main, i);
                for (std::size_t k = 0; k < before_cmp.size(); ++k) {
                    if (k < p.before_capture.size()) p.before_capture[k]->Replay(*before_cmp[k], i);
                }
                for (std::size_t k = 0; k < after_cmp.size(); ++k) {
                    if (k < p.after_capture.size()) p.after_capture[k]->Replay(*after_cmp[k], i);
                }
                finish_all(i);
            }
        }

        bool all_rows = !parts.empty();
        for (auto* p : parts) all_rows = all_rows && !p->run.failed && OutcomeOf(p->run) == Outcome::kRows;
        RowSetDiff main_diff = main.Result();
        std::vector<RowSetDiff> before;
        std::vector<RowSetDiff> after;
        for (auto& c : before_cmp) before.push_back(c->Result());
        for (auto& c : after_cmp) after.push_back(c->Result());
        std::vector<const TargetRun*> runs;
        for (auto* p : parts) runs.push_back(&p->run);
        Verdict ev = Judge(runs, all_rows ? &main_diff : nullptr, before, after, any_non_det);
        for (auto* p : parts) {
            if (p->main_capture && p->main_capture->truncated()) {
                ev.reasons.push_back(p->run.dialect + ": only the first " + std::to_string(options.batch_capture_max_rows) +
                                     " rows were kept for the bulkMode 2 comparison");
            }
        }
        const std::string report = BuildReportJson({req, parts, ev, all_rows ? &main_diff : nullptr, before, after,
                                                    traits, any_non_det, non_det_reason, created_ms, batch_info});
        StoredReport sr;
        sr.trace_id = req.trace_id;
        sr.uid = req.uid;
        sr.status = ev.status;
        sr.consistent = ev.consistent;
        sr.request_json = request_json;
        sr.report_json = report;
        sr.insert_time_ms = created_ms;
        sr.update_time_ms = NowMs();
        sdk::Status st = SaveReport(sr);
        if (!st.ok()) {
            return SaveFailed(req.trace_id, st);
        }
        return Respond(ev.code, ev.message, TraceData(req.trace_id));
    }

    std::vector<std::unique_ptr<Participant>> PrepareAll(const MultiplexRequest& req,
                                                         const std::vector<const TargetEntry*>& entries) {
        std::vector<std::unique_ptr<Participant>> parts;
        for (const auto* e : entries) {
            auto p = std::make_unique<Participant>();
            p->target.entry = *e;
            p->run.dialect = e->dialect;
            p->run.datasource = RouteName(*e);
            RunTargetGuarded(p->run, [&] { *p = Prepare(req, *e); });
            parts.push_back(std::move(p));
        }
        return parts;
    }

    // Source first, then the others in request order.
    static std::vector<const TargetEntry*> Ordered(const MultiplexRequest& req) {
        std::vector<const TargetEntry*> out;
        for (const auto& e : req.entries) {
            if (e.is_source) out.push_back(&e);
        }
        for (const auto& e : req.entries) {
            if (!e.is_source) out.push_back(&e);
        }
        return out;
    }

    MultiplexResponse HandleSingle(const MultiplexRequest& req) {
        std::int64_t created = NowMs();
        auto parts = PrepareAll(req, Ordered(req));
        std::vector<std::string> failures;
        for (auto& p : parts) {
            if (p->run.failed) failures.push_back(p->run.failure);
        }
        if (!failures.empty()) {
            // Routing problems: nothing ran anywhere.
            return Respond(kCodeExecution, std::string(kMsgExecution) + ": " + Join(failures, "; "),
                           TraceData(req.trace_id));
        }
        return CompareAndStore(req, parts, true, created, req.raw_body, nullptr);
    }

    std::string PendingReportJson(const Batch& b) {
        JsonWriter w;
        w.BeginObject();
        w.Key("traceId").String(b.trace_id);
        w.Key("status").String("pending");
        w.Key("sourceDialect").String(b.first.source_dialect);
        w.Key("expected").StringArray(b.first.target_dialects);
        std::vector<std::string> arrived;
        for (const auto& kv : b.arrivals) arrived.push_back(kv.first);
        w.Key("arrived").StringArray(arrived);
        std::vector<std::string> missing;
        for (const auto& d : b.first.target_dialects) {
            if (!b.arrivals.count(d)) missing.push_back(d);
        }
        w.Key("waitingFor").StringArray(missing);
        w.Key("firstCallTime").String(FormatTime(b.first_ms));
        w.Key("deadline").String(FormatTime(b.first_ms + options.batch_wait_ms));
        w.EndObject();
        return w.str();
    }

    // Compares a batch whose calls are over (all arrived, or the wait ran out).
    void FinalizeBatch(const std::shared_ptr<Batch>& b, const std::string& completed_by) {
        std::vector<std::string> expected = b->first.target_dialects;
        std::vector<std::string> missing;
        for (const auto& d : expected) {
            if (!b->arrivals.count(d)) missing.push_back(d);
        }
        std::vector<std::string> arrived;
        for (const auto& kv : b->arrivals) arrived.push_back(kv.first);
        auto batch_info = [&](JsonWriter& w) {
            w.Key("batch").BeginObject();
            w.Key("expected").StringArray(expected);
            w.Key("arrived").StringArray(arrived);
            w.Key("missing").StringArray(missing);
            w.Key("completedBy").String(completed_by);
            w.Key("firstCallTime").String(FormatTime(b->first_ms));
            w.Key("late").BeginArray().EndArray();
            w.EndObject();
        };
        std::string request_json = "[" + Join(b->bodies, ",") + "]";
        const std::string& source = b->first.source_dialect;
        if (!b->arrivals.count(source) || b->arrivals.size() < 2) {
            JsonWriter w;
            w.BeginObject();
            w.Key("traceId").String(b->trace_id);
            w.Key("status").String("expired");
            w.Key("verdict").String("NOT_COMPARED");
            w.Key("message").String(std::string(kMsgReportTimeout) + ": " +
                                    (b->arrivals.count(source) ? "只有源库提交了结果"
                                                               : "源库[" + source + "]未在等待时间内提交结果") +
                                    ", 等待" + std::to_string(options.batch_wait_ms) + "ms后仍缺少: " + Join(missing, ","));
            w.Key("sourceDialect").String(source);
            batch_info(w);
            w.EndObject();
            StoredReport sr;
            sr.trace_id = b->trace_id;
            sr.uid = b->first.uid;
            sr.status = "expired";
            sr.request_json = request_json;
            sr.report_json = w.str();
            sr.insert_time_ms = b->first_ms;
            sr.update_time_ms = NowMs();
            (void)SaveReport(sr);  // no caller waits on a timed-out batch; GetReport answers the failure
            return;
        }
        std::vector<std::unique_ptr<Participant>> parts;
        parts.push_back(std::move(b->arrivals[source]));
        for (const auto& d : expected) {
            if (d != source && b->arrivals.count(d) && b->arrivals[d]) parts.push_back(std::move(b->arrivals[d]));
        }
        // The request fields that matter for comparing: the first call's, with every call's entries.
        MultiplexRequest req = b->first;
        req.entries.clear();
        for (auto& p : parts) req.entries.push_back(p->target.entry);
        // A save failure is remembered by SaveReport; the calls of the batch were answered already.
        (void)CompareAndStore(req, parts, false, b->first_ms, request_json, batch_info);
    }

    // FinalizeBatch runs on a worker after a timeout: an exception there would leave the report
    // pending for ever, so it becomes a failed report instead.
    void FinalizeBatchSafely(const std::shared_ptr<Batch>& b, const std::string& completed_by) {
        std::string what;
        try {
            FinalizeBatch(b, completed_by);
            return;
        } catch (const std::exception& e) {
            what = e.what();
        } catch (...) {
            what = "unknown exception";
        }
        JsonWriter w;
        w.BeginObject();
        w.Key("traceId").String(b->trace_id);
        w.Key("status").String("failed");
        w.Key("verdict").String("EXECUTION_FAILED");
        w.Key("code").Int(kCodeUnknown);
        w.Key("message").String(std::string(kMsgUnknown) + ": 批次比对异常: " + what);
        w.Key("sourceDialect").String(b->first.source_dialect);
        w.EndObject();
        StoredReport sr;
        sr.trace_id = b->trace_id;
        sr.uid = b->first.uid;
        sr.status = "failed";
        sr.request_json = "[" + Join(b->bodies, ",") + "]";
        sr.report_json = w.str();
        sr.insert_time_ms = b->first_ms;
        sr.update_time_ms = NowMs();
        (void)SaveReport(sr);  // on failure GetReport answers with the store's error
    }

    // Why a new bulkMode 2 batch of uid cannot open now (every open batch holds its calls' rows
    // until it completes or times out); nullopt when it can. Caller holds mu.
    std::optional<std::string> PendingLimitLocked(const std::string& uid) const {
        const auto mine = static_cast<std::size_t>(std::count_if(
            batches.begin(), batches.end(), [&](const auto& kv) { return kv.second->first.uid == uid; }));
        if (mine >= options.max_pending_batches_per_user || batches.size() >= options.max_pending_batches) {
            return "入参不符合规则: 等待比对的批次(bulkMode=2)过多: this user has " + std::to_string(mine) +
                   " open, the server " + std::to_string(batches.size()) + " (at most " +
                   std::to_string(options.max_pending_batches_per_user) + " per user and " +
                   std::to_string(options.max_pending_batches) +
                   " in all: multiplex.max_pending_batches_per_user / max_pending_batches); complete or wait for them";
        }
        return std::nullopt;
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

    MultiplexResponse HandleBatch(const MultiplexRequest& req) {
        std::shared_ptr<Batch> batch;
        {
            std::unique_lock<std::mutex> lock(mu);
            auto it = batches.find(req.trace_id);
            if (it == batches.end()) {
                lock.unlock();
                auto existing = store.Get(req.trace_id);
                if (!existing.ok()) {
                    return ReadFailed(req.trace_id, existing.status());
                }
                lock.lock();
                it = batches.find(req.trace_id);
                if (it == batches.end() && existing.ok() && existing.value() && existing.value()->uid != req.uid) {
                    return Respond(kCodeBadInput, MsgTraceIdTaken(req.trace_id));
                }
                if (it == batches.end() && existing.ok() && existing.value() &&
                    existing.value()->status != "pending") {
                    lock.unlock();
                    sdk::Status late = RecordLate(req, *existing.value());
                    if (!late.ok()) {
                        return SaveFailed(req.trace_id, late);
                    }
                    return Respond(kCodeOk, "批次[" + req.trace_id + "]已完成比对, 本次调用的库(" +
                                                DialectList(req) + ")未执行, 已作为迟到批次记录在比对报告中",
                                   TraceData(req.trace_id));
                }
            }
            if (it == batches.end()) {
                if (auto refusal = PendingLimitLocked(req.uid)) {
                    return Respond(kCodeBadInput, *refusal);
                }
                batch = std::make_shared<Batch>();
                batch->trace_id = req.trace_id;
                batch->first = req;
                batch->first_ms = NowMs();
                batches[req.trace_id] = batch;
                std::weak_ptr<Batch> weak = batch;
                batch->timer_id = timer.Schedule(options.batch_wait_ms, [this, weak] { OnBatchTimeout(weak); });
                StoredReport sr;
                sr.trace_id = req.trace_id;
                sr.uid = req.uid;
                sr.status = "pending";
                sr.insert_time_ms = sr.update_time_ms = batch->first_ms;
                sr.report_json = PendingReportJson(*batch);
                lock.unlock();
                sdk::Status saved = SaveReport(sr);
                if (!saved.ok()) {
                    // The batch stays open for the other calls; this one is not executed, and
                    // the report (saved or not when the batch ends) will list its dialect as missing.
                    return SaveFailed(req.trace_id, saved);
                }
                lock.lock();
            } else {
                batch = it->second;
            }
            if (batch->first.uid != req.uid) {
                return Respond(kCodeBadInput, MsgTraceIdTaken(req.trace_id));
            }
            if (batch->closing) {
                lock.unlock();
                return Respond(kCodeOk, "批次[" + req.trace_id + "]已开始比对, 本次调用的库(" + DialectList(req) +
                                            ")未执行", TraceData(req.trace_id));
            }
            for (const auto& e : req.entries) {
                if (batch->arrivals.count(e.dialect) || batch->in_flight.count(e.dialect)) {
                    return Respond(kCodeBadInput, "入参不符合规则: 目标数据库类型[" + e.dialect + "]已在批次[" +
                                                      req.trace_id + "]中提交过");
                }
            }
            if (batch->first.source_dialect != req.source_dialect) {
                return Respond(kCodeBadInput, "入参不符合规则: 同一批次(traceId[" + req.trace_id +
                                                  "])的sourceDialect必须相同, 首次调用为" + batch->first.source_dialect);
            }
            for (const auto& e : req.entries) batch->in_flight.insert(e.dialect);
            ++batch->running_calls;
            batch->bodies.push_back(req.raw_body);
        }

        std::vector<const TargetEntry*> entries;
        for (const auto& e : req.entries) entries.push_back(&e);
        auto parts = PrepareAll(req, entries);
        for (auto& p : parts) {
            p->main_capture = std::make_unique<CaptureSink>(options.batch_capture_max_rows);
            for (std::size_t k = 0; k < p->target.entry.before_sqls.size(); ++k) {
                p->before_capture.push_back(std::make_unique<CaptureSink>(options.batch_capture_max_rows));
            }
            for (std::size_t k = 0; k < p->target.entry.after_sqls.size(); ++k) {
                p->after_capture.push_back(std::make_unique<CaptureSink>(options.batch_capture_max_rows));
            }
        }
        RunAll(
            req, parts,
            [&](std::size_t i) {
                TargetSinks s;
                s.main = parts[i]->main_capture.get();
                for (auto& c : parts[i]->before_capture) s.before.push_back(c.get());
                for (auto& c : parts[i]->after_capture) s.after.push_back(c.get());
                return s;
            },
            [](std::size_t) {});
        std::vector<std::string> failures;
        for (auto& p : parts) {
            if (p->run.failed) failures.push_back(p->run.failure);
        }

        bool complete = false;
        std::optional<StoredReport> pending_update;
        {
            std::lock_guard<std::mutex> lock(mu);
            for (auto& p : parts) {
                batch->in_flight.erase(p->run.dialect);
                batch->arrivals[p->run.dialect] = std::move(p);
            }
            complete = !batch->closing;
            for (const auto& d : batch->first.target_dialects) complete = complete && batch->arrivals.count(d);
            if (complete) {
                batch->closing = true;
                batches.erase(batch->trace_id);
                --batch->running_calls;
            } else if (!batch->closing) {
                StoredReport sr;
                sr.trace_id = batch->trace_id;
                sr.uid = batch->first.uid;
                sr.status = "pending";
                sr.insert_time_ms = batch->first_ms;
                sr.update_time_ms = NowMs();
                sr.report_json = PendingReportJson(*batch);
                pending_update = std::move(sr);
            } else {
                --batch->running_calls;
            }
            batch_cv.notify_all();
        }
        sdk::Status pending_saved;
        if (pending_update) {
            // Saved outside the lock but before this call counts as finished: the final report
            // is built only after every running call is done, so it is always saved last.
            pending_saved = SaveReport(*pending_update);
            std::lock_guard<std::mutex> lock(mu);
            --batch->running_calls;
            batch_cv.notify_all();
        }
        if (complete) {
            timer.Cancel(batch->timer_id);
            {
                std::unique_lock<std::mutex> lock(mu);
                batch_cv.wait(lock, [&] { return batch->running_calls == 0; });
            }
            FinalizeBatchSafely(batch, "arrival");
        }
        if (!pending_saved.ok()) {
            return SaveFailed(req.trace_id, pending_saved);
        }
        if (!failures.empty()) {
            return Respond(kCodeExecution, std::string(kMsgExecution) + ": " + Join(failures, "; "),
                           TraceData(req.trace_id));
        }
        return Respond(kCodeOk, kMsgBatchWaiting, TraceData(req.trace_id));
    }

    void OnBatchTimeout(const std::weak_ptr<Batch>& weak) {
        std::shared_ptr<Batch> batch = weak.lock();
        if (!batch || stopping) return;
        {
            std::unique_lock<std::mutex> lock(mu);
            auto it = batches.find(batch->trace_id);
            if (it == batches.end() || it->second != batch || batch->closing) return;
            batch->closing = true;
            // Calls already executing finish first: their results belong to the batch.
            batch_cv.wait(lock, [&] { return batch->running_calls == 0; });
            batches.erase(it);
        }
        // Compare on a worker, not on the timer thread (other deadlines keep firing).
        workers.Submit([this, batch] { FinalizeBatchSafely(batch, "timeout"); });
    }

    static std::string DialectList(const MultiplexRequest& req) {
        std::vector<std::string> d;
        for (const auto& e : req.entries) d.push_back(e.dialect);
        return Join(d, ",");
    }

    sdk::Status RecordLate(const MultiplexRequest& req, const StoredReport& existing) {
        auto doc = ParseJson(existing.report_json);
        if (!doc.ok() || !doc.value().is_object()) {
            return sdk::Status::Internal("the stored report of traceId " + req.trace_id + " is not a JSON object");
        }
        JsonValue root = doc.value();
        JsonValue* batch = root.FindMutable("batch");
        if (!batch) {
            root.Set("batch", JsonValue::MakeObject());
            batch = root.FindMutable("batch");
        }
        JsonValue* late = batch->FindMutable("late");
        if (!late) {
            batch->Set("late", JsonValue::MakeArray());
            late = batch->FindMutable("late");
        }
        JsonValue entry = JsonValue::MakeObject();
        JsonValue dialects = JsonValue::MakeArray();
        for (const auto& e : req.entries) dialects.Append(JsonValue::MakeString(e.dialect));
        entry.Set("dialects", dialects);
        entry.Set("time", JsonValue::MakeString(FormatTime(NowMs())));
        entry.Set("executed", JsonValue::MakeBool(false));
        late->Append(entry);
        StoredReport sr = existing;
        sr.report_json = root.Serialize();
        sr.update_time_ms = NowMs();
        return SaveReport(sr);
    }
};

MultiplexService::MultiplexService(MultiplexServiceOptions options, DialectLookup dialects,
                                   ConnectionResolver& resolver, ReportStore& store)
    : impl_(std::make_unique<Impl>(std::move(options), std::move(dialects), resolver, store)) {}

MultiplexService::~MultiplexService() {
    impl_->stopping = true;
}

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

std::size_t MultiplexService::PendingBatches() {
    std::lock_guard<std::mutex> lock(impl_->mu);
    return impl_->batches.size();
}

std::size_t MultiplexService::IdleConnections() { return impl_->pool.IdleCount(); }

MultiplexResponse MultiplexService::Handle(const std::string& body, const std::string& uid) {
    try {
        RequestCheck check =
            ParseMultiplexRequest(body, [this](const std::string& dialect) { return impl_->LexiconOf(dialect); });
        if (check.code != 0) {
            return Respond(check.code, check.message);
        }
        check.request.uid = uid;
        impl_->PurgeOldReports();
        const MultiplexRequest& req = check.request;
        if (req.bulk_mode == 2) {
            return impl_->HandleBatch(req);
        }
        {
            std::lock_guard<std::mutex> lock(impl_->mu);
            if (impl_->batches.count(req.trace_id) || !impl_->running.insert(req.trace_id).second) {
                return Respond(kCodeBadInput, "入参不符合规则: traceId[" + req.trace_id + "]正在执行, 请使用新的traceId");
            }
        }
        struct Release {
            Impl& impl;
            const std::string& trace;
            ~Release() {
                std::lock_guard<std::mutex> lock(impl.mu);
                impl.running.erase(trace);
            }
        } release{*impl_, req.trace_id};
        auto existing = impl_->store.Get(req.trace_id);
        if (!existing.ok()) {
            return Impl::ReadFailed(req.trace_id, existing.status());
        }
        if (existing.value() && existing.value()->uid != uid) {
            return Respond(kCodeBadInput, MsgTraceIdTaken(req.trace_id));
        }
        if (existing.value() && existing.value()->status != "failed") {
            return Respond(kCodeBadInput, "入参不符合规则: traceId[" + req.trace_id + "]已有比对报告(状态" +
                                              existing.value()->status + "), 请使用新的traceId");
        }
        return impl_->HandleSingle(req);
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
        {
            std::lock_guard<std::mutex> lock(impl_->mu);
            auto it = impl_->batches.find(trace_id);
            if (it != impl_->batches.end() && it->second->first.uid == uid) {
                return Respond(kCodeOk, "比对等待中: 批次尚未全部提交", impl_->PendingReportJson(*it->second));
            }
        }
        if (auto failure = impl_->SaveFailure(trace_id, uid)) {
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
