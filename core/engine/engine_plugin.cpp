#include "core/engine/engine_plugin.h"

namespace dbbridge::core::engine {

std::int64_t ReaderTask::BatchBytes(const sdk::RecordBatch& batch) const {
    std::int64_t bytes = 0;
    for (const auto& row : batch.rows) {
        for (const auto& v : row) {
            bytes += static_cast<std::int64_t>(sdk::ValueByteSize(v));
        }
    }
    return bytes;
}

}  // namespace dbbridge::core::engine
