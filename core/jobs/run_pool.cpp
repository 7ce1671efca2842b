#include "core/jobs/run_pool.h"

#include <algorithm>

namespace dbbridge::core {

RunPool::RunPool(int workers) : workers_(std::max(1, workers)) {}

RunPool::~RunPool() { Stop(); }

bool RunPool::Submit(std::int64_t key, std::function<void()> task) {
    std::lock_guard<std::mutex> lock(mu_);
    if (stopping_) {
        return false;
    }
    if (threads_.empty()) {
        for (int i = 0; i < workers_; ++i) {
            threads_.emplace_back([this] { Work(); });
        }
    }
    queue_.emplace_back(key, std::move(task));
    cv_.notify_one();
    return true;
}

bool RunPool::Remove(std::int64_t key) {
    std::lock_guard<std::mutex> lock(mu_);
    auto it = std::find_if(queue_.begin(), queue_.end(), [&](const auto& item) { return item.first == key; });
    if (it == queue_.end()) {
        return false;
    }
    queue_.erase(it);
    return true;
}

std::vector<std::int64_t> RunPool::Stop() {
    std::vector<std::int64_t> dropped;
    std::vector<std::thread> threads;
    {
        std::lock_guard<std::mutex> lock(mu_);
        stopping_ = true;
        for (const auto& item : queue_) {
            dropped.push_back(item.first);
        }
        queue_.clear();
        threads.swap(threads_);
        cv_.notify_all();
    }
    for (auto& t : threads) {
        t.join();
    }
    return dropped;
}

void RunPool::Work() {
    for (;;) {
        std::function<void()> task;
        {
            std::unique_lock<std::mutex> lock(mu_);
            cv_.wait(lock, [this] { return stopping_ || !queue_.empty(); });
            if (queue_.empty()) {
                return;  // stopping
            }
            task = std::move(queue_.front().second);
            queue_.pop_front();
        }
        task();
    }
}

}  // namespace dbbridge::core
