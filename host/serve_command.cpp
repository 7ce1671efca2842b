// `dbbridge serve`: checks the configuration, binds the port, wires core services to the HTTP
// routes, logs a start-up summary and runs until SIGINT/SIGTERM (SIGHUP reopens the log files).
#include <Poco/LogStream.h>
#include <unistd.h>
#include <sys/stat.h>

#include <chrono>
#include <ostream>
#include <thread>

#include "core/config/config_check.h"
#include "core/store/store_url.h"
#include "host/app.h"
#include "host/commands.h"
#include "host/http/http_server.h"
#include "host/http/static_files.h"
#include "host/observability/access_log.h"
#include "host/observability/logging.h"

namespace dbbridge::host {

namespace {

std::string Join(const std::vector<std::string>& v) {
    std::string s;
    for (const auto& x : v) {
        s += (s.empty() ? "" : ", ") + x;
    }
    return s;
}

// What an operator checks first after a start: version, store, plugins, UI, address.
void LogSummary(const core::AppConfig& config, App& app, const std::string& url) {
    Poco::Logger& log = ServerLog();
    auto store = core::ParseStoreUrl(config.store.url);
    log.information("store: " + (store.ok() ? store->display : config.store.url));
    std::size_t loaded = 0;
    for (const auto& r : app.registry().Reports()) {
        if (r.loaded) {
            ++loaded;
            log.information("plugin loaded: " + r.name + " " + r.version + " (" + Join(r.dialects) + ") from " + r.file);
        }
    }
    log.information("plugins: " + std::to_string(loaded) + " loaded, " +
                    std::to_string(app.registry().Reports().size() - loaded) + " skipped");
    const std::string web = app.WebDir();
    log.information(web.empty() ? std::string("web UI: not found (API only)") : "web UI: " + web);
    log.information("listening on " + url);
}

// Refuses to start on a configuration error; unknown keys were already warned about.
bool ConfigUsable(const core::AppConfig& config) {
    bool usable = true;
    for (const auto& f : core::CheckConfig(config)) {
        if (f.severity == core::ConfigFinding::Severity::kError) {
            ServerLog().error("configuration: " + f.key + ": " + f.message);
            usable = false;
        }
    }
    return usable;
}

void WaitForSignals(const CommandContext& ctx) {
    while (!ctx.cancel->load()) {
        if (ctx.reopen_logs != nullptr && ctx.reopen_logs->exchange(false)) {
            ReopenLogFiles();
            ServerLog().information("log files reopened (SIGHUP)");
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
}

// server.role worker: runs jobs and fires schedules; the API is on other hosts (role api | all).
int ServeWorker(App& app, const CommandContext& ctx) {
    Poco::LogStream warnings(ServerLog(), Poco::Message::PRIO_WARNING);
    auto st = app.Init(warnings);
    if (!st.ok()) {
        ServerLog().error(st.message());
        return kExitFailure;
    }
    app.SetAddress("");
    *ctx.out << "dbbridge " << DBB_VERSION << " worker " << app.HostName() << " running (server.role worker: no HTTP)"
             << std::endl;
    WaitForSignals(ctx);
    ServerLog().information("shutting down: stopping running jobs (they end as interrupted)");
    app.Shutdown();
    ServerLog().information("stopped");
    return kExitOk;
}

int Serve(const core::AppConfig& config, const CommandContext& ctx) {
    // Everything the server creates (store, logs, job files, key file, files written by jobs) is
    // for the dbbridge user alone: it holds sealed passwords, connection details and table data.
    ::umask(077);
    auto logging = ConfigureLogging(config.log);
    if (!logging.ok()) {
        *ctx.err << "dbbridge: " << logging.message() << "\n";
        return kExitFailure;
    }
    ServerLog().information(std::string("dbbridge ") + DBB_VERSION + " starting (pid " + std::to_string(::getpid()) +
                            ")");
    if (!ConfigUsable(config)) {
        return kExitFailure;
    }
    App app(config);
    if (config.server.role == "worker") {
        return ServeWorker(app, ctx);
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
    http.observer = [&app](const RequestRecord& r) {
        WriteAccessLine(AccessLog(), r);
        app.metrics().ObserveRequest(r);
    };
    HttpServer server(app.router(), http);
    auto st = server.Bind();  // before the store: a second server must not touch the first one's runs
    if (st.ok()) {
        Poco::LogStream warnings(ServerLog(), Poco::Message::PRIO_WARNING);
        st = app.Init(warnings);
    }
    if (st.ok()) {
        st = server.Start();
    }
    if (!st.ok()) {
        ServerLog().error(st.message());
        return kExitFailure;
    }
    const std::string url = "http://" + config.server.host + ":" + std::to_string(server.port()) + "/";
    app.SetAddress(url);
    LogSummary(config, app, url);
    if (!StaticFiles(http.web_dir).Available()) {
        ServerLog().warning("the web UI is not built (no index.html in " + http.web_dir +
                            "); serving the API only. Build it with scripts/build.sh (needs node and npm) or set "
                            "server.web_dir");
    }
    *ctx.out << "dbbridge " << DBB_VERSION << " serving on " << url << std::endl;
    WaitForSignals(ctx);
    ServerLog().information("shutting down: finishing requests in progress");
    server.Stop();
    ServerLog().information("stopping running jobs (they end as interrupted)");
    app.Shutdown();
    ServerLog().information("stopped");
    return kExitOk;
}

}  // namespace

void AddServeCommand(CommandLine& cli) {
    CLI::App* cmd = cli.Add("serve", "Start the HTTP API and web UI (prints its URL)", [](const CommandContext& ctx) {
        auto config = ctx.LoadConfig();
        return config.ok() ? Serve(*config, ctx) : kExitUsage;
    });
    cmd->footer("Checks the configuration first (as 'dbbridge config check' does) and refuses a port in use.\n"
                "SIGTERM/SIGINT: stop accepting, finish requests in progress, stop running jobs, exit 0.\n"
                "SIGHUP: reopen log.file and log.access_file (after logrotate). Exit code 1: cannot start.");
}

}  // namespace dbbridge::host
