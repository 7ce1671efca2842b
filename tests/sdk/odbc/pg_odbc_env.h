#pragma once
// psqlODBC against the test PostgreSQL: connection strings from DBBRIDGE_TEST_PG and
// DBBRIDGE_TEST_ODBC_DRIVER, a throw-away database per test binary. Header-only so the ODBC plugin
// tests (which link only their plugin and test support) can share it.

#include <gtest/gtest.h>
#include <unistd.h>

#include <memory>
#include <string>

#include "dbbridge/odbc/odbc_connection.h"
#include "dbbridge/odbc/oracle_dictionary_sql.h"
#include "dbbridge/sdk/util/sql_text.h"
#include "tests/sdk/odbc/oracle_dictionary_views.h"
#include "tests/support/test_db.h"

namespace dbbridge::testing {

struct PgTarget {
    std::string host;
    std::string port;
    std::string user;
    std::string password;
    std::string database;
};

// postgresql://user:password@host:port/db
inline PgTarget ParsePgUrl(const std::string& url) {
    DbUrl u = ParseDbUrl(url);
    return PgTarget{u.host, std::to_string(u.port), u.user, u.password, u.database};
}

// Streaming (UseDeclareFetch) and real booleans (BoolsAsChar=0), as docs/databases.md recommends.
// extra: more attributes, e.g. "Protocol=7.4-0;" for writers (see docs/databases.md: psqlODBC's
// default statement-level rollback releases the writer's savepoints).
inline std::string PgOdbcString(const std::string& driver, const PgTarget& t, const std::string& database,
                                const std::string& password_override = "", const std::string& extra = "") {
    return "Driver={" + driver + "};Server=" + t.host + ";Port=" + t.port + ";Database=" + database +
           ";Uid=" + t.user + ";Pwd=" + (password_override.empty() ? t.password : password_override) +
           ";UseDeclareFetch=1;Fetch=10000;BoolsAsChar=0;" + extra;
}

// A DialectSql for plain PostgreSQL behind ODBC: Oracle dictionary SQL (tests create the views),
// no session set-up.
class PgTestSql final : public odbc::OracleDictionarySql {
public:
    std::string DialectName() const override { return "PGTEST"; }
    std::vector<std::string> DefaultSessionInit() const override { return {}; }
    sdk::JdbcType MapNativeType(const std::string&) const override { return sdk::JdbcType::kOther; }
};

inline std::unique_ptr<sdk::Connection> OpenPg(const std::string& cs) {
    sdk::ConnectionSpec spec;
    auto conn = odbc::OdbcConnection::Open(cs, std::make_shared<PgTestSql>(), spec);
    if (!conn.ok()) {
        ADD_FAILURE() << conn.status().message();
        return nullptr;
    }
    return std::move(*conn);
}

// A database created for one test binary and dropped (WITH FORCE) when it goes away.
class ScratchDatabase {
public:
    ScratchDatabase(const std::string& driver, const PgTarget& target, const std::string& prefix)
        : driver_(driver), target_(target), name_(prefix + std::to_string(::getpid())) {
        admin_ = OpenPg(PgOdbcString(driver_, target_, target_.database));
        if (admin_) {
            (void)admin_->Execute("DROP DATABASE IF EXISTS " + name_ + " WITH (FORCE)", {}, nullptr, {});
            auto r = admin_->Execute("CREATE DATABASE " + name_, {}, nullptr, {});
            ok_ = r.ok() && !r->failed;
            if (!ok_) {
                ADD_FAILURE() << "CREATE DATABASE " << name_ << ": "
                              << (r.ok() ? r->error_message : r.status().message());
            }
        }
    }
    ~ScratchDatabase() {
        if (admin_) {
            (void)admin_->Execute("DROP DATABASE IF EXISTS " + name_ + " WITH (FORCE)", {}, nullptr, {});
        }
    }
    bool ok() const { return ok_; }
    const std::string& name() const { return name_; }
    std::string ConnectionString() const { return PgOdbcString(driver_, target_, name_); }

private:
    std::string driver_;
    PgTarget target_;
    std::string name_;
    std::unique_ptr<sdk::Connection> admin_;
    bool ok_ = false;
};

}  // namespace dbbridge::testing
