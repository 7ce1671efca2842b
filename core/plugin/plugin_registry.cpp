#include "core/plugin/plugin_registry.h"

#include <algorithm>
#include <boost/dll/library_info.hpp>
#include <boost/dll/shared_library.hpp>
#include <filesystem>

#include "core/datasource/datasource_options.h"
#include "dbbridge/sdk/util/jdbc_url.h"
#include "dbbridge/sdk/util/sql_text.h"

namespace dbbridge::core {

namespace fs = std::filesystem;

// The library handle must outlive the Plugin object it created (its vtable lives in the library).
struct PluginRegistry::Loaded {
    std::shared_ptr<boost::dll::shared_library> library;
    std::unique_ptr<sdk::Plugin> plugin;
    ~Loaded() { plugin.reset(); }  // explicit order: object first, then (never) the library
};

PluginRegistry::PluginRegistry() = default;

PluginRegistry::~PluginRegistry() {
    by_name_.clear();
    for (auto& l : loaded_) {
        l->plugin.reset();
    }
    // Libraries are intentionally not unloaded: client libraries (libmariadb, ODBC drivers) may
    // have registered atexit handlers or threads. Leak the handles for process lifetime.
    for (auto& l : loaded_) {
        new std::shared_ptr<boost::dll::shared_library>(std::move(l->library));
    }
}

void PluginRegistry::LoadDirectory(const std::string& dir) {
    std::error_code ec;
    if (!fs::is_directory(dir, ec)) {
        PluginReport report;
        report.file = dir;
        report.error = "plugin directory does not exist";
        reports_.push_back(report);
        return;
    }
    std::vector<std::string> files;
    for (const auto& entry : fs::directory_iterator(dir, ec)) {
        std::string name = entry.path().filename().string();
        if (name.rfind("libdbbridge_", 0) == 0 && entry.path().extension() == ".so") {
            files.push_back(entry.path().string());
        }
    }
    std::sort(files.begin(), files.end());
    for (const auto& f : files) {
        LoadFile(f);
    }
}

void PluginRegistry::LoadFile(const std::string& path) {
    PluginReport report;
    report.file = path;
    try {
        // Inspect the ELF sections first: a file that is not a plugin is refused without running it.
        boost::dll::library_info info(path, /*throw_if_not_native=*/true);
        auto symbols = info.symbols("boostdll");
        auto has = [&](const char* s) { return std::find(symbols.begin(), symbols.end(), s) != symbols.end(); };
        if (!has(sdk::kInfoSymbol) || !has(sdk::kCreateSymbol)) {
            report.error = std::string("not a dbbridge plugin: missing exported symbol ") +
                           (has(sdk::kInfoSymbol) ? sdk::kCreateSymbol : sdk::kInfoSymbol);
            reports_.push_back(report);
            return;
        }
        auto library = std::make_shared<boost::dll::shared_library>(
            path, boost::dll::load_mode::rtld_now | boost::dll::load_mode::rtld_local);
        const auto& plugin_info = library->get_alias<const sdk::PluginInfo>(sdk::kInfoSymbol);
        report.abi_version = plugin_info.abi_version;
        report.name = plugin_info.name ? plugin_info.name : "";
        report.version = plugin_info.version ? plugin_info.version : "";
        if (plugin_info.abi_version != sdk::kAbiVersion) {
            report.error = "ABI version " + std::to_string(plugin_info.abi_version) + " but this host needs " +
                           std::to_string(sdk::kAbiVersion) + "; rebuild the plugin against this SDK";
            reports_.push_back(report);
            return;
        }
        std::string toolchain = plugin_info.toolchain ? plugin_info.toolchain : "";
        if (toolchain != DBB_TOOLCHAIN_FINGERPRINT) {
            report.error = "built with toolchain '" + toolchain + "' but this host was built with '" +
                           DBB_TOOLCHAIN_FINGERPRINT + "'";
            reports_.push_back(report);
            return;
        }
        auto& create = library->get_alias<sdk::CreatePluginFn>(sdk::kCreateSymbol);
        std::unique_ptr<sdk::Plugin> plugin(create());
        if (!plugin) {
            report.error = "plugin factory returned no plugin (initialisation failed)";
            reports_.push_back(report);
            return;
        }
        // A declaration the server could not check values against (or the form could not draw)
        // refuses the whole plugin, naming the dialect and the option.
        for (const sdk::Dialect* d : plugin->Dialects()) {
            sdk::Status declared = CheckDeclaration(d->DatasourceOptions());
            if (!declared.ok()) {
                report.error =
                    "dialect " + d->Name() + " declares its datasource options wrongly: " + declared.message();
                reports_.push_back(report);
                return;
            }
        }
        for (const sdk::Dialect* d : plugin->Dialects()) {
            std::string key = sdk::util::ToUpper(d->Name());
            if (by_name_.count(key)) {
                report.error += (report.error.empty() ? "" : "; ") + ("dialect " + key +
                                " already provided by another plugin; ignored here");
                continue;
            }
            by_name_[key] = d;
            report.dialects.push_back(key);
            for (const auto& r : d->DataxReaderNames()) {
                report.datax_readers.push_back(r);
            }
            for (const auto& w : d->DataxWriterNames()) {
                report.datax_writers.push_back(w);
            }
        }
        report.loaded = true;
        auto loaded = std::make_unique<Loaded>();
        loaded->library = std::move(library);
        loaded->plugin = std::move(plugin);
        loaded_.push_back(std::move(loaded));
    } catch (const std::exception& e) {
        report.error = e.what();
    } catch (...) {
        report.error = "unknown error while loading";
    }
    reports_.push_back(report);
}

const sdk::Dialect* PluginRegistry::Find(const std::string& dialect_name) const {
    auto it = by_name_.find(sdk::util::ToUpper(dialect_name));
    return it == by_name_.end() ? nullptr : it->second;
}

const sdk::Dialect* PluginRegistry::FindByDataxName(const std::string& datax_name) const {
    std::string wanted = sdk::util::ToLower(datax_name);
    for (const auto& [name, d] : by_name_) {
        for (const auto& n : d->DataxReaderNames()) {
            if (n == wanted) {
                return d;
            }
        }
        for (const auto& n : d->DataxWriterNames()) {
            if (n == wanted) {
                return d;
            }
        }
    }
    return nullptr;
}

const sdk::Dialect* PluginRegistry::FindByJdbcUrl(const std::string& url) const {
    for (const auto& [name, d] : by_name_) {
        for (const auto& prefix : d->JdbcUrlPrefixes()) {
            if (sdk::util::StartsWithNoCase(url, prefix)) {
                return d;
            }
        }
    }
    return nullptr;
}

std::vector<std::string> PluginRegistry::DialectNames() const {
    std::vector<std::string> names;
    for (const auto& [name, d] : by_name_) {
        names.push_back(name);
    }
    return names;
}

}  // namespace dbbridge::core
