#pragma once
// A run this host holds (claimed, waiting for a pool thread or running). Shared by
// job_service.cpp and job_service_dispatch.cpp; not part of the service's interface.

#include <atomic>
#include <chrono>
#include <cstdint>
#include <mutex>
#include <string>

#include "core/jobs/job_service.h"

namespace dbbridge::core {

// Why a run was stopped before its end; decides its final status.
enum class StopReason : int {
    kUser,            // a kill: killed
    kTimeout,         // its timeout passed: failed (retries apply)
    kShutdown,        // this host shut down: interrupted
    kShutdownBefore,  // ... before it started: interrupted
    kLeaseLost,       // another host reaped it: interrupted (the row already says so)
};

struct JobService::ActiveRun {
    std::int64_t exec_id = 0;
    std::int64_t config_id = 0;
    std::string config_name;
    std::string config_uid;
    std::string job_text;
    std::string log_path;
    ExecLogRow row;  // as claimed
    std::atomic<bool> cancel{false};
    std::atomic<StopReason> stop_reason{StopReason::kUser};  // meaningful once cancel is set

    // Sets why and cancels the run (the engine stops within about 2 s).
    void Stop(StopReason why) {
        stop_reason = why;
        cancel = true;
    }
    std::chrono::steady_clock::time_point started = std::chrono::steady_clock::now();
    std::mutex ship_mu;
    std::int64_t shipped = 0;  // bytes of the log file already copied into the store
};


// One DataX-style log line ("2026-11-22 10:00:00.000 [job-0] WARN  dbbridge - ...") for lines
// the host adds to a run's log; level is INFO, WARN or ERROR.
std::string RunLogLine(const char* level, const std::string& message);

}  // namespace dbbridge::core
