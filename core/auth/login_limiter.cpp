#include "core/auth/login_limiter.h"

#include <algorithm>
#include <cstdint>

namespace dbbridge::core::auth {

namespace {
// Longer names cannot exist (see AuthService::CheckUserName); keys stay small whatever a client sends.
constexpr std::size_t kMaxKeyChars = 128;
}  // namespace

int LoginLimiter::Wait(const std::string& key, int limit, Clock::time_point now) {
    auto it = entries_.find(key);
    if (it == entries_.end()) {
        return 0;
    }
    auto until = it->second.first + options_.window;
    if (now >= until) {
        entries_.erase(it);
        return 0;
    }
    if (it->second.failures < limit) {
        return 0;
    }
    auto left = std::chrono::duration_cast<std::chrono::seconds>(until - now).count();
    return static_cast<int>(std::max<std::int64_t>(1, left));
}

int LoginLimiter::RetryAfter(const std::string& user, const std::string& peer, Clock::time_point now) {
    std::lock_guard<std::mutex> lock(mu_);
    return std::max(Wait("u:" + user.substr(0, kMaxKeyChars), options_.max_failures, now),
                    Wait("p:" + peer, options_.max_failures_per_peer, now));
}

void LoginLimiter::Count(const std::string& key, Clock::time_point now) {
    auto it = entries_.find(key);
    if (it != entries_.end() && now >= it->second.first + options_.window) {
        entries_.erase(it);
        it = entries_.end();
    }
    if (it == entries_.end()) {
        if (entries_.size() >= options_.max_entries) {
            auto oldest = std::min_element(entries_.begin(), entries_.end(), [](const auto& a, const auto& b) {
                return a.second.first < b.second.first;
            });
            entries_.erase(oldest);
        }
        it = entries_.emplace(key, Entry{now, 0}).first;
    }
    ++it->second.failures;
}

void LoginLimiter::Failed(const std::string& user, const std::string& peer, Clock::time_point now) {
    std::lock_guard<std::mutex> lock(mu_);
    Count("u:" + user.substr(0, kMaxKeyChars), now);
    Count("p:" + peer, now);
}

void LoginLimiter::Succeeded(const std::string& user) {
    std::lock_guard<std::mutex> lock(mu_);
    entries_.erase("u:" + user.substr(0, kMaxKeyChars));
}

std::size_t LoginLimiter::size() {
    std::lock_guard<std::mutex> lock(mu_);
    return entries_.size();
}

}  // namespace dbbridge::core::auth
