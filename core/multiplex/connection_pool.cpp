#include "core/multiplex/connection_pool.h"

namespace dbbridge::core::multiplex {

std::string ConnectionPool::KeyOf(const sdk::ConnectionSpec& spec) {
    std::string key = spec.dialect + '\x1f' + spec.host + '\x1f' + std::to_string(spec.port) + '\x1f' + spec.database +
                      '\x1f' + spec.user + '\x1f' + spec.password + '\x1f' + spec.schema;
    for (const auto& kv : spec.options) key += '\x1f' + kv.first + '=' + kv.second;
    return key;
}

sdk::Result<std::unique_ptr<sdk::Connection>> ConnectionPool::Acquire(const sdk::Dialect& dialect,
                                                                       const sdk::ConnectionSpec& spec) {
    std::string key = KeyOf(spec);
    std::vector<std::unique_ptr<sdk::Connection>> stale;
    {
        std::lock_guard<std::mutex> lock(mu_);
        auto it = idle_.find(key);
        if (it != idle_.end()) {
            auto& list = it->second;
            // Newest last (taken first); the oldest, at the front, are the ones that expire.
            auto now = Clock::now();
            std::size_t expired = 0;
            while (expired < list.size() && now - list[expired].since >= std::chrono::milliseconds(max_idle_ms_)) {
                stale.push_back(std::move(list[expired].conn));
                ++expired;
            }
            list.erase(list.begin(), list.begin() + static_cast<std::ptrdiff_t>(expired));
            if (!list.empty()) {
                std::unique_ptr<sdk::Connection> conn = std::move(list.back().conn);
                list.pop_back();
                return conn;  // stale ones close after the lock is released (declared before it)
            }
        }
    }
    stale.clear();  // closed outside the lock
    return dialect.Connect(spec);
}

void ConnectionPool::Release(const sdk::ConnectionSpec& spec, std::unique_ptr<sdk::Connection> conn) {
    if (!conn) return;
    {
        std::lock_guard<std::mutex> lock(mu_);
        auto& list = idle_[KeyOf(spec)];
        if (list.size() < max_idle_per_key_) {
            list.push_back(Idle{std::move(conn), Clock::now()});
            return;
        }
    }
    conn.reset();  // over the limit: close outside the lock
}

std::size_t ConnectionPool::IdleCount() {
    std::lock_guard<std::mutex> lock(mu_);
    std::size_t n = 0;
    for (const auto& kv : idle_) n += kv.second.size();
    return n;
}

}  // namespace dbbridge::core::multiplex
