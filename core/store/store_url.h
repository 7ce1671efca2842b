#pragma once
// Parsing of store.url (dbbridge.yaml) into what Poco Data needs to open a session.

#include <string>

#include "dbbridge/sdk/status.h"

namespace dbbridge::core {

enum class StoreBackend { kSqlite, kPostgres, kMysql };

const char* StoreBackendName(StoreBackend backend);  // "sqlite", "postgresql", "mysql"

struct StoreTarget {
    StoreBackend backend = StoreBackend::kSqlite;
    std::string connector;          // Poco Data connector key: "SQLite", "PostgreSQL", "MySQL"
    std::string connection_string;  // in the connector's own syntax
    std::string sqlite_path;        // kSqlite: file path or ":memory:"
    std::string display;            // the URL without its password, for logs and errors
};

// Accepted forms:
//   sqlite:var/dbbridge.db        (relative to the working directory; sqlite:///abs/path also works)
//   sqlite::memory:               (a private in-memory database, for tests)
//   postgresql://user:pass@host:port/db[?sslmode=...]   (also postgres://)
//   mysql://user:pass@host:port/db
// user and password may be percent-encoded. Errors name the part of the URL that is wrong and
// never echo the password.
sdk::Result<StoreTarget> ParseStoreUrl(const std::string& url);

}  // namespace dbbridge::core
