#pragma once
// streamreader: DataX's generator of constant (or random) records.
// Parameters: column [{type, value | random, dateFormat}], sliceRecordCount (records per task).
// Split(n) gives n identical tasks, so a job produces sliceRecordCount x channels records.

#include <memory>

#include "core/engine/engine_plugin.h"
#include "core/engine/json_params.h"

namespace dbbridge::core::engine {

class StreamReaderPlugin : public ReaderPlugin {
public:
    static sdk::Result<std::unique_ptr<ReaderPlugin>> Create(const JsonParams& parameter, const EngineEnv& env);

    sdk::Result<std::vector<std::unique_ptr<ReaderTask>>> Split(int advice_channels) override;

    struct Column {
        sdk::DataxType type = sdk::DataxType::kString;
        sdk::Value constant;
        bool random = false;
        // random range: [lo, hi] for long/double/date(epoch seconds)/string length; bool: lo:hi ratio
        double lo = 0;
        double hi = 0;
    };

private:
    std::vector<Column> columns_;
    std::int64_t slice_record_count_ = 0;
};

}  // namespace dbbridge::core::engine
