#pragma once
// The body of POST /api/datasource/save for a test server URL (mysql://... or postgresql://...).

#include <string>

#include "tests/support/test_db.h"
#include "tests/support/test_env.h"

namespace dbbridge::testing {

inline std::string DatasourceBody(const std::string& name, const std::string& url) {
    DbUrl u = ParseDbUrl(url);
    std::string type = u.scheme == "mysql" ? "MYSQL" : "POSTGRESQL";
    return "{\"source_name\":\"" + name + "\",\"description\":\"test\",\"db_type\":\"" + type + "\",\"host\":\"" +
           u.host + "\",\"port\":" + std::to_string(u.port) + ",\"db_name\":\"" + u.database + "\",\"username\":\"" +
           u.user + "\",\"password\":\"" + u.password + "\"}";
}

// The test servers' URLs from DBBRIDGE_TEST_MYSQL / DBBRIDGE_TEST_PG; false when either is unset.
inline bool TestServerUrls(std::string& my, std::string& pg) {
    auto m = EnvVar("DBBRIDGE_TEST_MYSQL");
    auto p = EnvVar("DBBRIDGE_TEST_PG");
    if (!m || !p) return false;
    my = *m;
    pg = *p;
    return true;
}

inline constexpr const char* kNoTestServers = "DBBRIDGE_TEST_MYSQL / DBBRIDGE_TEST_PG are not set (scripts/db-up.sh sets them)";

}  // namespace dbbridge::testing
