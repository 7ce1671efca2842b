#include "sqlite_statement.h"

#include <cctype>

#include "sqlite_types.h"

namespace dbbridge::sqlite {

namespace {

std::string SqlStateOf(int extended_code) {
    switch (extended_code) {
        case SQLITE_CONSTRAINT_UNIQUE:
        case SQLITE_CONSTRAINT_PRIMARYKEY: return "23505";
        case SQLITE_CONSTRAINT_NOTNULL: return "23502";
        case SQLITE_CONSTRAINT_FOREIGNKEY: return "23503";
        case SQLITE_CONSTRAINT_CHECK: return "23514";
        default: return "";
    }
}

}  // namespace

SqliteError LastError(sqlite3* db) {
    SqliteError e;
    e.code = sqlite3_extended_errcode(db);
    e.sql_state = SqlStateOf(e.code);
    e.message = sqlite3_errmsg(db);
    return e;
}

sdk::Status StatusOf(sqlite3* db, int rc, const std::string& context) {
    const std::string text = context + ": " + sqlite3_errstr(rc) + " (" + std::to_string(rc) + ")" +
                             (db != nullptr ? std::string(": ") + sqlite3_errmsg(db) : "");
    switch (rc & 0xff) {
        case SQLITE_INTERRUPT: return sdk::Status::Cancelled(text);
        case SQLITE_BUSY:
        case SQLITE_LOCKED:
        case SQLITE_CANTOPEN:
        case SQLITE_IOERR:
        case SQLITE_FULL: return sdk::Status::Unavailable(text);
        case SQLITE_AUTH:
        case SQLITE_PERM:
        case SQLITE_READONLY: return sdk::Status::Unauthenticated(text);
        case SQLITE_CONSTRAINT:
        case SQLITE_MISMATCH:
        case SQLITE_TOOBIG:
        case SQLITE_RANGE: return sdk::Status::DataError(text);
        case SQLITE_ERROR: return sdk::Status::InvalidArgument(text);
        default: return sdk::Status::Internal(text);
    }
}

sdk::Result<StatementPtr> Prepare(sqlite3* db, const std::string& sql) {
    sqlite3_stmt* raw = nullptr;
    const char* tail = nullptr;
    const int rc = sqlite3_prepare_v2(db, sql.c_str(), static_cast<int>(sql.size()), &raw, &tail);
    StatementPtr stmt(raw);
    if (rc != SQLITE_OK) {
        return StatusOf(db, rc, "preparing the statement");
    }
    if (stmt == nullptr) {
        return sdk::Status::InvalidArgument("the SQL text holds no statement");
    }
    for (const char* p = tail; p != nullptr && *p != '\0'; ++p) {
        if (!std::isspace(static_cast<unsigned char>(*p)) && *p != ';') {
            return sdk::Status::InvalidArgument("one statement at a time: text follows the first statement at '" +
                                                std::string(p).substr(0, 40) + "'");
        }
    }
    return stmt;
}

std::vector<sdk::ColumnInfo> ColumnsOf(sqlite3_stmt* stmt) {
    std::vector<sdk::ColumnInfo> out;
    const int n = sqlite3_column_count(stmt);
    out.reserve(static_cast<std::size_t>(n));
    for (int c = 0; c < n; ++c) {
        sdk::ColumnInfo info;
        info.name = sqlite3_column_name(stmt, c);
        const char* decl = sqlite3_column_decltype(stmt, c);
        info.native_type = decl == nullptr ? "" : decl;
        info.jdbc_type = MapDeclaredType(info.native_type);
        out.push_back(std::move(info));
    }
    return out;
}

}  // namespace dbbridge::sqlite
