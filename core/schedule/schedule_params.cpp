#include "core/schedule/schedule_params.h"

#include <Poco/DateTimeParser.h>
#include <Poco/Exception.h>
#include <date/date.h>
#include <date/tz.h>

#include <chrono>
#include <regex>
#include <sstream>

#include "core/cluster/run_queue.h"
#include "core/schedule/cron.h"

namespace dbbridge::core {

namespace {

constexpr std::int64_t kDayMs = 24LL * 3600 * 1000;

struct Builtin {
    const char* name;
    const char* default_format;
};
const Builtin kBuiltins[] = {{"bizdate", "yyyyMMdd"},
                             {"now", "yyyy-MM-dd HH:mm:ss"},
                             {"last_success_time", "yyyy-MM-dd HH:mm:ss"}};

std::int64_t BuiltinMs(const std::string& name, const ParamClock& clock) {
    if (name == "bizdate") {
        return clock.fire_ms - kDayMs;
    }
    if (name == "now") {
        return clock.fire_ms;
    }
    return clock.last_success_ms;
}

std::string Format(const std::string& name, const std::string& pattern, const ParamClock& clock) {
    if (name == "last_success_time" && clock.last_success_ms == 0) {
        return FormatInZone(0, date::locate_zone("UTC"), pattern);
    }
    return FormatInZone(BuiltinMs(name, clock), clock.zone, pattern);
}

// Every "${builtin:FORMAT}" in text, as params["builtin:FORMAT"].
void AddFormatted(const std::string& text, const ParamClock& clock, RunParams& params) {
    for (const auto& b : kBuiltins) {
        const std::string open = std::string("${") + b.name + ":";
        for (auto at = text.find(open); at != std::string::npos; at = text.find(open, at + 1)) {
            auto close = text.find('}', at);
            if (close == std::string::npos) {
                break;
            }
            const std::string pattern = text.substr(at + open.size(), close - at - open.size());
            params[std::string(b.name) + ":" + pattern] = Format(b.name, pattern, clock);
        }
    }
}

// end_time ("2026-11-22T03:08:00.123Z") as epoch ms; 0 when empty or unreadable.
std::int64_t ParseIsoMs(const std::string& iso) {
    if (iso.empty()) {
        return 0;
    }
    try {
        int tz = 0;
        return Poco::DateTimeParser::parse(iso, tz).timestamp().epochMicroseconds() / 1000;
    } catch (const Poco::Exception&) {
        return 0;
    }
}

// ${last_success_time} costs a query: only when the job or the parameters use it.
bool UsesLastSuccess(const std::string& job_text, const RunParams& user) {
    if (job_text.find("last_success_time") != std::string::npos) {
        return true;
    }
    for (const auto& [name, value] : user) {
        if (value.find("last_success_time") != std::string::npos) {
            return true;
        }
    }
    return false;
}

// A wall-clock time in zone ("2026-11-02", "2026-11-02 08:00:00", "2026-11-02T08:00:00") as
// epoch ms; a time a DST change skips counts as the moment after the gap.
sdk::Result<std::int64_t> ParseWallTime(const std::string& text, const date::time_zone* zone,
                                        const std::string& field) {
    static const std::regex kForm(R"(\d{4}-\d{2}-\d{2}([ T]\d{2}:\d{2}:\d{2})?)");
    std::string wall = text;
    if (std::regex_match(wall, kForm)) {
        wall = wall.size() == 10 ? wall + " 00:00:00" : wall.replace(10, 1, " ");
        std::istringstream in(wall);
        date::local_seconds local;
        in >> date::parse("%Y-%m-%d %H:%M:%S", local);
        if (!in.fail()) {
            const auto sys = zone->to_sys(local, date::choose::earliest);
            return static_cast<std::int64_t>(
                std::chrono::duration_cast<std::chrono::milliseconds>(sys.time_since_epoch()).count());
        }
    }
    return sdk::Status::InvalidArgument(field + ": expected a date or time such as 2026-11-02 or 2026-11-02 08:00:00 "
                                                "(in the run's time zone), got '" + text + "'");
}

}  // namespace

sdk::Result<std::int64_t> LastSuccessMs(StoreSession& session, RunsOf of, std::int64_t id,
                                        const std::string& job_text, const RunParams& user) {
    if (!UsesLastSuccess(job_text, user)) {
        return 0;
    }
    const std::string column = of == RunsOf::kSchedule ? "schedule_id" : "config_id";
    auto last = session.Query("SELECT end_time FROM exec_log WHERE " + column +
                                  " = ? AND status = 'succeeded' ORDER BY id DESC LIMIT 1",
                              {id});
    if (!last.ok()) {
        return last.status();
    }
    return last->empty() ? 0 : ParseIsoMs(last->front().Text(0));
}

sdk::Result<RunParams> ManualRunParams(StoreSession& session, std::int64_t config_id, const std::string& job_text,
                                       const RunParams& user, const std::string& time_zone,
                                       const std::string& fire_time) {
    auto zone = FindTimeZone(time_zone, "time_zone");
    if (!zone.ok()) {
        return zone.status();
    }
    auto fire = fire_time.empty() ? sdk::Result<std::int64_t>(NowEpochMs())
                                  : ParseWallTime(fire_time, zone.value(), "fire_time");
    if (!fire.ok()) {
        return fire.status();
    }
    auto last = LastSuccessMs(session, RunsOf::kConfig, config_id, job_text, user);
    if (!last.ok()) {
        return last.status();
    }
    ParamClock clock;
    clock.fire_ms = fire.value();
    clock.last_success_ms = last.value();
    clock.zone = zone.value();
    return ScheduledRunParams(job_text, user, clock);
}

sdk::Result<RunParams> ScheduledRunParams(const std::string& job_text, const RunParams& user,
                                          const ParamClock& clock) {
    RunParams params;
    for (const auto& b : kBuiltins) {
        if (user.count(b.name) != 0) {
            return sdk::Status::InvalidArgument(std::string("params.") + b.name + ": '" + b.name +
                                                "' is a built-in parameter and cannot be set");
        }
        params[b.name] = Format(b.name, b.default_format, clock);
    }
    AddFormatted(job_text, clock, params);
    for (const auto& [name, value] : user) {
        RunParams formatted;
        AddFormatted(value, clock, formatted);
        std::string expanded = ReplaceFormattedParams(value, formatted);
        for (const auto& b : kBuiltins) {
            const std::string plain = std::string("${") + b.name + "}";
            for (auto at = expanded.find(plain); at != std::string::npos; at = expanded.find(plain, at)) {
                expanded.replace(at, plain.size(), params[b.name]);
                at += params[b.name].size();
            }
        }
        params[name] = expanded;
    }
    return params;
}

std::string ReplaceFormattedParams(const std::string& text, const RunParams& params) {
    std::string out = text;
    for (const auto& [key, value] : params) {
        if (key.find(':') == std::string::npos) {
            continue;
        }
        const std::string token = "${" + key + "}";
        for (auto at = out.find(token); at != std::string::npos; at = out.find(token, at + value.size())) {
            out.replace(at, token.size(), value);
        }
    }
    return out;
}

}  // namespace dbbridge::core
