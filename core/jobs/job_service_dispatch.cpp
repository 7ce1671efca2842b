// JobService's dispatcher thread: claims queued runs for this host, keeps the leases of the runs
// it holds, stops runs that were asked to stop, copies logs into the store and reaps runs whose
// host is gone. See docs/cluster.md.
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <thread>

#include "core/engine/job_log.h"
#include "core/jobs/active_run.h"
#include "core/jobs/job_service.h"
#include "core/jobs/run_log_stream.h"

namespace dbbridge::core {


void JobService::Wake() {
    std::lock_guard<std::mutex> lock(dispatch_mu_);
    dispatch_wake_ = true;
    dispatch_cv_.notify_all();
}

void JobService::Dispatch() {
    using Clock = std::chrono::steady_clock;
    const auto lease_every = std::chrono::milliseconds(std::max(50, options_.lease_ms / 3));
    const auto reap_every = std::chrono::milliseconds(std::max(100, options_.lease_ms / 2));
    auto next_lease = Clock::now();
    auto next_reap = Clock::now() + reap_every;
    while (!stopping_) {
        if (options_.claim_runs) {
            ClaimQueued();
        }
        if (Clock::now() >= next_lease) {
            KeepLeases();
            next_lease = Clock::now() + lease_every;
        }
        if (options_.recover_interrupted_runs && Clock::now() >= next_reap) {
            Reap();
            next_reap = Clock::now() + reap_every;
        }
        std::unique_lock<std::mutex> lock(dispatch_mu_);
        dispatch_cv_.wait_for(lock, std::chrono::milliseconds(options_.poll_ms),
                              [this] { return dispatch_wake_ || stopping_.load(); });
        dispatch_wake_ = false;
    }
}

void JobService::ClaimQueued() {
    const int free = options_.max_concurrent_jobs - ActiveCount();
    if (free <= 0) {
        return;
    }
    auto claimed = queue_.Claim(options_.host_name, free, options_.lease_ms, ::getpid(),
                                [this](std::int64_t config_id, std::int64_t id) { return LogPathFor(config_id, id); });
    if (!claimed.ok()) {
        return;  // the store is unreachable; the next poll tries again
    }
    for (const auto& c : claimed.value()) {
        auto run = Track(c).value();
        if (!pool_.Submit(run->exec_id, [this, run] { Execute(run, nullptr); })) {
            run->Stop(StopReason::kShutdownBefore);
            Execute(run, nullptr);
        }
    }
}

void JobService::Cancel(std::int64_t exec_id, StopReason why) {
    std::lock_guard<std::mutex> lock(active_mu_);
    auto it = active_.find(exec_id);
    if (it != active_.end()) {
        it->second->Stop(why);
    }
}

void JobService::KeepLeases() {
    std::vector<std::shared_ptr<ActiveRun>> runs;
    {
        std::lock_guard<std::mutex> lock(active_mu_);
        for (auto& [id, run] : active_) {
            runs.push_back(run);
        }
    }
    std::vector<std::int64_t> ids;
    for (const auto& run : runs) {
        ids.push_back(run->exec_id);
        const int timeout_s = run->row.timeout_s;
        if (timeout_s > 0 && std::chrono::steady_clock::now() - run->started >= std::chrono::seconds(timeout_s)) {
            run->Stop(StopReason::kTimeout);
        }
        if (options_.ship_logs) {
            ShipLog(*run);
        }
    }
    auto lost = queue_.Renew(options_.host_name, ids, options_.lease_ms);
    if (lost.ok()) {
        for (std::int64_t id : lost.value()) {
            // Reaped by another host (this one could not renew in time): stop, it runs elsewhere now.
            Cancel(id, StopReason::kLeaseLost);
        }
    }
    auto kills = queue_.KillRequested(options_.host_name);
    if (kills.ok()) {
        for (std::int64_t id : kills.value()) {
            Cancel(id, StopReason::kUser);
        }
    }
}

void JobService::Reap() {
    auto reaped = queue_.ReapExpired(NowEpochMs(), [](const ExecLogRow& row) {
        return "host '" + row.host_name + "' stopped renewing the run's lease (it expired at " +
               IsoMillis(row.lease_until) + ")";
    });
    if (!reaped.ok()) {
        return;
    }
    for (const auto& row : reaped.value()) {
        AppendRunLine(row, RunLogLine("WARN", "run " + std::to_string(row.id) + " interrupted (it was running): " +
                                    row.exit_reason));
        if (options_.on_run_finished) {
            auto now = runs_.Get(row.id);
            if (now.ok()) {
                options_.on_run_finished(now.value());
            }
        }
    }
    if (!reaped->empty()) {
        Wake();  // their retries may be claimable
    }
}

void JobService::ShipLog(ActiveRun& run) {
    if (!options_.ship_logs) {
        return;
    }
    std::lock_guard<std::mutex> lock(run.ship_mu);
    std::ifstream in(run.log_path, std::ios::binary);
    if (!in) {
        return;
    }
    in.seekg(0, std::ios::end);
    const std::int64_t size = static_cast<std::int64_t>(in.tellg());
    const std::int64_t end = std::min(size, RunQueue::kMaxStoredLogBytes);
    if (end <= run.shipped) {
        return;
    }
    std::string text(static_cast<std::size_t>(end - run.shipped), '\0');
    in.seekg(run.shipped);
    in.read(text.data(), static_cast<std::streamsize>(text.size()));
    text.resize(static_cast<std::size_t>(in.gcount()));
    // Only whole lines, so a multi-byte character is never split between two chunks.
    auto last = text.rfind('\n');
    if (last == std::string::npos) {
        return;
    }
    text.resize(last + 1);
    if (queue_.AppendLog(run.exec_id, run.shipped, text).ok()) {
        run.shipped += static_cast<std::int64_t>(text.size());
    }
}

void JobService::AppendRunLine(const ExecLogRow& row, const std::string& line) {
    std::error_code ec;
    const bool local = !row.log_path.empty() && (row.host_name == options_.host_name || !options_.ship_logs) &&
                       std::filesystem::exists(row.log_path, ec);
    if (local) {
        (void)AppendToFile(row.log_path, line);  // best effort: a log line never fails the run
    }
    if (options_.ship_logs || !local) {
        (void)queue_.AppendLogLine(row.id, line);  // best effort: a log line never fails the run
    }
}

sdk::Result<FinishResult> JobService::FinishRun(const ExecLogRow& row, const RunEnd& end) {
    // A store that is briefly unavailable (busy, reconnecting) gets a few more tries. When it
    // still fails the run stays "running" in the store: its lease runs out (ReapExpired on any
    // host) or this host's next start (RecoverInterrupted) marks it interrupted and retries it
    // per its policy. The run's log says so, since its status will not.
    constexpr int kAttempts = 3;
    constexpr int kBackoffMs = 200;
    auto finished = queue_.Finish(row.id, end);
    for (int attempt = 1; !finished.ok() && attempt < kAttempts; ++attempt) {
        std::this_thread::sleep_for(std::chrono::milliseconds(kBackoffMs * attempt));
        finished = queue_.Finish(row.id, end);
    }
    if (!finished.ok()) {
        AppendRunLine(
            row, RunLogLine("ERROR", "run " + std::to_string(row.id) + " ended " + ExecStatusName(end.outcome.status) +
                                         " but the store did not record it (" + finished.status().message() + ", " +
                                         std::to_string(kAttempts) +
                                         " tries); it shows as running until its lease expires or this "
                                         "host restarts, then as interrupted"));
    }
    return finished;
}

}  // namespace dbbridge::core
