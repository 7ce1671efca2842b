#include "dbbridge/odbc/odbc_connection.h"

#include <sql.h>
#include <sqlext.h>

#include <charconv>
#include <chrono>
#include <optional>

#include "dbbridge/odbc/connection_string.h"
#include "dbbridge/sdk/util/no_throw.h"
#include "diag_reader.h"
#include "block_fetch.h"
#include "odbc_reader.h"
#include "odbc_writer.h"
#include "statement.h"
#include "wide_text.h"

namespace dbbridge::odbc {

namespace {

using sdk::Result;
using sdk::Status;

std::string Trim(const std::string& s) {
    std::size_t b = s.find_first_not_of(" \t\r\n");
    if (b == std::string::npos) {
        return "";
    }
    std::size_t e = s.find_last_not_of(" \t\r\n");
    return s.substr(b, e - b + 1);
}

std::vector<std::string> SplitStatements(const std::string& text) {
    std::vector<std::string> out;
    std::size_t start = 0;
    while (start <= text.size()) {
        std::size_t end = text.find(';', start);
        if (end == std::string::npos) {
            end = text.size();
        }
        std::string stmt = Trim(text.substr(start, end - start));
        if (!stmt.empty()) {
            out.push_back(stmt);
        }
        start = end + 1;
    }
    return out;
}

std::string ValueText(const sdk::Value& v) {
    if (v.is_null()) {
        return "";
    }
    if (v.kind == sdk::ValueKind::kInt || v.kind == sdk::ValueKind::kBool) {
        return std::to_string(v.i);
    }
    if (v.kind == sdk::ValueKind::kFloat) {
        return std::to_string(static_cast<std::int64_t>(v.f));
    }
    return v.s;
}

// -1 for NULL or non-numeric.
std::int64_t ValueInt(const sdk::Value& v) {
    if (v.kind == sdk::ValueKind::kInt) {
        return v.i;
    }
    if (v.kind == sdk::ValueKind::kFloat) {
        return static_cast<std::int64_t>(v.f);
    }
    if (v.kind == sdk::ValueKind::kDecimal || v.kind == sdk::ValueKind::kText) {
        try {
            return std::stoll(v.s);
        } catch (...) {
            return -1;
        }
    }
    return -1;
}

// Frees an ODBC handle (disconnecting first once connected) unless released, so no error or
// exception between SQLAllocHandle and the OdbcConnection taking ownership leaks it.
class HandleGuard {
public:
    HandleGuard(SQLSMALLINT type, SQLHANDLE handle) : type_(type), handle_(handle) {}
    HandleGuard(const HandleGuard&) = delete;
    HandleGuard& operator=(const HandleGuard&) = delete;
    ~HandleGuard() {
        if (handle_ == SQL_NULL_HANDLE) {
            return;
        }
        if (connected_) {
            SQLDisconnect(handle_);
        }
        SQLFreeHandle(type_, handle_);
    }
    void SetConnected() { connected_ = true; }
    void Release() { handle_ = SQL_NULL_HANDLE; }

private:
    SQLSMALLINT type_;
    SQLHANDLE handle_;
    bool connected_ = false;
};

// The odbc_array_size option: rows per parameter array and per block fetch.
Result<std::size_t> ArraySizeOption(const sdk::ConnectionSpec& spec, const std::string& dialect) {
    auto it = spec.options.find("odbc_array_size");
    if (it == spec.options.end() || Trim(it->second).empty()) {
        return OdbcConnection::kDefaultArraySize;
    }
    const std::string text = Trim(it->second);
    std::size_t n = 0;
    auto res = std::from_chars(text.data(), text.data() + text.size(), n);
    if (res.ec != std::errc() || res.ptr != text.data() + text.size() || n < 1 || n > OdbcConnection::kMaxArraySize) {
        return Status::InvalidArgument(dialect + " datasource option odbc_array_size: '" + text +
                                       "' is not a whole number from 1 to " +
                                       std::to_string(OdbcConnection::kMaxArraySize));
    }
    return n;
}

// Hands the rows of s's described result to sink (blocks of odbc_array_size rows where the driver
// allows it) until there are no more or the sink stops, counting them in result. A driver error
// comes back as its diagnostics: the statement failed, which the caller reports in the result.
std::optional<std::vector<Diagnostic>> StreamRows(OdbcConnection& conn, Statement& s, sdk::RowSink* sink,
                                                  sdk::ExecuteResult& result) {
    auto deliver = [&](const sdk::Record& r) {
        ++result.row_count;
        return sink == nullptr || sink->OnRow(r);
    };
    std::unique_ptr<BlockFetcher> block = BlockFetcher::Create(s, conn);
    if (!block) {
        sdk::Record row;
        for (;;) {
            auto more = s.Fetch(row);
            if (!more.ok()) {
                return s.Diagnostics();
            }
            if (!*more || !deliver(row)) {
                return std::nullopt;
            }
        }
    }
    sdk::RecordBatch batch;
    for (;;) {
        batch.clear();
        auto more = block->Next(batch, block->block_rows());
        if (!more.ok()) {
            return block->last_diagnostics();
        }
        for (const auto& r : batch.rows) {
            if (!deliver(r)) {
                return std::nullopt;
            }
        }
        if (!*more) {
            return std::nullopt;
        }
    }
}

template <typename T>
Status Guard(const char* what, T&& body) noexcept {
    return sdk::util::NoThrow([&]() -> Status { return body(); }, (std::string(what) + ": ").c_str());
}

}  // namespace

OdbcConnection::OdbcConnection(std::shared_ptr<const DialectSql> sql, void* env, void* dbc)
    : sql_(std::move(sql)), env_(env), dbc_(dbc) {}

OdbcConnection::~OdbcConnection() {
    if (in_transaction_) {
        SQLEndTran(SQL_HANDLE_DBC, dbc_, SQL_ROLLBACK);
    }
    SQLDisconnect(dbc_);
    SQLFreeHandle(SQL_HANDLE_DBC, dbc_);
    SQLFreeHandle(SQL_HANDLE_ENV, env_);
}

Result<std::unique_ptr<sdk::Connection>> OdbcConnection::Open(const std::string& connection_string,
                                                              std::shared_ptr<const DialectSql> sql,
                                                              const sdk::ConnectionSpec& spec) noexcept {
    return sdk::util::NoThrow(
        [&]() -> Result<std::unique_ptr<sdk::Connection>> {
            DBB_RETURN_IF_ERROR(CheckDriverKeywords(connection_string, sql->DialectName() + " ODBC connection string"));
            DBB_ASSIGN_OR_RETURN(auto array_size, ArraySizeOption(spec, sql->DialectName()));
            const std::string where =
                sql->DialectName() + " via ODBC (" + RedactConnectionString(connection_string) + ")";
            SQLHENV env = SQL_NULL_HENV;
            if (!SQL_SUCCEEDED(SQLAllocHandle(SQL_HANDLE_ENV, SQL_NULL_HANDLE, &env))) {
                return Status::Internal("cannot allocate an ODBC environment (is unixODBC installed?)");
            }
            HandleGuard env_guard(SQL_HANDLE_ENV, env);
            SQLSetEnvAttr(env, SQL_ATTR_ODBC_VERSION, reinterpret_cast<SQLPOINTER>(SQL_OV_ODBC3), 0);
            SQLHDBC dbc = SQL_NULL_HDBC;
            if (!SQL_SUCCEEDED(SQLAllocHandle(SQL_HANDLE_DBC, env, &dbc))) {
                return HandleError(SQL_HANDLE_ENV, env, "allocating an ODBC connection for " + where);
            }
            HandleGuard dbc_guard(SQL_HANDLE_DBC, dbc);
            if (spec.connect_timeout_ms > 0) {
                SQLULEN seconds = static_cast<SQLULEN>((spec.connect_timeout_ms + 999) / 1000);
                SQLSetConnectAttr(dbc, SQL_ATTR_LOGIN_TIMEOUT, reinterpret_cast<SQLPOINTER>(seconds), 0);
            }
            WideString wcs = Utf8ToWide(connection_string);
            SQLWCHAR out[1024];
            SQLSMALLINT out_len = 0;
            SQLRETURN rc = SQLDriverConnectW(dbc, nullptr, wcs.data(), static_cast<SQLSMALLINT>(wcs.size()), out, 1024,
                                             &out_len, SQL_DRIVER_NOPROMPT);
            if (!SQL_SUCCEEDED(rc)) {
                return HandleError(SQL_HANDLE_DBC, dbc, "connecting to " + where);
            }
            dbc_guard.SetConnected();
            std::unique_ptr<OdbcConnection> conn(new OdbcConnection(std::move(sql), env, dbc));
            conn->array_size_ = array_size;
            dbc_guard.Release();  // conn owns both handles now
            env_guard.Release();
            auto init_it = spec.options.find("session_init");
            std::vector<std::string> init =
                init_it != spec.options.end() ? SplitStatements(init_it->second) : conn->sql_->DefaultSessionInit();
            for (const auto& stmt : init) {
                Status st = conn->ExecDirect(stmt, "session set-up statement '" + stmt +
                                                       "' (change or disable it with the session_init option)");
                if (!st.ok()) {
                    return st;
                }
            }
            if (!spec.schema.empty()) {
                DBB_RETURN_IF_ERROR(conn->SetSchema(spec.schema));
            }
            return std::unique_ptr<sdk::Connection>(std::move(conn));
        },
        "ODBC connect: ");
}

void OdbcConnection::SetActiveStatement(void* stmt) {
    std::lock_guard<std::mutex> lock(cancel_mu_);
    active_stmt_ = stmt;
}

void OdbcConnection::ClearActiveStatement(void* stmt) {
    std::lock_guard<std::mutex> lock(cancel_mu_);
    if (active_stmt_ == stmt) {
        active_stmt_ = nullptr;
    }
}

bool OdbcConnection::TakeCancelled() {
    std::lock_guard<std::mutex> lock(cancel_mu_);
    bool was = cancelled_;
    cancelled_ = false;
    return was;
}

void OdbcConnection::Cancel() noexcept {
    std::lock_guard<std::mutex> lock(cancel_mu_);
    cancelled_ = true;
    if (active_stmt_ != nullptr) {
        SQLCancel(static_cast<SQLHSTMT>(active_stmt_));
    }
}

Status OdbcConnection::ExecDirect(const std::string& sql, const std::string& context) {
    DBB_ASSIGN_OR_RETURN(auto stmt, Statement::Open(*this));
    SQLRETURN rc = (stmt)->ExecDirect(sql);
    if (!SQL_SUCCEEDED(rc) && rc != SQL_NO_DATA) {
        return (stmt)->Error(sql_->DialectName() + ": " + context);
    }
    return Status::Ok();
}

Status OdbcConnection::SetAutoCommit(bool on) {
    SQLRETURN rc = SQLSetConnectAttr(static_cast<SQLHDBC>(dbc_), SQL_ATTR_AUTOCOMMIT,
                                     reinterpret_cast<SQLPOINTER>(on ? SQL_AUTOCOMMIT_ON : SQL_AUTOCOMMIT_OFF), 0);
    if (!SQL_SUCCEEDED(rc)) {
        return HandleError(SQL_HANDLE_DBC, dbc_, on ? "enabling autocommit" : "disabling autocommit");
    }
    return Status::Ok();
}

Status OdbcConnection::EndTransaction(bool commit) {
    SQLRETURN rc = SQLEndTran(SQL_HANDLE_DBC, static_cast<SQLHDBC>(dbc_), commit ? SQL_COMMIT : SQL_ROLLBACK);
    if (!SQL_SUCCEEDED(rc)) {
        return HandleError(SQL_HANDLE_DBC, dbc_, commit ? "commit" : "rollback");
    }
    return Status::Ok();
}

Result<std::vector<sdk::Record>> OdbcConnection::QueryAll(const std::string& sql, const std::vector<std::string>& binds,
                                                          const std::string& context) {
    DBB_ASSIGN_OR_RETURN(auto stmt, Statement::Open(*this));
    Statement& s = *stmt;
    const std::string ctx = sql_->DialectName() + ": " + context;
    if (!SQL_SUCCEEDED(s.Prepare(sql))) {
        return s.Error(ctx);
    }
    std::vector<sdk::BindValue> values;
    for (std::size_t i = 0; i < binds.size(); ++i) {
        values.push_back(sdk::BindValue{"p" + std::to_string(i + 1), sdk::JdbcType::kVarchar, sdk::Value::Text(binds[i])});
    }
    DBB_RETURN_IF_ERROR(s.BindParams(values));
    SQLRETURN rc = s.Execute();
    if (!SQL_SUCCEEDED(rc) && rc != SQL_NO_DATA) {
        return s.Error(ctx);
    }
    auto cols = s.Describe(*sql_);
    if (!cols.ok()) {
        return cols.status().WithContext(ctx);
    }
    std::vector<sdk::Record> rows;
    sdk::Record row;
    for (;;) {
        auto more = s.Fetch(row);
        if (!more.ok()) {
            return more.status().WithContext(ctx);
        }
        if (!*more) {
            break;
        }
        rows.push_back(row);
    }
    return rows;
}

Result<std::string> OdbcConnection::CurrentSchema() {
    DBB_ASSIGN_OR_RETURN(auto rows, QueryAll(sql_->CurrentSchemaSql(), {}, "reading the current schema"));
    if (rows.empty() || rows.front().empty() || rows.front()[0].is_null()) {
        return Status::NotFound(sql_->DialectName() + ": the server reported no current schema");
    }
    return ValueText(rows.front()[0]);
}

Result<sdk::PingResult> OdbcConnection::Ping(const std::string& ping_sql) noexcept {
    return sdk::util::NoThrow(
        [&]() -> Result<sdk::PingResult> {
            auto start = std::chrono::steady_clock::now();
            if (!ping_sql.empty()) {
                DBB_ASSIGN_OR_RETURN(auto stmt, Statement::Open(*this));
                SQLRETURN rc = (stmt)->ExecDirect(ping_sql);
                if (!SQL_SUCCEEDED(rc) && rc != SQL_NO_DATA) {
                    return (stmt)->Error(sql_->DialectName() + ": ping '" + ping_sql + "'");
                }
                auto n = (stmt)->ResultColumns();
                if (n.ok() && *n > 0) {
                    SQLFetch((stmt)->handle());  // one row proves the query ran; no need to read them all
                }
            }
            sdk::PingResult result;
            result.latency_ms =
                std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
            DBB_ASSIGN_OR_RETURN(auto version, ServerVersion());
            result.server_version = version;
            return result;
        },
        "ping: ");
}

Result<std::string> OdbcConnection::ServerVersion() noexcept {
    return sdk::util::NoThrow(
        [&]() -> Result<std::string> {
            auto info = [&](SQLUSMALLINT what) -> std::string {
                SQLWCHAR buf[256];
                SQLSMALLINT bytes = 0;
                if (!SQL_SUCCEEDED(SQLGetInfoW(static_cast<SQLHDBC>(dbc_), what, buf, sizeof(buf), &bytes))) {
                    return "";
                }
                std::size_t units = static_cast<std::size_t>(bytes) / sizeof(SQLWCHAR);
                return WideToUtf8(buf, units < 255 ? units : 255);
            };
            std::string name = info(SQL_DBMS_NAME);
            std::string ver = info(SQL_DBMS_VER);
            if (name.empty() && ver.empty()) {
                return HandleError(SQL_HANDLE_DBC, dbc_, sql_->DialectName() + ": reading the server version");
            }
            return name.empty() ? ver : name + " " + ver;
        },
        "server version: ");
}

Result<std::vector<std::string>> OdbcConnection::ListSchemas() noexcept {
    return sdk::util::NoThrow(
        [&]() -> Result<std::vector<std::string>> {
            DBB_ASSIGN_OR_RETURN(auto rows, QueryAll(sql_->ListSchemasSql(), {}, "listing schemas"));
            std::vector<std::string> out;
            for (const auto& r : rows) {
                if (!r.empty() && !r[0].is_null()) {
                    out.push_back(ValueText(r[0]));
                }
            }
            return out;
        },
        "list schemas: ");
}

Result<std::vector<sdk::TableInfo>> OdbcConnection::ListTables(const std::string& schema) noexcept {
    return sdk::util::NoThrow(
        [&]() -> Result<std::vector<sdk::TableInfo>> {
            std::string owner;
            if (schema.empty()) {
                DBB_ASSIGN_OR_RETURN(auto current, CurrentSchema());
                owner = current;
            } else {
                auto parts = SplitObjectName(schema, sql_->FoldsToUpper());
                if (!parts.ok()) {
                    return parts.status().WithContext("schema");
                }
                if (parts->size() != 1) {
                    return Status::InvalidArgument("schema '" + schema + "' must be a single name");
                }
                owner = parts->front();
            }
            DBB_ASSIGN_OR_RETURN(
                auto rows, QueryAll(sql_->ListTablesSql(), {owner, owner}, "listing tables of schema '" + owner + "'"));
            std::vector<sdk::TableInfo> out;
            for (const auto& r : rows) {
                if (r.size() >= 3) {
                    out.push_back(sdk::TableInfo{ValueText(r[0]), ValueText(r[1]), ValueText(r[2])});
                }
            }
            return out;
        },
        "list tables: ");
}

Result<std::pair<std::string, std::string>> OdbcConnection::OwnerAndName(const std::string& table) {
    auto parts = SplitObjectName(table, sql_->FoldsToUpper());
    if (!parts.ok()) {
        return parts.status().WithContext("table");
    }
    if (parts->size() == 2) {
        return std::make_pair(parts->front(), parts->back());
    }
    DBB_ASSIGN_OR_RETURN(auto current, CurrentSchema());
    return std::make_pair(current, parts->back());
}

Result<std::vector<std::vector<std::string>>> OdbcConnection::KeyColumns(const std::string& table) {
    const std::string sql = sql_->KeyColumnsSql();
    if (sql.empty()) {
        return Status::Unimplemented(sql_->DialectName() + ": this dialect cannot list a table's keys");
    }
    DBB_ASSIGN_OR_RETURN(auto names, OwnerAndName(table));
    const auto& [owner, name] = names;
    DBB_ASSIGN_OR_RETURN(auto rows,
                         QueryAll(sql, {owner, name}, "reading the primary and unique keys of " + owner + "." + name));
    std::vector<std::vector<std::string>> keys;
    std::string current;
    for (const auto& r : rows) {
        if (r.size() < 2) {
            return Status::Internal(sql_->DialectName() + ": the keys query returned " + std::to_string(r.size()) +
                                    " columns, expected 2");
        }
        if (keys.empty() || ValueText(r[0]) != current) {
            current = ValueText(r[0]);
            keys.emplace_back();
        }
        keys.back().push_back(ValueText(r[1]));
    }
    return keys;
}

Result<std::vector<sdk::ColumnInfo>> OdbcConnection::ListColumns(const std::string& table) noexcept {
    return sdk::util::NoThrow(
        [&]() -> Result<std::vector<sdk::ColumnInfo>> {
            DBB_ASSIGN_OR_RETURN(auto names, OwnerAndName(table));
            const auto& [owner, name] = names;
            DBB_ASSIGN_OR_RETURN(
                auto rows, QueryAll(sql_->ListColumnsSql(), {owner, name}, "listing columns of " + owner + "." + name));
            if (rows.empty()) {
                return Status::NotFound(sql_->DialectName() + ": table " + owner + "." + name +
                                        " not found (or not visible to this user)");
            }
            std::vector<sdk::ColumnInfo> out;
            for (const auto& r : rows) {
                if (r.size() < 6) {
                    return Status::Internal(sql_->DialectName() + ": the columns query returned " +
                                            std::to_string(r.size()) + " columns, expected at least 6");
                }
                sdk::ColumnInfo c;
                c.name = ValueText(r[0]);
                std::int64_t length = ValueInt(r[2]);
                std::int64_t precision = ValueInt(r[3]);
                std::int64_t scale = ValueInt(r[4]);
                c.native_type = sql_->FormatNativeType(ValueText(r[1]), length, precision, scale);
                c.nullable = ValueText(r[5]) != "N";
                c.jdbc_type = sql_->MapNativeType(c.native_type);
                c.precision = static_cast<int>(precision > 0 ? precision : (length > 0 ? length : 0));
                c.scale = static_cast<int>(scale > 0 ? scale : 0);
                out.push_back(std::move(c));
            }
            return out;
        },
        "list columns: ");
}

Status OdbcConnection::SetSchema(const std::string& schema) noexcept {
    return Guard("set schema", [&]() -> Status {
        auto parts = SplitObjectName(schema, sql_->FoldsToUpper());
        if (!parts.ok()) {
            return parts.status().WithContext("schema");
        }
        if (parts->size() != 1) {
            return Status::InvalidArgument("schema '" + schema + "' must be a single name");
        }
        DBB_ASSIGN_OR_RETURN(auto quoted, sql_->QuoteIdentifier(parts->front()));
        return ExecDirect(sql_->SetSchemaSql(quoted), "switching to schema '" + parts->front() + "'");
    });
}

Result<sdk::ExecuteResult> OdbcConnection::Execute(const std::string& sql, const std::vector<sdk::BindValue>& binds,
                                                   sdk::RowSink* sink, const sdk::ExecuteOptions& options) noexcept {
    return sdk::util::NoThrow(
        [&]() -> Result<sdk::ExecuteResult> {
            TakeCancelled();
            DBB_ASSIGN_OR_RETURN(auto opened, Statement::Open(*this));
            Statement& s = *opened;
            s.SetTimeout(options.timeout_ms);
            sdk::ExecuteResult result;
            // Statement errors are reported in the result (multiplex compares them); a lost
            // connection or a cancel is a Status.
            auto failed = [&](const std::vector<Diagnostic>& diags) -> Result<sdk::ExecuteResult> {
                if (TakeCancelled()) {
                    return Status::Cancelled(sql_->DialectName() + ": statement cancelled");
                }
                if (!diags.empty() && IsConnectionLost(diags.front())) {
                    return StatusFromDiagnostics(diags, sql_->DialectName() + ": connection lost");
                }
                if (!diags.empty() && (diags.front().sql_state == "HYT00" || diags.front().sql_state == "HYT01")) {
                    return StatusFromDiagnostics(diags, sql_->DialectName() + ": statement timed out");
                }
                result.failed = true;
                if (!diags.empty()) {
                    result.error_code = sql_->ErrorCode(diags.front());
                    result.sql_state = diags.front().sql_state;
                    result.error_message = diags.front().message;
                } else {
                    result.error_message = "the driver reported an error without diagnostics";
                }
                return result;
            };
            if (!SQL_SUCCEEDED(s.Prepare(sql))) {
                return failed(s.Diagnostics());
            }
            Status bound = s.BindParams(binds);
            if (!bound.ok()) {
                result.failed = true;
                result.sql_state = "22018";
                result.error_message = bound.message();
                return result;
            }
            SQLRETURN rc = s.Execute();
            if (!SQL_SUCCEEDED(rc) && rc != SQL_NO_DATA) {
                return failed(s.Diagnostics());
            }
            auto ncols = s.ResultColumns();
            if (!ncols.ok()) {
                return failed(s.Diagnostics());
            }
            if (*ncols == 0) {
                DBB_ASSIGN_OR_RETURN(auto affected, s.RowCount());
                result.affected_rows = affected < 0 ? 0 : affected;
                return result;
            }
            result.has_rows = true;
            DBB_ASSIGN_OR_RETURN(auto cols, s.Describe(*sql_));
            if (sink != nullptr) {
                DBB_RETURN_IF_ERROR(sink->OnColumns(cols));
            }
            if (auto diags = StreamRows(*this, s, sink, result)) {
                return failed(*diags);
            }
            s.CloseCursor();
            return result;
        },
        "execute: ");
}

Status OdbcConnection::Begin() noexcept {
    return Guard("begin", [&]() -> Status {
        DBB_RETURN_IF_ERROR(SetAutoCommit(false));
        in_transaction_ = true;
        return Status::Ok();
    });
}

Status OdbcConnection::Commit() noexcept {
    return Guard("commit", [&]() -> Status {
        DBB_RETURN_IF_ERROR(EndTransaction(true));
        in_transaction_ = false;
        return SetAutoCommit(true);
    });
}

Status OdbcConnection::Rollback() noexcept {
    return Guard("rollback", [&]() -> Status {
        DBB_RETURN_IF_ERROR(EndTransaction(false));
        in_transaction_ = false;
        return SetAutoCommit(true);
    });
}

Result<std::unique_ptr<sdk::RecordReader>> OdbcConnection::OpenReader(const sdk::ReadSpec& spec) noexcept {
    return sdk::util::NoThrow(
        [&]() -> Result<std::unique_ptr<sdk::RecordReader>> {
            TakeCancelled();
            return OdbcReader::Open(*this, spec);
        },
        "open reader: ");
}

Result<std::optional<std::pair<std::int64_t, std::int64_t>>> OdbcConnection::SplitRange(
    const sdk::ReadSpec& spec) noexcept {
    return sdk::util::NoThrow(
        [&]() -> Result<std::optional<std::pair<std::int64_t, std::int64_t>>> {
            if (spec.split_pk.empty()) {
                return Status::InvalidArgument("splitPk is empty");
            }
            DBB_ASSIGN_OR_RETURN(auto pk, ObjectNameSql(*sql_, spec.split_pk, 1, false, "splitPk"));
            std::string from;
            if (spec.query_sql.empty()) {
                DBB_ASSIGN_OR_RETURN(auto table, ObjectNameSql(*sql_, spec.table, 2, false, "table"));
                from = table;
            } else {
                from = "(" + OdbcReader::CleanWhere(spec.query_sql) + ") dbb_q";
            }
            std::string sql = "SELECT MIN(" + pk + "), MAX(" + pk + ") FROM " + from;
            std::string where = OdbcReader::CleanWhere(spec.where);
            if (!where.empty() && spec.query_sql.empty()) {
                sql += " WHERE (" + where + ")";
            }
            DBB_ASSIGN_OR_RETURN(auto rows, QueryAll(sql, {}, "reading the splitPk range (" + sql + ")"));
            if (rows.empty() || rows.front().size() < 2 || rows.front()[0].is_null() || rows.front()[1].is_null()) {
                return std::optional<std::pair<std::int64_t, std::int64_t>>();
            }
            auto to_int = [&](const sdk::Value& v, std::int64_t& out) {
                if (v.kind == sdk::ValueKind::kInt) {
                    out = v.i;
                    return true;
                }
                if (v.kind == sdk::ValueKind::kDecimal || v.kind == sdk::ValueKind::kText) {
                    std::string s = v.s;
                    std::size_t dot = s.find('.');
                    if (dot != std::string::npos && s.find_first_not_of('0', dot + 1) == std::string::npos) {
                        s = s.substr(0, dot);
                    }
                    try {
                        std::size_t used = 0;
                        out = std::stoll(s, &used);
                        return used == s.size();
                    } catch (...) {
                        return false;
                    }
                }
                return false;
            };
            std::int64_t lo = 0;
            std::int64_t hi = 0;
            if (!to_int(rows.front()[0], lo) || !to_int(rows.front()[1], hi)) {
                return Status::InvalidArgument("splitPk " + spec.split_pk + " is not an integer column (min " +
                                               ValueText(rows.front()[0]) + ", max " + ValueText(rows.front()[1]) +
                                               ")");
            }
            return std::optional<std::pair<std::int64_t, std::int64_t>>(std::make_pair(lo, hi));
        },
        "split range: ");
}

Result<std::unique_ptr<sdk::RecordWriter>> OdbcConnection::OpenWriter(const sdk::WriteSpec& spec) noexcept {
    return sdk::util::NoThrow(
        [&]() -> Result<std::unique_ptr<sdk::RecordWriter>> { return OdbcWriter::Open(*this, spec); }, "open writer: ");
}

}  // namespace dbbridge::odbc
