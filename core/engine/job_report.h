#pragma once
// Text that schedulers parse from DataX's output, reproduced byte for byte: the periodic progress
// line (StandAloneJobContainerCommunicator), the end-of-job summary (JobContainer) and the dirty
// record JSON (StdoutPluginCollector).

#include <chrono>
#include <cstdint>
#include <string>

#include "dbbridge/sdk/types.h"

namespace dbbridge::core::engine {

// DataX StrUtil.stringify: "205B", "2.84KB", "1.32MB" (1024 base, two decimals above bytes).
std::string StringifyBytes(std::int64_t bytes);
// DataX PerfTrace.unitTime: nanoseconds as "1,777.833s".
std::string FormatUnitTime(std::int64_t nanos);
// DecimalFormat("##0.00%"): 0.5 -> "50.00%".
std::string FormatPercentage(double ratio);

// Transformer counters (CommunicationTool.TRANSFORMER_*): records that passed every transformer,
// that a transformer failed on (also dirty records), and that dx_filter dropped.
struct TransformerFigures {
    std::int64_t succeeded = 0;
    std::int64_t failed = 0;
    std::int64_t filtered = 0;
    std::int64_t used_ns = 0;
    bool any() const { return succeeded > 0 || failed > 0 || filtered > 0 || used_ns > 0; }
};

struct ProgressFigures {
    std::int64_t records = 0;  // read succeed records
    std::int64_t bytes = 0;
    std::int64_t byte_speed = 0;  // per second over the last interval
    std::int64_t record_speed = 0;
    std::int64_t error_records = 0;
    std::int64_t error_bytes = 0;
    std::int64_t wait_writer_ns = 0;
    std::int64_t wait_reader_ns = 0;
    double percentage = 0;  // finished tasks / all tasks
    TransformerFigures transformer;  // printed only when any() (as DataX)
};

// "Total N records, N bytes | Speed ..B/s, N records/s | Error ... | Percentage N%" (no prefix).
std::string FormatProgress(const ProgressFigures& p);

struct SummaryFigures {
    std::chrono::system_clock::time_point start;
    std::chrono::system_clock::time_point end;
    std::int64_t transfer_ms = 0;  // duration of the schedule phase
    std::int64_t read_succeed_records = 0;
    std::int64_t read_succeed_bytes = 0;
    std::int64_t read_failed_records = 0;
    std::int64_t write_failed_records = 0;
};

// The seven-line block that follows "JobContainer - " (starts with '\n', each line ends with '\n').
std::string FormatSummary(const SummaryFigures& s);
// The three-line transformer block logged after the summary when transformers ran.
std::string FormatTransformerSummary(const TransformerFigures& t);

// DataX's dirty record JSON: {"exception":...,"message":...,"record":[{"byteSize":..,"index":..,
// "rawData":..,"type":"STRING"}],"type":"reader|writer"} (fastjson sorts keys).
std::string FormatDirtyRecord(const char* side, const std::string& reason, const sdk::Record& record);

}  // namespace dbbridge::core::engine
