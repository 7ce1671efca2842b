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

}  // namespace dbbridge::mysql
