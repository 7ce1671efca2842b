#pragma once
// DataX blocks of the SQLITE dialect: sqlitereader / sqlitewriter, laid out like DataX's
// rdbmsreader / rdbmswriter (connection[].jdbcUrl "jdbc:sqlite:<path>", table, column, where,
// splitPk, querySql; writeMode insert | replace | update). The username key is written empty:
// SQLite has no users, and DataX's RDBMS plugins expect the key.

#include <string>

#include "dbbridge/sdk/dialect.h"

namespace dbbridge::sqlite {

sdk::Result<std::string> DataxReaderJson(const sdk::DataxSide& side, const std::string& jdbc_url);
sdk::Result<std::string> DataxWriterJson(const sdk::DataxSide& side, const std::string& jdbc_url);

}  // namespace dbbridge::sqlite
