#pragma once
// Oracle thin JDBC URLs:
//   jdbc:oracle:thin:@host:port:SID
//   jdbc:oracle:thin:@//host:port/service   (and @host:port/service, port optional)
//   jdbc:oracle:thin:@(DESCRIPTION=...(HOST=h)(PORT=p)...(SERVICE_NAME=s | SID=x))
// "user/password@" before the address is accepted and ignored.

#include <string>

#include "dbbridge/sdk/connection.h"
#include "dbbridge/sdk/status.h"

namespace dbbridge::oracle {

inline constexpr int kDefaultOraclePort = 1521;
inline constexpr const char* kOracleThinPrefix = "jdbc:oracle:thin:";

// host, port (default_port when absent), database = service or SID, options service_name or sid.
sdk::Result<sdk::ConnectionSpec> ParseOracleJdbcUrl(const std::string& url, int default_port = kDefaultOraclePort);
// "@host:port:SID" when the sid option is set, else "@//host:port/service" (service_name option,
// else spec.database).
std::string BuildOracleJdbcUrl(const sdk::ConnectionSpec& spec, int default_port = kDefaultOraclePort);

}  // namespace dbbridge::oracle
