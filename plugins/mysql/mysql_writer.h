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
// With late dirty records (the caller accepted DeferDirty(), as the engine does), insert over LOAD
// DATA keeps ONE statement open across Write() calls until Flush() (the engine flushes before each
// commit and every few MiB), a window capped at 32 MiB of TSV, or 5 s without data (the server
// drops a LOAD DATA whose client is silent for net_read_timeout). It runs on a helper thread
// (LoadDataStream) while Write() encodes the next rows, so client and server work at the same time.
// The window's TSV is kept (about the DataX byte size of its rows) and, when the statement ends with
// a warning or fewer rows stored than sent, the window is rolled back to its savepoint and replayed
// without the rows its warnings name ("... at row N"), or, when a warning names no row (a duplicate
// key), in halves, each under a savepoint, down to single rows, whose warnings are their reason.
// Each batch runs after a SAVEPOINT; a failed batch is rolled back to it. Statements then go row by
// row with single-row prepared statements; LOAD DATA is split in halves under savepoints of their
// own down to 64 rows, then row by row. Each rejected row becomes a DirtyRecord carrying the server's
// message (which names the column when the server knows it), and the good rows stay. No IGNORE anywhere.

#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "dbbridge/sdk/connection.h"
#include "load_data_stream.h"
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
    bool DeferDirty() noexcept override;
    sdk::Status Flush(std::vector<sdk::LateDirtyRecord>& dirty) noexcept override;

private:
    enum class Mode { kInsert, kReplace, kUpdate };
    // Where a batch starts in the open window.
    struct WindowBatch {
        std::uint64_t number = 0;  // Write() call since the writer was opened
        std::size_t first_row = 0;
    };
    MysqlWriter(MysqlConnection& conn, const sdk::WriteSpec& spec, Mode mode);

    sdk::Status Prepare(const std::vector<sdk::ColumnInfo>& table_columns);
    sdk::Status ChooseUpdateColumns(const std::vector<const sdk::ColumnInfo*>& chosen);
    // The per-batch contract: the batch's dirty records are known when it returns.
    sdk::Status WriteBatch(const sdk::RecordBatch& batch, std::vector<sdk::DirtyRecord>& dirty);
    // Deferred: the batch goes into the open window's LOAD DATA (opened when none is).
    sdk::Status Append(const sdk::RecordBatch& batch, std::uint64_t number, std::vector<sdk::DirtyRecord>& dirty);
    // Savepoint and LOAD DATA for a new window. false: the server did not start it; the batch goes
    // the per-batch way (which also handles a refused LOCAL INFILE).
    sdk::Result<bool> OpenWindow();
    void PushChunk();
    // Ends the open window; on failure isolates its bad rows and appends them to out.
    sdk::Status EndWindow(std::vector<sdk::LateDirtyRecord>& out);
    void AbandonWindow();
    void ResetWindow();
    // Window rows [begin, end) replayed from the kept TSV under savepoint dbb_part; a failing range
    // is split (SplitKept) down to single rows.
    sdk::Status IsolateKept(const LoadDataStream& kept, std::size_t begin, std::size_t end,
                            std::vector<sdk::DirtyRecord>& dirty);
    sdk::Status SplitKept(const LoadDataStream& kept, std::size_t begin, std::size_t end,
                          std::vector<sdk::DirtyRecord>& dirty);
    // Runs load_sql_ over tsv_ (rows lines): true when every row was stored without a warning.
    // refused: the server refused LOCAL INFILE (the writer switched to statements).
    sdk::Result<bool> LoadTsv(std::size_t rows, bool& refused);
    bool Stored(unsigned long long affected, unsigned int warnings, std::size_t rows) const;
    // Why the last one-row LOAD DATA did not store its row (its warnings, or its error).
    std::string RowReason();
    // SHOW WARNINGS of the last statement: "[code] message" each, with the input row it names
    // ("... at row N", from 1; 0 when none; the suffix is removed from the text).
    struct RowWarning {
        std::size_t row = 0;
        std::string text;
    };
    bool ReadWarnings(std::vector<RowWarning>& out);
    // Window row -> reason for every warning of the failed window; false unless all expected
    // warnings are listed and each names a row.
    bool NamedRows(unsigned int expected, std::size_t rows, std::map<std::size_t, std::string>& named);
    // Loads the window without the named rows under savepoint dbb_part; true (named rows appended to
    // dirty) when the rest is stored cleanly, false (rolled back) otherwise.
    sdk::Result<bool> ReplayWithout(const LoadDataStream& kept, const std::map<std::size_t, std::string>& named,
                                    std::vector<sdk::DirtyRecord>& dirty);
    sdk::Status RefusedWhileReplaying() const;
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
    // Fails (naming the column) when a value cannot be written as text.
    sdk::Status AppendTsvRow(const sdk::Record& record, std::string& out) const;
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
    MysqlError last_error_;  // of the last LoadTsv whose statement failed
    bool defer_ = false;     // the caller takes dirty records late (DeferDirty)
    std::uint64_t batches_written_ = 0;
    std::unique_ptr<LoadDataStream> stream_;  // the open window's LOAD DATA
    std::string chunk_;                       // TSV not yet pushed into stream_
    std::vector<std::size_t> row_end_;        // window row -> end offset in the stream
    std::vector<std::uint32_t> row_index_;    // window row -> index in its batch
    std::vector<WindowBatch> window_batches_;
    std::vector<sdk::LateDirtyRecord> late_;  // found when a window ended outside Flush()
};

}  // namespace dbbridge::mysql
