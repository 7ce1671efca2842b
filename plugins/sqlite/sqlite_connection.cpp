#include "sqlite_connection.h"

#include "dbbridge/sdk/util/no_throw.h"
#include "dbbridge/sdk/util/sql_text.h"
#include "sqlite_reader.h"
#include "sqlite_types.h"
#include "sqlite_writer.h"

namespace dbbridge::sqlite {

namespace {

constexpr int kProgressInstructions = 1000;  // how often the deadline is looked at

int OpenFlags(const std::string& mode) {
    if (mode == "read_only") {
        return SQLITE_OPEN_READONLY;
    }
    if (mode == "read_write_create") {
        return SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE;
    }
    return SQLITE_OPEN_READWRITE;  // a mistyped path must not create an empty database
}

std::int64_t NowNs() {
    return std::chrono::duration_cast<std::chrono::nanoseconds>(std::chrono::steady_clock::now().time_since_epoch())
        .count();
}

// Collects the first column of every row as text.
sdk::Result<std::vector<std::vector<std::string>>> QueryText(sqlite3* db, const std::string& sql,
                                                              const std::vector<std::string>& binds,
                                                              const std::string& context) {
    auto stmt = Prepare(db, sql);
    if (!stmt.ok()) {
        return stmt.status().WithContext(context);
    }
    for (std::size_t i = 0; i < binds.size(); ++i) {
        sqlite3_bind_text(stmt->get(), static_cast<int>(i + 1), binds[i].c_str(), -1, SQLITE_TRANSIENT);
    }
    std::vector<std::vector<std::string>> rows;
    const int n = sqlite3_column_count(stmt->get());
    int rc = SQLITE_ROW;
    while ((rc = sqlite3_step(stmt->get())) == SQLITE_ROW) {
        auto& row = rows.emplace_back();
        for (int c = 0; c < n; ++c) {
            const auto* p = reinterpret_cast<const char*>(sqlite3_column_text(stmt->get(), c));
            row.emplace_back(p == nullptr ? "" : p);
        }
    }
    if (rc != SQLITE_DONE) {
        return StatusOf(db, rc, context);
    }
    return rows;
}

}  // namespace

sdk::Result<std::unique_ptr<sdk::Connection>> SqliteConnection::Open(const sdk::ConnectionSpec& spec) {
    const std::string where = "SQLITE database '" + spec.database + "'";
    if (spec.database.empty()) {
        return sdk::Status::InvalidArgument("SQLITE: the datasource's database (db_name) must be the file's path");
    }
    sqlite3* db = nullptr;
    const int rc = sqlite3_open_v2(spec.database.c_str(), &db,
                                   OpenFlags(spec.Option("open_mode", "read_write")) | SQLITE_OPEN_NOMUTEX, nullptr);
    std::unique_ptr<SqliteConnection> conn(new SqliteConnection(db, where));
    if (rc != SQLITE_OK) {
        return StatusOf(db, rc, where + ": opening");
    }
    sqlite3_extended_result_codes(db, 1);
    sqlite3_busy_timeout(db, std::atoi(spec.Option("busy_timeout_ms", "5000").c_str()));
    sqlite3_progress_handler(db, kProgressInstructions, &SqliteConnection::OnProgress, conn.get());
    // A file that is not a database fails on first read, not on open: read the schema now.
    DBB_RETURN_IF_ERROR(conn->Exec("PRAGMA schema_version"));
    return std::unique_ptr<sdk::Connection>(std::move(conn));
}

SqliteConnection::~SqliteConnection() { sqlite3_close_v2(db_); }

int SqliteConnection::OnProgress(void* self) {
    const auto deadline = static_cast<SqliteConnection*>(self)->deadline_ns_.load();
    return deadline != 0 && NowNs() > deadline ? 1 : 0;  // non-zero interrupts the statement
}

void SqliteConnection::SetDeadline(int timeout_ms) {
    deadline_ns_ = timeout_ms > 0 ? NowNs() + static_cast<std::int64_t>(timeout_ms) * 1'000'000 : 0;
}

sdk::Status SqliteConnection::Exec(const std::string& sql) {
    char* error = nullptr;
    const int rc = sqlite3_exec(db_, sql.c_str(), nullptr, nullptr, &error);
    sqlite3_free(error);
    return rc == SQLITE_OK ? sdk::Status::Ok() : StatusOf(db_, rc, where_ + ": " + sql);
}

sdk::Result<sdk::PingResult> SqliteConnection::Ping(const std::string& ping_sql) noexcept {
    return sdk::util::NoThrow(
        [&]() -> sdk::Result<sdk::PingResult> {
            const auto started = std::chrono::steady_clock::now();
            DBB_RETURN_IF_ERROR(QueryText(db_, ping_sql, {}, where_ + ": ping '" + ping_sql + "'").status());
            sdk::PingResult r;
            r.latency_ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - started).count();
            r.server_version = std::string("SQLite ") + sqlite3_libversion();
            return r;
        },
        "SQLITE ping: ");
}

sdk::Result<std::string> SqliteConnection::ServerVersion() noexcept { return std::string(sqlite3_libversion()); }

sdk::Result<std::vector<std::string>> SqliteConnection::ListSchemas() noexcept {
    return sdk::util::NoThrow(
        [&]() -> sdk::Result<std::vector<std::string>> {
            DBB_ASSIGN_OR_RETURN(auto rows,
                                 QueryText(db_, "SELECT name FROM pragma_database_list WHERE name <> 'temp' ORDER BY seq",
                                           {}, where_ + ": listing databases"));
            std::vector<std::string> out;
            for (auto& row : rows) {
                out.push_back(std::move(row[0]));
            }
            return out;
        },
        "SQLITE schemas: ");
}

sdk::Result<std::vector<sdk::TableInfo>> SqliteConnection::ListTables(const std::string& schema) noexcept {
    return sdk::util::NoThrow(
        [&]() -> sdk::Result<std::vector<sdk::TableInfo>> {
            const std::string db = schema.empty() ? "main" : schema;
            const std::string sql = "SELECT name, upper(type) FROM " + sdk::util::QuoteIdentifierPart(db, '"') +
                                    ".sqlite_master WHERE type IN ('table', 'view') AND name NOT LIKE 'sqlite\\_%' "
                                    "ESCAPE '\\' ORDER BY name";
            DBB_ASSIGN_OR_RETURN(auto rows, QueryText(db_, sql, {}, where_ + ": listing tables of " + db));
            std::vector<sdk::TableInfo> out;
            for (auto& row : rows) {
                out.push_back({db, std::move(row[0]), std::move(row[1])});
            }
            return out;
        },
        "SQLITE tables: ");
}

sdk::Result<std::vector<sdk::ColumnInfo>> SqliteConnection::ListColumns(const std::string& table) noexcept {
    return sdk::util::NoThrow(
        [&]() -> sdk::Result<std::vector<sdk::ColumnInfo>> {
            DBB_ASSIGN_OR_RETURN(auto parts, sdk::util::SplitQualifiedName(table, '"'));
            const std::string name = parts.back();
            const std::string db = parts.size() > 1 ? parts[parts.size() - 2] : "main";
            DBB_ASSIGN_OR_RETURN(auto rows, QueryText(db_, "SELECT name, type, \"notnull\" FROM pragma_table_info(?, ?)",
                                                      {name, db}, where_ + ": columns of " + table));
            if (rows.empty()) {
                return sdk::Status::NotFound(where_ + ": table '" + table + "' does not exist");
            }
            std::vector<sdk::ColumnInfo> out;
            for (auto& row : rows) {
                sdk::ColumnInfo c;
                c.name = row[0];
                c.native_type = row[1];
                c.nullable = row[2] == "0";
                c.jdbc_type = MapDeclaredType(c.native_type);
                out.push_back(std::move(c));
            }
            return out;
        },
        "SQLITE columns: ");
}

sdk::Status SqliteConnection::SetSchema(const std::string& schema) noexcept {
    if (schema.empty() || sdk::util::ToLower(schema) == "main") {
        return sdk::Status::Ok();
    }
    return sdk::Status::InvalidArgument(where_ + ": SQLite has no current schema; qualify names with '" + schema +
                                        ".' instead");
}

sdk::Result<sdk::ExecuteResult> SqliteConnection::Execute(const std::string& sql,
                                                          const std::vector<sdk::BindValue>& binds, sdk::RowSink* sink,
                                                          const sdk::ExecuteOptions& options) noexcept {
    SetDeadline(options.timeout_ms);
    auto result = sdk::util::NoThrow([&] { return Run(sql, binds, sink); }, "SQLITE execute: ");
    SetDeadline(0);
    return result;
}

sdk::Result<sdk::ExecuteResult> SqliteConnection::Run(const std::string& sql, const std::vector<sdk::BindValue>& binds,
                                                      sdk::RowSink* sink) {
    sdk::ExecuteResult result;
    auto fail = [&]() {
        const SqliteError e = LastError(db_);
        result.failed = true;
        result.error_code = std::to_string(e.code);
        result.sql_state = e.sql_state;
        result.error_message = e.message;
        return result;
    };
    auto stmt = Prepare(db_, sql);
    if (!stmt.ok()) {
        if (sqlite3_errcode(db_) == SQLITE_OK) {
            return stmt.status();  // not the server's error (e.g. two statements): refuse
        }
        return fail();
    }
    for (std::size_t i = 0; i < binds.size(); ++i) {
        if (BindValue(stmt->get(), static_cast<int>(i + 1), binds[i].value) != SQLITE_OK) {
            return fail();
        }
    }
    const auto columns = ColumnsOf(stmt->get());
    result.has_rows = !columns.empty();
    if (result.has_rows && sink != nullptr) {
        DBB_RETURN_IF_ERROR(sink->OnColumns(columns));
    }
    int rc = SQLITE_ROW;
    while ((rc = sqlite3_step(stmt->get())) == SQLITE_ROW) {
        ++result.row_count;
        if (sink == nullptr) {
            continue;
        }
        sdk::Record row;
        row.reserve(columns.size());
        for (std::size_t c = 0; c < columns.size(); ++c) {
            row.push_back(ReadColumn(stmt->get(), static_cast<int>(c), columns[c].jdbc_type));
        }
        if (!sink->OnRow(row)) {
            return result;
        }
    }
    if (rc == SQLITE_INTERRUPT) {
        return sdk::Status::DeadlineExceeded(where_ + ": statement interrupted (timeout or cancel)");
    }
    if (rc != SQLITE_DONE) {
        return fail();
    }
    result.affected_rows = result.has_rows ? 0 : sqlite3_changes64(db_);
    return result;
}

sdk::Status SqliteConnection::Begin() noexcept { return Exec("BEGIN"); }
sdk::Status SqliteConnection::Commit() noexcept { return Exec("COMMIT"); }
sdk::Status SqliteConnection::Rollback() noexcept { return Exec("ROLLBACK"); }

sdk::Result<std::unique_ptr<sdk::RecordReader>> SqliteConnection::OpenReader(const sdk::ReadSpec& spec) noexcept {
    return sdk::util::NoThrow(
        [&]() -> sdk::Result<std::unique_ptr<sdk::RecordReader>> {
            DBB_ASSIGN_OR_RETURN(const std::string sql, ReadSql(spec));
            auto stmt = Prepare(db_, sql);
            if (!stmt.ok()) {
                return stmt.status().WithContext(where_ + ": reading '" + sql + "'");
            }
            return std::unique_ptr<sdk::RecordReader>(new SqliteReader(*this, std::move(stmt).value(), sql));
        },
        "SQLITE reader: ");
}

sdk::Result<std::optional<std::pair<std::int64_t, std::int64_t>>> SqliteConnection::SplitRange(
    const sdk::ReadSpec& spec) noexcept {
    using Range = std::optional<std::pair<std::int64_t, std::int64_t>>;
    return sdk::util::NoThrow(
        [&]() -> sdk::Result<Range> {
            sdk::ReadSpec whole = spec;
            whole.has_range = false;
            whole.null_range = false;
            DBB_ASSIGN_OR_RETURN(const std::string pk, sdk::util::QuoteQualifiedName(spec.split_pk, '"', 1024));
            whole.columns = {"MIN(" + pk + ")", "MAX(" + pk + ")"};
            DBB_ASSIGN_OR_RETURN(const std::string sql, ReadSql(whole));
            auto stmt = Prepare(db_, sql);
            if (!stmt.ok()) {
                return stmt.status().WithContext(where_ + ": split range '" + sql + "'");
            }
            const int rc = sqlite3_step(stmt->get());
            if (rc != SQLITE_ROW) {
                return StatusOf(db_, rc, where_ + ": split range '" + sql + "'");
            }
            if (sqlite3_column_type(stmt->get(), 0) == SQLITE_NULL) {
                return Range{};
            }
            return Range{std::make_pair(sqlite3_column_int64(stmt->get(), 0), sqlite3_column_int64(stmt->get(), 1))};
        },
        "SQLITE split range: ");
}

sdk::Result<std::unique_ptr<sdk::RecordWriter>> SqliteConnection::OpenWriter(const sdk::WriteSpec& spec) noexcept {
    return sdk::util::NoThrow([&] { return SqliteWriter::Open(*this, spec); }, "SQLITE writer: ");
}

void SqliteConnection::Cancel() noexcept { sqlite3_interrupt(db_); }

}  // namespace dbbridge::sqlite
