#include "core/multiplex/batch_coordinator.h"

#include <algorithm>
#include <set>

#include "core/multiplex/json_value.h"
#include "core/multiplex/multiplex_codes.h"
#include "core/multiplex/report_json.h"

namespace dbbridge::core::multiplex {

using sdk::util::JsonWriter;

struct BatchCoordinator::Batch {
    std::string trace_id;
    MultiplexRequest first;  // the first call (rules, sourceDialect, targetDialects)
    std::vector<std::string> bodies;
    std::map<std::string, std::unique_ptr<Participant>> arrivals;  // by dialect
    std::set<std::string> in_flight;
    std::int64_t first_ms = 0;
    std::uint64_t timer_id = 0;
    int running_calls = 0;
    bool closing = false;  // compared (or being compared): later calls are late

    std::vector<std::string> Missing() const {
        std::vector<std::string> out;
        for (const auto& d : first.target_dialects) {
            if (!arrivals.count(d)) out.push_back(d);
        }
        return out;
    }
    std::vector<std::string> Arrived() const {
        std::vector<std::string> out;
        for (const auto& kv : arrivals) out.push_back(kv.first);
        return out;
    }
};

namespace {

std::string DialectList(const MultiplexRequest& req) {
    std::vector<std::string> d;
    for (const auto& e : req.entries) d.push_back(e.dialect);
    return JoinTexts(d, ",");
}

}  // namespace

MultiplexResponse BatchCoordinator::Handle(const MultiplexRequest& req) {
    BatchPtr batch;
    if (auto answer = Admit(req, batch)) {
        return *answer;
    }
    Participants parts = Execute(req);
    std::vector<std::string> failures;
    for (auto& p : parts) {
        if (p->run.failed) failures.push_back(p->run.failure);
    }
    sdk::Status pending_saved = Arrive(batch, parts);
    if (!pending_saved.ok()) {
        return SaveFailed(req.trace_id, pending_saved);
    }
    if (!failures.empty()) {
        return ExecutionFailed(req.trace_id, failures);
    }
    return Respond(kCodeOk, kMsgBatchWaiting, TraceData(req.trace_id));
}

std::optional<MultiplexResponse> BatchCoordinator::Admit(const MultiplexRequest& req, BatchPtr& batch) {
    std::unique_lock<std::mutex> lock(mu_);
    auto it = batches_.find(req.trace_id);
    if (it == batches_.end()) {
        lock.unlock();
        auto closed = CheckClosed(req);
        if (closed) return closed;
        lock.lock();
        it = batches_.find(req.trace_id);
    }
    if (it == batches_.end()) {
        if (auto answer = Open(req, batch, lock)) return answer;
    } else {
        batch = it->second;
    }
    return AdmitLocked(req, batch);
}

std::optional<MultiplexResponse> BatchCoordinator::CheckClosed(const MultiplexRequest& req) {
    auto existing = store_.Get(req.trace_id);
    if (!existing.ok()) {
        return ReadFailed(req.trace_id, existing.status());
    }
    if (!existing.value()) return std::nullopt;
    const StoredReport& report = *existing.value();
    if (report.uid != req.uid) {
        return Respond(kCodeBadInput, MsgTraceIdTaken(req.trace_id));
    }
    if (report.status == "pending") return std::nullopt;
    {
        // The batch may have opened again meanwhile (its report was final and is now pending).
        std::lock_guard<std::mutex> lock(mu_);
        if (batches_.count(req.trace_id)) return std::nullopt;
    }
    sdk::Status late = RecordLate(req, report);
    if (!late.ok()) {
        return SaveFailed(req.trace_id, late);
    }
    return Respond(kCodeOk,
                   "批次[" + req.trace_id + "]已完成比对, 本次调用的库(" + DialectList(req) +
                       ")未执行, 已作为迟到批次记录在比对报告中",
                   TraceData(req.trace_id));
}

std::optional<MultiplexResponse> BatchCoordinator::Open(const MultiplexRequest& req, BatchPtr& batch,
                                                        std::unique_lock<std::mutex>& lock) {
    if (auto refusal = PendingLimitLocked(req.uid)) {
        return Respond(kCodeBadInput, *refusal);
    }
    batch = std::make_shared<Batch>();
    batch->trace_id = req.trace_id;
    batch->first = req;
    batch->first_ms = NowMs();
    batches_[req.trace_id] = batch;
    std::weak_ptr<Batch> weak = batch;
    batch->timer_id = timer_.Schedule(options_.batch_wait_ms, [this, weak] { OnTimeout(weak); });
    StoredReport sr = PendingReportOf(*batch);
    lock.unlock();
    sdk::Status saved = saver_.Save(sr);
    if (!saved.ok()) {
        // The batch stays open for the other calls; this one is not executed, and the report
        // (saved or not when the batch ends) will list its dialect as missing.
        return SaveFailed(req.trace_id, saved);
    }
    lock.lock();
    return std::nullopt;
}

std::optional<MultiplexResponse> BatchCoordinator::AdmitLocked(const MultiplexRequest& req, const BatchPtr& batch) {
    if (batch->first.uid != req.uid) {
        return Respond(kCodeBadInput, MsgTraceIdTaken(req.trace_id));
    }
    if (batch->closing) {
        return Respond(kCodeOk, "批次[" + req.trace_id + "]已开始比对, 本次调用的库(" + DialectList(req) + ")未执行",
                       TraceData(req.trace_id));
    }
    for (const auto& e : req.entries) {
        if (batch->arrivals.count(e.dialect) || batch->in_flight.count(e.dialect)) {
            return Respond(kCodeBadInput,
                           "入参不符合规则: 目标数据库类型[" + e.dialect + "]已在批次[" + req.trace_id + "]中提交过");
        }
    }
    if (batch->first.source_dialect != req.source_dialect) {
        return Respond(kCodeBadInput, "入参不符合规则: 同一批次(traceId[" + req.trace_id +
                                          "])的sourceDialect必须相同, 首次调用为" + batch->first.source_dialect);
    }
    for (const auto& e : req.entries) batch->in_flight.insert(e.dialect);
    ++batch->running_calls;
    batch->bodies.push_back(req.raw_body);
    return std::nullopt;
}

Participants BatchCoordinator::Execute(const MultiplexRequest& req) {
    std::vector<const TargetEntry*> entries;
    for (const auto& e : req.entries) entries.push_back(&e);
    Participants parts = router_.PrepareAll(req, entries);
    const std::size_t max_rows = options_.batch_capture_max_rows;
    for (auto& p : parts) {
        p->main_capture = std::make_unique<CaptureSink>(max_rows);
        for (std::size_t k = 0; k < p->target.entry.before_sqls.size(); ++k) {
            p->before_capture.push_back(std::make_unique<CaptureSink>(max_rows));
        }
        for (std::size_t k = 0; k < p->target.entry.after_sqls.size(); ++k) {
            p->after_capture.push_back(std::make_unique<CaptureSink>(max_rows));
        }
    }
    auto sinks_for = [&](std::size_t i) {
        TargetSinks s;
        s.main = parts[i]->main_capture.get();
        for (auto& c : parts[i]->before_capture) s.before.push_back(c.get());
        for (auto& c : parts[i]->after_capture) s.after.push_back(c.get());
        return s;
    };
    runner_.RunAll(req, parts, sinks_for, [](std::size_t) {});
    return parts;
}

sdk::Status BatchCoordinator::Arrive(const BatchPtr& batch, Participants& parts) {
    bool complete = false;
    std::optional<StoredReport> pending_update;
    {
        std::lock_guard<std::mutex> lock(mu_);
        for (auto& p : parts) {
            batch->in_flight.erase(p->run.dialect);
            batch->arrivals[p->run.dialect] = std::move(p);
        }
        complete = !batch->closing && batch->Missing().empty();
        if (complete) {
            batch->closing = true;
            batches_.erase(batch->trace_id);
            --batch->running_calls;
        } else if (!batch->closing) {
            pending_update = PendingReportOf(*batch);
        } else {
            --batch->running_calls;
        }
        cv_.notify_all();
    }
    sdk::Status pending_saved;
    if (pending_update) {
        // Saved outside the lock but before this call counts as finished: the final report is
        // built only after every running call is done, so it is always saved last.
        pending_saved = saver_.Save(*pending_update);
        std::lock_guard<std::mutex> lock(mu_);
        --batch->running_calls;
        cv_.notify_all();
    }
    if (complete) {
        timer_.Cancel(batch->timer_id);
        {
            std::unique_lock<std::mutex> lock(mu_);
            cv_.wait(lock, [&] { return batch->running_calls == 0; });
        }
        FinalizeSafely(batch, "arrival");
    }
    return pending_saved;
}

void BatchCoordinator::OnTimeout(const std::weak_ptr<Batch>& weak) {
    BatchPtr batch = weak.lock();
    if (!batch || stopping_) return;
    {
        std::unique_lock<std::mutex> lock(mu_);
        auto it = batches_.find(batch->trace_id);
        if (it == batches_.end() || it->second != batch || batch->closing) return;
        batch->closing = true;
        // Calls already executing finish first: their results belong to the batch.
        cv_.wait(lock, [&] { return batch->running_calls == 0; });
        batches_.erase(it);
    }
    // Compare on a worker, not on the timer thread (other deadlines keep firing).
    workers_.Submit([this, batch] { FinalizeSafely(batch, "timeout"); });
}

void BatchCoordinator::Finalize(const BatchPtr& b, const std::string& completed_by) {
    const std::vector<std::string> missing = b->Missing();
    const std::vector<std::string> arrived = b->Arrived();
    auto batch_info = [&](JsonWriter& w) {
        w.Key("batch").BeginObject();
        w.Key("expected").StringArray(b->first.target_dialects);
        w.Key("arrived").StringArray(arrived);
        w.Key("missing").StringArray(missing);
        w.Key("completedBy").String(completed_by);
        w.Key("firstCallTime").String(FormatTime(b->first_ms));
        w.Key("late").BeginArray().EndArray();
        w.EndObject();
    };
    std::string request_json = "[" + JoinTexts(b->bodies, ",") + "]";
    const std::string& source = b->first.source_dialect;
    if (!b->arrivals.count(source) || b->arrivals.size() < 2) {
        SaveExpired(b, missing, request_json, batch_info);
        return;
    }
    Participants parts;
    parts.push_back(std::move(b->arrivals[source]));
    for (const auto& d : b->first.target_dialects) {
        if (d != source && b->arrivals.count(d) && b->arrivals[d]) parts.push_back(std::move(b->arrivals[d]));
    }
    // The request fields that matter for comparing: the first call's, with every call's entries.
    MultiplexRequest req = b->first;
    req.entries.clear();
    for (auto& p : parts) req.entries.push_back(p->target.entry);
    // A save failure is remembered by the saver; the calls of the batch were answered already.
    (void)runner_.CompareAndStore(req, parts, false, b->first_ms, request_json, batch_info);
}

void BatchCoordinator::SaveExpired(const BatchPtr& b, const std::vector<std::string>& missing,
                                   const std::string& request_json,
                                   const std::function<void(JsonWriter&)>& batch_info) {
    const std::string& source = b->first.source_dialect;
    JsonWriter w;
    w.BeginObject();
    w.Key("traceId").String(b->trace_id);
    w.Key("status").String("expired");
    w.Key("verdict").String("NOT_COMPARED");
    w.Key("message").String(
        std::string(kMsgReportTimeout) + ": " +
        (b->arrivals.count(source) ? "只有源库提交了结果" : "源库[" + source + "]未在等待时间内提交结果") + ", 等待" +
        std::to_string(options_.batch_wait_ms) + "ms后仍缺少: " + JoinTexts(missing, ","));
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
    (void)saver_.Save(sr);  // no caller waits on a timed-out batch; GetReport answers the failure
}

void BatchCoordinator::FinalizeSafely(const BatchPtr& b, const std::string& completed_by) {
    std::string what;
    try {
        Finalize(b, completed_by);
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
    sr.request_json = "[" + JoinTexts(b->bodies, ",") + "]";
    sr.report_json = w.str();
    sr.insert_time_ms = b->first_ms;
    sr.update_time_ms = NowMs();
    (void)saver_.Save(sr);  // on failure GetReport answers with the store's error
}

sdk::Status BatchCoordinator::RecordLate(const MultiplexRequest& req, const StoredReport& existing) {
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
    return saver_.Save(sr);
}

std::string BatchCoordinator::PendingReportJson(const Batch& b) const {
    JsonWriter w;
    w.BeginObject();
    w.Key("traceId").String(b.trace_id);
    w.Key("status").String("pending");
    w.Key("sourceDialect").String(b.first.source_dialect);
    w.Key("expected").StringArray(b.first.target_dialects);
    w.Key("arrived").StringArray(b.Arrived());
    w.Key("waitingFor").StringArray(b.Missing());
    w.Key("firstCallTime").String(FormatTime(b.first_ms));
    w.Key("deadline").String(FormatTime(b.first_ms + options_.batch_wait_ms));
    w.EndObject();
    return w.str();
}

StoredReport BatchCoordinator::PendingReportOf(const Batch& b) const {
    StoredReport sr;
    sr.trace_id = b.trace_id;
    sr.uid = b.first.uid;
    sr.status = "pending";
    sr.insert_time_ms = b.first_ms;
    sr.update_time_ms = NowMs();
    sr.report_json = PendingReportJson(b);
    return sr;
}

std::optional<std::string> BatchCoordinator::PendingLimitLocked(const std::string& uid) const {
    const auto mine = static_cast<std::size_t>(
        std::count_if(batches_.begin(), batches_.end(), [&](const auto& kv) { return kv.second->first.uid == uid; }));
    if (mine >= options_.max_pending_batches_per_user || batches_.size() >= options_.max_pending_batches) {
        return "入参不符合规则: 等待比对的批次(bulkMode=2)过多: this user has " + std::to_string(mine) +
               " open, the server " + std::to_string(batches_.size()) + " (at most " +
               std::to_string(options_.max_pending_batches_per_user) + " per user and " +
               std::to_string(options_.max_pending_batches) +
               " in all: multiplex.max_pending_batches_per_user / max_pending_batches); complete or wait for them";
    }
    return std::nullopt;
}

std::optional<std::string> BatchCoordinator::PendingReport(const std::string& trace_id, const std::string& uid) {
    std::lock_guard<std::mutex> lock(mu_);
    auto it = batches_.find(trace_id);
    if (it == batches_.end() || it->second->first.uid != uid) return std::nullopt;
    return PendingReportJson(*it->second);
}

bool BatchCoordinator::IsOpen(const std::string& trace_id) {
    std::lock_guard<std::mutex> lock(mu_);
    return batches_.count(trace_id) > 0;
}

std::size_t BatchCoordinator::OpenBatches() {
    std::lock_guard<std::mutex> lock(mu_);
    return batches_.size();
}

}  // namespace dbbridge::core::multiplex
