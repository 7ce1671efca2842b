#pragma once
// /api/health as an outside observer sees it while an attack runs: every answer must come within
// one second. Header-only: shared by the attack tests of this folder.
#include <Poco/Net/HTTPClientSession.h>
#include <Poco/Net/HTTPRequest.h>
#include <Poco/Net/HTTPResponse.h>
#include <Poco/StreamCopier.h>

#include <atomic>
#include <chrono>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

namespace dbbridge::testing {

struct HealthCheck {
    bool ok = false;
    std::chrono::milliseconds took{0};
    std::string error;
};

// GET /api/health on a fresh connection with a one-second timeout.
inline HealthCheck CheckHealth(int port) {
    HealthCheck h;
    const auto start = std::chrono::steady_clock::now();
    try {
        Poco::Net::HTTPClientSession session("127.0.0.1", static_cast<Poco::UInt16>(port));
        session.setTimeout(Poco::Timespan(1, 0));
        Poco::Net::HTTPRequest req(Poco::Net::HTTPRequest::HTTP_GET, "/api/health", Poco::Net::HTTPMessage::HTTP_1_1);
        session.sendRequest(req);
        Poco::Net::HTTPResponse resp;
        std::string body;
        Poco::StreamCopier::copyToString(session.receiveResponse(resp), body);
        h.ok = resp.getStatus() == 200 && body.find("\"code\":0") != std::string::npos;
        h.error = body;
    } catch (const Poco::Exception& e) {
        h.error = e.displayText();
    }
    h.took = std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - start);
    return h;
}

// Checks /api/health every 200 ms on its own thread from construction until Stop(); problems()
// lists every check that failed or took a second or more.
class HealthProbe {
public:
    explicit HealthProbe(int port) : thread_([this, port] { Run(port); }) {}
    ~HealthProbe() { Stop(); }
    HealthProbe(const HealthProbe&) = delete;
    HealthProbe& operator=(const HealthProbe&) = delete;

    void Stop() {
        stop_ = true;
        if (thread_.joinable()) {
            thread_.join();
        }
    }
    int checks() const { return checks_; }
    std::vector<std::string> problems() {
        std::lock_guard<std::mutex> lock(mu_);
        return problems_;
    }

private:
    void Run(int port) {
        while (!stop_) {
            HealthCheck h = CheckHealth(port);
            if (!h.ok || h.took.count() >= 1000) {
                std::lock_guard<std::mutex> lock(mu_);
                problems_.push_back("check " + std::to_string(checks_) + " took " + std::to_string(h.took.count()) +
                                    " ms: " + h.error);
            }
            ++checks_;
            std::this_thread::sleep_for(std::chrono::milliseconds(200));
        }
    }

    std::atomic<bool> stop_{false};
    std::atomic<int> checks_{0};
    std::mutex mu_;
    std::vector<std::string> problems_;
    std::thread thread_;  // last: started after the members it uses
};

}  // namespace dbbridge::testing
