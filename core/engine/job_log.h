#pragma once
// DataX-style log lines written to a caller-supplied stream:
//   "2026-11-22 10:00:00.000 [job-0] INFO  JobContainer - message"
// Thread-safe: one mutex serialises lines so concurrent tasks never interleave within a line.

#include <chrono>
#include <functional>
#include <cstdint>
#include <mutex>
#include <optional>
#include <ostream>
#include <string>

namespace dbbridge::core::engine {

using WallClock = std::function<std::chrono::system_clock::time_point()>;

// "yyyy-MM-dd HH:mm:ss.SSS" in local time (logback's default pattern in DataX).
std::string FormatLogTime(std::chrono::system_clock::time_point t);
// "yyyy-MM-dd HH:mm:ss" in local time (the summary's start/end lines).
std::string FormatSecondTime(std::chrono::system_clock::time_point t);

// datax.py's --loglevel (logback's root level): lines below it are not written. Raw text is.
enum class LogLevel : std::uint8_t { kDebug, kInfo, kWarn, kError };
// "debug", "info", "all", "warn", "error" (any case); nullopt for anything else.
std::optional<LogLevel> ParseLogLevel(const std::string& name);

class JobLog {
public:
    // clock may be empty: the system clock is used.
    JobLog(std::ostream& out, WallClock clock, LogLevel level = LogLevel::kInfo);

    void Info(const std::string& logger, const std::string& message, const std::string& thread = "job-0");
    void Warn(const std::string& logger, const std::string& message, const std::string& thread = "job-0");
    void Error(const std::string& logger, const std::string& message, const std::string& thread = "job-0");
    // Writes text as is (streamwriter's printed records).
    void Raw(const std::string& text);

    std::chrono::system_clock::time_point Now() const;

private:
    void Line(const char* level, const std::string& logger, const std::string& message, const std::string& thread);

    std::ostream& out_;
    LogLevel level_;
    WallClock clock_;
    std::mutex mu_;
};

}  // namespace dbbridge::core::engine
