#pragma once
// The DataX rdbms writer family (mysqlwriter, postgresqlwriter, oraclewriter, rdbmswriter, ...)
// over the plugins' sdk::Connection / RecordWriter.
// Parameters: username, password, column (names or ["*"]), connection[0] {jdbcUrl | datasourceId |
// datasourceName, table: [..]}, preSql / postSql (run once per table before / after the job,
// "@table" replaced by the table name), session, batchSize (2048), writeMode (insert | replace |
// update | update(col, ...)). Several tables need as many reader tasks (DataX rule).
// oceanbasev10writer reads obWriteMode instead (default update: INSERT ... ON DUPLICATE KEY
// UPDATE; insert), as DataX's ConcurrentTableWriterTask does, and obUpdateColumns (the columns an
// update sets). In Oracle mode DataX turns update into a plain INSERT: so does this writer when
// obWriteMode is absent; an explicit "update" MERGEs on the table's key (an extension).
// The write mode is checked by the plugin's own writer (it knows its database's statements and
// reads the key from the table) when the job prepares, before preSql runs: a mode the target
// cannot do never leaves a truncated table behind.

#include <memory>
#include <mutex>
#include <set>

#include "core/engine/engine_plugin.h"
#include "core/engine/json_params.h"
#include "core/engine/rdbms_target.h"

namespace dbbridge::core::engine {

class RdbmsWriterPlugin : public WriterPlugin {
public:
    static sdk::Result<std::unique_ptr<WriterPlugin>> Create(const std::string& name, const JsonParams& parameter,
                                                             const EngineEnv& env);

    // Opens the plugin's writer on every table (columns, mode, key) and writes nothing.
    sdk::Status PreCheck() override;
    sdk::Status Prepare() override;
    sdk::Result<std::vector<std::unique_ptr<WriterTask>>> Split(std::size_t task_count) override;
    sdk::Status Post() override;
    std::size_t ExpectedColumns() const override;
    // Logs once per table and method how the plugin's writer loads (sdk::RecordWriter::Method), so
    // a fallback (e.g. no LOCAL INFILE on the server) shows once, not once per task. Thread-safe.
    void LogMethodOnce(const std::string& table, const std::string& method);

private:
    sdk::Status RunStatements(const std::vector<std::string>& statements, const char* what);
    sdk::Status ParseWriteMode(const JsonParams& p, const std::string& key, const std::string& fallback);
    sdk::Status ParseObOptions(const JsonParams& p);
    sdk::Status ProbeWriteMode();
    sdk::Status ProbeWriters();
    sdk::WriteSpec SpecFor(const std::string& table) const;

    std::string name_;
    EngineEnv env_;
    std::unique_ptr<DbTarget> target_;
    std::vector<std::string> tables_;
    std::vector<std::string> columns_;
    std::vector<std::string> pre_sql_;
    std::vector<std::string> post_sql_;
    std::vector<std::string> session_;
    std::string write_mode_ = "insert";
    std::string write_mode_path_;  // the JSON path the mode came from, for errors
    std::vector<std::string> conflict_columns_;
    std::vector<std::string> update_columns_;  // oceanbasev10writer's obUpdateColumns
    int batch_size_ = 2048;
    std::mutex method_mu_;
    std::set<std::string> methods_logged_;
};

}  // namespace dbbridge::core::engine
