#include "host/app.h"

#include <filesystem>
#include <ostream>

#include "dbbridge/sdk/util/json_writer.h"
#include "host/plugin_dirs.h"

namespace dbbridge::host {

struct App::Services {};

App::App(core::AppConfig config) : config_(std::move(config)) {}

App::~App() { Shutdown(); }

sdk::Status App::Init(std::ostream& log) {
    for (const auto& dir : PluginDirectories(config_.plugins.dir)) {
        registry_.LoadDirectory(dir);
    }
    for (const auto& r : registry_.Reports()) {
        if (!r.loaded) {
            log << "dbbridge: plugin skipped: " << r.file << ": " << r.error << "\n";
        }
    }
    services_ = std::make_unique<Services>();
    AddRoutes();
    return sdk::Status::Ok();
}

void App::Shutdown() { services_.reset(); }

std::string App::WebDir() const {
    std::error_code ec;
    return std::filesystem::is_directory(DBB_WEB_SOURCE_DIR, ec) ? DBB_WEB_SOURCE_DIR : "";
}

void App::AddRoutes() {
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
