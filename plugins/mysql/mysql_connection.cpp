#include "mysql_connection.h"

#include <errmsg.h>
#include <mysqld_error.h>

#include <charconv>
#include <chrono>
#include <condition_variable>
#include <cstdio>
#include <cstring>
#include <mutex>
#include <thread>

#include "dbbridge/sdk/util/no_throw.h"
#include "dbbridge/sdk/util/sql_text.h"
#include "mysql_reader.h"
#include "mysql_writer.h"

namespace dbbridge::mysql {

const char kColumnsSql[] =
    "SELECT column_name, column_type, is_nullable, data_type, numeric_precision, numeric_scale, "
    "character_maximum_length, datetime_precision FROM information_schema.columns "
    "WHERE table_schema = COALESCE(?, DATABASE()) AND table_name = ? ORDER BY ordinal_position";

namespace {

constexpr std::size_t kMaxIdentifier = 64;
constexpr unsigned int kKillConnectTimeoutS = 5;
constexpr unsigned int kErStatementTimeout = 1969;  // MariaDB max_statement_time exceeded

std::once_flag g_library_once;

void InitLibrary() {
    std::call_once(g_library_once, [] { mysql_library_init(0, nullptr, nullptr); });
}

int InfileInit(void** ptr, const char* /*filename*/, void* userdata) {
    auto* src = static_cast<InfileSource*>(userdata);
    *ptr = src;
    if (src == nullptr || (src->data == nullptr && src->feed == nullptr)) {
        return 1;
    }
    src->offset = 0;
    if (src->feed != nullptr) {
        src->feed->Opened();
    }
    return 0;
}

int InfileRead(void* ptr, char* buf, unsigned int len) {
    auto* src = static_cast<InfileSource*>(ptr);
    if (src->feed != nullptr) {
        return src->feed->Read(buf, len);
    }
    std::size_t left = src->data->size() - src->offset;
    std::size_t n = left < len ? left : len;
    std::memcpy(buf, src->data->data() + src->offset, n);
    src->offset += n;
    return static_cast<int>(n);
}

void InfileEnd(void* /*ptr*/) {}

int InfileError(void* ptr, char* msg, unsigned int len) {
    const auto* src = static_cast<const InfileSource*>(ptr);
    std::snprintf(msg, len, "%s",
                  src != nullptr && src->feed != nullptr
                      ? "the writer abandoned its LOAD DATA LOCAL INFILE stream (the transaction is rolled back)"
                      : "LOAD DATA LOCAL INFILE is served only to dbbridge's own writer");
    return CR_UNKNOWN_ERROR;
}

unsigned int TimeoutSeconds(int ms) {
    if (ms <= 0) {
        return 0;
    }
    return static_cast<unsigned int>((ms + 999) / 1000);
}

std::string StripTrailingSemicolons(std::string sql) {
    for (;;) {
        while (!sql.empty() && std::isspace(static_cast<unsigned char>(sql.back()))) {
            sql.pop_back();
        }
        if (!sql.empty() && sql.back() == ';') {
            sql.pop_back();
            continue;
        }
        static const std::string kFullWidth = "\xEF\xBC\x9B";  // '；'
        if (sql.size() >= kFullWidth.size() && sql.compare(sql.size() - kFullWidth.size(), kFullWidth.size(),
                                                           kFullWidth) == 0) {
            sql.resize(sql.size() - kFullWidth.size());
            continue;
        }
        return sql;
    }
}

// A split key or column name: quoted when it is not a plain identifier.
sdk::Result<std::string> KeySql(const std::string& name) {
    if (sdk::util::IsPlainIdentifier(name)) {
        return "`" + name + "`";
    }
    return sdk::util::QuoteQualifiedName(name, '`', kMaxIdentifier);
}

bool IsTimeoutError(unsigned int code) {
    return code == ER_QUERY_INTERRUPTED || code == kErStatementTimeout;
}

sdk::Value BoolFromText(const sdk::Value& v) {
    std::string t = sdk::util::ToLower(v.s);
    if (t == "true" || t == "t" || t == "yes" || t == "y" || t == "1") {
        return sdk::Value::Bool(true);
    }
    if (t == "false" || t == "f" || t == "no" || t == "n" || t == "0") {
        return sdk::Value::Bool(false);
    }
    return v;
}

// Calls kill() once if the statement outlives timeout_ms; joins on destruction.
class Watchdog {
public:
    template <typename F>
    Watchdog(int timeout_ms, F kill) {
        if (timeout_ms <= 0) {
            return;
        }
        thread_ = std::thread([this, timeout_ms, kill] {
            std::unique_lock<std::mutex> lock(mu_);
            if (!cv_.wait_for(lock, std::chrono::milliseconds(timeout_ms), [this] { return done_; })) {
                lock.unlock();
                kill();
            }
        });
    }
    ~Watchdog() {
        if (!thread_.joinable()) {
            return;
        }
        {
            std::lock_guard<std::mutex> lock(mu_);
            done_ = true;
        }
        cv_.notify_all();
        thread_.join();
    }

private:
    std::mutex mu_;
    std::condition_variable cv_;
    bool done_ = false;
    std::thread thread_;
};

}  // namespace

MysqlConnection::MysqlConnection(MYSQL* mysql, sdk::ConnectionSpec spec, std::string dialect_name)
    : mysql_(mysql), spec_(std::move(spec)), dialect_name_(std::move(dialect_name)) {}

MysqlConnection::~MysqlConnection() { mysql_close(mysql_); }

std::string MysqlConnection::Where() const {
    return dialect_name_ + " " + spec_.host + ":" + std::to_string(spec_.port) + "/" + spec_.database;
}

sdk::Result<std::unique_ptr<MysqlConnection>> MysqlConnection::Open(const sdk::ConnectionSpec& in,
                                                                    const std::string& dialect_name,
                                                                    int default_port) {
    InitLibrary();
    sdk::ConnectionSpec spec = in;
    if (spec.port == 0) {
        spec.port = default_port;
    }
    if (spec.host.empty()) {
        return sdk::Status::InvalidArgument(dialect_name + " connection: host is empty");
    }
    int timeout_ms = spec.connect_timeout_ms;
    std::string opt_timeout = spec.Option("connect_timeout_ms");
    if (!opt_timeout.empty()) {
        timeout_ms = std::atoi(opt_timeout.c_str());
    }
    const std::string who = dialect_name + " connection to " + spec.host + ":" + std::to_string(spec.port) +
                            ", database '" + spec.database + "', user '" + spec.user + "'";

    MYSQL* m = mysql_init(nullptr);
    if (m == nullptr) {
        return sdk::Status::Internal(who + ": mysql_init failed (out of memory)");
    }
    unsigned int connect_s = TimeoutSeconds(timeout_ms);
    if (connect_s > 0) {
        mysql_options(m, MYSQL_OPT_CONNECT_TIMEOUT, &connect_s);
    }
    // The connect timeout also bounds the wait for the server's greeting (a listener that never answers
    // fails in time). Socket read/write timeouts are opt-in because they would also cut long statements
    // (ExecuteOptions::timeout_ms bounds those instead).
    unsigned int socket_s = TimeoutSeconds(std::atoi(spec.Option("socket_timeout_ms", "0").c_str()));
    if (socket_s > 0) {
        mysql_options(m, MYSQL_OPT_READ_TIMEOUT, &socket_s);
        mysql_options(m, MYSQL_OPT_WRITE_TIMEOUT, &socket_s);
    }
    unsigned int protocol = MYSQL_PROTOCOL_TCP;  // "localhost" means TCP, as in JDBC
    mysql_options(m, MYSQL_OPT_PROTOCOL, &protocol);
    std::string charset = spec.Option("charset", "utf8mb4");
    mysql_options(m, MYSQL_SET_CHARSET_NAME, charset.c_str());
    unsigned int local_infile = 1;
    mysql_options(m, MYSQL_OPT_LOCAL_INFILE, &local_infile);

    auto started = std::chrono::steady_clock::now();
    // CLIENT_FOUND_ROWS: UPDATE reports matched rows, as Oracle and PostgreSQL do.
    if (mysql_real_connect(m, spec.host.c_str(), spec.user.c_str(), spec.password.c_str(),
                           spec.database.empty() ? nullptr : spec.database.c_str(),
                           static_cast<unsigned int>(spec.port), nullptr,
                           CLIENT_FOUND_ROWS | CLIENT_MULTI_RESULTS) == nullptr) {
        MysqlError err = ErrorOf(m);
        mysql_close(m);
        double elapsed_ms =
            std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - started).count();
        std::string msg = who + " failed: " + err.ToString();
        switch (err.code) {
            case ER_ACCESS_DENIED_ERROR:
            case ER_DBACCESS_DENIED_ERROR:
            case ER_ACCESS_DENIED_NO_PASSWORD_ERROR:
                return sdk::Status::Unauthenticated(msg);
            case ER_BAD_DB_ERROR:
                return sdk::Status::NotFound(msg);
            default:
                break;
        }
        bool timed_out = err.message.find("imeout") != std::string::npos ||
                         err.message.find("timed out") != std::string::npos ||
                         (connect_s > 0 && elapsed_ms + 50 >= connect_s * 1000.0);
        if (timed_out) {
            return sdk::Status::DeadlineExceeded(msg + " (connect timeout " + std::to_string(timeout_ms) + " ms)");
        }
        return sdk::Status::Unavailable(msg);
    }
    std::unique_ptr<MysqlConnection> conn(new MysqlConnection(m, spec, dialect_name));
    conn->thread_id_ = mysql_thread_id(m);
    mysql_set_local_infile_handler(m, InfileInit, InfileRead, InfileEnd, InfileError, &conn->infile_);
    // TIMESTAMP values are read and written as UTC instants; DATETIME is unaffected.
    MysqlError err;
    sdk::Status st = conn->Run("SET time_zone = '+00:00'", &err);
    if (!st.ok()) {
        return st.WithContext(who);
    }
    if (!spec.schema.empty()) {
        DBB_RETURN_IF_ERROR(conn->SetSchema(spec.schema));
    }
    return conn;
}

sdk::Status MysqlConnection::Run(const std::string& sql, MysqlError* error) {
    if (mysql_real_query(mysql_, sql.data(), sql.size()) != 0) {
        MysqlError err = ErrorOf(mysql_);
        if (error != nullptr) {
            *error = err;
        }
        return StatusOf(err, Where() + ": " + sql);
    }
    // Discard any result so the connection is ready for the next statement.
    do {
        MYSQL_RES* res = mysql_use_result(mysql_);
        if (res != nullptr) {
            mysql_free_result(res);
        }
    } while (mysql_more_results(mysql_) && mysql_next_result(mysql_) == 0);
    return sdk::Status::Ok();
}

sdk::Result<sdk::PingResult> MysqlConnection::Ping(const std::string& ping_sql) noexcept {
    return sdk::util::NoThrow(
        [&]() -> sdk::Result<sdk::PingResult> {
            std::string sql = ping_sql.empty() ? "show databases" : ping_sql;
            auto started = std::chrono::steady_clock::now();
            if (mysql_real_query(mysql_, sql.data(), sql.size()) != 0) {
                MysqlError err = ErrorOf(mysql_);
                std::string msg = "ping on " + Where() + " with '" + sql + "' failed: " + err.ToString();
                return err.ConnectionLost() ? sdk::Status::Unavailable(msg) : sdk::Status::InvalidArgument(msg);
            }
            do {
                MYSQL_RES* res = mysql_use_result(mysql_);
                if (res != nullptr) {
                    while (mysql_fetch_row(res) != nullptr) {
                    }
                    mysql_free_result(res);
                }
            } while (mysql_more_results(mysql_) && mysql_next_result(mysql_) == 0);
            sdk::PingResult result;
            result.latency_ms =
                std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - started).count();
            result.server_version = mysql_get_server_info(mysql_);
            return result;
        },
        "ping: ");
}

sdk::Result<std::string> MysqlConnection::ServerVersion() noexcept {
    const char* v = mysql_get_server_info(mysql_);
    return std::string(v == nullptr ? "" : v);
}

sdk::Result<std::vector<sdk::Record>> MysqlConnection::QueryRows(const std::string& sql,
                                                                 const std::vector<sdk::Value>& params,
                                                                 const std::string& what) {
    MysqlStatement stmt(mysql_);
    ParamSet ps;
    ps.Reset(params.size());
    for (std::size_t i = 0; i < params.size(); ++i) {
        DBB_RETURN_IF_ERROR(ps.Set(i, params[i]));
    }
    if (!stmt.Prepare(sql) || !stmt.Execute(&ps)) {
        return StatusOf(stmt.error(), what + " on " + Where());
    }
    std::vector<sdk::Record> rows;
    sdk::Record row;
    for (;;) {
        int rc = stmt.Fetch(row);
        if (rc < 0) {
            return StatusOf(stmt.error(), what + " on " + Where());
        }
        if (rc == 0) {
            break;
        }
        rows.push_back(row);
    }
    return rows;
}

sdk::Result<bool> MysqlConnection::LocalInfileAllowed() {
    DBB_ASSIGN_OR_RETURN(auto rows, QueryRows("SELECT @@GLOBAL.local_infile", {}, "reading local_infile"));
    return !rows.empty() && !rows.front().empty() && rows.front()[0].i != 0;
}

sdk::Result<std::vector<std::string>> MysqlConnection::ListSchemas() noexcept {
    return sdk::util::NoThrow(
        [&]() -> sdk::Result<std::vector<std::string>> {
            DBB_ASSIGN_OR_RETURN(
                auto rows, QueryRows("SELECT schema_name FROM information_schema.schemata ORDER BY schema_name", {},
                                     "listing databases"));
            std::vector<std::string> out;
            for (const auto& r : rows) {
                out.push_back(r[0].s);
            }
            return out;
        },
        "listing databases: ");
}

sdk::Result<std::vector<sdk::TableInfo>> MysqlConnection::ListTables(const std::string& schema) noexcept {
    return sdk::util::NoThrow(
        [&]() -> sdk::Result<std::vector<sdk::TableInfo>> {
            DBB_ASSIGN_OR_RETURN(auto rows,
                                 QueryRows("SELECT table_schema, table_name, table_type FROM information_schema.tables "
                                           "WHERE table_schema = COALESCE(?, DATABASE()) ORDER BY table_name",
                                           {schema.empty() ? sdk::Value::Null() : sdk::Value::Text(schema)},
                                           "listing tables of '" + (schema.empty() ? spec_.database : schema) + "'"));
            std::vector<sdk::TableInfo> out;
            for (const auto& r : rows) {
                sdk::TableInfo t;
                t.schema = r[0].s;
                t.name = r[1].s;
                t.type = r[2].s.find("VIEW") != std::string::npos ? "VIEW" : "TABLE";
                out.push_back(std::move(t));
            }
            return out;
        },
        "listing tables: ");
}

sdk::Result<std::vector<sdk::ColumnInfo>> MysqlConnection::ListColumns(const std::string& table) noexcept {
    return sdk::util::NoThrow([&]() -> sdk::Result<std::vector<sdk::ColumnInfo>> { return ListColumnsImpl(table); },
                              ("listing columns of '" + table + "': ").c_str());
}

namespace {

// "db.tbl" / "tbl" (backticks allowed): its parts, at most two.
sdk::Result<std::vector<std::string>> TableParts(const std::string& table) {
    auto parts = sdk::util::SplitQualifiedName(table, '`');
    if (!parts.ok()) {
        return parts.status().WithContext("table name '" + table + "'");
    }
    if (parts->size() > 2) {
        return sdk::Status::InvalidArgument("table name '" + table + "' has more than two parts (database.table)");
    }
    return parts;
}

}  // namespace

sdk::Result<std::vector<std::vector<std::string>>> MysqlConnection::UniqueKeys(const std::string& table) {
    auto parts = TableParts(table);
    if (!parts.ok()) {
        return parts.status();
    }
    sdk::Value schema = parts->size() == 2 ? sdk::Value::Text((*parts)[0]) : sdk::Value::Null();
    auto rows = QueryRows(
        "SELECT index_name, column_name FROM information_schema.statistics WHERE non_unique = 0 "
        "AND table_schema = COALESCE(?, DATABASE()) AND table_name = ? ORDER BY index_name, seq_in_index",
        {schema, sdk::Value::Text(parts->back())}, "reading the unique keys of '" + table + "'");
    if (!rows.ok()) {
        return rows.status();
    }
    std::vector<std::vector<std::string>> keys;
    std::string current;
    for (const auto& r : *rows) {
        if (keys.empty() || r[0].s != current) {
            current = r[0].s;
            keys.emplace_back();
        }
        keys.back().push_back(r[1].s);
    }
    return keys;
}

sdk::Result<std::vector<sdk::ColumnInfo>> MysqlConnection::ListColumnsImpl(const std::string& table) {
    auto parts = TableParts(table);
    if (!parts.ok()) {
        return parts.status();
    }
    sdk::Value schema = parts->size() == 2 ? sdk::Value::Text((*parts)[0]) : sdk::Value::Null();
    sdk::Value name = sdk::Value::Text(parts->back());
    DBB_ASSIGN_OR_RETURN(auto rows, QueryRows(kColumnsSql, {schema, name}, "listing columns of '" + table + "'"));
    if (rows.empty()) {
        std::string db = parts->size() == 2 ? (*parts)[0] : spec_.schema.empty() ? spec_.database : spec_.schema;
        return sdk::Status::NotFound("table '" + table + "' not found in database '" + db + "' on " + Where());
    }
    std::vector<sdk::ColumnInfo> out;
    for (const auto& r : rows) {
        sdk::ColumnInfo c;
        c.name = r[0].s;
        c.native_type = r[1].s;
        c.nullable = r[2].s == "YES";
        c.jdbc_type = MapNativeType(c.native_type);
        auto as_int = [](const sdk::Value& v) -> int {
            if (v.kind == sdk::ValueKind::kInt) {
                return v.i > 0x7fffffff ? 0x7fffffff : static_cast<int>(v.i);
            }
            if (v.kind == sdk::ValueKind::kDecimal) {
                return 0x7fffffff;  // LONGTEXT/LONGBLOB lengths exceed int
            }
            return 0;
        };
        if (!r[4].is_null()) {
            c.precision = as_int(r[4]);
            c.scale = as_int(r[5]);
        } else if (!r[6].is_null()) {
            c.precision = as_int(r[6]);
        } else if (!r[7].is_null()) {
            c.scale = as_int(r[7]);
        }
        out.push_back(std::move(c));
    }
    return out;
}

sdk::Status MysqlConnection::SetSchema(const std::string& schema) noexcept {
    return sdk::util::NoThrow(
        [&]() -> sdk::Status {
            auto quoted = sdk::util::QuoteQualifiedName(schema, '`', kMaxIdentifier);
            if (!quoted.ok()) {
                return quoted.status().WithContext("database name");
            }
            if (quoted->find("`.`") != std::string::npos) {
                return sdk::Status::InvalidArgument("database name '" + schema + "' must have one part");
            }
            MysqlError err;
            sdk::Status st = Run("USE " + *quoted, &err);
            if (!st.ok()) {
                if (err.code == ER_BAD_DB_ERROR) {
                    return sdk::Status::NotFound("database '" + schema + "' not found on " + Where());
                }
                if (err.code == ER_DBACCESS_DENIED_ERROR) {
                    return sdk::Status::Unauthenticated("user '" + spec_.user + "' may not use database '" + schema +
                                                        "' on " + Where() + ": " + err.message);
                }
                return st;
            }
            spec_.schema = schema;
            return sdk::Status::Ok();
        },
        "set schema: ");
}

sdk::Result<sdk::ExecuteResult> MysqlConnection::StatementFailed(const MysqlError& error) {
    if (error.ConnectionLost()) {
        return sdk::Status::Unavailable("connection to " + Where() + " lost: " + error.ToString());
    }
    if (IsTimeoutError(error.code) && timed_out_) {
        return sdk::Status::DeadlineExceeded("statement on " + Where() + " exceeded its timeout and was killed");
    }
    if (IsTimeoutError(error.code) && cancelled_) {
        return sdk::Status::Cancelled("statement on " + Where() + " was cancelled");
    }
    sdk::ExecuteResult r;
    r.failed = true;
    r.error_code = std::to_string(error.code);
    r.sql_state = error.sql_state;
    r.error_message = error.message;
    return r;
}

sdk::Result<sdk::ExecuteResult> MysqlConnection::Execute(const std::string& sql,
                                                         const std::vector<sdk::BindValue>& binds, sdk::RowSink* sink,
                                                         const sdk::ExecuteOptions& options) noexcept {
    return sdk::util::NoThrow(
        [&]() -> sdk::Result<sdk::ExecuteResult> {
            timed_out_ = false;
            cancelled_ = false;
            Watchdog watchdog(options.timeout_ms, [this] {
                timed_out_ = true;
                KillQuery();
            });
            if (binds.empty()) {
                return ExecuteText(sql, sink);
            }
            return ExecutePrepared(sql, binds, sink);
        },
        ("execute on " + Where() + ": ").c_str());
}

sdk::Result<sdk::ExecuteResult> MysqlConnection::ExecuteText(const std::string& sql, sdk::RowSink* sink) {
    if (mysql_real_query(mysql_, sql.data(), sql.size()) != 0) {
        return StatementFailed(ErrorOf(mysql_));
    }
    sdk::ExecuteResult result;
    bool first = true;
    do {
        if (mysql_field_count(mysql_) == 0) {
            if (first) {
                result.affected_rows = static_cast<std::int64_t>(mysql_affected_rows(mysql_));
            }
            first = false;
            continue;
        }
        MYSQL_RES* res = mysql_use_result(mysql_);
        if (res == nullptr) {
            return StatementFailed(ErrorOf(mysql_));
        }
        if (!first) {  // extra result sets (a procedure's) are read and dropped
            mysql_free_result(res);
            continue;
        }
        first = false;
        result.has_rows = true;
        MY_CHARSET_INFO cs{};
        mysql_get_character_set_info(mysql_, &cs);
        unsigned int n = mysql_num_fields(res);
        MYSQL_FIELD* fields = mysql_fetch_fields(res);
        std::vector<sdk::ColumnInfo> columns;
        std::vector<FieldCodec> codecs;
        for (unsigned int i = 0; i < n; ++i) {
            columns.push_back(ColumnInfoForField(fields[i], cs.mbmaxlen));
            codecs.push_back(CodecForField(fields[i]));
        }
        if (sink != nullptr) {
            sdk::Status st = sink->OnColumns(columns);
            if (!st.ok()) {
                mysql_free_result(res);
                return st;
            }
        }
        sdk::Record row(n);
        bool stopped = false;
        MYSQL_ROW r;
        while ((r = mysql_fetch_row(res)) != nullptr) {
            const unsigned long* lengths = mysql_fetch_lengths(res);
            for (unsigned int i = 0; i < n; ++i) {
                ConvertTextField(codecs[i], r[i], lengths[i], row[i]);
            }
            ++result.row_count;
            if (sink != nullptr && !sink->OnRow(row)) {
                stopped = true;
                break;
            }
        }
        if (!stopped && mysql_errno(mysql_) != 0) {
            MysqlError err = ErrorOf(mysql_);
            mysql_free_result(res);
            return StatementFailed(err);
        }
        mysql_free_result(res);
    } while (mysql_more_results(mysql_) && mysql_next_result(mysql_) == 0);
    if (mysql_errno(mysql_) != 0) {
        return StatementFailed(ErrorOf(mysql_));
    }
    return result;
}

sdk::Result<sdk::ExecuteResult> MysqlConnection::ExecutePrepared(const std::string& sql,
                                                                 const std::vector<sdk::BindValue>& binds,
                                                                 sdk::RowSink* sink) {
    MysqlStatement stmt(mysql_);
    if (!stmt.Prepare(sql)) {
        return StatementFailed(stmt.error());
    }
    if (stmt.ParamCount() != binds.size()) {
        return sdk::Status::InvalidArgument("statement has " + std::to_string(stmt.ParamCount()) +
                                            " placeholders but " + std::to_string(binds.size()) +
                                            " bind values were given");
    }
    std::vector<sdk::Value> values;
    values.reserve(binds.size());
    for (const auto& b : binds) {
        const bool boolean = b.type == sdk::JdbcType::kBoolean || b.type == sdk::JdbcType::kBit;
        values.push_back(boolean && b.value.kind == sdk::ValueKind::kText ? BoolFromText(b.value) : b.value);
    }
    ParamSet ps;
    ps.Reset(binds.size());
    for (std::size_t i = 0; i < binds.size(); ++i) {
        sdk::Status st = ps.Set(i, values[i], binds[i].type);
        if (!st.ok()) {
            return st.WithContext("bind '@" + binds[i].name + "'");
        }
    }
    if (!stmt.Execute(&ps)) {
        return StatementFailed(stmt.error());
    }
    sdk::ExecuteResult result;
    if (!stmt.HasResult()) {
        result.affected_rows = static_cast<std::int64_t>(stmt.AffectedRows());
        return result;
    }
    result.has_rows = true;
    if (sink != nullptr) {
        DBB_RETURN_IF_ERROR(sink->OnColumns(stmt.Columns()));
    }
    sdk::Record row;
    for (;;) {
        int rc = stmt.Fetch(row);
        if (rc < 0) {
            return StatementFailed(stmt.error());
        }
        if (rc == 0) {
            break;
        }
        ++result.row_count;
        if (sink != nullptr && !sink->OnRow(row)) {
            break;
        }
    }
    return result;
}

sdk::Status MysqlConnection::Begin() noexcept {
    return sdk::util::NoThrow([&]() -> sdk::Status { return Run("START TRANSACTION"); });
}

sdk::Status MysqlConnection::Commit() noexcept {
    return sdk::util::NoThrow([&]() -> sdk::Status { return Run("COMMIT"); });
}

sdk::Status MysqlConnection::Rollback() noexcept {
    return sdk::util::NoThrow([&]() -> sdk::Status { return Run("ROLLBACK"); });
}

sdk::Result<std::string> MysqlConnection::QuoteTable(const std::string& name) {
    auto parts = sdk::util::SplitQualifiedName(name, '`');
    if (!parts.ok()) {
        return parts.status().WithContext("table name '" + name + "'");
    }
    if (parts->size() > 2) {
        return sdk::Status::InvalidArgument("table name '" + name + "' has more than two parts (database.table)");
    }
    auto quoted = sdk::util::QuoteQualifiedName(name, '`', kMaxIdentifier);
    if (!quoted.ok()) {
        return quoted.status().WithContext("table name '" + name + "'");
    }
    return quoted;
}

sdk::Result<std::string> MysqlConnection::BuildSelect(const sdk::ReadSpec& spec) const {
    if (!spec.query_sql.empty()) {
        return StripTrailingSemicolons(spec.query_sql);
    }
    if (spec.table.empty()) {
        return sdk::Status::InvalidArgument("read spec has neither a table nor querySql");
    }
    auto table = QuoteTable(spec.table);
    if (!table.ok()) {
        return table.status();
    }
    std::string columns;
    if (spec.columns.empty() || (spec.columns.size() == 1 && spec.columns[0] == "*")) {
        columns = "*";
    } else {
        // DataX semantics: column entries are the job author's SQL (names, constants, expressions).
        for (const auto& c : spec.columns) {
            if (c == "*") {
                return sdk::Status::InvalidArgument("column '*' must be the only column of table '" + spec.table + "'");
            }
            if (!columns.empty()) {
                columns += ',';
            }
            columns += c;
        }
    }
    std::string sql = "SELECT " + columns + " FROM " + *table;
    std::vector<std::string> conds;
    std::string where = StripTrailingSemicolons(spec.where);
    if (!where.empty()) {
        conds.push_back("(" + where + ")");
    }
    if (spec.has_range || spec.null_range) {
        if (spec.split_pk.empty()) {
            return sdk::Status::InvalidArgument("split range given without splitPk for table '" + spec.table + "'");
        }
        auto pk = KeySql(spec.split_pk);
        if (!pk.ok()) {
            return pk.status().WithContext("splitPk");
        }
        if (spec.null_range) {
            conds.push_back(*pk + " IS NULL");
        } else {
            conds.push_back(*pk + " >= " + std::to_string(spec.range_lower) + " AND " + *pk +
                            (spec.upper_inclusive ? " <= " : " < ") + std::to_string(spec.range_upper));
        }
    }
    for (std::size_t i = 0; i < conds.size(); ++i) {
        sql += i == 0 ? " WHERE " : " AND ";
        sql += conds[i];
    }
    return sql;
}

sdk::Result<std::unique_ptr<sdk::RecordReader>> MysqlConnection::OpenReader(const sdk::ReadSpec& spec) noexcept {
    return sdk::util::NoThrow(
        [&]() -> sdk::Result<std::unique_ptr<sdk::RecordReader>> {
            DBB_ASSIGN_OR_RETURN(auto sql, BuildSelect(spec));
            std::string what = spec.query_sql.empty() ? "table '" + spec.table + "'" : "querySql";
            if (mysql_real_query(mysql_, sql.data(), sql.size()) != 0) {
                MysqlError err = ErrorOf(mysql_);
                std::string msg = "reading " + what + " on " + Where() + ": " + err.ToString() + "; SQL: " + sql;
                if (err.ConnectionLost()) {
                    return sdk::Status::Unavailable(msg);
                }
                if (err.code == ER_NO_SUCH_TABLE) {
                    return sdk::Status::NotFound(msg);
                }
                return sdk::Status::InvalidArgument(msg);
            }
            MYSQL_RES* res = mysql_use_result(mysql_);
            if (res == nullptr) {
                if (mysql_errno(mysql_) != 0) {
                    return StatusOf(ErrorOf(mysql_), "reading " + what + " on " + Where());
                }
                return sdk::Status::InvalidArgument("reading " + what + ": the statement returns no rows: " + sql);
            }
            return std::unique_ptr<sdk::RecordReader>(new MysqlReader(*this, res, what));
        },
        "open reader: ");
}

sdk::Result<std::optional<std::pair<std::int64_t, std::int64_t>>> MysqlConnection::SplitRange(
    const sdk::ReadSpec& spec) noexcept {
    return sdk::util::NoThrow(
        [&]() -> sdk::Result<std::optional<std::pair<std::int64_t, std::int64_t>>> {
            if (spec.split_pk.empty() || spec.table.empty()) {
                return sdk::Status::InvalidArgument("splitPk needs a table and a split column");
            }
            auto table = QuoteTable(spec.table);
            if (!table.ok()) {
                return table.status();
            }
            auto pk = KeySql(spec.split_pk);
            if (!pk.ok()) {
                return pk.status().WithContext("splitPk");
            }
            std::string sql = "SELECT MIN(" + *pk + "), MAX(" + *pk + ") FROM " + *table;
            std::string where = StripTrailingSemicolons(spec.where);
            if (!where.empty()) {
                sql += " WHERE (" + where + ")";
            }
            if (mysql_real_query(mysql_, sql.data(), sql.size()) != 0) {
                MysqlError err = ErrorOf(mysql_);
                std::string msg = "splitPk range of table '" + spec.table + "' on " + Where() + ": " + err.ToString();
                if (err.ConnectionLost()) {
                    return sdk::Status::Unavailable(msg);
                }
                return err.code == ER_NO_SUCH_TABLE ? sdk::Status::NotFound(msg) : sdk::Status::InvalidArgument(msg);
            }
            MYSQL_RES* res = mysql_store_result(mysql_);
            if (res == nullptr) {
                return StatusOf(ErrorOf(mysql_), "splitPk range of table '" + spec.table + "'");
            }
            MYSQL_ROW row = mysql_fetch_row(res);
            std::optional<std::pair<std::int64_t, std::int64_t>> out;
            std::string lo = row != nullptr && row[0] != nullptr ? row[0] : "";
            std::string hi = row != nullptr && row[1] != nullptr ? row[1] : "";
            bool has = row != nullptr && row[0] != nullptr && row[1] != nullptr;
            mysql_free_result(res);
            if (!has) {
                return out;
            }
            std::int64_t a = 0;
            std::int64_t b = 0;
            auto ra = std::from_chars(lo.data(), lo.data() + lo.size(), a);
            auto rb = std::from_chars(hi.data(), hi.data() + hi.size(), b);
            if (ra.ec != std::errc() || ra.ptr != lo.data() + lo.size() || rb.ec != std::errc() ||
                rb.ptr != hi.data() + hi.size()) {
                return sdk::Status::InvalidArgument("splitPk '" + spec.split_pk + "' of table '" + spec.table +
                                                    "' must be an integer column within BIGINT range (min '" + lo +
                                                    "', max '" + hi + "')");
            }
            out = std::make_pair(a, b);
            return out;
        },
        "split range: ");
}

sdk::Result<std::unique_ptr<sdk::RecordWriter>> MysqlConnection::OpenWriter(const sdk::WriteSpec& spec) noexcept {
    return sdk::util::NoThrow(
        [&]() -> sdk::Result<std::unique_ptr<sdk::RecordWriter>> {
            DBB_ASSIGN_OR_RETURN(auto writer, MysqlWriter::Open(*this, spec));
            return std::unique_ptr<sdk::RecordWriter>(std::move(writer));
        },
        "open writer: ");
}

void MysqlConnection::KillQuery() noexcept {
    unsigned long id = thread_id_.load();
    if (id == 0) {
        return;
    }
    MYSQL* k = mysql_init(nullptr);
    if (k == nullptr) {
        return;
    }
    unsigned int t = kKillConnectTimeoutS;
    mysql_options(k, MYSQL_OPT_CONNECT_TIMEOUT, &t);
    mysql_options(k, MYSQL_OPT_READ_TIMEOUT, &t);
    mysql_options(k, MYSQL_OPT_WRITE_TIMEOUT, &t);
    unsigned int protocol = MYSQL_PROTOCOL_TCP;
    mysql_options(k, MYSQL_OPT_PROTOCOL, &protocol);
    if (mysql_real_connect(k, spec_.host.c_str(), spec_.user.c_str(), spec_.password.c_str(), nullptr,
                           static_cast<unsigned int>(spec_.port), nullptr, 0) != nullptr) {
        std::string sql = "KILL QUERY " + std::to_string(id);
        mysql_real_query(k, sql.data(), sql.size());
    }
    mysql_close(k);
}

void MysqlConnection::Cancel() noexcept {
    cancelled_ = true;
    KillQuery();
}

}  // namespace dbbridge::mysql
