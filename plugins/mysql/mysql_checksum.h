#pragma once
// MySQL / MariaDB SQL for table compare's segment checksums (sdk/segment_checksum.h).

#include <string>

#include "dbbridge/sdk/dialect.h"

namespace dbbridge::mysql {

// The SELECT of (row count, checksum) for spec, identifiers quoted through dialect.
sdk::Result<std::string> MysqlSegmentChecksumSql(const sdk::Dialect& dialect, const sdk::SegmentChecksumSpec& spec);
// Primary key columns of table ("name" or "db.name") from information_schema, names bound.
sdk::Result<std::vector<std::string>> MysqlPrimaryKeyColumns(const sdk::Dialect& dialect, sdk::Connection& connection,
                                                             const std::string& table);
// Key column `quoted` compared by its UTF-8 bytes: the column itself when its collation already
// does (a nopad binary one, so its index serves), else CAST(CONVERT(.. USING utf8mb4) AS BINARY).
sdk::Result<std::string> MysqlByteOrderKey(const sdk::Dialect& dialect, sdk::Connection& connection,
                                           const std::string& table, const sdk::ColumnInfo& column,
                                           const std::string& quoted);

}  // namespace dbbridge::mysql
