#pragma once
// What a queued run carries besides its job: ${name} parameter values (exec_log.params, a JSON
// object of strings) and the job's incremental-sync watermark declaration.
//
// A job names its watermark in the DataX job JSON:
//   {"job": {"watermark": {"column": "updated_at", "initial": "1970-01-01 00:00:00"}, ...}}
// Each run gets ${watermark} = the highest value of that column the last successful run read
// (initial before the first success); the job uses it, e.g. "where": "updated_at > '${watermark}'".

#include <map>
#include <optional>
#include <string>

#include "dbbridge/sdk/status.h"

namespace dbbridge::core {

using RunParams = std::map<std::string, std::string>;

inline constexpr int kMaxRunParams = 64;

// At most kMaxRunParams, names [A-Za-z0-9_] of 1-64 characters, values up to 4096 bytes; errors
// name field ("params.<name>: ...").
sdk::Status ValidateRunParams(const RunParams& params, const std::string& field);

// "" for no parameters, else a JSON object.
std::string EncodeRunParams(const RunParams& params);
sdk::Result<RunParams> DecodeRunParams(const std::string& text);

struct JobWatermark {
    std::string column;
    std::string initial;
};

// job.watermark of a DataX job text; nullopt when it declares none. Errors name the field.
sdk::Result<std::optional<JobWatermark>> JobWatermarkOf(const std::string& job_text);

}  // namespace dbbridge::core
