#pragma once
// Entry points for the host: `dbbridge run job.json -p "..."` and the HTTP exec path.
// Everything the job prints (DataX-style log lines, streamwriter output, progress, summary)
// goes to out.

#include <atomic>
#include <ostream>
#include <cstdint>
#include <string>
#include <vector>

#include "core/engine/job_log.h"
#include "core/engine/job_runner.h"

namespace dbbridge::core {
class PluginRegistry;
class ConnectionResolver;
}  // namespace dbbridge::core

namespace dbbridge::core::engine {

struct RunOptions {
    std::string job_path;
    std::string params;  // datax.py -p text: "-Dname=value -Dother='x y'"
    int progress_interval_ms = 10000;
    int stall_timeout_seconds = 600;
    bool strict_keys = false;  // unknown job keys fail the job instead of a warning each
    std::int64_t job_id = 0;   // datax.py --jobid (DataX shows job 0 when none is given)
    LogLevel log_level = LogLevel::kInfo;  // datax.py --loglevel
    std::vector<std::string> notes;        // logged before the job starts (options that do not apply)
    WallClock clock;  // empty: system clock (tests inject a fixed one)
    std::function<void(const ProgressFigures&)> on_progress;  // see RunnerOptions::on_progress
    // Incremental sync: the engine reports the highest value of this reader column it read
    // (JobResult::watermark_value); empty: none.
    std::string watermark_column;
    std::size_t deferred_window_bytes = 4 << 20;  // see RunnerOptions::deferred_window_bytes
};

// Reads the job file and runs it. Returns the exit code (0 ok, 1 failed, 143 killed).
int RunJobFile(const RunOptions& options, PluginRegistry& registry, ConnectionResolver* resolver, std::ostream& out,
               const std::atomic<bool>* cancel);

// Runs job JSON text (options.job_path is ignored). resolver and cancel may be null.
JobResult RunJobText(const std::string& job_text, const RunOptions& options, PluginRegistry& registry,
                     ConnectionResolver* resolver, std::ostream& out, const std::atomic<bool>* cancel);

// Same with an explicit catalog (tests add their own plugins to it).
JobResult RunJobTextWithCatalog(const std::string& job_text, const RunOptions& options, const PluginCatalog& catalog,
                                const PluginRegistry* registry, ConnectionResolver* resolver, std::ostream& out,
                                const std::atomic<bool>* cancel);

}  // namespace dbbridge::core::engine
