#pragma once
// Writes batches with one prepared statement per record inside a transaction the writer opens on
// its first batch: INSERT (writeMode insert), INSERT OR REPLACE (replace) or an upsert on the
// conflict columns / primary key (update). SQLite runs each record's statement atomically, so a
// record the database refuses (constraint, type) is reported dirty and the batch goes on; only a
// failure of the file itself (I/O, full, locked past busy_timeout_ms) fails the write.
// Borrows its connection (see the lifetime rule in dbbridge/sdk/connection.h).

#include <memory>
#include <string>
#include <vector>

#include "dbbridge/sdk/connection.h"
#include "sqlite_statement.h"

namespace dbbridge::sqlite {

class SqliteConnection;

class SqliteWriter final : public sdk::RecordWriter {
public:
    static sdk::Result<std::unique_ptr<sdk::RecordWriter>> Open(SqliteConnection& conn, const sdk::WriteSpec& spec);
    ~SqliteWriter() override;

    sdk::Status Write(const sdk::RecordBatch& batch, std::vector<sdk::DirtyRecord>& dirty) noexcept override;
    sdk::Status Commit() noexcept override;
    sdk::Status Rollback() noexcept override;

private:
    SqliteWriter(SqliteConnection& conn, StatementPtr stmt, std::string table, std::size_t columns)
        : conn_(conn), stmt_(std::move(stmt)), table_(std::move(table)), columns_(columns) {}
    sdk::Status WriteRecord(const sdk::Record& record, std::size_t index, std::vector<sdk::DirtyRecord>& dirty);

    SqliteConnection& conn_;
    StatementPtr stmt_;
    std::string table_;
    std::size_t columns_;
    bool in_transaction_ = false;
};

}  // namespace dbbridge::sqlite
