#pragma once
// The engine's own reader/writer plugin interface, shared by the built-in plugins (stream,
// txtfile) and the adapter over sdk::Connection (rdbms). Mirrors DataX's Job/Task split:
// a ReaderPlugin / WriterPlugin is created from the job parameters (validation only, no I/O),
// prepares, splits into tasks, and runs post work after success.
//
// Threading: a ReaderTask is used by one reader thread and a WriterTask by one writer thread;
// Cancel() may be called from any thread at any time (also before Open or after Close).

#include <atomic>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "core/engine/java_date_format.h"
#include "dbbridge/sdk/connection.h"
#include "dbbridge/sdk/status.h"
#include "dbbridge/sdk/types.h"

namespace dbbridge::core {
class PluginRegistry;
class ConnectionResolver;
}  // namespace dbbridge::core

namespace dbbridge::core::engine {

class JobLog;

// What plugins may use while running. Pointers are owned by the caller of the engine.
struct EngineEnv {
    const PluginRegistry* registry = nullptr;    // nullable: no database plugins
    ConnectionResolver* resolver = nullptr;      // nullable: no saved datasources
    JobLog* log = nullptr;                       // never null while running
    const ColumnDateFormats* column_formats = nullptr;  // common.column.*; nullable: DataX's defaults
};

// A record the reader could not convert (DataX: reader-side dirty data).
struct DirtyRow {
    sdk::Record record;
    std::string reason;
};

class ReaderTask {
public:
    virtual ~ReaderTask() = default;
    // Connects / opens files. Called on the reader thread.
    virtual sdk::Status Open() = 0;
    // Clears batch and fills it with up to max_rows records; records that cannot be converted go to
    // dirty instead. Returns false when exhausted (the batch may still hold the last records).
    virtual sdk::Result<bool> Next(sdk::RecordBatch& batch, std::size_t max_rows, std::vector<DirtyRow>& dirty) = 0;
    // Column metadata when known (after Open), else nullptr. Used to warn about unmapped types.
    virtual const std::vector<sdk::ColumnInfo>* Columns() const { return nullptr; }
    // Bytes of the batch for the DataX byte counters; plugins with fixed-size records override it.
    virtual std::int64_t BatchBytes(const sdk::RecordBatch& batch) const;
    virtual void Cancel() {}
    virtual void Close() {}
    // For log lines: "table t_order range [1, 500)".
    virtual std::string Describe() const = 0;
};

class WriterTask {
public:
    virtual ~WriterTask() = default;
    virtual sdk::Status Open() = 0;
    // Stores the batch; records it could not store are reported in dirty (index into batch).
    virtual sdk::Status Write(const sdk::RecordBatch& batch, std::vector<sdk::DirtyRecord>& dirty) = 0;
    // Makes everything written so far durable (commit / flush).
    virtual sdk::Status Commit() = 0;
    // Discards what was written since the last Commit when the writer can (database transaction).
    virtual sdk::Status Rollback() = 0;
    // Late dirty records (sdk::RecordWriter::DeferDirty/Flush): asked once after Open(); when true,
    // the runner keeps copies of the batches since the last Flush() and flushes before each Commit().
    virtual bool DeferDirty() { return false; }
    virtual sdk::Status Flush(std::vector<sdk::LateDirtyRecord>& dirty) {
        (void)dirty;
        return sdk::Status::Ok();
    }
    virtual void Cancel() {}
    virtual sdk::Status Close() { return sdk::Status::Ok(); }
};

class ReaderPlugin {
public:
    virtual ~ReaderPlugin() = default;
    // job.setting.dryRun (DataX's Reader.Job#preCheck): checks what it reads from is there and
    // readable, moving no data. Default: creating the plugin checked all there is to check.
    virtual sdk::Status PreCheck() { return sdk::Status::Ok(); }
    virtual sdk::Status Prepare() { return sdk::Status::Ok(); }
    // advice_channels: the planned channel count. Returns one or more tasks.
    virtual sdk::Result<std::vector<std::unique_ptr<ReaderTask>>> Split(int advice_channels) = 0;
    virtual sdk::Status Post() { return sdk::Status::Ok(); }
};

class WriterPlugin {
public:
    virtual ~WriterPlugin() = default;
    // job.setting.dryRun (DataX's Writer.Job#preCheck): checks the target takes the job's columns
    // and mode, writing nothing and running no preSql.
    virtual sdk::Status PreCheck() { return sdk::Status::Ok(); }
    virtual sdk::Status Prepare() { return sdk::Status::Ok(); }
    // Must return exactly task_count tasks (one per reader task) or an error.
    virtual sdk::Result<std::vector<std::unique_ptr<WriterTask>>> Split(std::size_t task_count) = 0;
    virtual sdk::Status Post() { return sdk::Status::Ok(); }
    // Number of columns the writer expects per record, 0 when it accepts any.
    virtual std::size_t ExpectedColumns() const { return 0; }
};

}  // namespace dbbridge::core::engine
