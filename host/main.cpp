// dbbridge: data sync engine, HTTP API and multiplex compare in one executable.
#include <atomic>
#include <csignal>
#include <iostream>

#include "host/commands.h"

namespace {
// The only global state: signal handlers can do no more than set a flag.
std::atomic<bool> g_cancel{false};
std::atomic<bool> g_reopen_logs{false};
extern "C" void OnSignal(int) { g_cancel.store(true); }
extern "C" void OnHangup(int) { g_reopen_logs.store(true); }
}  // namespace

int main(int argc, char** argv) {
    struct sigaction sa {};
    sa.sa_handler = OnSignal;
    sigemptyset(&sa.sa_mask);
    sigaction(SIGINT, &sa, nullptr);
    sigaction(SIGTERM, &sa, nullptr);
    sa.sa_handler = OnHangup;
    sigaction(SIGHUP, &sa, nullptr);
    std::signal(SIGPIPE, SIG_IGN);
    // A file past the size limit (systemd LimitFSIZE, ulimit -f) must fail that write with EFBIG,
    // which the log, store and file writers report, not end the whole server.
    std::signal(SIGXFSZ, SIG_IGN);
    return dbbridge::host::RunCli({argv, argv + argc}, std::cin, std::cout, std::cerr, &g_cancel, &g_reopen_logs);
}
