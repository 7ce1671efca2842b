#include "core/engine/speed_limiter.h"

#include <algorithm>
#include <thread>

namespace dbbridge::core::engine {

namespace {
constexpr int kSlicesPerSecond = 20;
constexpr auto kSleepStep = std::chrono::milliseconds(50);
}  // namespace

SpeedLimiter::SpeedLimiter(std::int64_t bytes_per_second, std::int64_t records_per_second)
    : byte_limit_(bytes_per_second), record_limit_(records_per_second) {}

void SpeedLimiter::Throttle(std::int64_t records, std::int64_t bytes, const std::atomic<bool>& abort) {
    if (!enabled()) {
        return;
    }
    if (!started_) {
        started_ = true;
        start_ = std::chrono::steady_clock::now();
    }
    records_ += records;
    bytes_ += bytes;
    double seconds = 0;
    if (record_limit_ > 0) {
        seconds = std::max(seconds, static_cast<double>(records_) / static_cast<double>(record_limit_));
    }
    if (byte_limit_ > 0) {
        seconds = std::max(seconds, static_cast<double>(bytes_) / static_cast<double>(byte_limit_));
    }
    auto due = start_ + std::chrono::duration_cast<std::chrono::steady_clock::duration>(
                            std::chrono::duration<double>(seconds));
    while (!abort.load(std::memory_order_relaxed)) {
        auto now = std::chrono::steady_clock::now();
        if (now >= due) {
            break;
        }
        std::this_thread::sleep_for(std::min<std::chrono::steady_clock::duration>(due - now, kSleepStep));
    }
}

std::size_t SpeedLimiter::CapBatchRows(std::size_t rows, double bytes_per_row) const {
    if (record_limit_ > 0) {
        rows = std::min<std::size_t>(rows, static_cast<std::size_t>(std::max<std::int64_t>(1, record_limit_ / kSlicesPerSecond)));
    }
    if (byte_limit_ > 0 && bytes_per_row > 0) {
        double cap = static_cast<double>(byte_limit_) / kSlicesPerSecond / bytes_per_row;
        rows = std::min<std::size_t>(rows, static_cast<std::size_t>(std::max(1.0, cap)));
    }
    return std::max<std::size_t>(rows, 1);
}

}  // namespace dbbridge::core::engine
