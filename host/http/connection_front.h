#pragma once
// Connection handling in front of Poco's HTTP workers, so that clients sending slowly or not at all
// cannot hold the server. Poco's HTTPServer gives each connection a worker thread from accept on,
// and its socket timeouts start again with every byte received: 16 clients sending one header byte
// every 5 s keep all 16 workers waiting for as long as they like.
//
// - One thread accepts and waits (epoll) for each connection's request. Only a connection whose
//   request line and headers have arrived (and its body too when that is small: kSmallBodyBytes) is
//   handed to a worker. The bytes are peeked, not read, so Poco still parses the request itself.
// - Deadlines: a new or kept-alive connection may stay idle keep_alive_timeout_ms; from its first
//   byte its head (and small body) must arrive within request_read_timeout_ms, else it gets 408 and
//   is closed. A larger body is read by the worker and must arrive within request_read_timeout_ms of
//   the hand-over; past it this thread shuts the socket down (the worker's read then fails).
// - Caps: max_connections in all and max_connections_per_peer per client address (idle ones
//   included); one more gets 503 and is closed. At most kBodyReadersPerPeer workers per peer (and
//   half the workers in all) read large bodies, so slow uploads cannot take every worker.
// - Keep-alive: after a response the worker hands the connection back here to wait for the next
//   request; no worker ever waits on an idle client.
// Thread-safe; Bind and Start once, Stop once (the destructor stops).

#include <Poco/Net/HTTPRequestHandlerFactory.h>
#include <Poco/Net/HTTPServerParams.h>
#include <Poco/ThreadPool.h>

#include <atomic>
#include <chrono>
#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "dbbridge/sdk/status.h"

namespace Poco::Net {
class TCPServerDispatcher;
}

namespace dbbridge::host {

struct ConnectionLimits {
    int request_read_timeout_ms = 10000;
    int keep_alive_timeout_ms = 5000;
    int max_connections = 1000;
    int max_connections_per_peer = 100;
    std::size_t max_header_bytes = 32 * 1024;
};

class ConnectionFront {
public:
    // A body up to this size is waited for here (it fits the kernel's receive buffer with the head).
    static constexpr std::size_t kSmallBodyBytes = 16 * 1024;
    static constexpr int kBodyReadersPerPeer = 2;

    ConnectionFront(ConnectionLimits limits, int threads, Poco::Net::HTTPRequestHandlerFactory::Ptr factory);
    ~ConnectionFront();
    ConnectionFront(const ConnectionFront&) = delete;
    ConnectionFront& operator=(const ConnectionFront&) = delete;

    // Listens on host:port (0: any free port) without serving yet. kUnavailable naming the address
    // (and saying so when another server holds the port: SO_REUSEPORT is not set, so a second server
    // cannot share it and split the requests).
    sdk::Status Bind(const std::string& host, int port);
    // Starts accepting on the bound socket.
    sdk::Status Start();
    // Stops accepting and drops connections waiting for a request; requests already with a worker
    // finish (their reads are bounded by request_read_timeout_ms), then the workers end.
    void Stop();
    int port() const { return port_; }

    // Called by the request handler on its worker thread (no-ops elsewhere): the request, body
    // included, has been read (no read deadline while it is handled) ...
    static void RequestRead();
    // ... and the response has been sent; keep_alive: the connection stays open for another request.
    static void ResponseSent(bool keep_alive);

private:
    using Clock = std::chrono::steady_clock;
    enum class Phase : std::uint8_t { kWaiting, kQueued, kWorker };
    struct Conn {
        int fd = -1;  // in a worker: a duplicate of Poco's descriptor, closed only here
        std::string peer;
        Phase phase = Phase::kWaiting;
        bool started = false;     // a byte of the next request has arrived
        bool large_body = false;  // its worker reads a body that was not waited for here
        bool keep_alive = false;  // the last response kept the connection open
        bool shut_down = false;   // the watchdog ended it
        Clock::time_point deadline = Clock::time_point::max();
    };
    class Worker;
    class WorkerFactory;

    void Loop();
    void AcceptAll();
    void OnReadable(std::uint64_t id);
    void ExpireDeadlines();
    // Hands a waiting connection to the worker pool. Caller holds mu_.
    void HandOff(std::uint64_t id, Conn& conn, bool large_body);
    bool MayReadLargeBody(const std::string& peer) const;
    // Closes and forgets a waiting connection after sending reply (may be empty). Caller holds mu_.
    void Drop(std::uint64_t id, const std::string& reply);
    void Watch(std::uint64_t id, int fd);
    int CountPeer(const std::string& peer) const;
    // Worker side.
    std::uint64_t Adopt(int poco_fd, int spare_fd);
    void Release(std::uint64_t id);
    void SetDeadline(std::uint64_t id, Clock::time_point deadline);

    ConnectionLimits limits_;
    int threads_;
    Poco::Net::HTTPRequestHandlerFactory::Ptr factory_;
    Poco::Net::HTTPServerParams::Ptr params_;
    std::unique_ptr<Poco::ThreadPool> pool_;
    Poco::Net::TCPServerDispatcher* dispatcher_ = nullptr;  // reference counted by Poco
    int listen_fd_ = -1;
    int epoll_fd_ = -1;
    int wake_fd_ = -1;
    int port_ = 0;
    std::thread thread_;
    std::atomic<bool> stopping_{false};

    mutable std::mutex mu_;
    std::uint64_t next_id_ = 1;
    std::map<std::uint64_t, Conn> conns_;
    std::map<int, std::uint64_t> queued_;  // Poco's descriptor -> id, until a worker adopts it
    std::vector<std::uint64_t> returned_;  // back from workers, to watch again
    std::vector<std::uint64_t> deferred_;  // large bodies waiting for a reader slot
};

}  // namespace dbbridge::host
