#pragma once
// A bounded worker pool for job runs: at most `workers` tasks run at once, the rest wait in a
// FIFO queue. Threads start with the first Submit. Thread-safe.

#include <condition_variable>
#include <cstdint>
#include <deque>
#include <functional>
#include <mutex>
#include <thread>
#include <utility>
#include <vector>

namespace dbbridge::core {

class RunPool {
public:
    explicit RunPool(int workers);
    ~RunPool();  // Stop()
    RunPool(const RunPool&) = delete;
    RunPool& operator=(const RunPool&) = delete;

    // Queues task under key. False when the pool is stopping (the task will not run).
    bool Submit(std::int64_t key, std::function<void()> task);
    // Takes a task that has not started out of the queue. True when it was there (it will not run).
    bool Remove(std::int64_t key);
    // Stops accepting, drops the waiting tasks (returns their keys) and waits for the running ones.
    std::vector<std::int64_t> Stop();

private:
    void Work();

    const int workers_;
    std::mutex mu_;
    std::condition_variable cv_;
    std::deque<std::pair<std::int64_t, std::function<void()>>> queue_;
    std::vector<std::thread> threads_;
    bool stopping_ = false;
};

}  // namespace dbbridge::core
