// `dbbridge serve`: wires core services to the HTTP routes and runs until SIGINT/SIGTERM.
#include <sys/stat.h>

#include <chrono>
#include <ostream>
#include <thread>

#include "host/app.h"
#include "host/commands.h"
#include "host/http/http_server.h"

namespace dbbridge::host {

namespace {

int Serve(const core::AppConfig& config, std::ostream& out, std::ostream& err, const std::atomic<bool>* cancel) {
    // Everything the server creates (store, logs, job files, key file, files written by jobs) is
    // for the dbbridge user alone: it holds sealed passwords, connection details and table data.
    ::umask(077);
    App app(config);
    auto st = app.Init(err);
    if (!st.ok()) {
        err << "dbbridge: " << st.message() << "\n";
        return 1;
    }
    if (config.server.role == "worker") {
        // Runs jobs and fires schedules; the API is on other hosts (server.role api | all).
        app.SetAddress("");
        out << "dbbridge " << DBB_VERSION << " worker " << app.HostName() << " running (server.role worker: no HTTP)"
            << std::endl;
        while (!cancel->load()) {
            std::this_thread::sleep_for(std::chrono::milliseconds(100));
        }
        out << "dbbridge: shutting down" << std::endl;
        app.Shutdown();
        return 0;
    }
    HttpServerOptions http;
    http.host = config.server.host;
    http.port = config.server.port;
    http.threads = config.server.threads;
    http.max_body_bytes = config.server.max_body_bytes;
    http.limits.request_read_timeout_ms = config.server.request_read_timeout_ms;
    http.limits.keep_alive_timeout_ms = config.server.keep_alive_timeout_ms;
    http.limits.max_connections = config.server.max_connections;
    http.limits.max_connections_per_peer = config.server.max_connections_per_peer;
    http.web_dir = app.WebDir();
    HttpServer server(app.router(), http);
    st = server.Start();
    if (!st.ok()) {
        err << "dbbridge: " << st.message() << "\n";
        return 1;
    }
    const std::string address = "http://" + config.server.host + ":" + std::to_string(server.port()) + "/";
    app.SetAddress(address);
    out << "dbbridge " << DBB_VERSION << " serving on " << address << std::endl;
    while (!cancel->load()) {
        std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
    out << "dbbridge: shutting down" << std::endl;
    server.Stop();
    app.Shutdown();
    return kExitOk;
}

}  // namespace

void AddServeCommand(CommandLine& cli) {
    cli.Add("serve", "Start the HTTP API and web UI (prints its URL); SIGINT/SIGTERM stop it",
            [](const CommandContext& ctx) {
                auto config = ctx.LoadConfig();
                return config.ok() ? Serve(*config, *ctx.out, *ctx.err, ctx.cancel) : kExitUsage;
            });
}

}  // namespace dbbridge::host
