#pragma once
// Job configs and their runs (seed 000 §2-§3, SPEC §3): save / update / delete / query DataX job
// configs (a file under paths.jobs plus a json_config row), run them in the background on a
// bounded pool of engine.max_concurrent_jobs workers (the rest queue), keep one log file under
// paths.logs and one exec_log row per run, tail logs, kill runs.
//
// Access: every call takes the acting user's uid, checked through auth::AccessPolicy when the
// config is used: owners and admins edit, delete and export (which inlines credentials); members
// of the config's project get, run, read logs and kill; to anyone else it is not found.
// Secrets: inline passwords of a user's own job are stored and written sealed (JobSecrets), shown
// as "******" in every row returned, and opened only for the engine and for Export. Job files are
// mode 0600. Files: txtfile paths must stay inside files_dir (FilePathGuard), at save and at run.
// Deleting a config that has a queued or running run is refused (kAlreadyExists, naming the
// runs): kill them first. Deletion is physical: job file, log files, exec_log rows, json_config.
// Runs and hosts (docs/cluster.md): Exec only queues a run (an exec_log row); a dispatcher thread
// on each host with claim_runs claims queued runs from the store (RunQueue), at most
// max_concurrent_jobs at a time, renews their leases, stops runs that some host asked to kill or
// that passed their timeout, and copies their logs into the store when ship_logs. Runs whose host
// stopped renewing are marked interrupted by any host (and retried per their policy). At start-up
// (recover_interrupted_runs) a host interrupts only its own runs (same host_name) left running.
// Thread-safe. The destructor stops the dispatcher and the pool: runs in progress (cancelled
// through the engine's flag) end as interrupted; runs still queued stay queued for another host.

#include <atomic>
#include <condition_variable>
#include <functional>
#include <thread>
#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <ostream>
#include <string>
#include <vector>

#include "core/auth/access_policy.h"
#include "core/datasource/datasource_service.h"
#include "core/cluster/run_queue.h"
#include "core/engine/plugin_catalog.h"
#include "core/jobs/datax_job_builder.h"
#include "core/jobs/file_path_guard.h"
#include "core/jobs/job_request.h"
#include "core/jobs/job_secrets.h"
#include "core/jobs/run_params.h"
#include "core/jobs/run_pool.h"
#include "core/plugin/plugin_registry.h"
#include "core/schedule/schedule_service.h"
#include "core/secret/secret_box.h"
#include "core/store/exec_log_repository.h"
#include "core/store/json_config_repository.h"
#include "core/store/metadata_store.h"
#include "core/store/page.h"
#include "dbbridge/sdk/status.h"

namespace dbbridge::core {

enum class StopReason : int;

struct JobServiceOptions {
    std::string jobs_dir = "var/jobs";
    std::string logs_dir = "var/logs";
    std::string files_dir = "var/files";  // the only folder txtfile readers / writers may use
    int max_concurrent_jobs = 4;
    int stall_timeout_seconds = 600;
    bool strict_job_keys = false;      // engine.strict_job_keys: unknown job keys fail the run
    std::size_t deferred_window_bytes = 4 << 20;  // engine.deferred_window_kib
    int progress_interval_ms = 10000;  // DataX prints progress every 10 s
    // A running run's live figures are written to its exec_log row at most this often (any host's
    // run page reads them there); the engine reports them about once a second.
    int progress_store_ms = 1000;
    // Kill waits this long for the run to stop before answering (the engine stops within 2 s).
    int kill_wait_ms = 3000;
    // false for a second process on the same store (dbbridge run --config-id) so it does not
    // interrupt the host's runs or reap others'.
    bool recover_interrupted_runs = true;
    // This host's name in exec_log.host_name (cluster.host_name).
    std::string host_name = "local";
    bool claim_runs = true;    // false: this process only queues runs (server.role api, the CLI)
    bool ship_logs = false;    // copy run logs into the store (a store shared by several hosts)
    int lease_ms = 15000;      // a run's lease; renewed every lease_ms / 3
    int poll_ms = 200;         // claim / kill-request poll interval
    // Called (on the dispatcher or a run thread) after a run this host finished or reaped.
    std::function<void(const ExecLogRow&)> on_run_finished;
};

// A chunk of a run's log for live tailing.
struct LogChunk {
    std::int64_t exec_id = 0;
    std::int64_t offset = 0;       // where text starts (bytes)
    std::int64_t next_offset = 0;  // pass this as offset next time
    std::int64_t size = 0;         // bytes in the file when read
    std::string text;              // cut at a UTF-8 character boundary
    ExecStatus status = ExecStatus::kQueued;
    bool finished = false;  // true: the log is complete (status read before the text)
};

// What a run started by hand carries: ${name} values for the job text; the built-ins ${bizdate},
// ${now} and ${last_success_time} are added as for a scheduled tick firing now in time_zone
// (core/schedule/schedule_params.h).
struct ManualRun {
    RunParams params;
    std::string time_zone = "UTC";
    std::string fire_time;  // "" : now; else the wall-clock time in time_zone the run stands for (a backfill)
};

class JobService {
public:
    static constexpr std::size_t kMaxConfigNameChars = 128;
    static constexpr std::int64_t kDefaultLogLimit = 64 * 1024;
    static constexpr std::int64_t kMaxLogLimit = 4 * 1024 * 1024;

    // Creates the jobs, logs and files folders and, when asked, recovers runs left behind by a dead
    // host. secrets seals the inline passwords of users' own jobs.
    static sdk::Result<std::unique_ptr<JobService>> Create(MetadataStore& store, const PluginRegistry& plugins,
                                                           DatasourceService& datasources, const SecretBox& secrets,
                                                           JobServiceOptions options);
    ~JobService();
    JobService(const JobService&) = delete;
    JobService& operator=(const JobService&) = delete;

    // Builds or validates the job, writes <jobs>/<id>-<name>.json and records it. kInvalidArgument
    // naming the field; kAlreadyExists naming config_name; kNotFound for a missing datasource.
    sdk::Result<JsonConfigRow> Save(const JobConfigRequest& request, const std::string& uid);
    // The DataX job Save would generate from reader, writer and setting, with the same checks
    // (datasources uid may use, columns against the tables), saving nothing: the builder's preview.
    // The job names its datasources by datasourceId and holds no password.
    sdk::Result<std::string> Build(const JobConfigRequest& request, const std::string& uid);
    // request.id names the config. Fields left out keep their value; reader/writer or content, when
    // given, rebuild the job. A rename renames the file. Runs already started keep the old job.
    sdk::Result<JsonConfigRow> Update(const JobConfigRequest& request, const std::string& uid);
    sdk::Status Delete(std::int64_t id, const std::string& uid);
    // Get, Query, List, Save and Update return rows with inline passwords shown as JobSecrets::kMask.
    sdk::Result<JsonConfigRow> Get(std::int64_t id, const std::string& uid);
    sdk::Result<Page<JsonConfigRow>> Query(const std::string& name_filter, int page, int page_size,
                                           const std::string& uid);
    sdk::Result<std::vector<JsonConfigRow>> List(const std::string& uid);
    // The job JSON text with credentials inlined (stock DataX needs username / password).
    sdk::Result<std::string> Export(std::int64_t id, const std::string& uid);

    // Queues a run and returns its exec id at once.
    sdk::Result<std::int64_t> Exec(std::int64_t config_id, const std::string& uid, const ManualRun& run = {});
    // Wakes the dispatcher (a run was queued by someone else, e.g. the scheduler).
    void Wake();
    // Runs this host holds now (its load).
    int ActiveCount();
    // Runs newest first. A running run carries its progress: live in its own host, stored elsewhere.
    sdk::Result<Page<ExecLogRow>> Logs(std::int64_t config_id, int page, int page_size, const std::string& uid);
    sdk::Result<ExecLogRow> Run(std::int64_t exec_id, const std::string& uid);
    // Per day and status: runs of every job config uid may use, queued since from_day ("2026-12-03").
    sdk::Result<std::vector<RunDayTotals>> RunTotalsByDay(const std::string& from_day, const std::string& uid);
    // Runs of every job config uid may use, newest first, narrowed by filter.
    sdk::Result<Page<ExecLogRow>> Runs(const RunFilter& filter, int page, int page_size, const std::string& uid);
    // Up to limit bytes of the run's log from offset (limit 0: kDefaultLogLimit).
    sdk::Result<LogChunk> Log(std::int64_t exec_id, std::int64_t offset, std::int64_t limit, const std::string& uid);
    // Stops a queued or running run and waits (kill_wait_ms at most) until it has stopped. Returns
    // the run as it is then (status killed once stopped). kInvalidArgument when it had finished.
    sdk::Result<ExecLogRow> Kill(std::int64_t exec_id, const std::string& uid);

    // Runs a saved config on the calling thread, recorded like Exec; the log also goes to out.
    // Returns the engine's exit code (0 ok, 1 failed, 143 killed); errors before the run starts
    // are written to out and return 1.
    int RunSavedConfig(std::int64_t config_id, const std::string& uid, std::ostream& out,
                       const std::atomic<bool>* cancel, const ManualRun& run = {});

    const JobServiceOptions& options() const { return options_; }

private:
    struct ActiveRun;

    JobService(MetadataStore& store, const PluginRegistry& plugins, DatasourceService& datasources,
               const SecretBox& secrets, FilePathGuard files, JobServiceOptions options);
    sdk::Status RecoverInterrupted();
    // Dispatcher (job_service_dispatch.cpp).
    void Dispatch();
    void ClaimQueued();
    void KeepLeases();
    void Reap();
    void ShipLog(ActiveRun& run);
    void Cancel(std::int64_t exec_id, StopReason why);
    // A line at the end of a run's log: its file when this host holds it, and the store copy.
    void AppendRunLine(const ExecLogRow& row, const std::string& line);
    std::string LogPathFor(std::int64_t config_id, std::int64_t exec_id) const;
    void Finished(std::int64_t exec_id);
    // queue_.Finish with retries; a failure that remains is written to the run's log.
    sdk::Result<FinishResult> FinishRun(const ExecLogRow& row, const RunEnd& end);
    // The job text built (generated from reader/writer/setting) or validated (content), txtfile
    // paths checked; passwords as given.
    sdk::Result<std::string> JobText(const JobConfigRequest& request, const std::string& uid);
    // The job text as stored: JobText with passwords sealed.
    // previous: the stored text of the config being updated ("" on save).
    sdk::Result<std::string> BuildJob(const JobConfigRequest& request, const std::string& uid,
                                      const std::string& previous);
    // Inserts (row.id == 0) or updates row and its job file: the file is written to a temporary
    // name inside the transaction and renamed over <jobs>/<id>-<name>.json after the commit, so a
    // failed save leaves neither; old_path (a renamed config's file) is removed on success.
    sdk::Result<JsonConfigRow> PersistConfig(JsonConfigRow row, const std::string& old_path);
    static sdk::Status CheckVerifiable(const JsonConfigRow& row);
    std::string JobFilePath(std::int64_t id, const std::string& name) const;
    // The config as stored (passwords sealed) when uid may have need on it (AccessPolicy), else
    // kNotFound as for a missing id; Get() is the masked form.
    sdk::Result<JsonConfigRow> Owned(std::int64_t id, const std::string& uid, Access need);
    sdk::Result<std::shared_ptr<ActiveRun>> Track(const ClaimedRun& claimed);
    // The stored job with the run's ${name} parameters (and ${watermark}) substituted.
    sdk::Result<std::string> SubstituteRunParams(const ActiveRun& run);
    // Inserts the queued row of a run of config started by hand, with its parameters.
    // claim_here: the run is claimed by this process in the same transaction (dbbridge run
    // --config-id runs it in the foreground; no dispatcher sharing the store may take it first).
    sdk::Result<std::int64_t> QueueManualRun(const JsonConfigRow& config, const ManualRun& run, bool claim_here);
    // The job as the engine gets it: parameters substituted, then normalised, passwords opened
    // and file paths checked again, so the checks see exactly what runs.
    sdk::Result<std::string> PrepareRunText(const ActiveRun& run);
    sdk::Result<LogChunk> LogFromFile(const ExecLogRow& row, std::int64_t offset, std::int64_t limit);
    sdk::Result<ExecLogRow> KillElsewhere(const ExecLogRow& row);
    // Runs one claimed run to its end on the calling thread and records the outcome.
    int Execute(const std::shared_ptr<ActiveRun>& run, std::ostream* mirror);
    // The engine part of Execute: fills end (counters, status unless stopped); returns the exit code.
    int RunEngine(ActiveRun& run, const std::string& job_text, std::ostream& log_stream, RunEnd& end);
    void Forget(std::int64_t exec_id);
    // Sets row.progress from the engine's live figures when the run is running in this host (other
    // hosts' runs carry the figures their host stored).
    void AttachProgress(ExecLogRow& row);
    sdk::Result<ExecLogRow> OwnedRun(std::int64_t exec_id, const std::string& uid);

    MetadataStore& store_;
    const PluginRegistry& plugins_;
    DatasourceService& datasources_;
    JobSecrets secrets_;
    FilePathGuard files_;
    JobServiceOptions options_;
    JsonConfigRepository configs_;
    ExecLogRepository runs_;
    ScheduleService schedules_;  // a scheduled run acts as its schedule's owner (AuthorizeRun)
    RunQueue queue_;
    engine::PluginCatalog catalog_;
    DataxJobBuilder builder_;
    auth::AccessPolicy access_;

    // Serialises Exec against Delete so a run cannot start on a config being deleted.
    std::mutex config_mu_;
    std::mutex active_mu_;
    std::condition_variable active_cv_;
    std::map<std::int64_t, std::shared_ptr<ActiveRun>> active_;  // queued or running in this process
    std::atomic<bool> stopping_{false};
    std::mutex dispatch_mu_;
    std::condition_variable dispatch_cv_;
    bool dispatch_wake_ = false;
    std::thread dispatcher_;
    RunPool pool_;  // last: its threads are joined before the members they use go away
};

}  // namespace dbbridge::core
