#pragma once
// Column-wise parameter arrays for OdbcWriter (SQL_PARAM_BIND_BY_COLUMN): every written column is
// one contiguous array of equal-width values plus its own indicator array, so the rows
// [first, first + count) of a chunk bind by pointing each marker at element `first`.

#include <sql.h>
#include <sqlext.h>

#include <cstddef>
#include <string>
#include <vector>

#include "dbbridge/sdk/connection.h"
#include "dbbridge/sdk/status.h"
#include "dbbridge/sdk/types.h"
#include "value_codec.h"

namespace dbbridge::odbc {

struct WriterColumn {
    std::string name;         // SQL text in the statement (the job's spelling, or quoted)
    std::string server_name;  // as the server's result set spells it
    BindPlan plan;
    SQLULEN declared_size = 0;
};

// The values of one batch, encoded for the driver; a record with a value its column cannot take
// is left out (it is dirty before reaching the server).
struct EncodedRows {
    std::vector<std::size_t> batch_row;     // slot -> index in the batch
    std::vector<std::string> bytes;         // slot * columns + column
    std::vector<SQLLEN> indicators;         // slot * columns + column
    std::size_t columns = 0;

    std::size_t size() const { return batch_row.size(); }
    // Encodes batch; the reason of a dirty record names the column.
    void Encode(const sdk::RecordBatch& batch, const std::vector<WriterColumn>& columns,
                std::vector<sdk::DirtyRecord>& dirty);
    // Slots from `first` on that fit one array of at most max_rows rows and max_bytes bytes
    // (at least one).
    std::size_t ChunkRows(std::size_t first, std::size_t max_rows, std::size_t max_bytes) const;
};

class ParamArrays {
public:
    // Copies slots [first, first + count) of rows into the column arrays.
    void Fill(const EncodedRows& rows, const std::vector<WriterColumn>& columns, std::size_t first,
              std::size_t count);
    // Binds markers (params[i]: the column of marker i + 1) to rows [first, ...) of the arrays.
    sdk::Status Bind(SQLHSTMT stmt, const std::vector<WriterColumn>& columns, const std::vector<std::size_t>& params,
                     std::size_t first);
    std::size_t rows() const { return rows_; }

private:
    struct Column {
        SQLLEN width = 0;
        SQLULEN column_size = 0;
        std::vector<char> data;
        std::vector<SQLLEN> indicators;
    };
    std::vector<Column> columns_;
    std::size_t rows_ = 0;
};

// Byte width of one value of a fixed-size kind; 0 for variable kinds.
SQLLEN FixedWidth(BindKind kind);

}  // namespace dbbridge::odbc
