// `dbbridge serve`: wires core services to the HTTP routes and runs until SIGINT/SIGTERM.
#include <sys/stat.h>

#include <chrono>
#include <ostream>
#include <thread>

#include "host/app.h"
#include "host/http/http_server.h"

namespace dbbridge::host {

int RunServe(const core::AppConfig& config, std::ostream& out, std::ostream& err, const std::atomic<bool>* cancel) {
    // Everything the server creates (store, logs, job files, key file, files written by jobs) is
    // for the dbbridge user alone: it holds sealed passwords, connection details and table data.
    ::umask(077);
    App app(config);
    auto st = app.Init(err);
    if (!st.ok()) {
        err << "dbbridge: " << st.message() << "\n";
        return 1;
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
    out << "dbbridge " << DBB_VERSION << " serving on http://" << config.server.host << ":" << server.port() << "/"
        << std::endl;
    while (!cancel->load()) {
        std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
    out << "dbbridge: shutting down" << std::endl;
    server.Stop();
    app.Shutdown();
    return 0;
}

}  // namespace dbbridge::host
