#pragma once
// sdk::Connection over unixODBC's C API. Used by one thread at a time; Cancel() from any thread.

#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "dbbridge/odbc/dialect_sql.h"
#include "dbbridge/sdk/connection.h"

namespace dbbridge::odbc {

class OdbcConnection final : public sdk::Connection {
public:
    // Connects with SQLDriverConnect (no prompt), runs the session set-up statements (the
    // "session_init" option, ';'-separated, replaces the dialect's; empty disables), then switches
    // to spec.schema when set. Errors name the dialect and the redacted connection string. A driver
    // or DSN given as a path is refused before unixODBC sees it (CheckDriverKeywords).
    static sdk::Result<std::unique_ptr<sdk::Connection>> Open(const std::string& connection_string,
                                                              std::shared_ptr<const DialectSql> sql,
                                                              const sdk::ConnectionSpec& spec) noexcept;
    ~OdbcConnection() override;

    sdk::Result<sdk::PingResult> Ping(const std::string& ping_sql) noexcept override;
    sdk::Result<std::string> ServerVersion() noexcept override;
    sdk::Result<std::vector<std::string>> ListSchemas() noexcept override;
    sdk::Result<std::vector<sdk::TableInfo>> ListTables(const std::string& schema) noexcept override;
    sdk::Result<std::vector<sdk::ColumnInfo>> ListColumns(const std::string& table) noexcept override;
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

    // Internal plumbing for the reader/writer/statement classes of this library.
    void* dbc() const { return dbc_; }
    const DialectSql& sql() const { return *sql_; }
    void SetActiveStatement(void* stmt);
    void ClearActiveStatement(void* stmt);
    bool TakeCancelled();
    sdk::Status EndTransaction(bool commit);
    sdk::Status SetAutoCommit(bool on);
    sdk::Status ExecDirect(const std::string& sql, const std::string& context);
    sdk::Result<std::string> CurrentSchema();
    // The table's primary key first, then its unique keys, each as its column names in key order
    // (as the dictionary spells them). Empty when the table has none; kUnimplemented when the
    // dialect has no KeyColumnsSql.
    sdk::Result<std::vector<std::vector<std::string>>> KeyColumns(const std::string& table);
    // Rows per parameter array (writes) and per block fetch (reads): the odbc_array_size option;
    // 1 means row at a time.
    std::size_t array_size() const { return array_size_; }
    static constexpr std::size_t kDefaultArraySize = 1000;
    static constexpr std::size_t kMaxArraySize = 100000;

private:
    OdbcConnection(std::shared_ptr<const DialectSql> sql, void* env, void* dbc);
    // "owner.table" / "table" as the dictionary spells them: {owner, table}; a missing owner is
    // the current schema.
    sdk::Result<std::pair<std::string, std::string>> OwnerAndName(const std::string& table);
    // Runs a query with text binds and returns all rows (metadata queries: small results).
    sdk::Result<std::vector<sdk::Record>> QueryAll(const std::string& sql, const std::vector<std::string>& binds,
                                                   const std::string& context);

    std::shared_ptr<const DialectSql> sql_;
    void* env_ = nullptr;
    void* dbc_ = nullptr;
    bool in_transaction_ = false;
    std::size_t array_size_ = kDefaultArraySize;
    std::mutex cancel_mu_;
    void* active_stmt_ = nullptr;
    bool cancelled_ = false;
};

}  // namespace dbbridge::odbc
