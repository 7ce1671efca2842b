#pragma once
// PostgreSQL (and its Oracle-compatible variants) SQL for table compare's segment checksums
// (sdk/segment_checksum.h).

#include <string>

#include "dbbridge/sdk/dialect.h"

namespace dbbridge::postgres {

// The SELECT of (row count, checksum) for spec, identifiers quoted through dialect.
sdk::Result<std::string> PgSegmentChecksumSql(const sdk::Dialect& dialect, const sdk::SegmentChecksumSpec& spec);
// Primary key columns of table (resolved as the quoted name reads) from pg_index.
sdk::Result<std::vector<std::string>> PgPrimaryKeyColumns(const sdk::Dialect& dialect, sdk::Connection& connection,
                                                          const std::string& table);
// Key column `quoted` compared by its UTF-8 bytes: the column itself when its collation (or the
// database's default) is "C"/"POSIX", else `quoted COLLATE "C"`.
sdk::Result<std::string> PgByteOrderKey(const sdk::Dialect& dialect, sdk::Connection& connection,
                                        const std::string& table, const sdk::ColumnInfo& column,
                                        const std::string& quoted);

}  // namespace dbbridge::postgres
