#pragma once
// A prepared SQLite statement (owned, finalized on destruction), its result columns, and the
// mapping of SQLite result codes to Status and to the SQLSTATE classes multiplex compares.

#include <sqlite3.h>

#include <memory>
#include <string>
#include <vector>

#include "dbbridge/sdk/status.h"
#include "dbbridge/sdk/types.h"

namespace dbbridge::sqlite {

struct StatementDeleter {
    void operator()(sqlite3_stmt* s) const { sqlite3_finalize(s); }
};
using StatementPtr = std::unique_ptr<sqlite3_stmt, StatementDeleter>;

// The server-side error of the last call on db: extended code, SQLSTATE (constraint classes
// only), message.
struct SqliteError {
    int code = SQLITE_OK;
    std::string sql_state;
    std::string message;
};
SqliteError LastError(sqlite3* db);

// Status for result code rc (context first): Cancelled for an interrupt, Unavailable for a busy or
// unopenable file, DataError for a constraint or type mismatch, InvalidArgument for SQL errors.
sdk::Status StatusOf(sqlite3* db, int rc, const std::string& context);

// Prepares the first statement of sql; fails when sql holds more than one statement.
sdk::Result<StatementPtr> Prepare(sqlite3* db, const std::string& sql);

// Result columns of a prepared statement: name, declared type, its java.sql.Types code.
std::vector<sdk::ColumnInfo> ColumnsOf(sqlite3_stmt* stmt);

}  // namespace dbbridge::sqlite
