#pragma once
// The host application object: owns the plugin registry, the core services and the router.
// Member order is destruction order in reverse: the registry is declared first so plugins are
// released last, after every service that holds dialect objects.

#include <iosfwd>
#include <memory>
#include <string>

#include "core/config/app_config.h"
#include "core/datasource/connection_resolver.h"
#include "core/plugin/plugin_registry.h"
#include "host/handlers/ops_handlers.h"
#include "host/http/router.h"
#include "host/observability/metrics.h"

namespace dbbridge::core {
class JobService;
}
namespace dbbridge::core::multiplex {
class MultiplexService;
}
namespace dbbridge::core::compare {
class CompareService;
}

namespace dbbridge::host {

class App {
public:
    explicit App(core::AppConfig config);
    ~App();

    // Loads plugins, opens the store, creates services and registers routes. Plugin load
    // failures are written to log and do not fail Init.
    sdk::Status Init(std::ostream& log);
    // The two halves of Init, for commands that need plugins but maybe not the store.
    void LoadPlugins(std::ostream& log);
    sdk::Status OpenServices();  // idempotent

    // The datasource service as a resolver for DataX jobs naming saved datasources; the store is
    // opened on first use, so jobs that carry their own credentials never touch it.
    core::ConnectionResolver& resolver();
    // Requires OpenServices().
    core::multiplex::MultiplexService& multiplex();
    core::compare::CompareService& compares();
    // Opens the services and the job service. Only serve recovers runs a dead host left behind;
    // a second process on the same store (dbbridge run --config-id) must not.
    sdk::Status OpenJobs(bool recover_interrupted_runs);
    core::JobService& jobs();  // requires OpenJobs()
    // After the HTTP server is up (its address goes into the host registry; "" for a worker):
    // starts heartbeating.
    void SetAddress(const std::string& address);
    void Shutdown();
    // This host's name in the cluster (cluster.host_name, or "<machine>:<absolute paths.logs>").
    std::string HostName() const;

    const Router& router() const { return router_; }
    Metrics& metrics() { return metrics_; }
    // Whether the store answers now and plugins are loaded (GET /api/health/ready).
    Readiness CheckReady();
    // Where serve writes the first admin's password: next to the key file.
    std::string FirstAdminPasswordFile() const;
    core::PluginRegistry& registry() { return registry_; }
    // Where the built web UI is looked for (server.web_dir, the install dir, the source tree's
    // web/dist); the directory may be missing or hold no index.html when the UI was not built.
    std::string WebDir() const;

private:
    void AddRoutes();
    // Users, sessions, projects and audit; the request guard; the first admin on an empty store.
    sdk::Status OpenIdentity(std::ostream& log);
    std::string PluginsJson() const;
    sdk::Status JoinCluster();
    void StartHeartbeat();
    void StartScheduler();
    void StartRetention();
    void OnRunFinished(const core::ExecLogRow& run);

    void WatchPools();

    core::AppConfig config_;
    core::PluginRegistry registry_;
    Metrics metrics_;
    Router router_;
    struct Services;
    class LazyResolver;
    std::unique_ptr<Services> services_;
    std::unique_ptr<LazyResolver> resolver_;
};

}  // namespace dbbridge::host
