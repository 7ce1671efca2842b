#pragma once
// Streaming reader: COPY (SELECT ...) TO STDOUT in text format, parsed row by row into batches.
// Memory stays bounded by one batch whatever the table size. Borrows the session: nothing else
// may run on the connection until the reader is exhausted or destroyed.

#include <memory>
#include <string>
#include <vector>

#include "copy_text.h"
#include "dbbridge/sdk/connection.h"
#include "pg_session.h"

namespace dbbridge::postgres {

class PgRecordReader final : public sdk::RecordReader {
public:
    // Describes select_sql (prepare + describe, nothing runs) for the column types, then starts
    // the COPY. Errors carry the server's message and SQLSTATE.
    static sdk::Result<std::unique_ptr<PgRecordReader>> Open(PgSession& session, const std::string& select_sql);
    ~PgRecordReader() override;

    const std::vector<sdk::ColumnInfo>& Columns() const noexcept override { return infos_; }
    // Returns true while the batch holds rows; false once exhausted (batch empty). Records left
    // in batch by the previous call are reused to avoid reallocating their strings.
    sdk::Result<bool> Next(sdk::RecordBatch& batch, std::size_t max_rows) noexcept override;

private:
    PgRecordReader(PgSession& session, std::vector<ResultColumn> columns);
    sdk::Status Finish();

    PgSession& session_;
    std::vector<ResultColumn> columns_;
    std::vector<sdk::ColumnInfo> infos_;
    CopyLineParser parser_;
    bool done_ = false;
};

}  // namespace dbbridge::postgres
