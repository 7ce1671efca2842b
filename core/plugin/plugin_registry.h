#pragma once
// Loads dialect plugins (Boost.DLL) from directories and keeps them alive until destruction.
// Loading is done once at start-up; afterwards the registry is read-only and thread-safe.

#include <map>
#include <memory>
#include <string>
#include <vector>

#include "dbbridge/sdk/plugin.h"

namespace dbbridge::core {

// One file found in a plugin directory: either loaded or skipped with the reason.
struct PluginReport {
    std::string file;
    bool loaded = false;
    std::string name;     // plugin name from its info block
    std::string version;
    int abi_version = 0;
    std::vector<std::string> dialects;
    std::vector<std::string> datax_readers;
    std::vector<std::string> datax_writers;
    std::string error;  // why it was skipped
};

class PluginRegistry {
public:
    PluginRegistry();
    ~PluginRegistry();
    PluginRegistry(const PluginRegistry&) = delete;
    PluginRegistry& operator=(const PluginRegistry&) = delete;

    // Scans dir for libdbbridge_*.so files (sorted) and loads each. A file that fails is
    // reported and skipped; this never throws and never stops at the first failure.
    void LoadDirectory(const std::string& dir);

    // Dialect by API name, case-insensitive ("mysql" finds MYSQL). nullptr if none.
    const sdk::Dialect* Find(const std::string& dialect_name) const;
    // Dialect serving a DataX reader or writer name ("mysqlreader"). nullptr if none.
    const sdk::Dialect* FindByDataxName(const std::string& datax_name) const;
    // Dialect whose JDBC URL prefix matches url. nullptr if none.
    const sdk::Dialect* FindByJdbcUrl(const std::string& url) const;

    std::vector<std::string> DialectNames() const;  // sorted
    const std::vector<PluginReport>& Reports() const { return reports_; }

private:
    struct Loaded;
    void LoadFile(const std::string& path);

    std::vector<PluginReport> reports_;
    std::vector<std::unique_ptr<Loaded>> loaded_;
    std::map<std::string, const sdk::Dialect*> by_name_;  // upper-case API name
};

}  // namespace dbbridge::core
