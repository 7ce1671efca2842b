#pragma once
// A live MySQL-protocol connection (libmariadb). Used by one thread at a time; Cancel() may be called
// from any thread. A reader or writer it opened borrows the connection and must be destroyed before
// the connection, and before the connection runs anything else.

#include <mysql.h>

#include <atomic>
#include <memory>
#include <string>

#include "dbbridge/sdk/connection.h"
#include "mysql_statement.h"

namespace dbbridge::mysql {

// The columns query (DefaultColumnsSql): schema (NULL: the current database) and table are bound.
extern const char kColumnsSql[];

// Serves a writer's LOAD DATA LOCAL INFILE from memory. The connection installs a handler that refuses
// every file the server asks for unless a writer armed it with its buffer, so a statement run through
// Execute can never read files of the host.
// A writer streaming one LOAD DATA across batches arms it with a feed instead of a buffer.
class InfileFeed {
public:
    virtual ~InfileFeed() = default;
    virtual void Opened() = 0;  // the server asked for the data
    // Like the local-infile read callback: bytes copied, 0 at the end, -1 to make the statement fail.
    virtual int Read(char* buf, unsigned int len) = 0;
};

struct InfileSource {
    const std::string* data = nullptr;  // armed when non-null
    std::size_t offset = 0;
    InfileFeed* feed = nullptr;  // armed when non-null (data must then be null)
};

class MysqlConnection final : public sdk::Connection {
public:
    // Connects as described in MysqlDialect::Connect. dialect_name labels error messages.
    static sdk::Result<std::unique_ptr<MysqlConnection>> Open(const sdk::ConnectionSpec& spec,
                                                              const std::string& dialect_name, int default_port);
    ~MysqlConnection() override;

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

    // For the plugin's reader and writer.
    MYSQL* handle() { return mysql_; }
    InfileSource& infile() { return infile_; }
    const sdk::ConnectionSpec& spec() const { return spec_; }
    // Runs a statement without a result set; on failure returns its error and fills error.
    sdk::Status Run(const std::string& sql, MysqlError* error = nullptr);
    // @@GLOBAL.local_infile: whether the server accepts LOAD DATA LOCAL INFILE at all.
    sdk::Result<bool> LocalInfileAllowed();
    // The table's primary and unique keys (index name order), each as its columns in key order.
    sdk::Result<std::vector<std::vector<std::string>>> UniqueKeys(const std::string& table);
    // Quotes a table name ("db.tbl" or "tbl", backticks allowed) for use in SQL.
    static sdk::Result<std::string> QuoteTable(const std::string& name);
    // "MYSQL 127.0.0.1:3306/app": names the server in messages (never the password).
    std::string Where() const;

private:
    MysqlConnection(MYSQL* mysql, sdk::ConnectionSpec spec, std::string dialect_name);

    sdk::Result<std::vector<sdk::ColumnInfo>> ListColumnsImpl(const std::string& table);
    // Runs a small prepared query and returns all its rows (metadata lookups only).
    sdk::Result<std::vector<sdk::Record>> QueryRows(const std::string& sql, const std::vector<sdk::Value>& params,
                                                    const std::string& what);
    // Sends KILL QUERY for this connection's thread over a second, short-lived connection.
    void KillQuery() noexcept;
    sdk::Result<sdk::ExecuteResult> ExecuteText(const std::string& sql, sdk::RowSink* sink);
    sdk::Result<sdk::ExecuteResult> ExecutePrepared(const std::string& sql, const std::vector<sdk::BindValue>& binds,
                                                    sdk::RowSink* sink);
    sdk::Result<sdk::ExecuteResult> StatementFailed(const MysqlError& error);
    // Builds the SELECT for a read spec (table mode or querySql).
    sdk::Result<std::string> BuildSelect(const sdk::ReadSpec& spec) const;

    MYSQL* mysql_;
    sdk::ConnectionSpec spec_;
    std::string dialect_name_;
    std::atomic<unsigned long> thread_id_{0};
    std::atomic<bool> timed_out_{false};
    std::atomic<bool> cancelled_{false};
    InfileSource infile_;
};

}  // namespace dbbridge::mysql
