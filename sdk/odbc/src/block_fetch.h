#pragma once
// Block fetch for OdbcReader: SQL_ATTR_ROW_ARRAY_SIZE rows per SQLFetch into column-wise bound
// buffers (SQL_ATTR_ROWS_FETCHED_PTR, SQL_ATTR_ROW_STATUS_PTR). Long columns (LOBs, unbounded
// text) and values longer than their bound buffer are read with SQLGetData after SQLSetPos, which
// the driver must allow (SQL_GETDATA_EXTENSIONS has SQL_GD_BLOCK). Memory: the block, bounded by
// kBlockBytes, plus what the driver caches (psqlODBC: its Fetch rows under UseDeclareFetch=1).

#include <sql.h>
#include <sqlext.h>

#include <memory>
#include <vector>

#include "dbbridge/odbc/odbc_connection.h"
#include "dbbridge/sdk/status.h"
#include "dbbridge/sdk/types.h"
#include "statement.h"
#include "value_codec.h"

namespace dbbridge::odbc {

class BlockFetcher {
public:
    static constexpr std::size_t kBlockBytes = 16u << 20;
    // Binds the described result of stmt for blocks of conn's odbc_array_size rows. nullptr when
    // that is 1 or block fetch is not possible (the driver refuses the row array size, or long
    // columns would need SQLGetData in a block it does not allow): the caller reads row by row.
    static std::unique_ptr<BlockFetcher> Create(Statement& stmt, const OdbcConnection& conn);
    ~BlockFetcher();
    BlockFetcher(const BlockFetcher&) = delete;
    BlockFetcher& operator=(const BlockFetcher&) = delete;

    // Appends up to max_rows rows to batch; false when the result has no more rows.
    sdk::Result<bool> Next(sdk::RecordBatch& batch, std::size_t max_rows);
    // The driver's diagnostics of the last failed call (read before they are turned into a Status).
    const std::vector<Diagnostic>& last_diagnostics() const { return diags_; }
    std::size_t block_rows() const { return rows_; }

private:
    struct Column {
        FetchPlan plan;
        bool bound = false;  // false: read with SQLGetData
        SQLLEN width = 0;
        std::vector<char> data;
        std::vector<SQLLEN> indicators;
    };
    BlockFetcher(SQLHSTMT h, std::vector<Column> columns, std::size_t rows, bool can_position);
    sdk::Status Bind();
    sdk::Status FetchBlock();
    sdk::Status ReadRow(std::size_t row, sdk::Record& out);
    // Positions the cursor on row (0-based in the block) for SQLGetData.
    sdk::Status Position(std::size_t row);
    // Keeps the statement's diagnostics and returns them as a Status with context.
    sdk::Status Error(const std::string& context);

    SQLHSTMT h_;
    std::vector<Column> columns_;
    std::size_t rows_;
    bool can_position_;
    std::vector<SQLUSMALLINT> status_;
    SQLULEN fetched_ = 0;
    std::size_t next_ = 0;  // next row of the block to hand out
    bool done_ = false;
    std::vector<Diagnostic> diags_;
};

}  // namespace dbbridge::odbc
