#pragma once
// Compact copies of the batches a writer has taken but not yet confirmed (sdk::RecordWriter::
// DeferDirty): such a writer may report a bad record only after its batch went back to the
// channel, and the engine must still log and count that record exactly as the reader produced it.
// One string for all kept batches, no allocation per value: about the DataX byte size of a record
// plus 4 bytes per value (kind, width, precision, zone) and 4 per string length.

#include <cstdint>
#include <string>
#include <vector>

#include "dbbridge/sdk/types.h"

namespace dbbridge::core::engine {

class BatchArchive {
public:
    // reserve_bytes: the expected size at flush; reserved on first use, so the string does not grow
    // by doubling (each step leaving a freed block behind in the thread's malloc arena).
    explicit BatchArchive(std::size_t reserve_bytes = 0) : reserve_bytes_(reserve_bytes) {}

    // Keeps a copy of the next batch (numbered in call order from 0, as the writer numbers its
    // Write() calls), empty ones included.
    void Add(const sdk::RecordBatch& batch);
    // The record `index` of batch `number`; an empty record when that batch is no longer kept.
    sdk::Record Get(std::uint64_t number, std::size_t index) const;
    // Forgets every kept batch; numbering goes on.
    void Clear();
    std::size_t bytes() const { return data_.size(); }

private:
    std::string data_;
    std::vector<std::size_t> row_start_;    // offset of each kept row in data_
    std::vector<std::size_t> batch_first_;  // first row of each kept batch in row_start_
    std::uint64_t first_number_ = 0;        // number of the first kept batch
    std::size_t reserve_bytes_ = 0;
};

}  // namespace dbbridge::core::engine
