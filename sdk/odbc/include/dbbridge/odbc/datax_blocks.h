#pragma once
// DataX reader/writer JSON blocks of the RDBMS family (oraclereader, rdbmsreader,
// oceanbasev10reader, ...), shared by the plugins that emit them.

#include <string>

#include "dbbridge/sdk/dialect.h"

namespace dbbridge::odbc {

struct DataxBlockOptions {
    std::string plugin_name;       // "oraclereader"
    std::string jdbc_url;          // already built or taken from the side
    std::string username;          // as the DataX plugin wants it (OceanBase: user@tenant#cluster)
    int default_fetch_size = 0;    // written when the side has none (0: omit)
    int default_batch_size = 0;
    bool writer_accepts_write_mode = false;  // emit "writeMode" (else only "insert" is accepted)
    std::string write_mode_key = "writeMode";
};

// {"name":..., "parameter":{username, password | datasourceId, column, splitPk, where, fetchSize,
// connection:[{table|querySql:[..], jdbcUrl:[url]}]}}. Fails when neither tables nor query_sql are set.
sdk::Result<std::string> RdbmsReaderJson(const sdk::DataxSide& side, const DataxBlockOptions& options);
// {"name":..., "parameter":{username, password | datasourceId, column, writeMode?, preSql, postSql,
// batchSize, connection:[{table:[..], jdbcUrl:url}]}}. Fails on a write mode the plugin rejects.
sdk::Result<std::string> RdbmsWriterJson(const sdk::DataxSide& side, const DataxBlockOptions& options);

}  // namespace dbbridge::odbc
