#pragma once
// A loopback TCP proxy for tests that need a database server to "go away" mid-operation without
// stopping the shared test server: connections go through the proxy, and Cut() drops them all
// and refuses new ones.

#include <atomic>
#include <mutex>
#include <thread>
#include <vector>

namespace dbbridge::testing {

class TcpProxy {
public:
    // Listens on 127.0.0.1:listen_port (0: any free port; a given port lets a test bring a "server"
    // back where it was after Cut()).
    explicit TcpProxy(int target_port, int listen_port = 0);
    ~TcpProxy();
    TcpProxy(const TcpProxy&) = delete;
    TcpProxy& operator=(const TcpProxy&) = delete;

    int port() const { return port_; }
    // Closes every proxied connection and the listening socket.
    void Cut();

private:
    void AcceptLoop();
    void Pump(int client, int server);

    int target_port_;
    int listen_fd_ = -1;
    int port_ = 0;
    std::atomic<bool> cut_{false};
    std::mutex mu_;
    std::vector<int> fds_;
    std::vector<std::thread> threads_;
    std::thread acceptor_;
};

}  // namespace dbbridge::testing
