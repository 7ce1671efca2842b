#pragma once
// Server-side prepared statements (binary protocol) with canonical values as parameters and results
// converted to canonical values; plus the error record every MySQL call reports.
// Not thread-safe: a statement belongs to its connection's thread.

#include <mysql.h>

#include <memory>
#include <string>
#include <vector>

#include "dbbridge/sdk/status.h"
#include "dbbridge/sdk/types.h"
#include "mysql_types.h"

namespace dbbridge::mysql {

// What the server or client library said about a failed call.
struct MysqlError {
    unsigned int code = 0;
    std::string sql_state;
    std::string message;

    // "[1062] Duplicate entry ..." (SQLSTATE appended when known).
    std::string ToString() const;
    // True when the connection cannot be used any more (server gone, lost, killed).
    bool ConnectionLost() const;
};

MysqlError ErrorOf(MYSQL* mysql);
MysqlError ErrorOf(MYSQL_STMT* stmt);
// Maps a connection-level error to a Status (Unavailable for a lost server, Internal otherwise).
sdk::Status StatusOf(const MysqlError& error, const std::string& context);

// Parameter buffers built from canonical values. String values are referenced, not copied, unless they
// need conversion: the values passed to Set must outlive the Execute call that uses the set.
class ParamSet {
public:
    void Reset(std::size_t count);
    // hint: the JDBC type the caller declared (binary types send text as bytes). Fails with
    // InvalidArgument when the value cannot be represented (NaN, a bad UTC offset).
    sdk::Status Set(std::size_t index, const sdk::Value& value, sdk::JdbcType hint = sdk::JdbcType::kOther);
    MYSQL_BIND* binds() { return binds_.empty() ? nullptr : binds_.data(); }
    std::size_t size() const { return binds_.size(); }

private:
    std::vector<MYSQL_BIND> binds_;
    std::vector<long long> ints_;
    std::vector<unsigned long> lengths_;
    std::vector<std::string> texts_;
};

class MysqlStatement {
public:
    explicit MysqlStatement(MYSQL* mysql);
    ~MysqlStatement();
    MysqlStatement(const MysqlStatement&) = delete;
    MysqlStatement& operator=(const MysqlStatement&) = delete;

    // Both return false on failure; error() tells why.
    bool Prepare(const std::string& sql);
    bool Execute(ParamSet* params);

    unsigned long ParamCount() const;
    // After Execute: whether a result set follows, its columns, and row fetching (streamed, unbuffered).
    bool HasResult() const { return !columns_.empty(); }
    const std::vector<sdk::ColumnInfo>& Columns() const { return columns_; }
    // 1: row filled, 0: no more rows, -1: error (see error()).
    int Fetch(sdk::Record& row);
    // Discards unread rows so the connection can run the next statement.
    void FreeResult();
    unsigned long long AffectedRows() const;
    const MysqlError& error() const { return error_; }

private:
    struct Slot;
    bool SetUpResult();

    MYSQL* mysql_;
    MYSQL_STMT* stmt_ = nullptr;
    MYSQL_RES* meta_ = nullptr;
    std::vector<sdk::ColumnInfo> columns_;
    std::vector<FieldCodec> codecs_;
    std::vector<MYSQL_BIND> result_binds_;
    std::vector<std::unique_ptr<Slot>> slots_;
    MysqlError error_;
};

}  // namespace dbbridge::mysql
