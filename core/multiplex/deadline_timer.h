#pragma once
// One background thread running callbacks at deadlines: statement-timeout backstops
// (Connection::Cancel) and bulkMode 2 batch deadlines. Callbacks run on the timer thread and
// must be short. Thread-safe.

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <functional>
#include <map>
#include <mutex>
#include <thread>

namespace dbbridge::core::multiplex {

class DeadlineTimer {
public:
    DeadlineTimer();
    ~DeadlineTimer();  // pending callbacks are dropped
    DeadlineTimer(const DeadlineTimer&) = delete;
    DeadlineTimer& operator=(const DeadlineTimer&) = delete;

    // Runs fn once after delay_ms; returns an id for Cancel.
    std::uint64_t Schedule(int delay_ms, std::function<void()> fn);
    // Removes a pending callback. If it is running right now, waits until it has returned, so
    // after Cancel the callback no longer touches what it captured.
    void Cancel(std::uint64_t id);

private:
    void Loop();

    using Clock = std::chrono::steady_clock;
    std::mutex mu_;
    std::condition_variable cv_;
    std::condition_variable done_cv_;
    std::multimap<Clock::time_point, std::pair<std::uint64_t, std::function<void()>>> queue_;
    std::uint64_t next_id_ = 1;
    std::uint64_t running_ = 0;
    bool stop_ = false;
    std::thread thread_;
};

}  // namespace dbbridge::core::multiplex
