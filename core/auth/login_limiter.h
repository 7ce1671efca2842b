#pragma once
// Slows down password guessing: after max_failures failed logins within window for one user name,
// or max_failures_per_peer from one client address, further attempts for that name / from that
// address are refused until the window has passed since the first of those failures, without
// checking the password. A successful login clears the user's count (not the address's).
// Memory is bounded: at most max_entries names and addresses are tracked; when full, the entry
// whose window started first is dropped. Thread-safe.

#include <chrono>
#include <cstddef>
#include <map>
#include <mutex>
#include <string>

namespace dbbridge::core::auth {

class LoginLimiter {
public:
    using Clock = std::chrono::steady_clock;

    struct Options {
        int max_failures = 5;
        int max_failures_per_peer = 20;
        std::chrono::seconds window{300};
        std::size_t max_entries = 10000;
    };

    LoginLimiter() : LoginLimiter(Options{}) {}
    explicit LoginLimiter(Options options) : options_(options) {}

    // Seconds until user or peer may try again; 0 when allowed now.
    int RetryAfter(const std::string& user, const std::string& peer, Clock::time_point now = Clock::now());
    void Failed(const std::string& user, const std::string& peer, Clock::time_point now = Clock::now());
    void Succeeded(const std::string& user);
    std::size_t size();  // names and addresses tracked now

private:
    struct Entry {
        Clock::time_point first;
        int failures = 0;
    };
    int Wait(const std::string& key, int limit, Clock::time_point now);
    void Count(const std::string& key, Clock::time_point now);

    Options options_;
    std::mutex mu_;
    std::map<std::string, Entry> entries_;  // "u:" + user name, "p:" + address
};

}  // namespace dbbridge::core::auth
