#pragma once
// Parsing of host:port JDBC URLs ("jdbc:mysql://h:3306/db?useSSL=false").

#include <map>
#include <string>
#include <vector>

#include "dbbridge/sdk/status.h"

namespace dbbridge::sdk::util {

struct JdbcUrlParts {
    std::string host;
    int port = 0;  // 0 when the URL has none
    std::string database;  // path after the first '/', may be empty
    std::map<std::string, std::string> params;  // query parameters (also ';' separated ones)
};

// url must start with prefix (case-insensitive), e.g. "jdbc:mysql://". The first host of a
// comma-separated host list is used. Errors name the part that is wrong.
Result<JdbcUrlParts> ParseHostPortUrl(const std::string& url, const std::string& prefix);

// True when url starts with prefix, ignoring ASCII case.
bool StartsWithNoCase(const std::string& text, const std::string& prefix);

}  // namespace dbbridge::sdk::util
