#pragma once
// DataX reader/writer JSON blocks of the RDBMS plugin family (mysqlreader, postgresqlreader,
// oraclereader, rdbmsreader, oceanbasev10reader, ...), shared by every plugin that emits them.
// Pure functions, thread-safe.

#include <string>

#include "dbbridge/sdk/dialect.h"

namespace dbbridge::sdk::util {

// Where a writer's write mode goes among the parameter keys.
enum class DataxWriteModeAt { kFirst, kAfterColumn, kBeforeConnection };

struct DataxBlockOptions {
    std::string plugin_name;     // "oraclereader"
    std::string jdbc_url;        // already built or taken from the side
    std::string username;        // as the DataX plugin wants it (OceanBase: user@tenant#cluster)
    int default_fetch_size = 0;  // written when the side has none (0: omit)
    int default_batch_size = 0;
    // Writer only: the value written (empty: no key); the caller has validated it.
    std::string write_mode;
    std::string write_mode_key = "writeMode";
    DataxWriteModeAt write_mode_at = DataxWriteModeAt::kAfterColumn;
    // Key order only (DataX does not care; each plugin keeps the order its docs show).
    bool jdbc_url_before_table = false;   // connection[0]: jdbcUrl, then table/querySql
    bool sizes_after_connection = false;  // fetchSize/batchSize after connection instead of before
};

// {"name":..., "parameter":{username, password | datasourceId, column, splitPk, where, fetchSize,
// connection:[{table|querySql:[..], jdbcUrl:[url]}]}}. Fails, naming the plugin, when neither or
// both of tables and query_sql are set or the jdbcUrl is empty.
Result<std::string> RdbmsReaderJson(const DataxSide& side, const DataxBlockOptions& options);
// {"name":..., "parameter":{username, password | datasourceId, column, writeMode?, preSql, postSql,
// batchSize, connection:[{table:[..], jdbcUrl:url}]}}. Fails when there is no table or jdbcUrl.
Result<std::string> RdbmsWriterJson(const DataxSide& side, const DataxBlockOptions& options);

}  // namespace dbbridge::sdk::util
