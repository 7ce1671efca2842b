#pragma once
// Batching RecordWriter: INSERT (or, for writeMode update, the dialect's MERGE on the table's key)
// with column-wise parameter arrays (SQL_ATTR_PARAMSET_SIZE, odbc_array_size rows per execute),
// or row at a time where the option says 1 or the driver refuses arrays. Each execute runs under
// a savepoint; a failed one is rolled back and narrowed with the driver's per-row status (rows
// before the failing ones again as one array, the suspects apart, halving when the driver says
// nothing), so one bad record becomes one DirtyRecord. Commits only on Commit().

#include <memory>
#include <string>
#include <vector>

#include "dbbridge/odbc/odbc_connection.h"
#include "param_array.h"
#include "statement.h"

namespace dbbridge::odbc {

class OdbcWriter final : public sdk::RecordWriter {
public:
    static sdk::Result<std::unique_ptr<sdk::RecordWriter>> Open(OdbcConnection& conn, const sdk::WriteSpec& spec);
    ~OdbcWriter() override;

    sdk::Status Write(const sdk::RecordBatch& batch, std::vector<sdk::DirtyRecord>& dirty) noexcept override;
    sdk::Status Commit() noexcept override;
    sdk::Status Rollback() noexcept override;
    // "ODBC parameter arrays of up to N rows" or "ODBC row at a time (why)".
    std::string Method() const noexcept override { return method_; }

private:
    OdbcWriter(OdbcConnection& conn, std::unique_ptr<Statement> stmt, std::vector<WriterColumn> columns,
               std::vector<std::size_t> params, std::string table)
        : conn_(conn),
          stmt_(std::move(stmt)),
          columns_(std::move(columns)),
          params_(std::move(params)),
          table_(std::move(table)) {}

    // What one execute of rows [first, first + count) of arrays_ did, row by row.
    struct Outcome {
        bool ok = false;
        std::vector<SQLUSMALLINT> status;  // SQL_PARAM_* per row
        std::vector<Diagnostic> diags;
    };
    // Sets array_rows_ and method_ from the option and what the driver accepts.
    void ChooseMethod();
    sdk::Result<Outcome> Execute(std::size_t first, std::size_t count);
    // Writes rows [first, first + count) of arrays_, each bad one becoming a dirty record.
    sdk::Status Isolate(std::size_t first, std::size_t count, std::vector<sdk::DirtyRecord>& dirty);
    // Non-OK when the connection is gone or the statement was cancelled.
    sdk::Status FatalOr(const std::vector<Diagnostic>& diags, const std::string& context);

    OdbcConnection& conn_;
    std::unique_ptr<Statement> stmt_;
    std::vector<WriterColumn> columns_;
    std::vector<std::size_t> params_;  // params_[i]: the column bound to marker i + 1
    std::string table_;
    EncodedRows encoded_;
    ParamArrays arrays_;
    std::size_t chunk_first_ = 0;  // the slot of encoded_ that is row 0 of arrays_
    std::size_t array_rows_ = 1;   // rows per execute; 1: row at a time
    std::string method_;
    bool pending_ = false;  // uncommitted writes
};

}  // namespace dbbridge::odbc
