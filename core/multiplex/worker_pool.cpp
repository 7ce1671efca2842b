#include "core/multiplex/worker_pool.h"

namespace dbbridge::core::multiplex {

WorkerPool::WorkerPool(std::size_t threads) {
    if (threads == 0) threads = 1;
    for (std::size_t i = 0; i < threads; ++i) threads_.emplace_back([this] { Loop(); });
}

WorkerPool::~WorkerPool() {
    {
        std::lock_guard<std::mutex> lock(mu_);
        stop_ = true;
    }
    cv_.notify_all();
    for (auto& t : threads_) t.join();
}

std::future<void> WorkerPool::Submit(std::function<void()> task) {
    std::packaged_task<void()> pt(std::move(task));
    std::future<void> f = pt.get_future();
    {
        std::lock_guard<std::mutex> lock(mu_);
        queue_.push_back(std::move(pt));
    }
    cv_.notify_one();
    return f;
}

void WorkerPool::Loop() {
    for (;;) {
        std::packaged_task<void()> task;
        {
            std::unique_lock<std::mutex> lock(mu_);
            cv_.wait(lock, [&] { return stop_ || !queue_.empty(); });
            if (queue_.empty()) return;
            task = std::move(queue_.front());
            queue_.pop_front();
        }
        task();  // exceptions land in the future
    }
}

}  // namespace dbbridge::core::multiplex
