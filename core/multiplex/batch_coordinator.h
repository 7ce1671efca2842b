#pragma once
// The bulkMode 2 batch coordinator: calls with the same traceId each run some of the databases;
// their rows are captured until every dialect of targetDialects has reported (the last call
// compares) or multiplex.batch_wait_seconds passed (a worker compares what arrived, or saves an
// expired report). A call arriving after its batch was compared is recorded as late in the report.
// Open batches are bounded per user and in all. Thread-safe.

#include <atomic>
#include <condition_variable>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>

#include "core/multiplex/comparison.h"
#include "core/multiplex/multiplex_options.h"
#include "core/multiplex/multiplex_response.h"
#include "core/multiplex/report_saver.h"
#include "core/multiplex/report_store.h"
#include "core/multiplex/routing.h"

namespace dbbridge::core::multiplex {

class BatchCoordinator {
public:
    // workers and timer may still be under construction: they are used only once calls arrive.
    BatchCoordinator(const MultiplexServiceOptions& options, const TargetRouter& router, ComparisonRunner& runner,
                     ReportSaver& saver, ReportStore& store, WorkerPool& workers, DeadlineTimer& timer)
        : options_(options),
          router_(router),
          runner_(runner),
          saver_(saver),
          store_(store),
          workers_(workers),
          timer_(timer) {}

    // One bulkMode 2 call (validated, req.uid set).
    MultiplexResponse Handle(const MultiplexRequest& req);
    // The pending report of uid's open batch trace_id; nullopt when uid has no such open batch.
    std::optional<std::string> PendingReport(const std::string& trace_id, const std::string& uid);
    bool IsOpen(const std::string& trace_id);
    std::size_t OpenBatches();
    // Batch deadlines that fire from now on are ignored (the service is going away).
    void Stop() { stopping_ = true; }

private:
    struct Batch;
    using BatchPtr = std::shared_ptr<Batch>;

    // Admits req into its batch (opening it when new): the batch, or the answer when the call
    // ends here (refused, late, or its pending report could not be saved).
    std::optional<MultiplexResponse> Admit(const MultiplexRequest& req, BatchPtr& batch);
    std::optional<MultiplexResponse> AdmitLocked(const MultiplexRequest& req, const BatchPtr& batch);
    // A call for a traceId with no open batch: refused when another user's, recorded as late when
    // its report is final; nullopt when a new batch may open.
    std::optional<MultiplexResponse> CheckClosed(const MultiplexRequest& req);
    std::optional<MultiplexResponse> Open(const MultiplexRequest& req, BatchPtr& batch,
                                          std::unique_lock<std::mutex>& lock);
    // Runs req's entries with capturing sinks.
    Participants Execute(const MultiplexRequest& req);
    // Hands parts to the batch; the batch is compared here when this call completed it.
    sdk::Status Arrive(const BatchPtr& batch, Participants& parts);
    void OnTimeout(const std::weak_ptr<Batch>& weak);
    // Compares a batch whose calls are over (all arrived, or the wait ran out).
    void Finalize(const BatchPtr& b, const std::string& completed_by);
    // Finalize, with an exception turned into a failed report (never pending for ever).
    void FinalizeSafely(const BatchPtr& b, const std::string& completed_by);
    void SaveExpired(const BatchPtr& b, const std::vector<std::string>& missing, const std::string& request_json,
                     const std::function<void(sdk::util::JsonWriter&)>& batch_info);
    sdk::Status RecordLate(const MultiplexRequest& req, const StoredReport& existing);
    std::string PendingReportJson(const Batch& b) const;
    StoredReport PendingReportOf(const Batch& b) const;
    // Why a new batch of uid cannot open now; nullopt when it can. Caller holds mu_.
    std::optional<std::string> PendingLimitLocked(const std::string& uid) const;

    const MultiplexServiceOptions& options_;
    const TargetRouter& router_;
    ComparisonRunner& runner_;
    ReportSaver& saver_;
    ReportStore& store_;
    WorkerPool& workers_;
    DeadlineTimer& timer_;
    std::mutex mu_;
    std::condition_variable cv_;               // a running call of a batch finished
    std::map<std::string, BatchPtr> batches_;  // open batches by traceId
    std::atomic<bool> stopping_{false};
};

}  // namespace dbbridge::core::multiplex
