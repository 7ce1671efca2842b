#pragma once
// The report document of one comparison (UniSQL-compatible fields, README "Report layout"):
// verdict and typed differences, per participant where it ran, what it ran with which binds and
// what came back, the result-set and snapshot diffs, and the bulkMode 2 batch block. Pure.

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "core/multiplex/multiplex_request.h"
#include "core/multiplex/participant.h"
#include "core/multiplex/row_set_comparator.h"
#include "core/multiplex/sql_traits.h"
#include "core/multiplex/verdict.h"
#include "dbbridge/sdk/util/json_writer.h"

namespace dbbridge::core::multiplex {

struct ReportInput {
    const MultiplexRequest& request;
    const std::vector<Participant*>& parts;  // the source first
    const Verdict& verdict;
    const RowSetDiff* main_diff;  // nullptr when the result sets were not compared
    const std::vector<RowSetDiff>& before;
    const std::vector<RowSetDiff>& after;
    const SqlTraits& traits;
    bool non_deterministic;
    const std::string& non_deterministic_reason;
    std::int64_t created_ms;
    std::function<void(sdk::util::JsonWriter&)> batch_info;  // writes the "batch" member, or empty
};

// The report as JSON text.
std::string BuildReportJson(const ReportInput& in);

// Milliseconds since the epoch; "YYYY-MM-DD HH:MM:SS.mmm" in local time (the report's time format).
std::int64_t NowMs();
std::string FormatTime(std::int64_t ms);

}  // namespace dbbridge::core::multiplex
