#pragma once
// Idle connections kept per datasource (dialect, host, port, database, user, schema, options)
// so that small multiplex requests do not pay a connect per target. A connection goes back
// only after a statement that left it healthy; idle ones older than max_idle_ms are closed.
// max_idle_per_key must cover the peak concurrency for one key (all the targets of concurrent
// requests often share one server): a connection closed on return is a reconnect (a backend
// start and an authentication exchange) for the next request. The pool never opens more than
// that peak anyway, since it connects only when nothing is idle. Thread-safe.

#include <chrono>
#include <cstddef>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "dbbridge/sdk/dialect.h"

namespace dbbridge::core::multiplex {

class ConnectionPool {
public:
    explicit ConnectionPool(std::size_t max_idle_per_key = 64, int max_idle_ms = 60000)
        : max_idle_per_key_(max_idle_per_key), max_idle_ms_(max_idle_ms) {}

    static std::string KeyOf(const sdk::ConnectionSpec& spec);

    // An idle connection for spec, or a new one from dialect.Connect(spec).
    sdk::Result<std::unique_ptr<sdk::Connection>> Acquire(const sdk::Dialect& dialect, const sdk::ConnectionSpec& spec);
    void Release(const sdk::ConnectionSpec& spec, std::unique_ptr<sdk::Connection> conn);
    std::size_t IdleCount();

private:
    using Clock = std::chrono::steady_clock;
    struct Idle {
        std::unique_ptr<sdk::Connection> conn;
        Clock::time_point since;
    };
    std::size_t max_idle_per_key_;
    int max_idle_ms_;
    std::mutex mu_;
    std::map<std::string, std::vector<Idle>> idle_;
};

}  // namespace dbbridge::core::multiplex
