#pragma once
// DataX postgresqlreader / postgresqlwriter parameter blocks (alibaba/DataX plugin docs).

#include <string>

#include "dbbridge/sdk/dialect.h"

namespace dbbridge::postgres {

// {"name":"postgresqlreader","parameter":{...}}; jdbc_url is the resolved URL. Table mode
// (connection[].table + column/where/splitPk) or querySql mode; both at once is refused as
// DataX does. With side.datasource_id set, "datasourceId" replaces username/password.
sdk::Result<std::string> BuildReaderJson(const sdk::DataxSide& side, const std::string& jdbc_url);
// {"name":"postgresqlwriter","parameter":{...}}: jdbcUrl is a string; writeMode as asked.
sdk::Result<std::string> BuildWriterJson(const sdk::DataxSide& side, const std::string& jdbc_url);

}  // namespace dbbridge::postgres
