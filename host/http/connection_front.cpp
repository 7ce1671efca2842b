#include "host/http/connection_front.h"

#include <Poco/Exception.h>
#include <Poco/Net/HTTPServerConnection.h>
#include <Poco/Net/NetException.h>
#include <Poco/Net/ServerSocket.h>
#include <Poco/Net/StreamSocketImpl.h>
#include <Poco/Net/TCPServerConnectionFactory.h>
#include <Poco/Net/TCPServerDispatcher.h>
#include <Poco/Net/TCPServerParams.h>
#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <cstring>

#include "host/http/request_head.h"

namespace dbbridge::host {

namespace {

constexpr int kTickMs = 100;
constexpr int kMaxEvents = 64;
constexpr std::uint64_t kListenTag = 0;
constexpr std::uint64_t kWakeTag = ~std::uint64_t{0};

// The worker thread's connection, for RequestRead / ResponseSent.
struct WorkerContext {
    ConnectionFront* front = nullptr;
    std::uint64_t id = 0;
    bool keep_alive = false;
};
thread_local WorkerContext tl_worker;

std::string Reply(int status, const char* reason, const std::string& message) {
    std::string body = "{\"code\":" + std::to_string(status) + ",\"message\":\"";
    for (char c : message) {
        if (c == '"' || c == '\\') {
            body += '\\';
        }
        body += c;
    }
    body += "\",\"data\":null}";
    return "HTTP/1.1 " + std::to_string(status) + " " + reason +
           "\r\nContent-Type: application/json;charset=UTF-8\r\nConnection: close\r\nContent-Length: " +
           std::to_string(body.size()) + "\r\n\r\n" + body;
}

std::string PeerAddress(const sockaddr_storage& addr) {
    char text[INET6_ADDRSTRLEN] = {0};
    if (addr.ss_family == AF_INET) {
        ::inet_ntop(AF_INET, &reinterpret_cast<const sockaddr_in&>(addr).sin_addr, text, sizeof text);
    } else if (addr.ss_family == AF_INET6) {
        ::inet_ntop(AF_INET6, &reinterpret_cast<const sockaddr_in6&>(addr).sin6_addr, text, sizeof text);
    }
    return text;
}

void SetBlocking(int fd, bool blocking) {
    int flags = ::fcntl(fd, F_GETFL, 0);
    ::fcntl(fd, F_SETFL, blocking ? (flags & ~O_NONBLOCK) : (flags | O_NONBLOCK));
}

}  // namespace

// Runs Poco's HTTP connection over a handed-over socket, then gives the socket back for keep-alive.
class ConnectionFront::Worker : public Poco::Net::TCPServerConnection {
public:
    Worker(const Poco::Net::StreamSocket& socket, ConnectionFront& front)
        : Poco::Net::TCPServerConnection(socket), front_(front) {}

    void run() override {
        const int fd = socket().impl()->sockfd();
        // Poco closes its descriptor when its session ends; the duplicate keeps the connection.
        const int spare = ::fcntl(fd, F_DUPFD_CLOEXEC, 0);
        tl_worker = WorkerContext{&front_, front_.Adopt(fd, spare), false};
        if (tl_worker.id != 0) {
            try {
                Poco::Net::HTTPServerConnection http(socket(), front_.params_, front_.factory_);
                http.run();
            } catch (...) {
                tl_worker.keep_alive = false;  // the connection is in an unknown state
            }
            front_.Release(tl_worker.id);
        } else if (spare >= 0) {
            ::close(spare);
        }
        tl_worker = WorkerContext{};
    }

private:
    ConnectionFront& front_;
};

class ConnectionFront::WorkerFactory : public Poco::Net::TCPServerConnectionFactory {
public:
    explicit WorkerFactory(ConnectionFront& front) : front_(front) {}
    Poco::Net::TCPServerConnection* createConnection(const Poco::Net::StreamSocket& socket) override {
        return new Worker(socket, front_);
    }

private:
    ConnectionFront& front_;
};

ConnectionFront::ConnectionFront(ConnectionLimits limits, int threads, Poco::Net::HTTPRequestHandlerFactory::Ptr factory)
    : limits_(limits), threads_(std::max(threads, 1)), factory_(std::move(factory)) {}

ConnectionFront::~ConnectionFront() { Stop(); }

sdk::Status ConnectionFront::Bind(const std::string& host, int port) {
    const std::string where = host + ":" + std::to_string(port);
    try {
        Poco::Net::SocketAddress address(host, static_cast<Poco::UInt16>(port));
        // SO_REUSEADDR (a restart may bind over connections in TIME_WAIT) but not SO_REUSEPORT,
        // which Poco's ServerSocket(address) turns on: with it a second server on the same port
        // starts silently and the kernel splits requests between the two.
        Poco::Net::ServerSocket socket;
        socket.bind(address, /*reuseAddress=*/true, /*reusePort=*/false);
        socket.listen(128);
        port_ = socket.address().port();
        listen_fd_ = ::fcntl(socket.impl()->sockfd(), F_DUPFD_CLOEXEC, 0);
    } catch (const Poco::Net::NetException& e) {
        if (e.code() == EADDRINUSE) {
            return sdk::Status::Unavailable("cannot listen on " + where +
                                            ": the port is already in use (another dbbridge serve, or another "
                                            "server); stop it or set server.port");
        }
        return sdk::Status::Unavailable("cannot listen on " + where + ": " + e.displayText());
    } catch (const Poco::Exception& e) {
        return sdk::Status::Unavailable("cannot listen on " + where + ": " + e.displayText());
    }
    return sdk::Status::Ok();
}

sdk::Status ConnectionFront::Start() {
    if (listen_fd_ < 0) {
        return sdk::Status::Internal("ConnectionFront::Start before Bind");
    }
    SetBlocking(listen_fd_, false);
    params_ = new Poco::Net::HTTPServerParams;
    params_->setMaxThreads(threads_);
    params_->setMaxQueued(limits_.max_connections + 1);
    params_->setKeepAlive(true);
    params_->setMaxKeepAliveRequests(0);
    // The worker only goes on with a request that has already arrived; waiting is done here.
    params_->setKeepAliveTimeout(Poco::Timespan(0));
    params_->setTimeout(Poco::Timespan(static_cast<long>(limits_.request_read_timeout_ms) * 1000));
    pool_ = std::make_unique<Poco::ThreadPool>(2, threads_);
    dispatcher_ = new Poco::Net::TCPServerDispatcher(new WorkerFactory(*this), *pool_, params_);

    epoll_fd_ = ::epoll_create1(EPOLL_CLOEXEC);
    wake_fd_ = ::eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC);
    epoll_event ev{};
    ev.events = EPOLLIN;
    ev.data.u64 = kListenTag;
    ::epoll_ctl(epoll_fd_, EPOLL_CTL_ADD, listen_fd_, &ev);
    ev.data.u64 = kWakeTag;
    ::epoll_ctl(epoll_fd_, EPOLL_CTL_ADD, wake_fd_, &ev);
    thread_ = std::thread([this] { Loop(); });
    return sdk::Status::Ok();
}

void ConnectionFront::Stop() {
    if (!thread_.joinable()) {
        return;
    }
    stopping_ = true;
    std::uint64_t one = 1;
    (void)!::write(wake_fd_, &one, sizeof one);
    thread_.join();
    dispatcher_->stop();
    {
        std::lock_guard<std::mutex> lock(mu_);
        for (auto& [id, conn] : conns_) {
            if (conn.phase != Phase::kWorker) {
                ::shutdown(conn.fd, SHUT_RDWR);
            }
        }
    }
    pool_->joinAll();
    dispatcher_->release();
    dispatcher_ = nullptr;
    std::lock_guard<std::mutex> lock(mu_);
    for (auto& [id, conn] : conns_) {
        if (conn.phase != Phase::kQueued) {
            ::close(conn.fd);
        }
    }
    conns_.clear();
    for (int fd : {listen_fd_, epoll_fd_, wake_fd_}) {
        ::close(fd);
    }
}

void ConnectionFront::Loop() {
    epoll_event events[kMaxEvents];
    while (!stopping_) {
        int n = ::epoll_wait(epoll_fd_, events, kMaxEvents, kTickMs);
        for (int i = 0; i < n; ++i) {
            const std::uint64_t tag = events[i].data.u64;
            if (tag == kListenTag) {
                AcceptAll();
            } else if (tag == kWakeTag) {
                std::uint64_t drained = 0;
                (void)!::read(wake_fd_, &drained, sizeof drained);
            } else {
                OnReadable(tag);
            }
        }
        std::vector<std::uint64_t> again;
        {
            std::lock_guard<std::mutex> lock(mu_);
            for (std::uint64_t id : returned_) {
                auto it = conns_.find(id);
                if (it != conns_.end()) {
                    Watch(id, it->second.fd);
                    again.push_back(id);  // the client may have sent its next request already
                }
            }
            returned_.clear();
            again.insert(again.end(), deferred_.begin(), deferred_.end());
            deferred_.clear();
        }
        for (std::uint64_t id : again) {
            OnReadable(id);
        }
        ExpireDeadlines();
    }
}

void ConnectionFront::Watch(std::uint64_t id, int fd) {
    epoll_event ev{};
    ev.events = EPOLLIN | EPOLLRDHUP | EPOLLET;  // edge: a new event for every arrival
    ev.data.u64 = id;
    ::epoll_ctl(epoll_fd_, EPOLL_CTL_ADD, fd, &ev);
}

int ConnectionFront::CountPeer(const std::string& peer) const {
    return static_cast<int>(
        std::count_if(conns_.begin(), conns_.end(), [&](const auto& c) { return c.second.peer == peer; }));
}

void ConnectionFront::AcceptAll() {
    while (true) {
        sockaddr_storage addr{};
        socklen_t len = sizeof addr;
        int fd = ::accept4(listen_fd_, reinterpret_cast<sockaddr*>(&addr), &len, SOCK_NONBLOCK | SOCK_CLOEXEC);
        if (fd < 0) {
            return;  // EAGAIN: all taken; EMFILE and friends: try again on the next event
        }
        const std::string peer = PeerAddress(addr);
        std::lock_guard<std::mutex> lock(mu_);
        std::string refusal;
        if (static_cast<int>(conns_.size()) >= limits_.max_connections) {
            refusal = "the server has " + std::to_string(conns_.size()) +
                      " connections open (server.max_connections); try again later";
        } else if (CountPeer(peer) >= limits_.max_connections_per_peer) {
            refusal = "too many connections from " + peer + " (server.max_connections_per_peer is " +
                      std::to_string(limits_.max_connections_per_peer) + "); close some and try again";
        }
        if (!refusal.empty()) {
            const std::string reply = Reply(503, "Service Unavailable", refusal);
            (void)!::send(fd, reply.data(), reply.size(), MSG_NOSIGNAL | MSG_DONTWAIT);
            ::close(fd);
            continue;
        }
        const std::uint64_t id = next_id_++;
        Conn conn;
        conn.fd = fd;
        conn.peer = peer;
        conn.deadline = Clock::now() + std::chrono::milliseconds(limits_.keep_alive_timeout_ms);
        conns_[id] = conn;
        Watch(id, fd);
    }
}

void ConnectionFront::OnReadable(std::uint64_t id) {
    std::lock_guard<std::mutex> lock(mu_);
    auto it = conns_.find(id);
    if (it == conns_.end() || it->second.phase != Phase::kWaiting) {
        return;
    }
    Conn& conn = it->second;
    std::string buf(limits_.max_header_bytes + kSmallBodyBytes, '\0');
    ssize_t n = ::recv(conn.fd, buf.data(), buf.size(), MSG_PEEK | MSG_DONTWAIT);
    if (n == 0 || (n < 0 && errno != EAGAIN && errno != EWOULDBLOCK && errno != EINTR)) {
        Drop(id, "");  // the client closed or the connection failed
        return;
    }
    if (n < 0) {
        return;
    }
    buf.resize(static_cast<std::size_t>(n));
    if (!conn.started) {
        conn.started = true;
        conn.deadline = Clock::now() + std::chrono::milliseconds(limits_.request_read_timeout_ms);
    }
    switch (InspectPeekedRequest(buf, limits_.max_header_bytes, kSmallBodyBytes)) {
        case PeekedState::kIncomplete:
            return;
        case PeekedState::kTooLarge:
            Drop(id, Reply(431, "Request Header Fields Too Large",
                           "the request line and headers are larger than " +
                               std::to_string(limits_.max_header_bytes) + " bytes"));
            return;
        case PeekedState::kSmallBody:
            HandOff(id, conn, /*large_body=*/false);
            return;
        case PeekedState::kLargeBody:
            HandOff(id, conn, /*large_body=*/true);
            return;
    }
}

bool ConnectionFront::MayReadLargeBody(const std::string& peer) const {
    int mine = 0;
    int all = 0;
    for (const auto& [id, c] : conns_) {
        if (c.large_body) {
            ++all;
            mine += c.peer == peer ? 1 : 0;
        }
    }
    return mine < kBodyReadersPerPeer && all < std::max(1, threads_ / 2);
}

void ConnectionFront::HandOff(std::uint64_t id, Conn& conn, bool large_body) {
    if (large_body && !MayReadLargeBody(conn.peer)) {
        deferred_.push_back(id);  // retried on the next tick; the read deadline still runs
        return;
    }
    ::epoll_ctl(epoll_fd_, EPOLL_CTL_DEL, conn.fd, nullptr);
    SetBlocking(conn.fd, true);
    conn.phase = Phase::kQueued;
    conn.large_body = large_body;
    conn.deadline = large_body ? conn.deadline : Clock::time_point::max();
    queued_[conn.fd] = id;
    dispatcher_->enqueue(Poco::Net::StreamSocket(new Poco::Net::StreamSocketImpl(conn.fd)));
}

void ConnectionFront::Drop(std::uint64_t id, const std::string& reply) {
    auto it = conns_.find(id);
    if (it == conns_.end()) {
        return;
    }
    if (!reply.empty()) {
        (void)!::send(it->second.fd, reply.data(), reply.size(), MSG_NOSIGNAL | MSG_DONTWAIT);
        // Closing with unread bytes makes the kernel reset the connection, and a client may then
        // lose the reply: take what has arrived first.
        char sink[16384];
        for (int i = 0; i < 8 && ::recv(it->second.fd, sink, sizeof sink, MSG_DONTWAIT) > 0; ++i) {
        }
        ::shutdown(it->second.fd, SHUT_WR);
    }
    ::epoll_ctl(epoll_fd_, EPOLL_CTL_DEL, it->second.fd, nullptr);
    ::close(it->second.fd);
    conns_.erase(it);
}

void ConnectionFront::ExpireDeadlines() {
    const auto now = Clock::now();
    std::lock_guard<std::mutex> lock(mu_);
    std::vector<std::uint64_t> expired;
    for (auto& [id, conn] : conns_) {
        if (conn.deadline > now) {
            continue;
        }
        if (conn.phase == Phase::kWorker && !conn.shut_down) {
            conn.shut_down = true;
            ::shutdown(conn.fd, SHUT_RDWR);  // the worker's blocked read fails and it lets go
        } else if (conn.phase == Phase::kWaiting) {
            expired.push_back(id);
        }
    }
    for (std::uint64_t id : expired) {
        const bool started = conns_[id].started;
        Drop(id, started ? Reply(408, "Request Timeout",
                                 "the request did not arrive within " +
                                     std::to_string(limits_.request_read_timeout_ms) +
                                     " ms (server.request_read_timeout_ms)")
                         : "");
    }
}

std::uint64_t ConnectionFront::Adopt(int poco_fd, int spare_fd) {
    std::lock_guard<std::mutex> lock(mu_);
    auto q = queued_.find(poco_fd);
    if (q == queued_.end()) {
        return 0;
    }
    const std::uint64_t id = q->second;
    queued_.erase(q);
    if (spare_fd < 0) {
        conns_.erase(id);  // no descriptor left to keep it: Poco closes the connection
        return 0;
    }
    Conn& conn = conns_[id];
    conn.fd = spare_fd;
    conn.phase = Phase::kWorker;
    return id;
}

void ConnectionFront::Release(std::uint64_t id) {
    std::lock_guard<std::mutex> lock(mu_);
    auto it = conns_.find(id);
    if (it == conns_.end()) {
        return;
    }
    Conn& conn = it->second;
    if (!tl_worker.keep_alive || conn.shut_down || stopping_) {
        ::close(conn.fd);
        conns_.erase(it);
        return;
    }
    SetBlocking(conn.fd, false);
    conn.phase = Phase::kWaiting;
    conn.started = false;
    conn.large_body = false;
    conn.deadline = Clock::now() + std::chrono::milliseconds(limits_.keep_alive_timeout_ms);
    returned_.push_back(id);
    std::uint64_t one = 1;
    (void)!::write(wake_fd_, &one, sizeof one);
}

void ConnectionFront::SetDeadline(std::uint64_t id, Clock::time_point deadline) {
    std::lock_guard<std::mutex> lock(mu_);
    auto it = conns_.find(id);
    if (it != conns_.end()) {
        it->second.deadline = deadline;
        it->second.large_body = false;
    }
}

void ConnectionFront::RequestRead() {
    if (tl_worker.front != nullptr) {
        tl_worker.front->SetDeadline(tl_worker.id, Clock::time_point::max());
    }
}

void ConnectionFront::ResponseSent(bool keep_alive) {
    if (tl_worker.front == nullptr) {
        return;
    }
    tl_worker.keep_alive = keep_alive;
    // Should Poco go on with a request the client already sent, reading it has a deadline too.
    tl_worker.front->SetDeadline(
        tl_worker.id,
        Clock::now() + std::chrono::milliseconds(tl_worker.front->limits_.request_read_timeout_ms));
}

}  // namespace dbbridge::host
