#pragma once
// Per-channel speed limit (DataX enforces core.transport.channel.speed.byte/.record per channel).
// Paces the channel so its average since start stays at or under the limits: after each batch it
// sleeps until the time the limits allow for everything moved so far. Used by one thread.

#include <atomic>
#include <chrono>
#include <cstdint>

namespace dbbridge::core::engine {

class SpeedLimiter {
public:
    SpeedLimiter(std::int64_t bytes_per_second, std::int64_t records_per_second);

    bool enabled() const { return byte_limit_ > 0 || record_limit_ > 0; }
    // Accounts for a batch and sleeps as needed; returns early when abort becomes true.
    void Throttle(std::int64_t records, std::int64_t bytes, const std::atomic<bool>& abort);
    // Caps a batch so that one batch is about 1/20 s of the allowed flow (smooth pacing).
    std::size_t CapBatchRows(std::size_t rows, double bytes_per_row) const;

private:
    std::int64_t byte_limit_;
    std::int64_t record_limit_;
    bool started_ = false;
    std::chrono::steady_clock::time_point start_;
    std::int64_t records_ = 0;
    std::int64_t bytes_ = 0;
};

}  // namespace dbbridge::core::engine
