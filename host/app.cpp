#include "host/app.h"

#include <filesystem>
#include <mutex>
#include <ostream>

#include "core/datasource/datasource_service.h"
#include "core/secret/secret_box.h"
#include "core/store/metadata_store.h"
#include "core/store/store_connectors.h"
#include "dbbridge/sdk/util/json_writer.h"
#include "host/handlers/datasource_handlers.h"
#include "host/plugin_dirs.h"

namespace dbbridge::host {

// Declared in dependency order: members are destroyed in reverse, services before the store.
struct App::Services {
    std::unique_ptr<core::MetadataStore> store;
    std::unique_ptr<core::SecretBox> secrets;
    std::unique_ptr<core::DatasourceService> datasources;
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
    AddRoutes();
    return sdk::Status::Ok();
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
    services_ = std::move(services);
    return sdk::Status::Ok();
}

core::ConnectionResolver& App::resolver() {
    if (!resolver_) {
        resolver_ = std::make_unique<LazyResolver>(*this);
    }
    return *resolver_;
}

void App::Shutdown() { services_.reset(); }

std::string App::WebDir() const {
    std::error_code ec;
    return std::filesystem::is_directory(DBB_WEB_SOURCE_DIR, ec) ? DBB_WEB_SOURCE_DIR : "";
}

void App::AddRoutes() {
    AddDatasourceRoutes(router_, *services_->datasources);
    router_.Add("GET", "/api/health", [](const Request&) { return ApiReply::Ok("{\"status\":\"ok\"}"); });
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
