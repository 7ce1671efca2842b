#pragma once
// Batching writer: each batch goes to the server as one COPY ... FROM STDIN (text format) inside the
// writer's transaction, sent in chunks while it is encoded so the server parses while the client encodes.
// The COPY ends within Write(): PostgreSQL reports a bad row only when the COPY ends, and Write() must name
// the dirty records of its own batch (a COPY kept open across batches would need an SDK way to report them
// later). insert copies into the table; update/replace copy into a temporary stage table and upsert from
// it with INSERT ... ON CONFLICT (key) DO UPDATE (PostgreSQL has no REPLACE; replace behaves like update).
// Each batch runs under a savepoint: when it fails, the rows before the failing COPY line are written
// again in bulk, the failing one is reported dirty and the rest continue (record by record when the error
// names no line), so good rows are kept. Borrows the session; an uncommitted writer rolls back when
// destroyed.

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
    static sdk::Result<std::unique_ptr<PgRecordWriter>> Open(PgSession& session, const sdk::WriteSpec& spec);
    ~PgRecordWriter() override;

    // Begins the transaction on first use. dirty is cleared, then receives the records of this
    // batch that were not stored. Fails only when the connection is lost or a record has the
    // wrong number of values.
    sdk::Status Write(const sdk::RecordBatch& batch, std::vector<sdk::DirtyRecord>& dirty) noexcept override;
    sdk::Status Commit() noexcept override;
    sdk::Status Rollback() noexcept override;

private:
    struct Column {
        std::string name;  // folded
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
    sdk::Status WriteImpl(const sdk::RecordBatch& batch, std::vector<sdk::DirtyRecord>& dirty);
    // First attempt of a batch: opens the savepoint and the COPY, encodes the rows into buf_ while
    // sending them, ends the COPY. buf_/row_end_ hold the whole batch afterwards, also on failure.
    Attempt StreamBatch(const sdk::RecordBatch& batch);
    void EncodeRow(const sdk::Record& rec);
    Attempt Failed(Attempt a, const PGresult* r);
    // Ends the COPY and, for update/replace, merges the stage table.
    Attempt FinishCopy();
    Attempt WriteRange(std::size_t begin, std::size_t end);
    // Runs one row-range attempt under a savepoint; rolls back to it when the attempt fails.
    Attempt Guarded(const char* savepoint, std::size_t begin, std::size_t end);
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
    std::string merge_sql_;
    bool in_txn_ = false;
    bool stage_ready_ = false;
    // The last batch succeeded under savepoint dbb_batch, still to be released: the release travels
    // with the next batch's SAVEPOINT and COPY, saving a round trip per batch.
    bool release_pending_ = false;
    std::string buf_;                   // COPY text of the current batch
    std::vector<std::size_t> row_end_;  // end offset of each row in buf_
};

}  // namespace dbbridge::postgres
