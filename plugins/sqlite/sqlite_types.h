#pragma once
// SQLite types: a column's declared type gives its java.sql.Types code by SQLite's own affinity
// rules (https://sqlite.org/datatype3.html §3.1), refined for the names people declare (DATE,
// TIMESTAMP, BOOLEAN, DECIMAL). Values are read by the column's code, falling back to the
// storage class of the value (SQLite is dynamically typed: a column may hold any class).

#include <sqlite3.h>

#include <string>

#include "dbbridge/sdk/types.h"

namespace dbbridge::sqlite {

// "INTEGER" -> BIGINT (SQLite integers are 64-bit), "VARCHAR(20)" -> VARCHAR, "" -> OTHER
// (an expression column: its values keep their storage class).
sdk::JdbcType MapDeclaredType(const std::string& declared);

// Column c of a stepped statement as the canonical value for type. Decimals are the text SQLite
// renders (exact for integers and text, 15 significant digits for REALs).
sdk::Value ReadColumn(sqlite3_stmt* stmt, int c, sdk::JdbcType type);

// Binds v at 1-based index i; returns the SQLite result code.
int BindValue(sqlite3_stmt* stmt, int i, const sdk::Value& v);

}  // namespace dbbridge::sqlite
