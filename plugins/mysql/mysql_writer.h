#pragma once
// Batching writer for one table. Runs inside a transaction (autocommit off) that Commit()/Rollback()
// end; the session gets STRICT_ALL_TABLES for the writer's lifetime, and its previous sql_mode and
// autocommit come back when the writer is destroyed (uncommitted rows are rolled back then).
//
// Bulk paths (connection option mysql_bulk):
// - auto (default): insert goes as one LOAD DATA LOCAL INFILE per batch, streamed from memory as
//   escaped TSV through libmariadb's local-infile callbacks; replace and update keep multi-row
//   prepared REPLACE / INSERT ... ON DUPLICATE KEY UPDATE col=VALUES(col) (up to 65535 placeholders
//   per statement, batchSize rows each). A server with local_infile off (checked when the writer
//   opens), or one refusing LOCAL INFILE later, gets multi-row INSERT instead; Method() says which.
// - load_data: LOAD DATA for insert and replace; insert: statements only.
// LOCAL turns data errors and duplicate keys into warnings (the server cannot stop the client's
// stream), so a LOAD DATA with any warning, or fewer rows stored than sent, counts as failed.
// Each batch runs after a SAVEPOINT; a failed batch is rolled back to it. Statements then go row by
// row with single-row prepared statements; LOAD DATA is split in halves under savepoints of their
// own down to 64 rows, then row by row. Each rejected row becomes a DirtyRecord carrying the server's
// message (which names the column when the server knows it), and the good rows stay. No IGNORE anywhere.

#include <map>
#include <memory>
#include <string>
#include <vector>

#include "dbbridge/sdk/connection.h"
#include "mysql_statement.h"

namespace dbbridge::mysql {

class MysqlConnection;

class MysqlWriter final : public sdk::RecordWriter {
public:
    // Checks the table and columns (NotFound / InvalidArgument naming them) and prepares the session.
    // Connection option "mysql_bulk" = "load_data" uses LOAD DATA LOCAL INFILE for insert/replace.
    static sdk::Result<std::unique_ptr<MysqlWriter>> Open(MysqlConnection& conn, const sdk::WriteSpec& spec);
    ~MysqlWriter() override;

    sdk::Status Write(const sdk::RecordBatch& batch, std::vector<sdk::DirtyRecord>& dirty) noexcept override;
    sdk::Status Commit() noexcept override;
    sdk::Status Rollback() noexcept override;
    std::string Method() const noexcept override;

private:
    enum class Mode { kInsert, kReplace, kUpdate };
    MysqlWriter(MysqlConnection& conn, const sdk::WriteSpec& spec, Mode mode);

    sdk::Status Prepare(const std::vector<sdk::ColumnInfo>& table_columns);
    sdk::Status ChooseUpdateColumns(const std::vector<const sdk::ColumnInfo*>& chosen);
    sdk::Status WriteChunk(const sdk::RecordBatch& batch, std::size_t begin, std::size_t end,
                           std::vector<sdk::DirtyRecord>& dirty);
    // true: the chunk is stored; false: it was undone and must go row by row.
    sdk::Result<bool> LoadData(const sdk::RecordBatch& batch, std::size_t begin, std::size_t end);
    sdk::Result<bool> MultiRowInsert(const sdk::RecordBatch& batch, std::size_t begin, std::size_t end);
    sdk::Status Isolate(const sdk::RecordBatch& batch, std::size_t begin, std::size_t end,
                        std::vector<sdk::DirtyRecord>& dirty);
    void StopLoadData(const std::string& why);
    sdk::Status RowByRow(const sdk::RecordBatch& batch, std::size_t begin, std::size_t end,
                         std::vector<sdk::DirtyRecord>& dirty);
    // Returns false when a value cannot be written as text (then the chunk goes row by row).
    bool AppendTsvRow(const sdk::Record& record);
    MysqlStatement* MultiStatement(std::size_t rows);
    std::string InsertSql(std::size_t rows) const;
    // Connection loss and server-side transaction aborts end the write with a non-OK Status.
    sdk::Status Fatal(const MysqlError& error, const std::string& what) const;

    MysqlConnection& conn_;
    sdk::WriteSpec spec_;
    Mode mode_;
    bool use_load_data_ = false;
    std::string method_note_;  // why statements are used where LOAD DATA was asked for
    std::string table_sql_;
    std::vector<std::string> column_names_;
    std::vector<std::string> update_names_;  // what ON DUPLICATE KEY UPDATE sets (quoted)
    std::vector<int> bit_bytes_;  // per column: bytes of a BIT(n) column, 0 otherwise
    std::string load_sql_;
    std::string tsv_;
    std::unique_ptr<MysqlStatement> single_;
    std::map<std::size_t, std::unique_ptr<MysqlStatement>> multi_;
    ParamSet params_;
    bool session_prepared_ = false;
    bool pending_ = false;  // rows written since the last Commit/Rollback
};

}  // namespace dbbridge::mysql
