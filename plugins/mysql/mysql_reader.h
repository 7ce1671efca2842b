#pragma once
// Streams one SELECT over the text protocol (mysql_use_result): rows arrive from the socket as the
// engine asks for them, so memory stays at one batch whatever the table size.

#include <mysql.h>

#include <vector>

#include "dbbridge/sdk/connection.h"
#include "mysql_types.h"

namespace dbbridge::mysql {

class MysqlConnection;

class MysqlReader final : public sdk::RecordReader {
public:
    // Takes ownership of result (from mysql_use_result on conn); what names the source in errors.
    MysqlReader(MysqlConnection& conn, MYSQL_RES* result, std::string what);
    // Closing before the end cancels the query on the server instead of reading the rest.
    ~MysqlReader() override;

    const std::vector<sdk::ColumnInfo>& Columns() const noexcept override { return columns_; }
    // Reuses the batch's records and their string buffers between calls.
    sdk::Result<bool> Next(sdk::RecordBatch& batch, std::size_t max_rows) noexcept override;

private:
    MysqlConnection& conn_;
    MYSQL_RES* result_;
    std::string what_;
    std::vector<sdk::ColumnInfo> columns_;
    std::vector<FieldCodec> codecs_;
    bool done_ = false;
};

}  // namespace dbbridge::mysql
