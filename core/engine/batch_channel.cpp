#include "core/engine/batch_channel.h"

#include <chrono>

namespace dbbridge::core::engine {

namespace {
std::int64_t NowNs() {
    return std::chrono::duration_cast<std::chrono::nanoseconds>(
               std::chrono::steady_clock::now().time_since_epoch())
        .count();
}
}  // namespace

BatchChannel::BatchChannel(std::size_t capacity) {
    if (capacity < 2) {
        capacity = 2;
    }
    for (std::size_t i = 0; i < capacity; ++i) {
        storage_.push_back(std::make_unique<sdk::RecordBatch>());
        free_.push_back(storage_.back().get());
    }
}

sdk::RecordBatch* BatchChannel::AcquireFree() {
    std::unique_lock<std::mutex> lock(mu_);
    if (free_.empty() && !aborted_) {
        std::int64_t start = NowNs();
        free_cv_.wait(lock, [&] { return !free_.empty() || aborted_; });
        wait_writer_ns_.fetch_add(NowNs() - start, std::memory_order_relaxed);
    }
    if (aborted_) {
        return nullptr;
    }
    sdk::RecordBatch* b = free_.front();
    free_.pop_front();
    return b;
}

void BatchChannel::PushFull(sdk::RecordBatch* batch) {
    {
        std::lock_guard<std::mutex> lock(mu_);
        full_.push_back(batch);
    }
    full_cv_.notify_one();
}

void BatchChannel::ReleaseUnused(sdk::RecordBatch* batch) {
    ReleaseFree(batch);
}

void BatchChannel::CloseWrite() {
    {
        std::lock_guard<std::mutex> lock(mu_);
        closed_ = true;
    }
    full_cv_.notify_all();
}

sdk::RecordBatch* BatchChannel::PopFull() {
    std::unique_lock<std::mutex> lock(mu_);
    if (full_.empty() && !closed_ && !aborted_) {
        std::int64_t start = NowNs();
        full_cv_.wait(lock, [&] { return !full_.empty() || closed_ || aborted_; });
        wait_reader_ns_.fetch_add(NowNs() - start, std::memory_order_relaxed);
    }
    if (aborted_ || full_.empty()) {
        return nullptr;
    }
    sdk::RecordBatch* b = full_.front();
    full_.pop_front();
    return b;
}

void BatchChannel::ReleaseFree(sdk::RecordBatch* batch) {
    {
        std::lock_guard<std::mutex> lock(mu_);
        free_.push_back(batch);
    }
    free_cv_.notify_one();
}

void BatchChannel::Abort() {
    {
        std::lock_guard<std::mutex> lock(mu_);
        aborted_ = true;
    }
    free_cv_.notify_all();
    full_cv_.notify_all();
}

bool BatchChannel::aborted() const {
    std::lock_guard<std::mutex> lock(mu_);
    return aborted_;
}

}  // namespace dbbridge::core::engine
