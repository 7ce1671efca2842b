#pragma once
// Runs setup SQL on the test servers named by DBBRIDGE_TEST_MYSQL / DBBRIDGE_TEST_PG URLs
// (mysql://user:pass@host:port/db, postgresql://...), through Poco Data.

#include <string>
#include <vector>

#include "dbbridge/sdk/connection.h"

namespace dbbridge::testing {

struct DbUrl {
    std::string scheme;  // "mysql" or "postgresql"
    std::string user;
    std::string password;
    std::string host;
    int port = 0;
    std::string database;
};

// Throws std::runtime_error for a URL not of that form. A missing port is the scheme's default.
DbUrl ParseDbUrl(const std::string& url);
// The URL's server, database and credentials as a ConnectionSpec for dialect.
sdk::ConnectionSpec ConnectionSpecFromUrl(const std::string& url, const std::string& dialect);

// Executes each statement in order; throws std::runtime_error with the server message on failure.
void ExecSql(const std::string& url, const std::vector<std::string>& statements);
// The first column of the first row as text ("" for no row / NULL).
std::string QueryScalar(const std::string& url, const std::string& sql);

}  // namespace dbbridge::testing
