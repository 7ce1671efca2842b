#pragma once
// Limits how many pings of unsaved datasources one user may run: at most max_in_flight at once
// and max_per_minute in any minute. A ping of an unsaved datasource connects wherever the caller
// says, so without a limit one user could hold every HTTP worker connecting to listeners that
// never answer. Pings of saved datasources are not limited here (their connect timeout is capped).
// Thread-safe.

#include <chrono>
#include <cstdint>
#include <deque>
#include <map>
#include <mutex>
#include <string>

#include "dbbridge/sdk/status.h"

namespace dbbridge::core {

class PingLimiter {
public:
    static constexpr int kMaxInFlight = 2;
    static constexpr int kMaxPerMinute = 30;

    // Holds one of uid's slots until destroyed.
    class Slot {
    public:
        Slot(PingLimiter* limiter, std::string uid) : limiter_(limiter), uid_(std::move(uid)) {}
        Slot(Slot&& other) noexcept : limiter_(other.limiter_), uid_(std::move(other.uid_)) { other.limiter_ = nullptr; }
        Slot(const Slot&) = delete;
        Slot& operator=(const Slot&) = delete;
        Slot& operator=(Slot&&) = delete;
        ~Slot();

    private:
        PingLimiter* limiter_;
        std::string uid_;
    };

    // A slot for uid, or kResourceExhausted saying which limit was reached.
    sdk::Result<Slot> Acquire(const std::string& uid);

private:
    using Clock = std::chrono::steady_clock;
    struct Usage {
        int in_flight = 0;
        std::deque<Clock::time_point> recent;  // starts within the last minute
    };
    void Release(const std::string& uid);

    std::mutex mu_;
    std::map<std::string, Usage> users_;
};

}  // namespace dbbridge::core
