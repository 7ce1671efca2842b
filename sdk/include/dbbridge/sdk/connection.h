#pragma once
// Connection settings, and the live connection a dialect opens.
// A Connection is used by one thread at a time; Cancel() may be called from any thread.
//
// Lifetimes (binding on both sides of the plugin boundary):
// - A Connection must be destroyed before the Plugin whose Dialect opened it, and the Plugin
//   before its library is unloaded (the host never unloads a plugin while its objects live).
// - A RecordReader or RecordWriter borrows the Connection that opened it: the caller destroys it
//   before that Connection, and while it is open runs nothing else on that Connection (no
//   Execute, no second reader or writer, no Begin/Commit/Rollback of the Connection itself;
//   a writer's Commit/Rollback are the writer's). Cancel() stays allowed from another thread.
// - A RowSink passed to Execute is borrowed for that call only.
// - Every method is noexcept: a plugin converts exceptions to Status (sdk/util/no_throw.h), and
//   the callbacks a plugin invokes (RowSink) are noexcept too, so nothing unwinds through it.

#include <atomic>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "dbbridge/sdk/status.h"
#include "dbbridge/sdk/types.h"

namespace dbbridge::sdk {

// Everything needed to reach one database. Built from a saved datasource or a JDBC URL.
struct ConnectionSpec {
    std::string dialect;  // API name, e.g. "MYSQL", "GAUSSDB_ORACLE"
    std::string host;
    int port = 0;  // 0: the dialect's default port
    std::string database;
    std::string user;
    std::string password;
    std::string schema;  // optional: schema / database to switch to after connecting
    int connect_timeout_ms = 10000;
    // Plugin-specific extras: odbc_driver, dsn, connection_string, service_name, sid, tenant, cluster, charset.
    std::map<std::string, std::string> options;

    std::string Option(const std::string& key, const std::string& fallback = "") const {
        auto it = options.find(key);
        return it == options.end() ? fallback : it->second;
    }
};

struct PingResult {
    double latency_ms = 0;
    std::string server_version;
};

// A named, typed bind value for multiplex execution ("@name" in the SQL).
struct BindValue {
    std::string name;
    JdbcType type = JdbcType::kVarchar;
    Value value;
};

// Receives a result set row by row; returning false stops the fetch early (not an error).
// Implemented by the caller (core), invoked by the plugin: noexcept, so an exception can never
// unwind through plugin code. A non-OK OnColumns makes Execute return that Status.
class RowSink {
public:
    virtual ~RowSink() = default;
    virtual Status OnColumns(const std::vector<ColumnInfo>& columns) noexcept = 0;
    virtual bool OnRow(const Record& row) noexcept = 0;
};

struct ExecuteOptions {
    int timeout_ms = 0;     // 0: no statement timeout
    int fetch_size = 1000;  // rows per round trip when streaming
};

struct ExecuteResult {
    bool has_rows = false;  // true: rows went to the sink; false: affected_rows is meaningful
    std::int64_t affected_rows = 0;
    std::int64_t row_count = 0;
    // Error details when the statement itself failed (Execute still returns Ok with the error here
    // so that multiplex can compare errors): the server's code and SQLSTATE.
    bool failed = false;
    std::string error_code;  // "ORA-00001", "1062", "23505"
    std::string sql_state;
    std::string error_message;
};

// What the engine reads. Either a table (with columns, where, split range) or a query.
struct ReadSpec {
    std::string table;                 // possibly schema-qualified, as the user wrote it
    std::vector<std::string> columns;  // names or expressions; empty or {"*"}: all columns
    std::string where;                 // raw DataX where clause (user-owned SQL, not a value)
    std::string query_sql;             // DataX querySql: replaces table/columns/where
    // splitPk range: (lower, upper] semantics are [lower, upper); null_range selects "pk IS NULL".
    std::string split_pk;
    bool has_range = false;
    std::int64_t range_lower = 0;
    std::int64_t range_upper = 0;  // exclusive
    bool upper_inclusive = false;  // true for the last range
    bool null_range = false;
    int fetch_size = 10000;
};

// A streaming reader: batches of records until exhausted. Memory is bounded by the batch size.
class RecordReader {
public:
    virtual ~RecordReader() = default;
    virtual const std::vector<ColumnInfo>& Columns() const noexcept = 0;
    // Fills batch (cleared first) with up to max_rows records. Returns false when exhausted.
    virtual Result<bool> Next(RecordBatch& batch, std::size_t max_rows) noexcept = 0;
};

struct WriteSpec {
    std::string table;
    std::vector<std::string> columns;  // target columns in record order; empty: all, in table order
    std::string write_mode = "insert";  // insert | replace | update
    std::vector<std::string> conflict_columns;  // for update on PostgreSQL; empty: the primary key
    int batch_size = 2048;
    // Added in session 3 (additive). For update on MySQL/OceanBase: the columns ON DUPLICATE KEY
    // UPDATE sets (oceanbasev10writer's obUpdateColumns); empty: every written column. Key columns
    // in it are skipped, as DataX's ObWriterUtils does.
    std::vector<std::string> update_columns;
};

// Reported for each record the writer could not store.
struct DirtyRecord {
    std::size_t index_in_batch = 0;
    std::string reason;  // server message with column when known
};

// A record found bad after the Write() that carried it returned (see RecordWriter::DeferDirty).
struct LateDirtyRecord {
    std::uint64_t batch = 0;  // which Write() carried it: 0 for the first since the writer was opened
    std::size_t index_in_batch = 0;
    std::string reason;
};

// A batching writer. Write() commits nothing by itself; the caller decides with Commit()/Rollback().
// When a bulk write fails, the writer retries record by record and reports the dirty ones instead
// of failing; it fails only when the connection itself is lost.
class RecordWriter {
public:
    virtual ~RecordWriter() = default;
    virtual Status Write(const RecordBatch& batch, std::vector<DirtyRecord>& dirty) noexcept = 0;
    virtual Status Commit() noexcept = 0;
    virtual Status Rollback() noexcept = 0;

    // Added in stage 2 (optional; a writer that does not override these keeps the contract above).
    // The caller offers to take dirty records late, once, before the first Write(). A writer that
    // accepts (returns true) may keep one bulk statement (COPY, LOAD DATA) open across Write()
    // calls, so a bad record may show only when that statement ends; Write() then reports nothing
    // in `dirty` and Flush() reports it. The caller keeps what it needs of the records written
    // since the last Flush() (to log dirty ones) and calls Flush() before every Commit().
    virtual bool DeferDirty() noexcept { return false; }
    // Ends the open bulk statement and isolates its bad records (what was good stays written,
    // uncommitted); appends every record of the batches since the previous Flush() that was not
    // stored. Fails only as Write() does (connection lost).
    virtual Status Flush(std::vector<LateDirtyRecord>& dirty) noexcept {
        (void)dirty;
        return Status::Ok();
    }
    // Added in stage 2 (optional): how this writer loads, for the job log, e.g. "LOAD DATA LOCAL
    // INFILE" or "multi-row INSERT (the server has local_infile off)". Empty: nothing to say.
    virtual std::string Method() const noexcept { return {}; }
};

class Connection {
public:
    virtual ~Connection() = default;

    virtual Result<PingResult> Ping(const std::string& ping_sql) noexcept = 0;
    virtual Result<std::string> ServerVersion() noexcept = 0;
    virtual Result<std::vector<std::string>> ListSchemas() noexcept = 0;
    // schema empty: the connection's current schema/database.
    virtual Result<std::vector<TableInfo>> ListTables(const std::string& schema) noexcept = 0;
    // table may be "schema.table"; the name is bound as a parameter, never concatenated.
    virtual Result<std::vector<ColumnInfo>> ListColumns(const std::string& table) noexcept = 0;
    virtual Status SetSchema(const std::string& schema) noexcept = 0;

    // Runs one statement with "@name" binds already rewritten by the dialect (see
    // Dialect::RewriteBinds); binds are given in placeholder order. Rows stream to sink.
    // Returns a non-OK Status only when the connection is unusable; statement errors are
    // reported in ExecuteResult::failed so they can be compared.
    virtual Result<ExecuteResult> Execute(const std::string& sql, const std::vector<BindValue>& binds,
                                          RowSink* sink, const ExecuteOptions& options) noexcept = 0;

    virtual Status Begin() noexcept = 0;
    virtual Status Commit() noexcept = 0;
    virtual Status Rollback() noexcept = 0;

    virtual Result<std::unique_ptr<RecordReader>> OpenReader(const ReadSpec& spec) noexcept = 0;
    // Min and max of an integer split key (for splitPk) over the rows the spec selects.
    // Empty optional when no row has a non-NULL key.
    virtual Result<std::optional<std::pair<std::int64_t, std::int64_t>>> SplitRange(
        const ReadSpec& spec) noexcept = 0;
    virtual Result<std::unique_ptr<RecordWriter>> OpenWriter(const WriteSpec& spec) noexcept = 0;

    // Asks the server to cancel the running statement. Thread-safe.
    virtual void Cancel() noexcept = 0;
};

}  // namespace dbbridge::sdk
