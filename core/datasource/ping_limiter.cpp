#include "core/datasource/ping_limiter.h"

namespace dbbridge::core {

PingLimiter::Slot::~Slot() {
    if (limiter_ != nullptr) {
        limiter_->Release(uid_);
    }
}

sdk::Result<PingLimiter::Slot> PingLimiter::Acquire(const std::string& uid) {
    std::lock_guard<std::mutex> lock(mu_);
    Usage& u = users_[uid];
    const auto now = Clock::now();
    while (!u.recent.empty() && now - u.recent.front() > std::chrono::minutes(1)) {
        u.recent.pop_front();
    }
    if (u.in_flight >= kMaxInFlight) {
        return sdk::Status::ResourceExhausted("you already have " + std::to_string(u.in_flight) +
                                              " pings of unsaved datasources running (at most " +
                                              std::to_string(kMaxInFlight) + " at a time); wait for them to end");
    }
    if (static_cast<int>(u.recent.size()) >= kMaxPerMinute) {
        return sdk::Status::ResourceExhausted("at most " + std::to_string(kMaxPerMinute) +
                                              " pings of unsaved datasources per minute; try again shortly");
    }
    ++u.in_flight;
    u.recent.push_back(now);
    return Slot(this, uid);
}

void PingLimiter::Release(const std::string& uid) {
    std::lock_guard<std::mutex> lock(mu_);
    auto it = users_.find(uid);
    if (it == users_.end()) {
        return;
    }
    --it->second.in_flight;
    if (it->second.in_flight == 0 && it->second.recent.empty()) {
        users_.erase(it);
    }
}

}  // namespace dbbridge::core
