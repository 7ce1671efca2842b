#pragma once
// Streaming RecordReader over one ODBC result set: the driver's cursor holds the position, so
// memory is bounded by the batch (psqlODBC needs UseDeclareFetch=1 for that, see docs). Rows come
// in blocks of odbc_array_size (BlockFetcher) where the driver allows it, else row by row.

#include <memory>
#include <string>
#include <vector>

#include "dbbridge/odbc/odbc_connection.h"
#include "block_fetch.h"
#include "statement.h"

namespace dbbridge::odbc {

class OdbcReader final : public sdk::RecordReader {
public:
    static sdk::Result<std::unique_ptr<sdk::RecordReader>> Open(OdbcConnection& conn, const sdk::ReadSpec& spec);

    // The SELECT for spec (DataX: "select <column> from <table> where (<where>)" plus the split
    // range as bound parameters); binds receives the range values in placeholder order. Columns are
    // the job author's SQL (DataX allows expressions); table and splitPk are names (ObjectNameSql).
    static sdk::Result<std::string> BuildSelect(const DialectSql& sql, const sdk::ReadSpec& spec,
                                                std::vector<sdk::BindValue>& binds);
    // The where clause without trailing ';' (DataX strips them).
    static std::string CleanWhere(const std::string& where);

    const std::vector<sdk::ColumnInfo>& Columns() const noexcept override { return columns_; }
    sdk::Result<bool> Next(sdk::RecordBatch& batch, std::size_t max_rows) noexcept override;

private:
    OdbcReader(OdbcConnection& conn, std::unique_ptr<Statement> stmt, std::vector<sdk::ColumnInfo> columns,
               std::string sql, std::unique_ptr<BlockFetcher> block)
        : conn_(conn),
          stmt_(std::move(stmt)),
          columns_(std::move(columns)),
          sql_(std::move(sql)),
          block_(std::move(block)) {}
    // Row by row: SQLFetch and SQLGetData per value.
    sdk::Result<bool> NextRows(sdk::RecordBatch& batch, std::size_t max_rows);

    OdbcConnection& conn_;
    std::unique_ptr<Statement> stmt_;
    std::vector<sdk::ColumnInfo> columns_;
    std::string sql_;
    std::unique_ptr<BlockFetcher> block_;  // null: row by row
    bool done_ = false;
};

}  // namespace dbbridge::odbc
