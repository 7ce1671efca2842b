#pragma once
// The bounded queue between one task's reader thread and its writer thread. It owns a fixed set
// of RecordBatch objects that travel reader -> writer -> back (ping-pong), so memory per channel is
// capacity x batch size whatever the table size, and records keep their allocations between uses.
// One lock operation per batch, never per record. Thread-safe.

#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <memory>
#include <mutex>
#include <vector>

#include "dbbridge/sdk/types.h"

namespace dbbridge::core::engine {

class BatchChannel {
public:
    explicit BatchChannel(std::size_t capacity);

    // Reader side. AcquireFree blocks until a batch is free; nullptr once aborted.
    sdk::RecordBatch* AcquireFree();
    void PushFull(sdk::RecordBatch* batch);
    void ReleaseUnused(sdk::RecordBatch* batch);  // an acquired batch that carries nothing
    void CloseWrite();                            // no more batches will come

    // Writer side. PopFull blocks; nullptr when closed and drained, or aborted.
    sdk::RecordBatch* PopFull();
    void ReleaseFree(sdk::RecordBatch* batch);

    void Abort();  // wakes both sides; later calls return nullptr
    bool aborted() const;

    // Time the reader waited for a free batch (DataX WaitWriterTime) and the writer for a full one.
    std::int64_t wait_writer_ns() const { return wait_writer_ns_.load(std::memory_order_relaxed); }
    std::int64_t wait_reader_ns() const { return wait_reader_ns_.load(std::memory_order_relaxed); }

private:
    std::vector<std::unique_ptr<sdk::RecordBatch>> storage_;
    std::deque<sdk::RecordBatch*> free_;
    std::deque<sdk::RecordBatch*> full_;
    mutable std::mutex mu_;
    std::condition_variable free_cv_;
    std::condition_variable full_cv_;
    bool closed_ = false;
    bool aborted_ = false;
    std::atomic<std::int64_t> wait_writer_ns_{0};
    std::atomic<std::int64_t> wait_reader_ns_{0};
};

}  // namespace dbbridge::core::engine
