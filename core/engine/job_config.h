#pragma once
// The DataX job model: parsed and structurally validated job JSON. Plugin parameters are kept as
// JSON and validated by each plugin when it is created (still before anything runs).
//
// Several job.content[] entries are run one after another, in order, with the same settings
// (DataX silently runs only the first one; we run all and say so in the log).

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <Poco/JSON/Object.h>

#include "core/engine/json_params.h"
#include "dbbridge/sdk/status.h"

namespace dbbridge::core::engine {

struct SpeedSetting {
    std::int64_t channel = 0;  // job.setting.speed.channel, 0 when absent
    std::int64_t byte = 0;     // job.setting.speed.byte, 0 when absent / non-positive
    std::int64_t record = 0;   // job.setting.speed.record
    // core.transport.channel.speed.byte / .record: per-channel limits, -1 = none (core.json default).
    std::int64_t channel_byte_limit = -1;
    std::int64_t channel_record_limit = -1;
};

struct ErrorLimit {
    std::optional<std::int64_t> record;    // wins over percentage when both are set (DataX)
    std::optional<double> percentage;      // 0.0 - 1.0
};

struct PluginConfig {
    std::string name;
    JsonParams parameter;  // path "job.content[i].reader.parameter"
    std::string path;      // "job.content[i].reader"
};

struct ContentConfig {
    PluginConfig reader;
    PluginConfig writer;
};

struct JobConfig {
    SpeedSetting speed;
    ErrorLimit error_limit;
    std::vector<ContentConfig> content;
    int max_dirty_logged = 10;  // core.statistics.collector.plugin.maxDirtyNumber
};

// Parses job JSON (after ${} substitution). Errors name the JSON path.
sdk::Result<JobConfig> ParseJobConfig(const std::string& json_text);

}  // namespace dbbridge::core::engine
