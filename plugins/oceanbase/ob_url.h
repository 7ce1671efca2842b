#pragma once
// OceanBase connection identity: JDBC URL forms of DataX's oceanbasev10 plugins and the
// "user@tenant#cluster" user name OBProxy routes by.
//   ||_dsc_ob10_dsc_||cluster:tenant||_dsc_ob10_dsc_||jdbc:oceanbase://host:port/db
//   ||_dsc_ob10_dsc_||cluster:tenant||_dsc_ob10_dsc_||jdbc:mysql://host:port/db
//   jdbc:oceanbase://host:port/db, jdbc:mysql://host:port/db (user carries @tenant#cluster)

#include <string>

#include "dbbridge/sdk/connection.h"

namespace dbbridge::oceanbase {

inline constexpr int kDefaultObPort = 2881;  // observer direct; OBProxy listens on 2883
inline constexpr const char* kObMarker = "||_dsc_ob10_dsc_||";

// host, port (2881 when absent), database, options cluster and tenant when the URL names them,
// other URL parameters in options; spec.dialect is dialect.
sdk::Result<sdk::ConnectionSpec> ParseObJdbcUrl(const std::string& url, const std::string& dialect = "");
// "jdbc:mysql://host:port/db" (MySQL mode) or "jdbc:oceanbase://host:port/db" (Oracle mode).
std::string BuildObJdbcUrl(const sdk::ConnectionSpec& spec, bool mysql_mode);

// "user@tenant#cluster" from the tenant/cluster options; a user already holding '@' is kept as is,
// no tenant keeps the plain user.
std::string ComposeObUser(const sdk::ConnectionSpec& spec);

}  // namespace dbbridge::oceanbase
