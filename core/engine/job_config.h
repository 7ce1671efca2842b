#pragma once
// The DataX job model: parsed and structurally validated job JSON. Plugin parameters are kept as
// JSON and validated by each plugin when it is created (still before anything runs).
//
// Only job.content[0] runs, as in DataX: every core key reads "job.content[0]..."
// (core/.../util/container/CoreConstant.java DATAX_JOB_CONTENT_*), so later entries are ignored;
// the runner warns about them instead of ignoring them silently.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <Poco/JSON/Object.h>

#include "core/engine/java_date_format.h"
#include "core/engine/job_keys.h"
#include "core/engine/json_params.h"
#include "core/engine/transformer.h"
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
    TransformerChain transformer;
};

struct JobConfig {
    SpeedSetting speed;
    ErrorLimit error_limit;
    std::vector<ContentConfig> content;     // exactly one entry: job.content[0]
    std::size_t ignored_content_entries = 0;  // job.content[1..]
    int max_dirty_logged = 10;  // core.statistics.collector.plugin.maxDirtyNumber
    bool dry_run = false;  // job.setting.dryRun: only the plugins' pre-checks run
    ColumnDateFormats column_formats;  // common.column.datetimeFormat / dateFormat / timeFormat
    std::vector<UnknownKey> unknown_keys;  // keys no DataX component reads (see job_keys.h)
};

// Parses job JSON (after ${} substitution). Errors name the JSON path.
sdk::Result<JobConfig> ParseJobConfig(const std::string& json_text);

}  // namespace dbbridge::core::engine
