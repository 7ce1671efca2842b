// dbbridge: data sync engine, HTTP API and multiplex compare in one executable.
#include <atomic>
#include <csignal>
#include <iostream>

#include "host/commands.h"

namespace {
std::atomic<bool> g_cancel{false};  // the one piece of global state: a signal handler needs it
extern "C" void OnSignal(int) { g_cancel.store(true); }
}  // namespace

int main(int argc, char** argv) {
    struct sigaction sa {};
    sa.sa_handler = OnSignal;
    sigemptyset(&sa.sa_mask);
    sigaction(SIGINT, &sa, nullptr);
    sigaction(SIGTERM, &sa, nullptr);
    std::signal(SIGPIPE, SIG_IGN);
    return dbbridge::host::RunCli({argv, argv + argc}, std::cin, std::cout, std::cerr, &g_cancel);
}
