#include "core/engine/engine_plugin.h"

#include "core/engine/datax_bytes.h"

namespace dbbridge::core::engine {

std::int64_t ReaderTask::BatchBytes(const sdk::RecordBatch& batch) const {
    std::int64_t bytes = 0;
    for (const auto& row : batch.rows) {
        bytes += DataxRecordBytes(row);
    }
    return bytes;
}

}  // namespace dbbridge::core::engine
