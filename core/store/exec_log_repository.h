#pragma once
// The exec_log table (seed 000 §3.1): one row per run of a job config, with its status, log file,
// times and counters. Thread-safe (each call borrows a session). Follows datasource_repository.h.
//
// Status moves queued -> running -> succeeded | failed | killed | interrupted, or straight from
// queued to killed / interrupted. A finished row never changes again: every transition below is
// conditional on the current status, so a late writer cannot overwrite a kill or an interruption.
// start_time / end_time carry milliseconds ("2026-11-22T03:08:00.123Z") so overlapping runs can
// be told apart; insert_date is the store's usual second-resolution time.

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "core/store/metadata_store.h"
#include "core/store/page.h"
#include "core/store/visibility.h"
#include "dbbridge/sdk/status.h"

namespace dbbridge::core {

enum class ExecStatus : std::int32_t { kQueued, kRunning, kSucceeded, kFailed, kKilled, kInterrupted };

const char* ExecStatusName(ExecStatus status);  // "queued", "running", ...
std::optional<ExecStatus> ParseExecStatus(const std::string& name);
// True for succeeded, failed, killed and interrupted.
bool IsFinished(ExecStatus status);

// UTC now with milliseconds, the format of start_time / end_time.
std::string NowUtcIsoMillis();

// A running run's live figures as the engine reports them about once a second; the running host
// stores them (SaveProgress) so every host can answer them.
struct RunProgress {
    std::int64_t records = 0;  // read so far
    std::int64_t bytes = 0;
    std::int64_t record_speed = 0;  // per second, over the last second
    std::int64_t byte_speed = 0;
    std::int64_t error_records = 0;
    double percentage = 0;  // finished tasks / all tasks, 0..1
};

struct ExecLogRow {
    std::int64_t id = 0;
    std::int64_t config_id = 0;
    std::string exec_name;    // what ran, e.g. "job config 3 (orders-to-pg)"
    std::string exec_result;  // one-line outcome ("succeeded: 100 records"), empty while unfinished
    ExecStatus status = ExecStatus::kQueued;
    std::string log_path;
    std::int64_t pid = 0;    // host process that ran it
    std::string start_time;  // empty until running
    std::string end_time;    // empty until finished
    std::int64_t records_read = 0;
    std::int64_t records_written = 0;
    std::int64_t records_failed = 0;
    std::int64_t bytes = 0;
    std::string exit_reason;  // why it failed / was killed / was interrupted; empty on success
    std::string insert_date;
    std::optional<RunProgress> progress;  // a running run's last stored figures (JobService: live ones in its host)
    // Cluster and schedule columns (migration 4, docs/cluster.md).
    std::string host_name;          // the host that claimed it; empty while queued
    std::int64_t lease_until = 0;   // epoch ms; the host renews it while the run is running
    std::int64_t not_before = 0;    // epoch ms; a retry waits for its backoff
    bool kill_requested = false;    // set by any host; the running host stops the run
    std::int64_t schedule_id = 0;   // 0: started by hand
    std::int64_t fire_time = 0;     // epoch ms of the schedule tick
    int attempt = 1;
    int max_retries = 0;
    int retry_backoff_s = 0;
    int timeout_s = 0;              // 0: none
    std::int64_t serial_key = 0;    // runs with the same non-zero key run one at a time, oldest first
    std::string params;             // JSON object of ${name} values, "" for none
    std::string watermark;          // the highest watermark value this run read ("" none)
};

// Narrows a list of runs across job configs; an empty field does not filter. from / to apply to
// the time a run started, or for a run not started yet (queued, or killed while queued) the time
// it was queued; both in the stored form "2026-12-03T08:00:00.000Z" (compared as text).
struct RunFilter {
    std::optional<ExecStatus> status;
    std::string from;  // start (else queue) time >= from
    std::string to;    // start (else queue) time < to
};

// One UTC day's runs in one status (day: "2026-12-03", the day the run was queued).
struct RunDayTotals {
    std::string day;
    ExecStatus status = ExecStatus::kSucceeded;
    std::int64_t runs = 0;
    std::int64_t records_read = 0;
    std::int64_t records_written = 0;
    std::int64_t records_failed = 0;
};

// What a new queued row carries besides its config (all optional).
struct QueuedRunSpec {
    std::int64_t schedule_id = 0;
    std::int64_t fire_time = 0;
    int attempt = 1;
    int max_retries = 0;
    int retry_backoff_s = 0;
    int timeout_s = 0;
    std::int64_t serial_key = 0;
    std::int64_t not_before = 0;
    std::string params;
};

// What a finished run reports.
struct ExecOutcome {
    ExecStatus status = ExecStatus::kSucceeded;
    std::string exec_result;
    std::string exit_reason;
    std::int64_t records_read = 0;
    std::int64_t records_written = 0;
    std::int64_t records_failed = 0;
    std::int64_t bytes = 0;
};

class ExecLogRepository {
public:
    explicit ExecLogRepository(MetadataStore& store) : store_(store) {}

    // Inserts a queued row (insert_date set here); log_path_for(id) names its log file, which is
    // stored in the same transaction. Returns the new id.
    sdk::Result<std::int64_t> InsertQueued(std::int64_t config_id, const std::string& exec_name,
                                           const std::function<std::string(std::int64_t)>& log_path_for);
    // Inserts a queued row with no log file yet (the host that claims it names one).
    static sdk::Result<std::int64_t> InsertQueued(StoreSession& session, std::int64_t config_id,
                                                  const std::string& exec_name, const QueuedRunSpec& spec);
    // The columns of ExecLogRow in SELECT order, and one row mapped (for other repositories).
    static const char* SelectColumns();
    static ExecLogRow FromStoreRow(const StoreRow& row);
    // queued -> running with start_time = now and pid. Returns false (and changes nothing) when
    // the row is no longer queued (killed while waiting). kNotFound for an unknown id.
    sdk::Result<bool> MarkRunning(std::int64_t id, std::int64_t pid);
    // Stores a running run's live figures (stamped now_ms); a run no longer running is left alone.
    sdk::Status SaveProgress(std::int64_t id, const RunProgress& progress, std::int64_t now_ms);
    // queued|running -> outcome.status with end_time = now. Returns false when the row had
    // already finished (nothing changed).
    sdk::Result<bool> Finish(std::int64_t id, const ExecOutcome& outcome);
    static sdk::Result<bool> Finish(StoreSession& session, std::int64_t id, const ExecOutcome& outcome);
    sdk::Result<ExecLogRow> Get(std::int64_t id);
    static sdk::Result<ExecLogRow> Get(StoreSession& session, std::int64_t id);
    // Newest first.
    sdk::Result<Page<ExecLogRow>> QueryByConfig(std::int64_t config_id, int page, int page_size);
    sdk::Result<std::vector<ExecLogRow>> ListByConfig(std::int64_t config_id);
    // Newest first: runs of the job configs visible (json_config rows) that pass filter.
    sdk::Result<Page<ExecLogRow>> QueryVisible(const Visibility& visible, const RunFilter& filter, int page,
                                               int page_size);
    // Runs of the visible job configs queued on or after from_day ("2026-12-03"), summed per day and
    // status by the store; days without runs are absent.
    sdk::Result<std::vector<RunDayTotals>> TotalsByDay(const Visibility& visible, const std::string& from_day);
    // Rows of config_id in status queued or running.
    sdk::Result<std::vector<ExecLogRow>> ListUnfinished(std::int64_t config_id);
    // Physical delete of every row of config_id; returns how many.
    sdk::Result<std::int64_t> DeleteByConfig(std::int64_t config_id);
    static sdk::Result<std::int64_t> DeleteByConfig(StoreSession& session, std::int64_t config_id);

private:
    MetadataStore& store_;
};

}  // namespace dbbridge::core
