#include "core/engine/run_command.h"

#include <fstream>
#include <sstream>

#include "core/engine/job_config.h"
#include "core/engine/job_params.h"
#include "core/engine/plugin_catalog.h"
#include "core/plugin/plugin_registry.h"

namespace dbbridge::core::engine {

namespace {

JobResult Failed(JobLog& log, const std::string& message) {
    log.Error("Engine", "\n\n经DataX智能分析,该任务最可能的错误原因是:\n" + message);
    JobResult r;
    r.exit_code = kExitFailed;
    r.error = message;
    return r;
}

// Failed() when even logging may throw (the job was already failing with an exception).
JobResult FailedSafely(JobLog& log, const char* error) noexcept {
    try {
        return Failed(log, std::string("internal error: ") + error);
    } catch (...) {
        JobResult r;
        r.exit_code = kExitFailed;
        return r;
    }
}

JobResult RunParsedJob(const std::string& job_text, const RunOptions& options, const PluginCatalog& catalog,
                       const PluginRegistry* registry, ConnectionResolver* resolver, JobLog& log,
                       const std::atomic<bool>* cancel) {
    auto params = ParseJobParams(options.params);
    if (!params.ok()) {
        return Failed(log, params.status().message());
    }
    std::vector<std::string> unresolved;
    std::string text = SubstituteJobParams(job_text, params.value(), &unresolved);
    for (const auto& name : unresolved) {
        // DataX leaves these as written without a word; saying so saves a search when the job
        // then fails on a literal "${bizdate}" in a WHERE clause.
        log.Warn("ConfigParser", "job parameter " + name + " has no value (-p \"-D...=value\"); left as written");
    }
    auto job = ParseJobConfig(text);
    if (!job.ok()) {
        return Failed(log, job.status().message());
    }
    if (!job.value().unknown_keys.empty()) {
        std::string all;
        for (const auto& k : job.value().unknown_keys) {
            if (!options.strict_keys) {
                log.Warn("ConfigParser", k.Describe() + "; DataX ignores it");
            }
            all += (all.empty() ? "" : "; ") + k.Describe();
        }
        if (options.strict_keys) {
            return Failed(log, "unknown keys in the job file (strict mode): " + all);
        }
    }
    EngineEnv env;
    env.registry = registry;
    env.resolver = resolver;
    env.log = &log;
    env.column_formats = &job.value().column_formats;
    RunnerOptions runner_options;
    runner_options.progress_interval_ms = options.progress_interval_ms;
    runner_options.stall_timeout_seconds = options.stall_timeout_seconds;
    runner_options.cancel = cancel;
    runner_options.on_progress = options.on_progress;
    runner_options.job_id = options.job_id;
    runner_options.watermark_column = options.watermark_column;
    runner_options.deferred_window_bytes = options.deferred_window_bytes;
    JobRunner runner(catalog, env, runner_options);
    return runner.Run(job.value());
}

}  // namespace

JobResult RunJobTextWithCatalog(const std::string& job_text, const RunOptions& options, const PluginCatalog& catalog,
                                const PluginRegistry* registry, ConnectionResolver* resolver, std::ostream& out,
                                const std::atomic<bool>* cancel) {
    JobLog log(out, options.clock, options.log_level);
    for (const auto& note : options.notes) {
        log.Info("Engine", note);
    }
    // The last line of defence for the host: an exception here must fail this job, not end the
    // process (dbbridge serve runs other jobs).
    try {
        return RunParsedJob(job_text, options, catalog, registry, resolver, log, cancel);
    } catch (const std::exception& e) {
        return FailedSafely(log, e.what());
    } catch (...) {
        return FailedSafely(log, "unknown exception");
    }
}

JobResult RunJobText(const std::string& job_text, const RunOptions& options, PluginRegistry& registry,
                     ConnectionResolver* resolver, std::ostream& out, const std::atomic<bool>* cancel) {
    PluginCatalog catalog;
    return RunJobTextWithCatalog(job_text, options, catalog, &registry, resolver, out, cancel);
}

int RunJobFile(const RunOptions& options, PluginRegistry& registry, ConnectionResolver* resolver, std::ostream& out,
               const std::atomic<bool>* cancel) {
    std::ifstream in(options.job_path, std::ios::binary);
    if (!in) {
        JobLog log(out, options.clock, options.log_level);
        return Failed(log, "cannot read job file " + options.job_path).exit_code;
    }
    std::stringstream buffer;
    buffer << in.rdbuf();
    return RunJobText(buffer.str(), options, registry, resolver, out, cancel).exit_code;
}

}  // namespace dbbridge::core::engine
