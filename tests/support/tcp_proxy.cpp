#include "tests/support/tcp_proxy.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <stdexcept>

namespace dbbridge::testing {

namespace {

sockaddr_in Loopback(int port) {
    sockaddr_in a{};
    a.sin_family = AF_INET;
    a.sin_port = htons(static_cast<uint16_t>(port));
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    return a;
}

}  // namespace

TcpProxy::TcpProxy(int target_port, int listen_port) : target_port_(target_port) {
    listen_fd_ = socket(AF_INET, SOCK_STREAM, 0);
    int one = 1;
    setsockopt(listen_fd_, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
    sockaddr_in a = Loopback(listen_port);
    if (bind(listen_fd_, reinterpret_cast<sockaddr*>(&a), sizeof a) != 0 || listen(listen_fd_, 16) != 0) {
        throw std::runtime_error("proxy cannot listen");
    }
    socklen_t len = sizeof a;
    getsockname(listen_fd_, reinterpret_cast<sockaddr*>(&a), &len);
    port_ = ntohs(a.sin_port);
    acceptor_ = std::thread([this] { AcceptLoop(); });
}

TcpProxy::~TcpProxy() {
    Cut();
    acceptor_.join();
    for (auto& t : threads_) {
        t.join();
    }
}

void TcpProxy::Cut() {
    if (cut_.exchange(true)) {
        return;
    }
    shutdown(listen_fd_, SHUT_RDWR);
    close(listen_fd_);
    std::lock_guard<std::mutex> lock(mu_);
    for (int fd : fds_) {
        shutdown(fd, SHUT_RDWR);
    }
}

void TcpProxy::AcceptLoop() {
    while (!cut_) {
        int client = accept(listen_fd_, nullptr, nullptr);
        if (client < 0) {
            return;
        }
        int server = socket(AF_INET, SOCK_STREAM, 0);
        sockaddr_in a = Loopback(target_port_);
        if (connect(server, reinterpret_cast<sockaddr*>(&a), sizeof a) != 0) {
            close(client);
            close(server);
            continue;
        }
        std::lock_guard<std::mutex> lock(mu_);
        if (cut_) {
            close(client);
            close(server);
            return;
        }
        fds_.push_back(client);
        fds_.push_back(server);
        threads_.emplace_back([this, client, server] { Pump(client, server); });
    }
}

void TcpProxy::Pump(int client, int server) {
    pollfd fds[2] = {{client, POLLIN, 0}, {server, POLLIN, 0}};
    char buf[65536];
    while (!cut_) {
        if (poll(fds, 2, 100) <= 0) {
            continue;
        }
        for (int i = 0; i < 2; ++i) {
            if (fds[i].revents == 0) {
                continue;
            }
            ssize_t n = read(fds[i].fd, buf, sizeof buf);
            if (n <= 0 || write(fds[1 - i].fd, buf, static_cast<size_t>(n)) != n) {
                shutdown(client, SHUT_RDWR);
                shutdown(server, SHUT_RDWR);
                close(client);
                close(server);
                return;
            }
        }
    }
    close(client);
    close(server);
}

}  // namespace dbbridge::testing
