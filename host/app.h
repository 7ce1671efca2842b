#pragma once
// The host application object: owns the plugin registry, the core services and the router.
// Member order is destruction order in reverse: the registry is declared first so plugins are
// released last, after every service that holds dialect objects.

#include <iosfwd>
#include <memory>
#include <string>

#include "core/config/app_config.h"
#include "core/plugin/plugin_registry.h"
#include "host/http/router.h"

namespace dbbridge::host {

class App {
public:
    explicit App(core::AppConfig config);
    ~App();

    // Loads plugins, opens the store, creates services and registers routes. Plugin load
    // failures are written to log and do not fail Init.
    sdk::Status Init(std::ostream& log);
    void Shutdown();

    const Router& router() const { return router_; }
    const core::PluginRegistry& registry() const { return registry_; }
    std::string WebDir() const;

private:
    void AddRoutes();

    core::AppConfig config_;
    core::PluginRegistry registry_;
    Router router_;
    struct Services;
    std::unique_ptr<Services> services_;
};

}  // namespace dbbridge::host
