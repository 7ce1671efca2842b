#pragma once
// A fixed set of worker threads running submitted tasks in FIFO order (bounded parallelism for
// target executions across all requests). Thread-safe.

#include <condition_variable>
#include <cstddef>
#include <deque>
#include <functional>
#include <future>
#include <mutex>
#include <thread>
#include <vector>

namespace dbbridge::core::multiplex {

class WorkerPool {
public:
    explicit WorkerPool(std::size_t threads);
    ~WorkerPool();  // finishes queued tasks, then joins
    WorkerPool(const WorkerPool&) = delete;
    WorkerPool& operator=(const WorkerPool&) = delete;

    std::future<void> Submit(std::function<void()> task);
    std::size_t size() const { return threads_.size(); }

private:
    void Loop();
    std::mutex mu_;
    std::condition_variable cv_;
    std::deque<std::packaged_task<void()>> queue_;
    bool stop_ = false;
    std::vector<std::thread> threads_;
};

}  // namespace dbbridge::core::multiplex
