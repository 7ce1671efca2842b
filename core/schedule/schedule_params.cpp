#include "core/schedule/schedule_params.h"

#include <date/tz.h>

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

}  // namespace

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
