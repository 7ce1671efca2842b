#include "pg_session.h"

#include <cstdlib>
#include <cstring>

namespace dbbridge::postgres {

using sdk::Status;

namespace {

std::string Trim(std::string s) {
    while (!s.empty() && (s.back() == '\n' || s.back() == ' ' || s.back() == '\r')) {
        s.pop_back();
    }
    return s;
}

std::string Field(const PGresult* r, int code) {
    const char* v = r ? PQresultErrorField(r, code) : nullptr;
    return v ? v : "";
}

// COPY contexts look like: COPY t, line 3, column name: "abc"   or   COPY t, line 3: "..."
void ParseCopyContext(const std::string& context, PgError& e) {
    std::size_t at = context.find("COPY ");
    if (at == std::string::npos) {
        return;
    }
    std::size_t line = context.find(", line ", at);
    if (line == std::string::npos) {
        return;
    }
    e.copy_line = std::atoi(context.c_str() + line + 7);
    std::size_t col = context.find(", column ", line);
    if (col != std::string::npos && e.column.empty()) {
        std::size_t start = col + 9;
        std::size_t end = context.find(':', start);
        e.column = context.substr(start, end == std::string::npos ? std::string::npos : end - start);
    }
}

}  // namespace

PgError ErrorOf(const PGresult* r, PGconn* conn) {
    PgError e;
    e.sql_state = Field(r, PG_DIAG_SQLSTATE);
    e.message = Field(r, PG_DIAG_MESSAGE_PRIMARY);
    if (e.message.empty()) {
        e.message = Trim(r ? PQresultErrorMessage(r) : "");
    }
    if (e.message.empty() && conn) {
        e.message = Trim(PQerrorMessage(conn));
    }
    std::string detail = Field(r, PG_DIAG_MESSAGE_DETAIL);
    if (!detail.empty()) {
        e.message += " (" + detail + ")";
    }
    e.column = Field(r, PG_DIAG_COLUMN_NAME);
    ParseCopyContext(Field(r, PG_DIAG_CONTEXT), e);
    return e;
}

sdk::Result<std::unique_ptr<PgSession>> PgSession::Open(const sdk::ConnectionSpec& spec, int default_port) {
    const int port = spec.port > 0 ? spec.port : default_port;
    const std::string port_text = std::to_string(port);
    // libpq takes whole seconds; round up so a 1500 ms budget is not cut to 1 s (libpq minimum is 2).
    const int timeout_s = spec.connect_timeout_ms > 0 ? (spec.connect_timeout_ms + 999) / 1000 : 0;
    const std::string timeout_text = std::to_string(timeout_s);
    std::string where = spec.host + ":" + port_text + ", database '" + spec.database + "', user '" + spec.user + "'";

    std::vector<const char*> keys;
    std::vector<const char*> values;
    // Values must outlive PQconnectdbParams: only named strings and literals are passed.
    auto add = [&](const char* k, const char* v) {
        if (*v != '\0') {
            keys.push_back(k);
            values.push_back(v);
        }
    };
    add("host", spec.host.c_str());
    add("port", port_text.c_str());
    add("dbname", spec.database.c_str());
    add("user", spec.user.c_str());
    add("password", spec.password.c_str());
    if (timeout_s > 0) {
        add("connect_timeout", timeout_text.c_str());
    }
    add("application_name", "dbbridge");
    add("client_encoding", "UTF8");
    const std::string sslmode = spec.Option("sslmode");
    add("sslmode", sslmode.c_str());
    keys.push_back(nullptr);
    values.push_back(nullptr);

    PGconn* conn = PQconnectdbParams(keys.data(), values.data(), 0);
    if (conn == nullptr) {
        return Status::Internal("libpq could not allocate a connection to " + where);
    }
    if (PQstatus(conn) != CONNECTION_OK) {
        std::string msg = Trim(PQerrorMessage(conn));
        PQfinish(conn);
        std::string text = "cannot connect to PostgreSQL at " + where + ": " + msg;
        // libpq reports no SQLSTATE for start-up failures; the server's texts are stable.
        if (msg.find("password authentication failed") != std::string::npos ||
            msg.find("authentication failed") != std::string::npos ||
            msg.find("no password supplied") != std::string::npos ||
            (msg.find("role \"") != std::string::npos && msg.find("does not exist") != std::string::npos)) {
            return Status::Unauthenticated(text);
        }
        if (msg.find("database \"") != std::string::npos && msg.find("does not exist") != std::string::npos) {
            return Status::NotFound(text);
        }
        if (msg.find("timeout expired") != std::string::npos) {
            return Status::DeadlineExceeded(text);
        }
        return Status::Unavailable(text);
    }
    std::unique_ptr<PgSession> session(new PgSession(conn, where));
    // One round trip pins every format the codecs rely on.
    DBB_RETURN_IF_ERROR(
        session->Exec("SET TimeZone = 'UTC'; SET DateStyle = 'ISO, YMD'; SET IntervalStyle = 'postgres'; "
                      "SET extra_float_digits = 3; SET bytea_output = 'hex'",
                      "setting up the session"));
    return session;
}

namespace {
// Server NOTICEs ("table ... does not exist, skipping") would go to stderr; statements that
// matter report errors through their results instead.
void IgnoreNotice(void*, const char*) {}
}  // namespace

PgSession::PgSession(PGconn* conn, std::string where) : conn_(conn), where_(std::move(where)) {
    PQsetNoticeProcessor(conn_, IgnoreNotice, nullptr);
    cancel_ = PQgetCancel(conn_);
}

PgSession::~PgSession() {
    {
        std::lock_guard<std::mutex> lock(cancel_mu_);
        if (cancel_) {
            PQfreeCancel(cancel_);
            cancel_ = nullptr;
        }
    }
    PQfinish(conn_);
}

void PgSession::Cancel() {
    std::lock_guard<std::mutex> lock(cancel_mu_);
    if (cancel_) {
        cancelled_ = true;
        char err[256];
        PQcancel(cancel_, err, sizeof err);
    }
}

Status PgSession::StatusOf(const PgError& e, const std::string& what) const {
    std::string text = what + " failed on " + where_ + ": " + e.message;
    if (!e.sql_state.empty()) {
        text += " [SQLSTATE " + e.sql_state + "]";
    }
    if (broken()) {
        return Status::Unavailable(text);
    }
    const std::string cls = e.sql_state.substr(0, 2);
    if (e.sql_state == "57014") {
        return cancelled_ ? Status::Cancelled(text) : Status::DeadlineExceeded(text);
    }
    if (e.sql_state == "42P01" || e.sql_state == "3F000" || e.sql_state == "42883") {
        return Status::NotFound(text);
    }
    if (cls == "28") {
        return Status::Unauthenticated(text);
    }
    if (cls == "22" || cls == "23") {
        return Status::DataError(text);
    }
    if (cls == "42") {
        return Status::InvalidArgument(text);
    }
    if (cls == "08" || cls == "57") {
        return Status::Unavailable(text);
    }
    return Status::Internal(text);
}

Status PgSession::Exec(const std::string& sql, const std::string& what) {
    PgResult r(PQexec(conn_, sql.c_str()));
    ExecStatusType st = r ? PQresultStatus(r.get()) : PGRES_FATAL_ERROR;
    if (st == PGRES_COMMAND_OK || st == PGRES_TUPLES_OK) {
        return Status::Ok();
    }
    return StatusOf(ErrorOf(r.get(), conn_), what);
}

sdk::Result<PgResult> PgSession::Query(const std::string& sql, const std::vector<std::optional<std::string>>& params,
                                       const std::string& what) {
    std::vector<const char*> values;
    values.reserve(params.size());
    for (const auto& p : params) {
        values.push_back(p ? p->c_str() : nullptr);
    }
    PgResult r(
        PQexecParams(conn_, sql.c_str(), static_cast<int>(values.size()), nullptr, values.data(), nullptr, nullptr, 0));
    ExecStatusType st = r ? PQresultStatus(r.get()) : PGRES_FATAL_ERROR;
    if (st == PGRES_COMMAND_OK || st == PGRES_TUPLES_OK) {
        return r;
    }
    return StatusOf(ErrorOf(r.get(), conn_), what);
}

const PgSession::TypeName& PgSession::LookupType(std::uint32_t type_oid) {
    auto it = type_names_.find(type_oid);
    if (it != type_names_.end()) {
        return it->second;
    }
    TypeName tn;
    tn.name = "oid " + std::to_string(type_oid);
    auto r = Query("SELECT format_type(oid, NULL), typcategory = 'A' FROM pg_catalog.pg_type WHERE oid = $1",
                   {std::to_string(type_oid)}, "type lookup");
    if (r.ok() && PQntuples(r->get()) == 1) {
        tn.name = PQgetvalue(r->get(), 0, 0);
        tn.is_array = PQgetvalue(r->get(), 0, 1)[0] == 't';
    }
    return type_names_.emplace(type_oid, tn).first->second;
}

std::vector<ResultColumn> DescribeResult(PgSession& session, const PGresult* r) {
    std::vector<ResultColumn> out;
    const int n = PQnfields(r);
    out.reserve(static_cast<std::size_t>(n));
    for (int i = 0; i < n; ++i) {
        ResultColumn c;
        const std::uint32_t type_oid = PQftype(r, i);
        const int typmod = PQfmod(r, i);
        c.info.name = PQfname(r, i);
        c.info.nullable = true;  // a result description does not say
        if (const PgTypeInfo* t = FindBuiltinType(type_oid)) {
            c.info.native_type = FormatBuiltinType(*t, typmod);
            c.info.jdbc_type = t->jdbc;
            c.decoder = t->decoder;
        } else {
            const PgSession::TypeName& tn = session.LookupType(type_oid);
            c.info.native_type = tn.name;
            c.info.jdbc_type = tn.is_array ? sdk::JdbcType::kArray : MapPgTypeName(tn.name);
            c.decoder = ValueDecoder::kText;
        }
        PrecisionOf(type_oid, typmod, c.info.precision, c.info.scale);
        c.fraction_digits = FractionDigits(typmod);
        out.push_back(std::move(c));
    }
    return out;
}

}  // namespace dbbridge::postgres
