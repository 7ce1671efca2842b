#include "sqlite_writer.h"

#include <algorithm>

#include "dbbridge/sdk/util/no_throw.h"
#include "dbbridge/sdk/util/sql_text.h"
#include "sqlite_connection.h"
#include "sqlite_types.h"

namespace dbbridge::sqlite {

namespace {

constexpr std::size_t kMaxIdentifierBytes = 1024;

// Primary-key columns of table, in key order (for an upsert without conflict columns).
sdk::Result<std::vector<std::string>> PrimaryKey(SqliteConnection& conn, const std::string& table) {
    DBB_ASSIGN_OR_RETURN(auto parts, sdk::util::SplitQualifiedName(table, '"'));
    DBB_ASSIGN_OR_RETURN(auto stmt,
                         Prepare(conn.handle(), "SELECT name FROM pragma_table_info(?, ?) WHERE pk > 0 ORDER BY pk"));
    const std::string db = parts.size() > 1 ? parts[parts.size() - 2] : "main";
    sqlite3_bind_text(stmt.get(), 1, parts.back().c_str(), -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(stmt.get(), 2, db.c_str(), -1, SQLITE_TRANSIENT);
    std::vector<std::string> out;
    while (sqlite3_step(stmt.get()) == SQLITE_ROW) {
        out.emplace_back(reinterpret_cast<const char*>(sqlite3_column_text(stmt.get(), 0)));
    }
    if (out.empty()) {
        return sdk::Status::InvalidArgument("writeMode update: table " + table +
                                            " has no primary key; give the conflict columns");
    }
    return out;
}

sdk::Result<std::string> QuotedList(const std::vector<std::string>& names, const std::string& suffix = "") {
    std::string out;
    for (const auto& n : names) {
        DBB_ASSIGN_OR_RETURN(const std::string q, sdk::util::QuoteQualifiedName(n, '"', kMaxIdentifierBytes));
        out += (out.empty() ? "" : ", ") + q + suffix;
    }
    return out;
}

// ON CONFLICT (keys) DO UPDATE SET c = excluded.c for every non-key column.
sdk::Result<std::string> UpsertClause(const std::vector<std::string>& columns, const std::vector<std::string>& keys) {
    DBB_ASSIGN_OR_RETURN(const std::string key_list, QuotedList(keys));
    std::string sets;
    for (const auto& c : columns) {
        if (std::find(keys.begin(), keys.end(), c) != keys.end()) {
            continue;
        }
        DBB_ASSIGN_OR_RETURN(const std::string q, sdk::util::QuoteQualifiedName(c, '"', kMaxIdentifierBytes));
        sets += (sets.empty() ? "" : ", ") + q + " = excluded." + q;
    }
    return " ON CONFLICT (" + key_list + ") DO " + (sets.empty() ? std::string("NOTHING") : "UPDATE SET " + sets);
}

sdk::Result<std::string> InsertSql(SqliteConnection& conn, const sdk::WriteSpec& spec,
                                   const std::vector<std::string>& columns) {
    const std::string mode = sdk::util::ToLower(spec.write_mode.empty() ? "insert" : spec.write_mode);
    if (mode != "insert" && mode != "replace" && mode != "update") {
        return sdk::Status::InvalidArgument("writeMode '" + spec.write_mode + "' is not one of insert, replace, update");
    }
    DBB_ASSIGN_OR_RETURN(const std::string table, sdk::util::QuoteQualifiedName(spec.table, '"', kMaxIdentifierBytes));
    DBB_ASSIGN_OR_RETURN(const std::string names, QuotedList(columns));
    std::string marks;
    for (std::size_t i = 0; i < columns.size(); ++i) {
        marks += i == 0 ? "?" : ", ?";
    }
    std::string sql = std::string(mode == "replace" ? "INSERT OR REPLACE" : "INSERT") + " INTO " + table + " (" +
                      names + ") VALUES (" + marks + ")";
    if (mode == "update") {
        std::vector<std::string> keys = spec.conflict_columns;
        if (keys.empty()) {
            DBB_ASSIGN_OR_RETURN(keys, PrimaryKey(conn, spec.table));
        }
        DBB_ASSIGN_OR_RETURN(const std::string upsert, UpsertClause(columns, keys));
        sql += upsert;
    }
    return sql;
}

}  // namespace

sdk::Result<std::unique_ptr<sdk::RecordWriter>> SqliteWriter::Open(SqliteConnection& conn,
                                                                   const sdk::WriteSpec& spec) {
    std::vector<std::string> columns = spec.columns;
    if (columns.empty() || (columns.size() == 1 && columns[0] == "*")) {
        DBB_ASSIGN_OR_RETURN(const auto table_columns, conn.ListColumns(spec.table));
        columns.clear();
        for (const auto& c : table_columns) {
            columns.push_back(c.name);
        }
    }
    DBB_ASSIGN_OR_RETURN(const std::string sql, InsertSql(conn, spec, columns));
    auto stmt = Prepare(conn.handle(), sql);
    if (!stmt.ok()) {
        return stmt.status().WithContext(conn.Where() + ": writer for " + spec.table);
    }
    return std::unique_ptr<sdk::RecordWriter>(
        new SqliteWriter(conn, std::move(stmt).value(), spec.table, columns.size()));
}

SqliteWriter::~SqliteWriter() {
    if (in_transaction_) {
        (void)conn_.Exec("ROLLBACK");  // best effort: an uncommitted batch is not kept
    }
}

sdk::Status SqliteWriter::WriteRecord(const sdk::Record& record, std::size_t index,
                                      std::vector<sdk::DirtyRecord>& dirty) {
    sqlite3_stmt* s = stmt_.get();
    sqlite3_reset(s);
    sqlite3_clear_bindings(s);
    if (record.size() != columns_) {
        dirty.push_back({index, "record has " + std::to_string(record.size()) + " fields, table " + table_ +
                                    " takes " + std::to_string(columns_)});
        return sdk::Status::Ok();
    }
    for (std::size_t c = 0; c < record.size(); ++c) {
        if (BindValue(s, static_cast<int>(c + 1), record[c]) != SQLITE_OK) {
            dirty.push_back({index, "field " + std::to_string(c + 1) + ": " + sqlite3_errmsg(conn_.handle())});
            return sdk::Status::Ok();
        }
    }
    const int rc = sqlite3_step(s);
    if (rc == SQLITE_DONE) {
        return sdk::Status::Ok();
    }
    const int primary = rc & 0xff;
    if (primary == SQLITE_CONSTRAINT || primary == SQLITE_MISMATCH || primary == SQLITE_TOOBIG) {
        dirty.push_back({index, sqlite3_errmsg(conn_.handle())});
        return sdk::Status::Ok();
    }
    return StatusOf(conn_.handle(), rc, conn_.Where() + ": writing to " + table_);
}

sdk::Status SqliteWriter::Write(const sdk::RecordBatch& batch, std::vector<sdk::DirtyRecord>& dirty) noexcept {
    return sdk::util::NoThrow(
        [&]() -> sdk::Status {
            if (!in_transaction_) {
                DBB_RETURN_IF_ERROR(conn_.Exec("BEGIN"));
                in_transaction_ = true;
            }
            for (std::size_t i = 0; i < batch.rows.size(); ++i) {
                DBB_RETURN_IF_ERROR(WriteRecord(batch.rows[i], i, dirty));
            }
            return sdk::Status::Ok();
        },
        "SQLITE writer: ");
}

sdk::Status SqliteWriter::Commit() noexcept {
    if (!in_transaction_) {
        return sdk::Status::Ok();
    }
    in_transaction_ = false;
    return conn_.Exec("COMMIT");
}

sdk::Status SqliteWriter::Rollback() noexcept {
    if (!in_transaction_) {
        return sdk::Status::Ok();
    }
    in_transaction_ = false;
    return conn_.Exec("ROLLBACK");
}

}  // namespace dbbridge::sqlite
