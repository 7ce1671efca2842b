#pragma once
// A connection to one SQLite database file (spec.database), opened in the datasource option
// open_mode (read_write: the file must exist; read_write_create; read_only) with busy_timeout_ms
// for locks held by other processes. Statement timeouts and Cancel() interrupt the running
// statement (sqlite3_interrupt, a progress-handler deadline). Used by one thread at a time;
// Cancel() from any thread.

#include <sqlite3.h>

#include <atomic>
#include <chrono>
#include <memory>
#include <string>

#include "dbbridge/sdk/connection.h"

namespace dbbridge::sqlite {

class SqliteConnection final : public sdk::Connection {
public:
    static sdk::Result<std::unique_ptr<sdk::Connection>> Open(const sdk::ConnectionSpec& spec);
    ~SqliteConnection() override;
    SqliteConnection(const SqliteConnection&) = delete;
    SqliteConnection& operator=(const SqliteConnection&) = delete;

    sdk::Result<sdk::PingResult> Ping(const std::string& ping_sql) noexcept override;
    sdk::Result<std::string> ServerVersion() noexcept override;
    // "main" and every ATTACHed database ("temp" is left out).
    sdk::Result<std::vector<std::string>> ListSchemas() noexcept override;
    sdk::Result<std::vector<sdk::TableInfo>> ListTables(const std::string& schema) noexcept override;
    // table may be "schema.table"; both are bound to pragma_table_info.
    sdk::Result<std::vector<sdk::ColumnInfo>> ListColumns(const std::string& table) noexcept override;
    // SQLite has no current schema: "main" (or empty) is accepted, anything else refused.
    sdk::Status SetSchema(const std::string& schema) noexcept override;
    sdk::Result<sdk::ExecuteResult> Execute(const std::string& sql, const std::vector<sdk::BindValue>& binds,
                                            sdk::RowSink* sink, const sdk::ExecuteOptions& options) noexcept override;
    sdk::Status Begin() noexcept override;
    sdk::Status Commit() noexcept override;
    sdk::Status Rollback() noexcept override;
    sdk::Result<std::unique_ptr<sdk::RecordReader>> OpenReader(const sdk::ReadSpec& spec) noexcept override;
    sdk::Result<std::optional<std::pair<std::int64_t, std::int64_t>>> SplitRange(
        const sdk::ReadSpec& spec) noexcept override;
    sdk::Result<std::unique_ptr<sdk::RecordWriter>> OpenWriter(const sdk::WriteSpec& spec) noexcept override;
    void Cancel() noexcept override;

    sqlite3* handle() const { return db_; }
    // "SQLITE database '/data/app.db'": the prefix of every message.
    const std::string& Where() const { return where_; }
    // Runs statements that return no rows (BEGIN, SAVEPOINT, ...).
    sdk::Status Exec(const std::string& sql);
    // Interrupts a statement still running timeout_ms from now (0: no deadline).
    void SetDeadline(int timeout_ms);

private:
    SqliteConnection(sqlite3* db, std::string where) : db_(db), where_(std::move(where)) {}
    static int OnProgress(void* self);
    sdk::Result<sdk::ExecuteResult> Run(const std::string& sql, const std::vector<sdk::BindValue>& binds,
                                        sdk::RowSink* sink);

    sqlite3* db_;
    std::string where_;
    std::atomic<std::int64_t> deadline_ns_{0};  // steady clock; 0: none
};

}  // namespace dbbridge::sqlite
