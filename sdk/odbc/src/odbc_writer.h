#pragma once
// Batching RecordWriter: INSERT (or, for writeMode update, the dialect's MERGE on the table's key)
// with row-wise array binding (SQL_ATTR_PARAMSET_SIZE). A failed
// batch is rolled back to a savepoint and retried record by record, each under its own savepoint,
// so one bad record becomes a DirtyRecord instead of failing the batch. Commits only on Commit().

#include <memory>
#include <string>
#include <vector>

#include "dbbridge/odbc/odbc_connection.h"
#include "statement.h"

namespace dbbridge::odbc {

struct WriterColumn {
    std::string name;         // SQL text in the statement (the job's spelling, or quoted)
    std::string server_name;  // as the server's result set spells it
    BindPlan plan;
    SQLULEN declared_size = 0;
};

class OdbcWriter final : public sdk::RecordWriter {
public:
    static sdk::Result<std::unique_ptr<sdk::RecordWriter>> Open(OdbcConnection& conn, const sdk::WriteSpec& spec);
    ~OdbcWriter() override;

    sdk::Status Write(const sdk::RecordBatch& batch, std::vector<sdk::DirtyRecord>& dirty) noexcept override;
    sdk::Status Commit() noexcept override;
    sdk::Status Rollback() noexcept override;

private:
    OdbcWriter(OdbcConnection& conn, std::unique_ptr<Statement> stmt, std::vector<WriterColumn> columns,
               std::vector<std::size_t> params, std::string table)
        : conn_(conn),
          stmt_(std::move(stmt)),
          columns_(std::move(columns)),
          params_(std::move(params)),
          table_(std::move(table)) {}

    sdk::Status WriteRows(const sdk::RecordBatch& batch, const std::vector<std::size_t>& rows,
                          std::vector<sdk::DirtyRecord>& dirty);
    // Binds rows [0, n) of buffer_ row-wise.
    sdk::Status BindBuffer(std::size_t row_size, const std::vector<std::size_t>& ind_off,
                           const std::vector<std::size_t>& data_off, const std::vector<SQLLEN>& width,
                           const std::vector<SQLULEN>& col_size);
    // Non-OK when the connection is gone or the statement was cancelled.
    sdk::Status FatalOr(const std::vector<Diagnostic>& diags, const std::string& context);

    OdbcConnection& conn_;
    std::unique_ptr<Statement> stmt_;
    std::vector<WriterColumn> columns_;
    std::vector<std::size_t> params_;  // params_[i]: the column bound to marker i + 1
    std::string table_;
    std::vector<char> buffer_;
    SQLULEN bind_offset_ = 0;  // SQL_ATTR_PARAM_BIND_OFFSET_PTR target: selects the row to execute alone
    bool pending_ = false;  // uncommitted writes
};

}  // namespace dbbridge::odbc
