#pragma once
// Where an rdbms reader/writer connects: one connection[] entry of a DataX job resolved into
// connection settings, by jdbcUrl (+ username/password) or by a saved datasource
// ("datasourceId" / "datasourceName", resolved through ConnectionResolver).
// A reader's jdbcUrl may list several URLs: the first one that connects is used.

#include <memory>
#include <string>
#include <vector>

#include "core/engine/engine_plugin.h"
#include "core/engine/json_params.h"
#include "dbbridge/sdk/dialect.h"

namespace dbbridge::core::engine {

class DbTarget {
public:
    // plugin_name: "mysqlreader", "rdbmswriter", ... (chooses the dialect); entry: connection[i];
    // parameter: the plugin's parameter block (username/password/datasourceId may sit there).
    static sdk::Result<DbTarget> Resolve(const std::string& plugin_name, const JsonParams& parameter,
                                         const JsonParams& entry, bool allow_url_list, const EngineEnv& env);

    // Connects to the first reachable candidate and remembers it for later Connect() calls.
    sdk::Result<std::unique_ptr<sdk::Connection>> ConnectFirst();
    // Connects to the chosen candidate (the first one when ConnectFirst was not called).
    sdk::Result<std::unique_ptr<sdk::Connection>> Connect() const;

    const sdk::Dialect* dialect() const { return dialect_; }
    // "MYSQL 127.0.0.1:13306/app" for log lines (never the password).
    std::string Label() const;

private:
    sdk::Result<std::unique_ptr<sdk::Connection>> ConnectTo(std::size_t i) const;

    const sdk::Dialect* dialect_ = nullptr;
    std::vector<sdk::ConnectionSpec> candidates_;
    // Parallel to candidates_: the URL as written (empty for a saved datasource) and its label for
    // messages (the URL without credentials, or "datasource x").
    std::vector<std::string> urls_;
    std::vector<std::string> labels_;
    std::size_t chosen_ = 0;
    std::string path_;
};

// Runs one statement (session / preSql / postSql) with no binds; a statement error becomes a
// Status naming what, the SQL and the server's code and message.
sdk::Status ExecuteStatement(sdk::Connection& conn, const std::string& sql, const std::string& what);

// DataX table lists: comma-separated names and ranges "t_[00-31]" / "t[1-3]" expanded.
sdk::Result<std::vector<std::string>> ExpandTableNames(const std::vector<std::string>& tables,
                                                       const std::string& path);

// Replaces every "@table" by table (DataX preSql/postSql).
std::string ReplaceTableMarker(const std::string& sql, const std::string& table);

}  // namespace dbbridge::core::engine
