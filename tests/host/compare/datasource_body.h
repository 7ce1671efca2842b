#pragma once
// The body of POST /api/datasource/save for a test server URL (mysql://... or postgresql://...).

#include <string>

#include "tests/support/test_db.h"

namespace dbbridge::testing {

inline std::string DatasourceBody(const std::string& name, const std::string& url) {
    DbUrl u = ParseDbUrl(url);
    std::string type = u.scheme == "mysql" ? "MYSQL" : "POSTGRESQL";
    return "{\"source_name\":\"" + name + "\",\"description\":\"test\",\"db_type\":\"" + type + "\",\"host\":\"" +
           u.host + "\",\"port\":" + std::to_string(u.port) + ",\"db_name\":\"" + u.database + "\",\"username\":\"" +
           u.user + "\",\"password\":\"" + u.password + "\"}";
}

}  // namespace dbbridge::testing
