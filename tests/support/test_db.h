#pragma once
// Runs setup SQL on the test servers named by DBBRIDGE_TEST_MYSQL / DBBRIDGE_TEST_PG URLs
// (mysql://user:pass@host:port/db, postgresql://...), through Poco Data.

#include <string>
#include <vector>

namespace dbbridge::testing {

struct DbUrl {
    std::string scheme;  // "mysql" or "postgresql"
    std::string user;
    std::string password;
    std::string host;
    int port = 0;
    std::string database;
};

DbUrl ParseDbUrl(const std::string& url);

// Executes each statement in order; throws std::runtime_error with the server message on failure.
void ExecSql(const std::string& url, const std::vector<std::string>& statements);
// The first column of the first row as text ("" for no row / NULL).
std::string QueryScalar(const std::string& url, const std::string& sql);

}  // namespace dbbridge::testing
