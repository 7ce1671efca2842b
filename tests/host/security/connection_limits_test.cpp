// Connection-level attacks against the real `dbbridge serve` (issue 10 §4): idle and byte-by-byte
// clients, too many connections from one peer, slow bodies. The server must keep answering
// /api/health within a second while they last, and end them with a clear answer.
#include <Poco/Net/HTTPClientSession.h>
#include <Poco/Net/HTTPRequest.h>
#include <Poco/Net/HTTPResponse.h>
#include <Poco/Net/SocketAddress.h>
#include <Poco/Net/StreamSocket.h>
#include <Poco/Exception.h>
#include <Poco/StreamCopier.h>
#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <memory>
#include <thread>
#include <vector>

#include "tests/host/security/health_probe.h"
#include "tests/support/host_process.h"

namespace dbbridge::testing {
namespace {

using Clock = std::chrono::steady_clock;

std::unique_ptr<Poco::Net::StreamSocket> Connect(int port) {
    auto s = std::make_unique<Poco::Net::StreamSocket>(Poco::Net::SocketAddress("127.0.0.1", port));
    s->setReceiveTimeout(Poco::Timespan(5, 0));
    return s;
}

void SendText(Poco::Net::StreamSocket& s, const std::string& text) {
    s.sendBytes(text.data(), static_cast<int>(text.size()));
}

// Everything the server sends until it closes (or the receive timeout).
std::string ReadUntilClosed(Poco::Net::StreamSocket& s) {
    std::string out;
    char buf[4096];
    try {
        int n = 0;
        while ((n = s.receiveBytes(buf, sizeof buf)) > 0) {
            out.append(buf, static_cast<std::size_t>(n));
        }
    } catch (const Poco::TimeoutException&) {
        out += "<no close before the timeout>";
    } catch (const Poco::Exception&) {
        // reset: closed as well
    }
    return out;
}

// Checks /api/health every 200 ms for the given time; every answer must come within one second.
void ExpectHealthyFor(int port, std::chrono::milliseconds how_long) {
    const auto end = Clock::now() + how_long;
    int checks = 0;
    while (Clock::now() < end) {
        HealthCheck h = CheckHealth(port);
        ASSERT_TRUE(h.ok) << "check " << checks << ": " << h.error;
        EXPECT_LT(h.took.count(), 1000) << "check " << checks;
        ++checks;
        std::this_thread::sleep_for(std::chrono::milliseconds(200));
    }
    EXPECT_GE(checks, 3);
}

TEST(ConnectionLimitsTest, SixteenIdleConnectionsDoNotStopOthers) {
    HostProcess host("server:\n  threads: 4\n");
    ASSERT_TRUE(host.Start()) << host.output();
    std::vector<std::unique_ptr<Poco::Net::StreamSocket>> idle;
    for (int i = 0; i < 16; ++i) {
        idle.push_back(Connect(host.port()));
    }
    ExpectHealthyFor(host.port(), std::chrono::milliseconds(2000));
}

TEST(ConnectionLimitsTest, ClientsSendingAByteEveryFiveSecondsDoNotStopOthers) {
    HostProcess host("server:\n  threads: 4\n");
    ASSERT_TRUE(host.Start()) << host.output();
    std::atomic<bool> stop{false};
    std::vector<std::thread> slow;
    for (int i = 0; i < 16; ++i) {
        slow.emplace_back([&, port = host.port()] {
            auto s = Connect(port);
            const std::string head = "GET /api/health HTTP/1.1\r\nHost: x\r\n";
            for (std::size_t k = 0; k < head.size() && !stop; ++k) {
                try {
                    SendText(*s, head.substr(k, 1));
                } catch (const Poco::Exception&) {
                    return;
                }
                for (int t = 0; t < 50 && !stop; ++t) {
                    std::this_thread::sleep_for(std::chrono::milliseconds(100));
                }
            }
        });
    }
    ExpectHealthyFor(host.port(), std::chrono::milliseconds(6000));
    stop = true;
    for (auto& t : slow) {
        t.join();
    }
}

TEST(ConnectionLimitsTest, ARequestNotCompleteWithinTheReadTimeoutGets408) {
    HostProcess host("server:\n  request_read_timeout_ms: 800\n");
    ASSERT_TRUE(host.Start()) << host.output();
    auto s = Connect(host.port());
    SendText(*s, "GET /api/health HTTP/1.1\r\nHost: x\r\n");  // no blank line: the head never ends
    const auto start = Clock::now();
    const std::string reply = ReadUntilClosed(*s);
    const auto took = std::chrono::duration_cast<std::chrono::milliseconds>(Clock::now() - start);
    EXPECT_NE(reply.find("HTTP/1.1 408"), std::string::npos) << reply;
    EXPECT_NE(reply.find("server.request_read_timeout_ms"), std::string::npos) << reply;
    EXPECT_LT(took.count(), 2500);
}

TEST(ConnectionLimitsTest, AnIdleConnectionIsClosedAfterTheKeepAliveTimeout) {
    HostProcess host("server:\n  keep_alive_timeout_ms: 500\n");
    ASSERT_TRUE(host.Start()) << host.output();
    auto s = Connect(host.port());
    const auto start = Clock::now();
    const std::string reply = ReadUntilClosed(*s);
    const auto took = std::chrono::duration_cast<std::chrono::milliseconds>(Clock::now() - start);
    EXPECT_EQ(reply, "");  // nothing was asked: closed without an answer
    EXPECT_GE(took.count(), 400);
    EXPECT_LT(took.count(), 2000);
}

TEST(ConnectionLimitsTest, KeepAliveServesSeveralRequestsOnOneConnection) {
    HostProcess host("server:\n  keep_alive_timeout_ms: 2000\n");
    ASSERT_TRUE(host.Start()) << host.output();
    Poco::Net::HTTPClientSession session("127.0.0.1", static_cast<Poco::UInt16>(host.port()));
    session.setKeepAlive(true);
    session.setTimeout(Poco::Timespan(2, 0));
    for (int i = 0; i < 5; ++i) {
        Poco::Net::HTTPRequest req(Poco::Net::HTTPRequest::HTTP_POST, "/api/datasource/ping",
                                   Poco::Net::HTTPMessage::HTTP_1_1);
        req.setKeepAlive(true);
        req.set("Authorization", "Bearer " + host.TokenFor("alice"));
        const std::string body = "{\"db_type\": \"NOPE\"}";
        req.setContentLength(static_cast<std::streamsize>(body.size()));
        req.setContentType("application/json");
        session.sendRequest(req) << body;
        Poco::Net::HTTPResponse resp;
        std::string text;
        Poco::StreamCopier::copyToString(session.receiveResponse(resp), text);
        EXPECT_NE(text.find("is not served by any loaded plugin"), std::string::npos) << text;
        EXPECT_TRUE(resp.getKeepAlive()) << "request " << i;
        std::this_thread::sleep_for(std::chrono::milliseconds(i * 100));  // idle between requests
    }
}

TEST(ConnectionLimitsTest, OneConnectionOverThePerPeerCapGets503) {
    HostProcess host("server:\n  max_connections_per_peer: 4\n  keep_alive_timeout_ms: 3000\n");
    ASSERT_TRUE(host.Start()) << host.output();
    std::vector<std::unique_ptr<Poco::Net::StreamSocket>> held;
    for (int i = 0; i < 4; ++i) {
        held.push_back(Connect(host.port()));
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(200));  // the server has accepted them
    auto extra = Connect(host.port());
    const std::string reply = ReadUntilClosed(*extra);
    EXPECT_NE(reply.find("HTTP/1.1 503"), std::string::npos) << reply;
    EXPECT_NE(reply.find("server.max_connections_per_peer"), std::string::npos) << reply;
    held.clear();
    std::this_thread::sleep_for(std::chrono::milliseconds(300));
    HealthCheck h = CheckHealth(host.port());
    EXPECT_TRUE(h.ok) << h.error;
}

TEST(ConnectionLimitsTest, SlowLargeBodiesDoNotStopOthersAndEndAtTheDeadline) {
    HostProcess host("server:\n  threads: 4\n  request_read_timeout_ms: 3000\n");
    ASSERT_TRUE(host.Start()) << host.output();
    std::vector<std::unique_ptr<Poco::Net::StreamSocket>> uploads;
    for (int i = 0; i < 16; ++i) {
        auto s = Connect(host.port());
        SendText(*s,
                 "POST /api/datasource/save HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                 "Content-Length: 1000000\r\n\r\n{\"x\":\"");
        uploads.push_back(std::move(s));
    }
    ExpectHealthyFor(host.port(), std::chrono::milliseconds(2000));
    // Past the deadline every upload has been cut off.
    std::this_thread::sleep_for(std::chrono::milliseconds(1500));
    for (auto& s : uploads) {
        s->setReceiveTimeout(Poco::Timespan(1, 0));
        const std::string reply = ReadUntilClosed(*s);
        EXPECT_EQ(reply.find("<no close"), std::string::npos) << reply;
    }
}

}  // namespace
}  // namespace dbbridge::testing
