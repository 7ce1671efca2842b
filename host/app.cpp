#include "host/app.h"

#include <boost/dll/runtime_symbol_info.hpp>
#include <filesystem>
#include <mutex>
#include <iostream>
#include <ostream>

#include <unistd.h>

#include "core/auth/auth_service.h"
#include "core/auth/login_limiter.h"
#include "core/auth/project_service.h"
#include "core/cluster/host_registry.h"
#include "core/compare/compare_service.h"
#include "core/dashboard/dashboard_service.h"
#include "core/datasource/datasource_service.h"
#include "core/jobs/job_service.h"
#include "core/multiplex/sql_report_store.h"
#include "core/multiplex/multiplex_service.h"
#include "core/schedule/schedule_service.h"
#include "core/schedule/scheduler.h"
#include "core/cluster/store_retention.h"
#include "core/secret/secret_box.h"
#include "core/store/metadata_store.h"
#include "core/store/store_connectors.h"
#include "dbbridge/sdk/util/json_writer.h"
#include "host/alert_webhook.h"
#include "host/auth/audit_trail.h"
#include "host/auth/request_guard.h"
#include "host/handlers/auth_handlers.h"
#include "host/handlers/cluster_handlers.h"
#include "host/handlers/compare_handlers.h"
#include "host/handlers/dashboard_handlers.h"
#include "host/handlers/datasource_handlers.h"
#include "host/handlers/job_handlers.h"
#include "host/handlers/multiplex_handlers.h"
#include "host/handlers/schedule_handlers.h"
#include "host/observability/logging.h"
#include "host/handlers/sql_handlers.h"
#include "host/openapi/openapi_document.h"
#include "host/plugin_dirs.h"

namespace dbbridge::host {

// Declared in dependency order: members are destroyed in reverse, services before the store.
struct App::Services {
    std::unique_ptr<core::MetadataStore> store;
    std::unique_ptr<core::SecretBox> secrets;
    std::unique_ptr<core::auth::AccessPolicy> access;
    std::unique_ptr<core::DatasourceService> datasources;
    std::unique_ptr<core::multiplex::ReportStore> reports;
    std::unique_ptr<core::multiplex::MultiplexService> multiplex;
    std::unique_ptr<core::compare::CompareService> compares;
    std::unique_ptr<core::ScheduleService> schedules;
    std::unique_ptr<AlertWebhook> alerts;
    std::unique_ptr<core::HostRegistry> hosts;  // serve only
    std::unique_ptr<core::JobService> jobs;
    std::unique_ptr<core::Scheduler> scheduler;  // serve with server.role all | worker
    std::unique_ptr<core::DashboardService> dashboard;
    std::unique_ptr<core::StoreRetention> retention;  // serve only
    // serve only: who may call the API.
    std::unique_ptr<core::auth::AuthService> auth;
    std::unique_ptr<core::auth::ProjectService> projects;
    std::unique_ptr<core::auth::LoginLimiter> login_limiter;
    std::unique_ptr<core::AuditRepository> audit;
    std::unique_ptr<AuditTrail> audit_trail;
};

namespace {

std::string ThisMachine() {
    char name[256] = {0};
    if (::gethostname(name, sizeof name - 1) != 0 || name[0] == '\0') {
        return "localhost";
    }
    return name;
}

}  // namespace

std::string App::HostName() const {
    if (!config_.cluster.host_name.empty()) {
        return config_.cluster.host_name;
    }
    // Stable across restarts of the same installation, distinct for two on one machine.
    std::error_code ec;
    return ThisMachine() + ":" + std::filesystem::absolute(config_.paths.logs, ec).lexically_normal().string();
}

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
    DBB_RETURN_IF_ERROR(JoinCluster());
    // This host's name is now its own: compares it left running when it stopped have ended.
    DBB_RETURN_IF_ERROR(services_->compares->RecoverOwn().WithContext("recovering table compares"));
    DBB_RETURN_IF_ERROR(OpenJobs(/*recover_interrupted_runs=*/true));
    WatchPools();
    DBB_RETURN_IF_ERROR(OpenIdentity(log));
    StartScheduler();
    StartRetention();
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
    services->schedules = std::make_unique<core::ScheduleService>(*services->store);
    DBB_ASSIGN_OR_RETURN(auto alerts, AlertWebhook::Create(*services->schedules, std::cerr,
                                       {config_.schedule.webhook_allowed_hosts, config_.schedule.webhook_ca_file}));
    services->alerts = std::move(alerts);
    services->access = std::make_unique<core::auth::AccessPolicy>(*services->store);
    auto multiplex_options = core::multiplex::MultiplexService::OptionsFromConfig(config_.multiplex);
    multiplex_options.reads_every_report = [access = services->access.get()](const std::string& uid) {
        auto admin = access->IsAdmin(uid);
        return admin.ok() && admin.value();  // a store failure shows only the user's own reports
    };
    services->multiplex = std::make_unique<core::multiplex::MultiplexService>(
        std::move(multiplex_options), core::multiplex::MultiplexService::LookupFromRegistry(registry_),
        *services->datasources, *services->reports);
    core::compare::CompareService::Options compare_options;
    compare_options.host_name = HostName();
    services->compares = std::make_unique<core::compare::CompareService>(
        *services->store, *services->datasources, registry_, *services->access, compare_options);
    services_ = std::move(services);
    return sdk::Status::Ok();
}

core::multiplex::MultiplexService& App::multiplex() { return *services_->multiplex; }

core::compare::CompareService& App::compares() { return *services_->compares; }

// Registers this host in cluster_host and heartbeats; refuses a second host on SQLite and a
// second process under the same name.
sdk::Status App::JoinCluster() {
    const bool sqlite = services_->store->backend() == core::StoreBackend::kSqlite;
    if (sqlite && config_.server.role != "all") {
        return sdk::Status::InvalidArgument("server.role " + config_.server.role +
                                            " needs a store shared with other hosts (store.url: postgresql://...); "
                                            "with SQLite one host does everything (server.role: all)");
    }
    core::HostInfo self;
    self.name = HostName();
    self.instance = core::HostRegistry::NewInstance();
    self.role = config_.server.role;
    self.pid = ::getpid();
    self.version = DBB_VERSION;
    self.max_jobs = config_.server.role == "api" ? 0 : config_.engine.max_concurrent_jobs;
    auto hosts = std::make_unique<core::HostRegistry>(*services_->store, self,
                                                      std::int64_t{config_.cluster.lease_seconds} * 1000);
    DBB_RETURN_IF_ERROR(hosts->Register().WithContext("cluster"));
    services_->hosts = std::move(hosts);
    return sdk::Status::Ok();
}

void App::SetAddress(const std::string& address) {
    if (services_ && services_->hosts) {
        (void)services_->hosts->SetAddress(address);  // best effort: the address only labels this host in the list
    }
    StartHeartbeat();
}

void App::StartHeartbeat() {
    if (services_ && services_->hosts) {
        services_->hosts->StartHeartbeat(config_.cluster.heartbeat_seconds * 1000, [this] {
            return services_->jobs ? services_->jobs->ActiveCount() : 0;
        });
    }
}

void App::StartScheduler() {
    if (config_.server.role == "api") {
        return;
    }
    core::SchedulerOptions options;
    options.host_name = HostName();
    options.tick_ms = config_.schedule.tick_ms;
    options.misfire_threshold_ms = config_.schedule.misfire_threshold_seconds * 1000;
    options.on_refused = [this](const core::ExecLogRow& run) { OnRunFinished(run); };
    core::JobService* jobs = services_->jobs.get();
    services_->scheduler = std::make_unique<core::Scheduler>(*services_->store, options, [jobs] { jobs->Wake(); });
    services_->scheduler->Start();
}

// Old schedule_fire rows and log copies pruned, by one host of the cluster per round.
void App::StartRetention() {
    core::RetentionOptions options;
    options.host_name = HostName();
    options.fire_retention_days = config_.schedule.fire_retention_days;
    options.log_chunk_retention_days = config_.cluster.log_chunk_retention_days;
    options.on_error = [](const sdk::Status& st) { ServerLog().error("store retention: " + st.message()); };
    services_->retention = std::make_unique<core::StoreRetention>(*services_->store, options);
    services_->retention->Start();
}

// A run ended (or a scheduled tick was refused): its failure alert and the run metrics.
void App::OnRunFinished(const core::ExecLogRow& run) {
    services_->alerts->OnRunFinished(run);
    metrics_.ObserveRun(run);
    services_->compares->VerifyRun(run);
}

sdk::Status App::OpenJobs(bool recover_interrupted_runs) {
    DBB_RETURN_IF_ERROR(OpenServices());
    if (services_->jobs) {
        return sdk::Status::Ok();
    }
    core::JobServiceOptions options;
    // serve is a registered host; `run --config-id` runs its one run under its own name.
    options.host_name = recover_interrupted_runs ? HostName() : "cli:" + ThisMachine() + ":" + std::to_string(::getpid());
    options.claim_runs = recover_interrupted_runs && config_.server.role != "api";
    options.ship_logs = services_->store->backend() != core::StoreBackend::kSqlite;
    options.lease_ms = config_.cluster.lease_seconds * 1000;
    options.poll_ms = config_.cluster.poll_ms;
    options.on_run_finished = [this](const core::ExecLogRow& run) { OnRunFinished(run); };
    options.jobs_dir = config_.paths.jobs;
    options.logs_dir = config_.paths.logs;
    options.files_dir = config_.paths.files;
    options.max_concurrent_jobs = config_.engine.max_concurrent_jobs;
    options.stall_timeout_seconds = config_.engine.stall_timeout_seconds;
    options.strict_job_keys = config_.engine.strict_job_keys;
    options.deferred_window_bytes = static_cast<std::size_t>(config_.engine.deferred_window_kib) << 10;
    options.recover_interrupted_runs = recover_interrupted_runs;
    auto jobs =
        core::JobService::Create(*services_->store, registry_, *services_->datasources, *services_->secrets, options);
    if (!jobs.ok()) {
        return jobs.status().WithContext("job service");
    }
    services_->jobs = std::move(*jobs);
    services_->dashboard = std::make_unique<core::DashboardService>(*services_->jobs, *services_->multiplex);
    return sdk::Status::Ok();
}

core::JobService& App::jobs() { return *services_->jobs; }

core::ConnectionResolver& App::resolver() {
    if (!resolver_) {
        resolver_ = std::make_unique<LazyResolver>(*this);
    }
    return *resolver_;
}

void App::Shutdown() {
    if (services_) {
        // Stop firing and claiming before the store goes; say goodbye last.
        services_->scheduler.reset();
        services_->retention.reset();
        services_->jobs.reset();
        if (services_->hosts) {
            services_->hosts->StopHeartbeat();
        }
    }
    services_.reset();
}

std::string App::WebDir() const {
    if (!config_.server.web_dir.empty()) {
        return config_.server.web_dir;
    }
    // Installed layout first (<prefix>/bin/dbbridge -> <prefix>/share/dbbridge/web), then the source tree.
    std::error_code ec;
    auto installed = boost::dll::program_location(ec).parent_path() / ".." / "share" / "dbbridge" / "web";
    if (!ec && std::filesystem::is_directory(installed, ec)) {
        return installed.string();
    }
    return DBB_WEB_DIST_DIR;
}

std::string App::FirstAdminPasswordFile() const {
    return (std::filesystem::path(config_.security.key_file).parent_path() / "admin.password").string();
}

sdk::Status App::OpenIdentity(std::ostream& log) {
    core::auth::AuthOptions options;
    options.session_ttl_minutes = config_.security.session_ttl_minutes;
    services_->auth = std::make_unique<core::auth::AuthService>(*services_->store, options);
    services_->projects = std::make_unique<core::auth::ProjectService>(*services_->store);
    services_->login_limiter = std::make_unique<core::auth::LoginLimiter>();
    services_->audit = std::make_unique<core::AuditRepository>(*services_->store);
    services_->audit_trail = std::make_unique<AuditTrail>(*services_->audit);
    const std::string password_file = FirstAdminPasswordFile();
    auto created = services_->auth->EnsureFirstAdmin(password_file);
    if (!created.ok()) {
        return created.status().WithContext("creating the first admin");
    }
    if (*created) {
        log << "dbbridge: created user 'admin'; its password is in " << password_file
            << " (mode 0600). Log in with it, change it (POST /api/auth/password), then delete the file.\n";
    }
    return sdk::Status::Ok();
}

namespace {

// One declared datasource option, as the web console's datasource form renders it.
void WriteOption(sdk::util::JsonWriter& w, const sdk::OptionSpec& o) {
    w.BeginObject().Key("name").String(o.name).Key("type").String(sdk::OptionTypeName(o.type));
    w.Key("default").String(o.default_value).Key("allowedValues").StringArray(o.allowed_values);
    if (o.type == sdk::OptionType::kInteger) {
        w.Key("min").Int(o.min_value).Key("max").Int(o.max_value);
    }
    w.Key("secret").Bool(o.secret).Key("locatesServer").Bool(o.locates_server);
    w.Key("description").String(o.description).EndObject();
}

}  // namespace

// Every plugin file found, loaded or skipped with the reason, and per dialect the datasource
// options it declares ("datasourceOptions": {"ORACLE": [...]}).
std::string App::PluginsJson() const {
    sdk::util::JsonWriter w;
    w.BeginArray();
    for (const auto& r : registry_.Reports()) {
        w.BeginObject().Key("file").String(r.file).Key("loaded").Bool(r.loaded).Key("name").String(r.name);
        w.Key("version").String(r.version).Key("abiVersion").Int(r.abi_version);
        w.Key("dialects").StringArray(r.dialects).Key("readers").StringArray(r.datax_readers);
        w.Key("writers").StringArray(r.datax_writers).Key("error").String(r.error);
        w.Key("datasourceOptions").BeginObject();
        for (const auto& dialect : r.dialects) {
            w.Key(dialect).BeginArray();
            for (const auto& option : services_->datasources->OptionsOf(dialect)) {
                WriteOption(w, option);
            }
            w.EndArray();
        }
        w.EndObject().EndObject();
    }
    w.EndArray();
    return w.str();
}

void App::AddRoutes() {
    router_.SetGuard(RequestGuard(*services_->auth, config_.security.trusted_proxies));
    const AuditTrail& trail = *services_->audit_trail;
    router_.SetAuditHook([&trail](const Request& req, const std::string& action, const ApiReply& reply) {
        trail.OnRoute(req, action, reply);
    });
    IdentityServices identity{*services_->auth,  *services_->login_limiter,
                              *services_->projects, *services_->audit,
                              trail,              config_.security.cookie_secure,
                              config_.security.trusted_proxies};
    AddAuthRoutes(router_, identity);
    AddAdminRoutes(router_, identity);
    AddDatasourceRoutes(router_, *services_->datasources);
    AddJobRoutes(router_, *services_->jobs, *services_->compares);
    AddScheduleRoutes(router_, *services_->schedules, config_.schedule.webhook_allowed_hosts);
    AddClusterRoutes(router_, *services_->hosts);
    AddMultiplexRoutes(router_, *services_->multiplex);
    AddDashboardRoutes(router_, *services_->dashboard);
    AddCompareRoutes(router_, *services_->compares);
    AddSqlRoutes(router_, registry_, *services_->datasources);
    // Open like the docs it is: it describes the API, it holds nothing of any user.
    router_.Add("GET", "/api/openapi.json",
                [](const Request&) { return ApiReply::Raw("application/json", OpenApiDocument()); },
                {/*open=*/true, ""});
    router_.Add("GET", "/api/health", [](const Request&) { return ApiReply::Ok("{\"status\":\"ok\"}"); },
                {/*open=*/true, ""});
    AddOpsRoutes(router_, metrics_, [this] { return CheckReady(); });
    router_.Add("GET", "/api/plugins", [this](const Request&) { return ApiReply::Ok(PluginsJson()); });
}

}  // namespace dbbridge::host
