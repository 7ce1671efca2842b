#include "host/app.h"

#include <boost/dll/runtime_symbol_info.hpp>
#include <filesystem>
#include <mutex>
#include <ostream>

#include "core/datasource/datasource_service.h"
#include "core/jobs/job_service.h"
#include "core/multiplex/sql_report_store.h"
#include "core/multiplex/multiplex_service.h"
#include "core/secret/secret_box.h"
#include "core/store/metadata_store.h"
#include "core/store/store_connectors.h"
#include "dbbridge/sdk/util/json_writer.h"
#include "host/handlers/datasource_handlers.h"
#include "host/handlers/job_handlers.h"
#include "host/handlers/multiplex_handlers.h"
#include "host/handlers/sql_handlers.h"
#include "host/plugin_dirs.h"

namespace dbbridge::host {

// Declared in dependency order: members are destroyed in reverse, services before the store.
struct App::Services {
    std::unique_ptr<core::MetadataStore> store;
    std::unique_ptr<core::SecretBox> secrets;
    std::unique_ptr<core::DatasourceService> datasources;
    std::unique_ptr<core::multiplex::ReportStore> reports;
    std::unique_ptr<core::multiplex::MultiplexService> multiplex;
    std::unique_ptr<core::JobService> jobs;  // serve only (it recovers runs left by a dead host)
};

App::App(core::AppConfig config) : config_(std::move(config)) {}

App::~App() { Shutdown(); }

// Opens the store on first use; until then a job that names no saved datasource needs nothing.
class App::LazyResolver : public core::ConnectionResolver {
public:
    explicit LazyResolver(App& app) : app_(app) {}
    sdk::Result<sdk::ConnectionSpec> ResolveById(std::int64_t id) override {
        DBB_RETURN_IF_ERROR(Open());
        return app_.services_->datasources->ResolveById(id);
    }
    sdk::Result<sdk::ConnectionSpec> ResolveByName(const std::string& name) override {
        DBB_RETURN_IF_ERROR(Open());
        return app_.services_->datasources->ResolveByName(name);
    }
    sdk::Result<sdk::ConnectionSpec> ResolveByNameForUser(const std::string& name, const std::string& uid) override {
        DBB_RETURN_IF_ERROR(Open());
        return app_.services_->datasources->ResolveByNameForUser(name, uid);
    }

private:
    sdk::Status Open() {
        std::lock_guard<std::mutex> lock(mu_);
        return app_.OpenServices();
    }
    App& app_;
    std::mutex mu_;
};

sdk::Status App::Init(std::ostream& log) {
    LoadPlugins(log);
    DBB_RETURN_IF_ERROR(OpenServices());
    for (const auto& w : services_->secrets->warnings()) {
        log << "dbbridge: warning: " << w << "\n";
    }
    DBB_RETURN_IF_ERROR(OpenJobs(/*recover_interrupted_runs=*/true));
    WatchPools();
    AddRoutes();
    return sdk::Status::Ok();
}

void App::WatchPools() {
    std::size_t failed = 0;
    for (const auto& r : registry_.Reports()) {
        failed += r.loaded ? 0 : 1;
    }
    metrics_.SetPlugins(registry_.Reports().size() - failed, failed);
    core::MetadataStore* store = services_->store.get();
    metrics_.AddScrapeGauge("store_sessions_open", "Metadata store sessions open (idle and in use)",
                            [store] { return static_cast<double>(store->Stats().open); });
    metrics_.AddScrapeGauge("store_sessions_idle", "Metadata store sessions idle in the pool",
                            [store] { return static_cast<double>(store->Stats().idle); });
    metrics_.AddScrapeGauge("store_sessions_max", "Most metadata store sessions the pool opens",
                            [store] { return static_cast<double>(store->Stats().max); });
    core::multiplex::MultiplexService* multiplex = services_->multiplex.get();
    metrics_.AddScrapeGauge("multiplex_idle_connections", "Idle target connections kept by multiplex",
                            [multiplex] { return static_cast<double>(multiplex->IdleConnections()); });
}

Readiness App::CheckReady() {
    Readiness r;
    for (const auto& report : registry_.Reports()) {
        (report.loaded ? r.plugins_loaded : r.plugins_failed)++;
    }
    auto version = services_->store->SchemaVersion();
    if (!version.ok()) {
        r.store_error = version.status().message();
    }
    return r;
}

void App::LoadPlugins(std::ostream& log) {
    for (const auto& dir : PluginDirectories(config_.plugins.dir)) {
        registry_.LoadDirectory(dir);
    }
    for (const auto& r : registry_.Reports()) {
        if (!r.loaded) {
            log << "dbbridge: plugin skipped: " << r.file << ": " << r.error << "\n";
        }
    }
}

sdk::Status App::OpenServices() {
    if (services_) {
        return sdk::Status::Ok();
    }
    auto services = std::make_unique<Services>();
    core::RegisterStoreConnectors();
    auto store = core::MetadataStore::Open(config_.store.url);
    if (!store.ok()) {
        return store.status().WithContext("metadata store");
    }
    services->store = std::move(*store);
    auto secrets = core::SecretBox::OpenOrCreate(config_.security.key_file);
    if (!secrets.ok()) {
        return secrets.status().WithContext("security.key_file");
    }
    services->secrets = std::move(*secrets);
    services->datasources = std::make_unique<core::DatasourceService>(*services->store, *services->secrets, registry_);
    auto seeded = services->datasources->RegisterDialectDefaults();
    if (!seeded.ok()) {
        return seeded.status().WithContext("registering dialect defaults in columns_query");
    }
    services->reports = std::make_unique<core::multiplex::SqlReportStore>(*services->store);
    services->multiplex = std::make_unique<core::multiplex::MultiplexService>(
        core::multiplex::MultiplexService::OptionsFromConfig(config_.multiplex),
        core::multiplex::MultiplexService::LookupFromRegistry(registry_), *services->datasources, *services->reports);
    services_ = std::move(services);
    return sdk::Status::Ok();
}

core::multiplex::MultiplexService& App::multiplex() { return *services_->multiplex; }

sdk::Status App::OpenJobs(bool recover_interrupted_runs) {
    DBB_RETURN_IF_ERROR(OpenServices());
    if (services_->jobs) {
        return sdk::Status::Ok();
    }
    core::JobServiceOptions options;
    options.jobs_dir = config_.paths.jobs;
    options.logs_dir = config_.paths.logs;
    options.files_dir = config_.paths.files;
    options.max_concurrent_jobs = config_.engine.max_concurrent_jobs;
    options.stall_timeout_seconds = config_.engine.stall_timeout_seconds;
    options.recover_interrupted_runs = recover_interrupted_runs;
    options.on_run_finished = [this](const core::ExecOutcome& outcome, double seconds) {
        metrics_.ObserveRun(outcome, seconds);
    };
    auto jobs =
        core::JobService::Create(*services_->store, registry_, *services_->datasources, *services_->secrets, options);
    if (!jobs.ok()) {
        return jobs.status().WithContext("job service");
    }
    services_->jobs = std::move(*jobs);
    return sdk::Status::Ok();
}

core::JobService& App::jobs() { return *services_->jobs; }

core::ConnectionResolver& App::resolver() {
    if (!resolver_) {
        resolver_ = std::make_unique<LazyResolver>(*this);
    }
    return *resolver_;
}

void App::Shutdown() { services_.reset(); }

std::string App::WebDir() const {
    // Installed layout first (<prefix>/bin/dbbridge -> <prefix>/share/dbbridge/web), then the source tree.
    std::error_code ec;
    auto installed = boost::dll::program_location(ec).parent_path() / ".." / "share" / "dbbridge" / "web";
    if (!ec && std::filesystem::is_directory(installed, ec)) {
        return installed.string();
    }
    return std::filesystem::is_directory(DBB_WEB_SOURCE_DIR, ec) ? DBB_WEB_SOURCE_DIR : "";
}

void App::AddRoutes() {
    AddDatasourceRoutes(router_, *services_->datasources);
    AddJobRoutes(router_, *services_->jobs);
    AddMultiplexRoutes(router_, *services_->multiplex);
    AddSqlRoutes(router_, registry_);
    router_.Add("GET", "/api/health", [](const Request&) { return ApiReply::Ok("{\"status\":\"ok\"}"); });
    AddOpsRoutes(router_, metrics_, [this] { return CheckReady(); });
    router_.Add("GET", "/api/plugins", [this](const Request&) {
        sdk::util::JsonWriter w;
        w.BeginArray();
        for (const auto& r : registry_.Reports()) {
            w.BeginObject().Key("file").String(r.file).Key("loaded").Bool(r.loaded).Key("name").String(r.name);
            w.Key("version").String(r.version).Key("abiVersion").Int(r.abi_version);
            w.Key("dialects").StringArray(r.dialects).Key("readers").StringArray(r.datax_readers);
            w.Key("writers").StringArray(r.datax_writers).Key("error").String(r.error).EndObject();
        }
        w.EndArray();
        return ApiReply::Ok(w.str());
    });
}

}  // namespace dbbridge::host
