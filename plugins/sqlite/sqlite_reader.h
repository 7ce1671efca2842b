#pragma once
// Streams the rows of one prepared SELECT in batches (sqlite3_step; nothing is buffered beyond
// the batch). Borrows its connection (see the lifetime rule in dbbridge/sdk/connection.h).

#include <string>
#include <vector>

#include "dbbridge/sdk/connection.h"
#include "sqlite_statement.h"

namespace dbbridge::sqlite {

class SqliteConnection;

class SqliteReader final : public sdk::RecordReader {
public:
    SqliteReader(SqliteConnection& conn, StatementPtr stmt, std::string what);
    const std::vector<sdk::ColumnInfo>& Columns() const noexcept override { return columns_; }
    sdk::Result<bool> Next(sdk::RecordBatch& batch, std::size_t max_rows) noexcept override;

private:
    SqliteConnection& conn_;
    StatementPtr stmt_;
    std::string what_;
    std::vector<sdk::ColumnInfo> columns_;
    bool done_ = false;
};

// The SELECT a ReadSpec asks for: querySql as given, else the columns (plain names quoted,
// expressions as written, like DataX) of the quoted table, the user's where, and the split range.
sdk::Result<std::string> ReadSql(const sdk::ReadSpec& spec);

}  // namespace dbbridge::sqlite
