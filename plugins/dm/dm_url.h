#pragma once
// DM JDBC URLs: jdbc:dm://host[:port][/schema][?schema=X&...]. DM has no databases inside an
// instance; the path (or the schema parameter) selects the schema.

#include <string>

#include "dbbridge/sdk/connection.h"

namespace dbbridge::dm {

inline constexpr int kDefaultDmPort = 5236;
inline constexpr const char* kDmJdbcPrefix = "jdbc:dm://";

// host, port, schema (and database, the same name), URL parameters in options.
sdk::Result<sdk::ConnectionSpec> ParseDmJdbcUrl(const std::string& url);
// "jdbc:dm://host:port" plus "?schema=X" when a schema (or database) is set.
std::string BuildDmJdbcUrl(const sdk::ConnectionSpec& spec);

}  // namespace dbbridge::dm
