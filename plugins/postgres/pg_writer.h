#pragma once
// Batching writer over COPY ... FROM STDIN inside the writer's transaction, sent in chunks so the
// server parses while the client encodes. The format is chosen per COPY: binary when every column
// can take it and one gains from it (integers, numeric, floats, bool, date, timestamps, bytea; see
// copy_binary.h) and every value of the batch that opens the COPY is certain to mean the same in
// binary; otherwise text. A batch that cannot go binary ends an open binary COPY and opens a text one.
// Two ways to end a COPY:
// - per batch (the SDK's default contract): each Write() runs one COPY under savepoint dbb_batch and
//   ends it, because PostgreSQL reports a bad row only when the COPY ends and Write() must name the
//   dirty records of its own batch;
// - deferred (the caller accepted DeferDirty(), as the engine does): one COPY stays open across
//   Write() calls until Flush() (the engine flushes before each commit and every few MiB) or until
//   its text reaches 32 MiB, or as soon as the server speaks during it (a failed row: the server
//   discards the rest of the COPY). The COPY text of the open window is kept (about the DataX byte size of
//   the rows plus one separator per value) so that a failing COPY can be replayed.
// On a failure the writer rolls back to the savepoint and replays the kept text: the rows before the
// failing COPY line again in bulk, the failing one reported dirty, the rest continuing (record by
// record when the error names no line), so good rows are kept.
// insert copies into the table; update/replace copy into a temporary stage table and upsert from it
// with INSERT ... ON CONFLICT (key) DO UPDATE (PostgreSQL has no REPLACE; replace behaves like update);
// a key that comes twice in one COPY takes its last row, as row-by-row upserts would.
// Borrows the session; an uncommitted writer rolls back when destroyed.

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "dbbridge/sdk/connection.h"
#include "pg_session.h"
#include "pg_types.h"

namespace dbbridge::postgres {

class PgRecordWriter final : public sdk::RecordWriter {
public:
    // Looks up the table's columns (NotFound naming the table, InvalidArgument naming a missing
    // column or an unsupported writeMode) and, for update/replace, the conflict key.
    // allow_binary: binary COPY where the column set gains from it (connection option pg_copy_format).
    static sdk::Result<std::unique_ptr<PgRecordWriter>> Open(PgSession& session, const sdk::WriteSpec& spec,
                                                             bool allow_binary = true);
    ~PgRecordWriter() override;

    // Begins the transaction on first use. dirty is cleared, then receives the records of this
    // batch that were not stored. Fails only when the connection is lost or a record has the
    // wrong number of values.
    sdk::Status Write(const sdk::RecordBatch& batch, std::vector<sdk::DirtyRecord>& dirty) noexcept override;
    sdk::Status Commit() noexcept override;
    sdk::Status Rollback() noexcept override;
    bool DeferDirty() noexcept override;
    sdk::Status Flush(std::vector<sdk::LateDirtyRecord>& dirty) noexcept override;

private:
    struct Column {
        std::string name;  // folded
        std::uint32_t type_oid = 0;
        TargetClass target = TargetClass::kOther;
        bool generated = false;  // GENERATED ALWAYS AS (...) STORED: not writable
    };
    // Outcome of writing rows [begin, end): ok, a statement error, or a lost connection.
    struct Attempt {
        bool ok = true;
        PgError error;
        sdk::Status fatal;
    };

    explicit PgRecordWriter(PgSession& session) : session_(session) {}
    // Where a batch starts in the open window.
    struct WindowBatch {
        std::uint64_t number = 0;  // Write() call since the writer was opened
        std::size_t first_row = 0;
    };

    sdk::Status WriteImpl(const sdk::RecordBatch& batch, std::vector<sdk::DirtyRecord>& dirty);
    // Per-batch contract: the batch in one COPY of its own, its dirty records isolated at once.
    sdk::Status WriteNow(const sdk::RecordBatch& batch, std::vector<sdk::DirtyRecord>& dirty);
    // Deferred: the batch goes into the open COPY (opened when none is).
    sdk::Status Append(const sdk::RecordBatch& batch, std::uint64_t batch_number,
                       std::vector<sdk::DirtyRecord>& dirty);
    // Ends the open COPY; on failure isolates its bad rows and appends them to out.
    sdk::Status EndWindow(std::vector<sdk::LateDirtyRecord>& out);
    void AbandonCopy();
    // Whether the server sent something while a COPY is open (it failed, or a notice came).
    bool ServerSpoke() const;
    void ResetWindow();
    // Sends [RELEASE SAVEPOINT;] SAVEPOINT dbb_batch; COPY in one round trip. ok=false: no COPY IN.
    Attempt StartCopy();
    // Encodes the rows into buf_ while sending them into the open COPY.
    Attempt SendRows(const sdk::RecordBatch& batch);
    // First attempt of a batch: opens the savepoint and the COPY, encodes the rows into buf_ while
    // sending them, ends the COPY. buf_/row_end_ hold the whole batch afterwards, also on failure.
    Attempt StreamBatch(const sdk::RecordBatch& batch);
    // After a failed first attempt (rolled back): replays buf_ to find and report the bad rows.
    sdk::Status Isolate(Attempt first, std::vector<sdk::DirtyRecord>& dirty);
    void EncodeRow(const sdk::Record& rec);
    // Binary tuples of the batch into buf_/row_end_; false (both as they were) when a value needs text.
    bool EncodeBinary(const sdk::RecordBatch& batch);
    // The format of the next COPY: binary when it pays and the batch encodes (then it is in buf_).
    bool ChooseFormat(const sdk::RecordBatch& batch);
    // The binary COPY header, right after a COPY started (nothing for text). False: connection lost.
    bool SendHeader();
    Attempt Failed(Attempt a, const PGresult* r);
    // Ends the COPY and, for update/replace, merges the stage table.
    Attempt FinishCopy();
    Attempt WriteRange(std::size_t begin, std::size_t end);
    // Runs one row-range attempt under a savepoint; rolls back to it when the attempt fails.
    Attempt Guarded(const char* savepoint, std::size_t begin, std::size_t end);
    // Halves [begin, end) under savepoints until the failing parts are small, then row by row.
    sdk::Status Bisect(std::size_t begin, std::size_t end, std::vector<sdk::DirtyRecord>& dirty);
    sdk::Status WriteOneByOne(std::size_t begin, std::size_t end, std::vector<sdk::DirtyRecord>& dirty);
    sdk::Status Simple(const std::string& sql, const std::string& what);
    std::string Reason(const PgError& e) const;

    PgSession& session_;
    std::string table_label_;  // as the user wrote it
    std::string table_sql_;    // quoted
    std::vector<Column> columns_;
    bool upsert_ = false;
    std::string stage_sql_;  // quoted temp table name
    std::string create_stage_sql_;
    std::string copy_sql_;
    std::string copy_binary_sql_;
    std::vector<std::uint32_t> column_oids_;
    bool binary_pays_ = false;  // the column set gains from binary COPY (copy_binary.h)
    bool binary_ = false;       // buf_ holds binary tuples: the open / last COPY is binary
    std::string merge_sql_;
    std::string last_of_key_merge_sql_;  // after merge_sql_ met the same key twice
    bool in_txn_ = false;
    bool stage_ready_ = false;
    // The last batch succeeded under savepoint dbb_batch, still to be released: the release travels
    // with the next batch's SAVEPOINT and COPY, saving a round trip per batch.
    bool release_pending_ = false;
    std::string buf_;                   // COPY text of the current batch or open window
    std::vector<std::size_t> row_end_;  // end offset of each row in buf_
    std::size_t sent_ = 0;              // bytes of buf_ already sent into the open COPY
    bool defer_ = false;                // the caller takes dirty records late (DeferDirty)
    bool copy_open_ = false;            // a deferred COPY is open under savepoint dbb_batch
    std::uint64_t batches_written_ = 0;
    std::vector<WindowBatch> window_batches_;
    std::vector<sdk::LateDirtyRecord> late_;  // found when a window ended outside Flush()
};

}  // namespace dbbridge::postgres
