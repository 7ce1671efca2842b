#pragma once
// One libpq connection with the session pinned to the formats the value codec expects, plus the
// small helpers every statement needs (result ownership, error details, Status mapping).
// Used by one thread at a time; Cancel() may be called from any thread.

#include <libpq-fe.h>

#include <atomic>
#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "dbbridge/sdk/connection.h"
#include "pg_types.h"

namespace dbbridge::postgres {

struct PgResultDeleter {
    void operator()(PGresult* r) const { PQclear(r); }
};
using PgResult = std::unique_ptr<PGresult, PgResultDeleter>;

// Details of a failed statement, from the server's error fields.
struct PgError {
    std::string sql_state;
    std::string message;  // primary message, plus " (detail)" when the server sent one
    std::string column;   // PG_DIAG_COLUMN_NAME, or the column named by a COPY context
    int copy_line = 0;    // "COPY t, line N": 1-based line of the failing row, 0 when unknown
};

// Extracts the error of r (or of conn when r is null).
PgError ErrorOf(const PGresult* r, PGconn* conn);

class PgSession;

// One column of a result description, with what decoding its values needs.
struct ResultColumn {
    sdk::ColumnInfo info;
    ValueDecoder decoder = ValueDecoder::kText;
    int fraction_digits = 6;
};

// Columns of a result or of a described prepared statement (non-built-in types looked up once).
std::vector<ResultColumn> DescribeResult(PgSession& session, const PGresult* r);

class PgSession {
public:
    // Connects with libpq and pins TimeZone UTC, DateStyle ISO/YMD, extra_float_digits 3 and
    // bytea_output hex. Unauthenticated for bad credentials, NotFound for a missing database,
    // Unavailable otherwise; messages name host:port, database and user, never the password.
    static sdk::Result<std::unique_ptr<PgSession>> Open(const sdk::ConnectionSpec& spec, int default_port);
    ~PgSession();
    PgSession(const PgSession&) = delete;
    PgSession& operator=(const PgSession&) = delete;

    PGconn* conn() const { return conn_; }
    // "host:port, database 'db', user 'u'" for messages.
    const std::string& where() const { return where_; }
    bool broken() const { return PQstatus(conn_) == CONNECTION_BAD; }

    // Runs a statement that returns no rows (no parameters). The error names what and the server text.
    sdk::Status Exec(const std::string& sql, const std::string& what);
    // Runs a statement with text parameters (nullopt = NULL); returns its rows or a Status.
    sdk::Result<PgResult> Query(const std::string& sql, const std::vector<std::optional<std::string>>& params,
                                const std::string& what);

    // Status for a failed statement: Unavailable when the connection is gone, otherwise by SQLSTATE.
    sdk::Status StatusOf(const PgError& error, const std::string& what) const;

    // format_type() spelling of a non-built-in type and whether it is an array (cached per OID).
    struct TypeName {
        std::string name;
        bool is_array = false;
    };
    const TypeName& LookupType(std::uint32_t type_oid);

    // Asks the server to cancel the running statement; safe from any thread.
    void Cancel();
    // True once Cancel() was called since the last ClearCancelled().
    bool cancelled() const { return cancelled_; }
    void ClearCancelled() { cancelled_ = false; }

private:
    PgSession(PGconn* conn, std::string where);

    PGconn* conn_;
    std::string where_;
    std::mutex cancel_mu_;
    PGcancel* cancel_ = nullptr;
    std::atomic<bool> cancelled_{false};
    std::map<std::uint32_t, TypeName> type_names_;
};

}  // namespace dbbridge::postgres
