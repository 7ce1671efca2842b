#pragma once
// JDBC URLs of the SQLITE dialect, as the xerial sqlite-jdbc driver writes them:
//   jdbc:sqlite:/var/data/app.db   jdbc:sqlite:relative/app.db   jdbc:sqlite:/data/app.db?journal_mode=WAL
// The path is the datasource's database; query parameters are dropped (they configure the Java
// driver). ":memory:" is refused: a private in-memory database would be empty on every connection.

#include <string>

#include "dbbridge/sdk/connection.h"

namespace dbbridge::sqlite {

inline constexpr const char* kJdbcPrefix = "jdbc:sqlite:";

sdk::Result<sdk::ConnectionSpec> ParseSqliteJdbcUrl(const std::string& url);
std::string BuildSqliteJdbcUrl(const sdk::ConnectionSpec& spec);

}  // namespace dbbridge::sqlite
