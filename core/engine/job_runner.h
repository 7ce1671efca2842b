#pragma once
// Runs a parsed DataX job: creates and validates every plugin, then for each content entry:
// prepare, split, schedule the tasks on `channels` worker slots (each task = one reader thread
// and one writer thread joined by a bounded BatchChannel), post. Prints DataX's progress line
// every interval and the summary at the end (also after a failure or a kill, so the figures
// show how far the job got).
//
// A writer that accepts late dirty records (sdk::RecordWriter::DeferDirty) keeps one bulk statement
// open across batches; the runner keeps compact copies of those batches and flushes the writer
// before each commit and every RunnerOptions::deferred_window_bytes, so dirty records, errorLimit
// and the committed count stay exact.
//
// Commit policy: a writer task commits at most once per second and at the end of the task, so
// long jobs make progress visible and keep transactions bounded; a failed or killed job leaves
// what was committed (as DataX, which commits per batch) and rolls back only the open batch.
// records_written counts committed records only.
//
// Exit codes as datax.py: 0 success, 1 failure, 143 killed.

#include <atomic>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "core/engine/engine_plugin.h"
#include "core/engine/job_config.h"
#include "core/engine/job_log.h"
#include "core/engine/job_report.h"
#include "core/engine/plugin_catalog.h"

namespace dbbridge::core::engine {

inline constexpr int kExitOk = 0;
inline constexpr int kExitFailed = 1;
inline constexpr int kExitKilled = 143;

struct JobResult {
    int exit_code = kExitOk;
    std::int64_t records_read = 0;     // 读出记录总数: read succeed + read failed
    std::int64_t records_written = 0;  // committed by the writers
    std::int64_t records_failed = 0;   // 读写失败总数: dirty records
    std::int64_t bytes = 0;            // read succeed bytes
    std::string error;                 // why it failed / was killed; empty on success
    std::string watermark_value;       // highest value of RunnerOptions::watermark_column read ("" none)
};

struct RunnerOptions {
    int progress_interval_ms = 10000;
    int stall_timeout_seconds = 600;
    const std::atomic<bool>* cancel = nullptr;  // set by the host on SIGINT/SIGTERM or an HTTP kill
    std::int64_t job_id = 0;                    // shown as DataX's "jobId [N]"
    std::size_t max_batch_rows = 16384;  // fewer, larger COPY/INSERT statements (docs/benchmarks.md)
    std::size_t batch_target_bytes = 2 << 20;  // in memory: DataX bytes + each value's slot, per batch
    std::size_t queue_batches = 4;  // batches per channel in flight
    // A writer that reports dirty records late (one COPY / LOAD DATA across batches) is flushed at
    // least every this many bytes of kept batch copies (BatchArchive), besides before each commit:
    // it bounds the copies and the writer's own replay text per channel (docs/benchmarks.md).
    std::size_t deferred_window_bytes = 4 << 20;
    // Called from the monitor thread about once a second while the job runs (the figures of the
    // progress line, speeds over the last second), so a server can show live progress without
    // parsing its log. Must be quick and must not throw.
    std::function<void(const ProgressFigures&)> on_progress;
    std::string watermark_column;   // track the highest value read of this reader column
};

class JobRunner {
public:
    // env.log must be set; catalog, registry and resolver must outlive Run().
    JobRunner(const PluginCatalog& catalog, EngineEnv env, RunnerOptions options);
    ~JobRunner();

    JobResult Run(const JobConfig& job);

    struct State;  // per-run shared state (defined in the .cpp)

private:
    using PluginPairs = std::vector<std::pair<std::unique_ptr<ReaderPlugin>, std::unique_ptr<WriterPlugin>>>;
    static sdk::Status PreCheck(const JobConfig& job, const PluginPairs& plugins, JobLog& log);

    State* state_ = nullptr;
    const PluginCatalog& catalog_;
    EngineEnv env_;
    RunnerOptions options_;
};

}  // namespace dbbridge::core::engine
