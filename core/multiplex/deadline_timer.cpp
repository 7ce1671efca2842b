#include "core/multiplex/deadline_timer.h"

namespace dbbridge::core::multiplex {

DeadlineTimer::DeadlineTimer() : thread_([this] { Loop(); }) {}

DeadlineTimer::~DeadlineTimer() {
    {
        std::lock_guard<std::mutex> lock(mu_);
        stop_ = true;
        queue_.clear();
    }
    cv_.notify_all();
    thread_.join();
}

std::uint64_t DeadlineTimer::Schedule(int delay_ms, std::function<void()> fn) {
    std::lock_guard<std::mutex> lock(mu_);
    std::uint64_t id = next_id_++;
    auto it = queue_.emplace(Clock::now() + std::chrono::milliseconds(delay_ms), std::make_pair(id, std::move(fn)));
    // The timer thread already sleeps until an earlier deadline: waking it for every statement's
    // backstop is a context switch per statement for nothing.
    if (it == queue_.begin()) cv_.notify_one();
    return id;
}

void DeadlineTimer::Cancel(std::uint64_t id) {
    std::unique_lock<std::mutex> lock(mu_);
    for (auto it = queue_.begin(); it != queue_.end(); ++it) {
        if (it->second.first == id) {
            queue_.erase(it);
            return;
        }
    }
    done_cv_.wait(lock, [&] { return running_ != id; });
}

void DeadlineTimer::Loop() {
    std::unique_lock<std::mutex> lock(mu_);
    while (!stop_) {
        if (queue_.empty()) {
            cv_.wait(lock);
            continue;
        }
        auto first = queue_.begin();
        if (first->first > Clock::now()) {
            cv_.wait_until(lock, first->first);
            continue;
        }
        std::uint64_t id = first->second.first;
        std::function<void()> fn = std::move(first->second.second);
        queue_.erase(first);
        running_ = id;
        lock.unlock();
        try {
            fn();
        } catch (...) {
            // A callback failing must not stop the timer for everyone else.
        }
        lock.lock();
        running_ = 0;
        done_cv_.notify_all();
    }
}

}  // namespace dbbridge::core::multiplex
