#pragma once
// Oracle SQL for table compare's segment checksums (sdk/segment_checksum.h) and its default key.
// Written for Oracle Database 12c and later from the SQL Language Reference (19c):
//   STANDARD_HASH(expr, 'MD5') returns the MD5 digest as RAW(16) of expr's bytes in the database
//     character set (AL32UTF8: the UTF-8 bytes the contract hashes); LOB and LONG are not allowed;
//   TO_CHAR(number, 'TM9') is the shortest text of a NUMBER without an exponent below 64 digits,
//     but without the leading zero of |n| < 1 ('.5'), which the SQL puts back;
//   TO_NUMBER(text, 'XXXXXXXXXXXXXXX') reads 15 hexadecimal digits;
//   SYS_EXTRACT_UTC(timestamp with time zone) is the UTC time.
// Not run against a real Oracle here (no server in this environment): unit tests check the
// generated SQL. LOB columns have no checksum (STANDARD_HASH refuses them): such a compare falls
// back to counting and fetching every range. A row whose canonical text exceeds VARCHAR2's 4000
// bytes (32767 with MAX_STRING_SIZE=EXTENDED) fails with ORA-01489, naming the datasource.

#include <string>
#include <vector>

#include "dbbridge/sdk/dialect.h"

namespace dbbridge::oracle {

// The SELECT of (row count, checksum) for spec, identifiers quoted through dialect.
sdk::Result<std::string> OracleSegmentChecksumSql(const sdk::Dialect& dialect, const sdk::SegmentChecksumSpec& spec);
// Primary key columns of table ("NAME" or "OWNER.NAME"; unquoted names as Oracle folds them, upper
// case) from ALL_CONSTRAINTS / ALL_CONS_COLUMNS, names bound.
sdk::Result<std::vector<std::string>> OraclePrimaryKeyColumns(const sdk::Dialect& dialect, sdk::Connection& connection,
                                                              const std::string& table);

}  // namespace dbbridge::oracle
