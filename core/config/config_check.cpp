#include "core/config/config_check.h"

#include <unistd.h>

#include <filesystem>

#include "core/store/store_url.h"

namespace dbbridge::core {

namespace {

namespace fs = std::filesystem;

using Findings = std::vector<ConfigFinding>;

void Error(Findings& out, const std::string& key, const std::string& message) {
    out.push_back({ConfigFinding::Severity::kError, key, message});
}

// The folder itself when it exists, else its nearest existing ancestor (what mkdir -p needs).
fs::path NearestExisting(fs::path p) {
    std::error_code ec;
    p = fs::absolute(p, ec);
    while (!p.empty() && !fs::exists(p, ec) && p.has_parent_path() && p.parent_path() != p) {
        p = p.parent_path();
    }
    return p;
}

bool Writable(const fs::path& p) { return ::access(p.c_str(), W_OK | X_OK) == 0; }

// A folder the server creates and writes into.
void CheckWritableDir(Findings& out, const std::string& key, const std::string& dir) {
    std::error_code ec;
    if (fs::exists(dir, ec)) {
        if (!fs::is_directory(dir, ec)) {
            Error(out, key, "'" + dir + "' is not a folder");
        } else if (!Writable(dir)) {
            Error(out, key, "folder '" + dir + "' is not writable by this user");
        }
        return;
    }
    fs::path parent = NearestExisting(dir);
    if (!fs::is_directory(parent, ec) || !Writable(parent)) {
        Error(out, key, "folder '" + dir + "' does not exist and cannot be created: '" + parent.string() +
                            "' is not a writable folder");
    }
}

// A file the server creates or appends to.
void CheckWritableFile(Findings& out, const std::string& key, const std::string& file) {
    std::error_code ec;
    if (fs::exists(file, ec)) {
        if (fs::is_directory(file, ec)) {
            Error(out, key, "'" + file + "' is a folder, not a file");
        } else if (::access(file.c_str(), R_OK | W_OK) != 0) {
            Error(out, key, "file '" + file + "' is not readable and writable by this user");
        }
        return;
    }
    fs::path parent = fs::absolute(file, ec).parent_path();
    CheckWritableDir(out, key, parent.string());
}

void CheckReadableFile(Findings& out, const std::string& key, const std::string& file) {
    std::error_code ec;
    if (!fs::is_regular_file(file, ec)) {
        Error(out, key, "file '" + file + "' does not exist");
    } else if (::access(file.c_str(), R_OK) != 0) {
        Error(out, key, "file '" + file + "' is not readable by this user");
    }
}

void CheckReadableDir(Findings& out, const std::string& key, const std::string& dir) {
    std::error_code ec;
    if (!fs::is_directory(dir, ec)) {
        Error(out, key, "folder '" + dir + "' does not exist");
    } else if (::access(dir.c_str(), R_OK | X_OK) != 0) {
        Error(out, key, "folder '" + dir + "' is not readable by this user");
    }
}

}  // namespace

std::vector<ConfigFinding> CheckConfig(const AppConfig& config) {
    Findings out;
    for (const auto& w : config.warnings) {
        out.push_back({ConfigFinding::Severity::kWarning, "", w});
    }
    CheckWritableDir(out, "paths.jobs", config.paths.jobs);
    CheckWritableDir(out, "paths.logs", config.paths.logs);
    CheckWritableDir(out, "paths.files", config.paths.files);
    CheckWritableFile(out, "security.key_file", config.security.key_file);
    if (!config.plugins.dir.empty()) {
        CheckReadableDir(out, "plugins.dir", config.plugins.dir);
    }
    auto store = ParseStoreUrl(config.store.url);
    if (!store.ok()) {
        Error(out, "store.url", store.status().message());
    } else if (store->backend == StoreBackend::kSqlite && store->sqlite_path != ":memory:") {
        CheckWritableFile(out, "store.url", store->sqlite_path);
    }
    if (!config.schedule.webhook_ca_file.empty()) {
        CheckReadableFile(out, "schedule.webhook_ca_file", config.schedule.webhook_ca_file);
    }
    if (!config.log.file.empty()) {
        CheckWritableFile(out, "log.file", config.log.file);
    }
    if (!config.log.access_file.empty()) {
        CheckWritableFile(out, "log.access_file", config.log.access_file);
    }
    return out;
}

bool HasErrors(const std::vector<ConfigFinding>& findings) {
    for (const auto& f : findings) {
        if (f.severity == ConfigFinding::Severity::kError) {
            return true;
        }
    }
    return false;
}

}  // namespace dbbridge::core
