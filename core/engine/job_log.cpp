#include "core/engine/job_log.h"

#include <cctype>
#include <ctime>

namespace dbbridge::core::engine {

namespace {
std::tm LocalTime(std::chrono::system_clock::time_point t) {
    std::time_t secs = std::chrono::system_clock::to_time_t(t);
    std::tm tm{};
    localtime_r(&secs, &tm);
    return tm;
}
}  // namespace

std::string FormatLogTime(std::chrono::system_clock::time_point t) {
    std::tm tm = LocalTime(t);
    auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(t.time_since_epoch()).count() % 1000;
    if (ms < 0) {
        ms += 1000;
    }
    char buf[64];
    std::snprintf(buf, sizeof buf, "%04d-%02d-%02d %02d:%02d:%02d.%03d", tm.tm_year + 1900, tm.tm_mon + 1,
                  tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec, static_cast<int>(ms));
    return buf;
}

std::string FormatSecondTime(std::chrono::system_clock::time_point t) {
    std::tm tm = LocalTime(t);
    char buf[64];
    std::snprintf(buf, sizeof buf, "%04d-%02d-%02d %02d:%02d:%02d", tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday,
                  tm.tm_hour, tm.tm_min, tm.tm_sec);
    return buf;
}

std::optional<LogLevel> ParseLogLevel(const std::string& name) {
    std::string n;
    for (char c : name) {
        n += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    }
    if (n == "debug" || n == "all" || n == "trace") {
        return LogLevel::kDebug;
    }
    if (n == "info") {
        return LogLevel::kInfo;
    }
    if (n == "warn") {
        return LogLevel::kWarn;
    }
    if (n == "error") {
        return LogLevel::kError;
    }
    return std::nullopt;
}

JobLog::JobLog(std::ostream& out, WallClock clock, LogLevel level)
    : out_(out), level_(level), clock_(std::move(clock)) {}

std::chrono::system_clock::time_point JobLog::Now() const {
    return clock_ ? clock_() : std::chrono::system_clock::now();
}

void JobLog::Info(const std::string& logger, const std::string& message, const std::string& thread) {
    if (level_ <= LogLevel::kInfo) {
        Line("INFO ", logger, message, thread);
    }
}

void JobLog::Warn(const std::string& logger, const std::string& message, const std::string& thread) {
    if (level_ <= LogLevel::kWarn) {
        Line("WARN ", logger, message, thread);
    }
}

void JobLog::Error(const std::string& logger, const std::string& message, const std::string& thread) {
    Line("ERROR", logger, message, thread);
}

void JobLog::Raw(const std::string& text) {
    std::lock_guard<std::mutex> lock(mu_);
    out_ << text;
    out_.flush();
}

void JobLog::Line(const char* level, const std::string& logger, const std::string& message,
                  const std::string& thread) {
    // logback pattern "%d [%thread] %-5level %logger{0} - %msg%n"
    std::string line = FormatLogTime(Now());
    line += " [";
    line += thread;
    line += "] ";
    line += level;
    line += ' ';
    line += logger;
    line += " - ";
    line += message;
    line += '\n';
    std::lock_guard<std::mutex> lock(mu_);
    out_ << line;
    out_.flush();
}

}  // namespace dbbridge::core::engine
