#include "core/store/store_session.h"

#include <Poco/Data/LOB.h>
#include <Poco/Data/RecordSet.h>
#include <Poco/Data/Session.h>
#include <Poco/Data/Statement.h>
#include <Poco/Exception.h>

#include <cstdlib>
#include <exception>

namespace dbbridge::core {

namespace {

// Backend messages for a violated UNIQUE / PRIMARY KEY constraint.
bool IsUniqueViolation(const std::string& text) {
    for (const char* marker : {"UNIQUE constraint failed", "Duplicate entry", "duplicate key value", "23505"}) {
        if (text.find(marker) != std::string::npos) {
            return true;
        }
    }
    return false;
}

void BindAll(Poco::Data::Statement& st, const std::vector<StoreValue>& params) {
    using Poco::Data::Keywords::bind;
    for (const auto& p : params) {
        if (std::holds_alternative<std::int64_t>(p)) {
            st, bind(static_cast<Poco::Int64>(std::get<std::int64_t>(p)));
        } else if (std::holds_alternative<std::string>(p)) {
            st, bind(std::get<std::string>(p));
        } else {
            st, Poco::Data::Keywords::use(Poco::Data::Keywords::null);
        }
    }
}

}  // namespace

std::int64_t StoreRow::Int(std::size_t i) const {
    const auto& c = cells_.at(i);
    if (!c || c->empty()) {
        return 0;
    }
    return std::strtoll(c->c_str(), nullptr, 10);
}

std::string StoreSession::Placeholders(const std::string& sql, StoreBackend backend) {
    if (backend != StoreBackend::kPostgres) {
        return sql;
    }
    std::string out;
    out.reserve(sql.size() + 8);
    int n = 0;
    bool in_literal = false;
    for (char c : sql) {
        if (c == '\'') {
            in_literal = !in_literal;  // '' inside a literal toggles twice: still correct
        }
        if (c == '?' && !in_literal) {
            out += "$" + std::to_string(++n);
        } else {
            out += c;
        }
    }
    return out;
}

bool StoreSession::LostConnection(const std::string& what) {
    bool connected = true;
    try {
        connected = session_.isConnected();
    } catch (...) {
        connected = false;
    }
    // libpq and libmariadb say so in these words when the server side of a session is gone.
    for (const char* sign : {"server closed the connection", "no connection to the server", "terminating connection",
                             "Lost connection to", "server has gone away", "Can't connect to", "could not connect",
                             "Connection refused"}) {
        if (what.find(sign) != std::string::npos) {
            return true;
        }
    }
    return !connected;
}

sdk::Status StoreSession::Fail(const std::string& sql, const std::string& what, bool constraint) {
    if (constraint || IsUniqueViolation(what)) {
        return sdk::Status::AlreadyExists(what);
    }
    // Any other failure may be a lost connection; a fresh one costs little for a metadata store.
    broken_ = true;
    if (LostConnection(what)) {
        // The store went away (restart, network): a condition to retry, not a defect (HTTP 503).
        return sdk::Status::Unavailable(std::string("the metadata store does not answer (") + StoreBackendName(backend_) +
                                        "): " + what.substr(0, what.find('\n')));
    }
    std::string head = sql.substr(0, sql.find_first_of("(\n"));
    return sdk::Status::Internal(std::string("metadata store (") + StoreBackendName(backend_) + "): " + what +
                                 " [in: " + head + "]");
}

sdk::Result<std::int64_t> StoreSession::Execute(const std::string& sql, const std::vector<StoreValue>& params) {
    try {
        Poco::Data::Statement st(session_);
        st << Placeholders(sql, backend_);
        BindAll(st, params);
        return static_cast<std::int64_t>(st.execute());
    } catch (const Poco::Exception& e) {
        return Fail(sql, e.displayText(), false);
    } catch (const std::exception& e) {
        return Fail(sql, e.what(), false);
    }
}

sdk::Result<std::int64_t> StoreSession::Insert(const std::string& sql, const std::vector<StoreValue>& params) {
    if (backend_ == StoreBackend::kPostgres) {
        return QueryInt(sql + " RETURNING id", params);
    }
    auto done = Execute(sql, params);
    if (!done.ok()) {
        return done.status();
    }
    // Both are per-connection, so concurrent inserts on other sessions cannot interfere.
    return QueryInt(backend_ == StoreBackend::kSqlite ? "SELECT last_insert_rowid()" : "SELECT LAST_INSERT_ID()");
}

sdk::Result<std::vector<StoreRow>> StoreSession::Query(const std::string& sql, const std::vector<StoreValue>& params) {
    try {
        Poco::Data::Statement st(session_);
        st << Placeholders(sql, backend_);
        BindAll(st, params);
        st.execute();
        Poco::Data::RecordSet rs(st);
        std::vector<StoreRow> rows;
        const std::size_t ncols = rs.columnCount();
        const std::size_t nrows = rs.rowCount();
        rows.reserve(nrows);
        for (std::size_t r = 0; r < nrows; ++r) {
            std::vector<std::optional<std::string>> cells;
            cells.reserve(ncols);
            for (std::size_t c = 0; c < ncols; ++c) {
                if (rs.isNull(c, r)) {
                    cells.emplace_back(std::nullopt);
                    continue;
                }
                Poco::Dynamic::Var v = rs.value(c, r);
                cells.emplace_back(v.isEmpty() ? std::optional<std::string>() : v.convert<std::string>());
            }
            rows.emplace_back(std::move(cells));
        }
        return rows;
    } catch (const Poco::Exception& e) {
        return Fail(sql, e.displayText(), false);
    } catch (const std::exception& e) {
        return Fail(sql, e.what(), false);
    }
}

sdk::Result<std::int64_t> StoreSession::QueryInt(const std::string& sql, const std::vector<StoreValue>& params) {
    auto rows = Query(sql, params);
    if (!rows.ok()) {
        return rows.status();
    }
    if (rows->empty() || rows->front().size() == 0) {
        return std::int64_t{0};
    }
    return rows->front().Int(0);
}

}  // namespace dbbridge::core
