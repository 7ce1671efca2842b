#pragma once
// exec_log as a job queue shared by every host on one store (docs/cluster.md).
//
// A queued row is claimed by one host with SELECT ... FOR UPDATE SKIP LOCKED (PostgreSQL, MySQL;
// SQLite serialises writers anyway) and moves to running under a lease (lease_until, epoch ms)
// that the host renews while the run lasts. A run whose lease has expired is taken as lost with
// its host: any host marks it interrupted and, in the same transaction, queues its retry when
// the run's policy allows one. Every transition is conditional on the current status, so two
// hosts can never both finish, kill or reap the same row.
//
// Run logs: the running host copies its log file into run_log_chunk as it grows, so a log can be
// read from any host, also after the host that wrote it is gone.

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "core/store/exec_log_repository.h"
#include "core/store/metadata_store.h"
#include "dbbridge/sdk/status.h"

namespace dbbridge::core {

// Wall clock in epoch milliseconds (leases and ticks; hosts keep their clocks in sync with NTP).
std::int64_t NowEpochMs();
// "2026-11-22T03:08:00.123Z" for an epoch ms value.
std::string IsoMillis(std::int64_t epoch_ms);

struct ClaimedRun {
    ExecLogRow row;           // as it is after the claim (running, host_name, lease)
    std::string job_text;     // the config's stored job (passwords sealed)
    std::string config_name;
    std::string config_uid;
};

// How a run ended and what moves with it in the same transaction.
struct RunEnd {
    ExecOutcome outcome;
    std::string watermark_column;  // non-empty with a value: the job's watermark moves (success only)
    std::string watermark_value;
};

struct FinishResult {
    bool finished = false;        // false: the row had already finished (nothing changed)
    std::int64_t retry_id = 0;    // the queued retry, 0 for none
};

struct LogText {
    std::string text;
    std::int64_t size = 0;  // bytes stored for the run
};

class RunQueue {
public:
    static constexpr std::int64_t kMaxBackoffMs = 3600 * 1000;
    static constexpr std::int64_t kMaxStoredLogBytes = 16 * 1024 * 1024;

    explicit RunQueue(MetadataStore& store) : store_(store) {}

    // Claims up to limit queued runs that may start now (not_before passed; for a non-zero
    // serial_key only the oldest unfinished run of that key) for host. log_path_for(config_id,
    // exec_id) names the log file on this host.
    sdk::Result<std::vector<ClaimedRun>> Claim(const std::string& host, int limit, std::int64_t lease_ms,
                                               std::int64_t pid,
                                               const std::function<std::string(std::int64_t, std::int64_t)>& log_path_for);
    // Claims one given queued run (dbbridge run --config-id runs its own row). False when it was
    // no longer queued.
    sdk::Result<bool> ClaimOne(std::int64_t id, const std::string& host, std::int64_t lease_ms, std::int64_t pid,
                               const std::string& log_path);
    // The same inside the caller's transaction (a run queued and claimed at once).
    static sdk::Result<bool> ClaimOne(StoreSession& s, std::int64_t id, const std::string& host, std::int64_t lease_ms,
                                      std::int64_t pid, const std::string& log_path);
    // Extends the leases of host's running runs in ids; returns the ids it no longer holds.
    sdk::Result<std::vector<std::int64_t>> Renew(const std::string& host, const std::vector<std::int64_t>& ids,
                                                 std::int64_t lease_ms);
    // Ids of host's running runs that some host was asked to kill.
    sdk::Result<std::vector<std::int64_t>> KillRequested(const std::string& host);
    // running -> kill_requested = 1. False when the run is not running.
    sdk::Result<bool> RequestKill(std::int64_t id);
    // queued -> killed with the reason. False when it was no longer queued.
    sdk::Result<bool> KillQueued(std::int64_t id, const std::string& reason);

    // Running runs whose lease expired before now become interrupted (and retried per their
    // policy). reason_for(row) says why. Returns the rows as they were.
    sdk::Result<std::vector<ExecLogRow>> ReapExpired(std::int64_t now,
                                                     const std::function<std::string(const ExecLogRow&)>& reason_for);
    // host's own running runs become interrupted: the host restarted, so they cannot be alive.
    sdk::Result<std::vector<ExecLogRow>> InterruptHost(const std::string& host, const std::string& reason);

    // Finishes a queued or running run; a failed or interrupted run with attempts left gets a
    // queued retry after its backoff; a succeeded run moves its job's watermark. One transaction.
    sdk::Result<FinishResult> Finish(std::int64_t id, const RunEnd& end);

    // The job's current watermark value (nullopt: none recorded yet).
    sdk::Result<std::optional<std::string>> Watermark(std::int64_t config_id);

    // Appends text at start_offset to the stored log of exec_id (a repeat of the same offset is
    // ignored). AppendLogLine appends at the stored end (lines written by a host other than the
    // one that ran it).
    sdk::Status AppendLog(std::int64_t exec_id, std::int64_t start_offset, const std::string& text);
    sdk::Status AppendLogLine(std::int64_t exec_id, const std::string& line);
    // Up to limit bytes of the stored log from offset.
    sdk::Result<LogText> ReadLog(std::int64_t exec_id, std::int64_t offset, std::int64_t limit);

private:
    MetadataStore& store_;
};

}  // namespace dbbridge::core
