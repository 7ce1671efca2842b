#pragma once
// DataX mysqlreader / mysqlwriter parameter blocks, as DataX documents them (keys in its order).
// Reader: connection[].jdbcUrl is an array, with table[] (plus column, splitPk, where) or querySql[].
// Writer: connection[].jdbcUrl is a string, with table[]; writeMode, preSql, postSql, batchSize.
// With side.datasource_id set the block names "datasourceId" instead of carrying credentials.

#include <string>

#include "dbbridge/sdk/dialect.h"

namespace dbbridge::mysql {

// jdbc_url: the URL to put in the block (the dialect builds it when the side has none).
// Fails with InvalidArgument naming the missing or conflicting parameter.
sdk::Result<std::string> DataxReaderJson(const sdk::DataxSide& side, const std::string& plugin_name,
                                         const std::string& jdbc_url);
sdk::Result<std::string> DataxWriterJson(const sdk::DataxSide& side, const std::string& plugin_name,
                                         const std::string& jdbc_url);

}  // namespace dbbridge::mysql
