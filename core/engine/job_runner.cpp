#include "core/engine/job_runner.h"
#include "core/engine/watermark_tracker.h"

#include <algorithm>
#include <chrono>
#include <condition_variable>
#include <mutex>
#include <set>
#include <thread>

#include "core/engine/batch_archive.h"
#include "core/engine/batch_channel.h"
#include "core/engine/channel_plan.h"
#include "core/engine/datax_bytes.h"
#include "core/engine/job_report.h"
#include "core/engine/speed_limiter.h"

namespace dbbridge::core::engine {

using sdk::Result;
using sdk::Status;
using SteadyClock = std::chrono::steady_clock;

namespace {

constexpr auto kMonitorTick = std::chrono::milliseconds(20);
constexpr auto kProgressReportInterval = std::chrono::seconds(1);
constexpr auto kCommitInterval = std::chrono::seconds(1);
constexpr std::size_t kFirstBatchRows = 64;

std::int64_t SteadyNs() {
    return std::chrono::duration_cast<std::chrono::nanoseconds>(SteadyClock::now().time_since_epoch()).count();
}

bool IsUnmappedType(sdk::JdbcType type) {
    auto code = static_cast<std::int32_t>(type);
    if (!sdk::IsKnownJdbcType(code)) {
        return true;
    }
    switch (type) {
        case sdk::JdbcType::kOther:
        case sdk::JdbcType::kJavaObject:
        case sdk::JdbcType::kArray:
        case sdk::JdbcType::kSqlXml:
        case sdk::JdbcType::kRowId:
            return true;
        default:
            return false;
    }
}

// Adds the plugin's JSON path unless the message already starts with it (or a path inside it).
Status WithJsonPath(const Status& st, const std::string& path) {
    const std::string& m = st.message();
    if (m.compare(0, path.size(), path) == 0 && m.size() > path.size() &&
        (m[path.size()] == '.' || m[path.size()] == ':' || m[path.size()] == '[')) {
        return st;
    }
    return st.WithContext(path);
}

}  // namespace

// Everything one Run() shares between the monitor, the workers and the task threads.
struct JobRunner::State {
    // counters (DataX Communication)
    std::atomic<std::int64_t> read_records{0};
    std::atomic<std::int64_t> read_bytes{0};
    std::atomic<std::int64_t> read_failed_records{0};
    std::atomic<std::int64_t> read_failed_bytes{0};
    std::atomic<std::int64_t> write_failed_records{0};
    std::atomic<std::int64_t> write_failed_bytes{0};
    std::atomic<std::int64_t> written_records{0};
    std::atomic<std::int64_t> transformer_succeeded{0};
    std::atomic<std::int64_t> transformer_failed{0};
    std::atomic<std::int64_t> transformer_filtered{0};
    std::atomic<std::int64_t> transformer_ns{0};
    const TransformerChain* transformer = nullptr;  // of the content entry being run
    std::atomic<std::int64_t> wait_writer_ns{0};
    std::atomic<std::int64_t> wait_reader_ns{0};
    std::atomic<std::int64_t> finished_tasks{0};
    std::int64_t total_tasks = 0;
    std::atomic<int> dirty_logged{0};

    std::atomic<bool> abort{false};
    std::mutex error_mu;
    Status error;
    bool cancelled = false;

    std::mutex warn_mu;
    std::set<std::string> warned_columns;
    WatermarkTracker watermark;

    // Running tasks, for cancellation and the stall watchdog.
    struct Slot {
        std::mutex mu;
        ReaderTask* reader = nullptr;
        WriterTask* writer = nullptr;
        BatchChannel* channel = nullptr;
        std::string description;
        std::atomic<std::int64_t> last_progress_ns{0};
    };
    std::vector<std::unique_ptr<Slot>> slots;

    std::mutex done_mu;
    std::condition_variable done_cv;
    int workers_done = 0;
};

JobRunner::JobRunner(const PluginCatalog& catalog, EngineEnv env, RunnerOptions options)
    : catalog_(catalog), env_(env), options_(options) {}

JobRunner::~JobRunner() = default;

namespace {

class Execution {
public:
    Execution(JobRunner::State& s, const EngineEnv& env, const RunnerOptions& options, const JobConfig& job)
        : s_(s), env_(env), options_(options), job_(job) {}

    void Fail(const Status& status) {
        {
            std::lock_guard<std::mutex> lock(s_.error_mu);
            if (s_.error.ok()) {
                s_.error = status;
            }
        }
        AbortAll();
    }

    void Cancel() {
        {
            std::lock_guard<std::mutex> lock(s_.error_mu);
            if (s_.error.ok()) {
                s_.error = Status::Cancelled("the job was killed (cancel requested)");
                s_.cancelled = true;
            }
        }
        AbortAll();
    }

    void AbortAll() {
        s_.abort.store(true);
        for (auto& slot : s_.slots) {
            std::lock_guard<std::mutex> lock(slot->mu);
            // Not Guarded(): its failure path calls AbortAll() again, which would relock slot->mu.
            // The job is being stopped anyway, so a throwing Cancel() has nothing left to report.
            try {
                if (slot->reader) {
                    slot->reader->Cancel();
                }
                if (slot->writer) {
                    slot->writer->Cancel();
                }
            } catch (...) {
            }
            if (slot->channel) {
                slot->channel->Abort();
            }
        }
    }

    // Runs body; an exception becomes the job's failure "<task> (<role>): unexpected error: ...",
    // and false is returned. An exception escaping a thread would reach std::terminate and end the
    // whole process (dbbridge serve with every running job), so every thread body runs through this.
    template <typename Body>
    bool Guarded(const std::string& task, const char* role, Body&& body) noexcept {
        try {
            body();
            return true;
        } catch (const std::exception& e) {
            FailUnexpected(task, role, e.what());
        } catch (...) {
            FailUnexpected(task, role, "unknown exception");
        }
        return false;
    }

    void FailUnexpected(const std::string& task, const char* role, const char* error) noexcept {
        try {
            Fail(Status::Internal(task + " (" + role + "): unexpected error: " + error));
        } catch (...) {
            s_.abort.store(true);  // Run() reports an abort without an error as an internal failure
        }
    }

    void LogDirty(const char* side, const std::string& reason, const sdk::Record& record) {
        int n = s_.dirty_logged.fetch_add(1);
        if (n < job_.max_dirty_logged) {
            env_.log->Error("StdoutPluginCollector", std::string("脏数据: \n") + FormatDirtyRecord(side, reason, record));
        }
    }

    // Returns the indices of columns whose type the engine does not map (carried as text).
    std::vector<std::size_t> UnmappedColumns(ReaderTask& reader) {
        std::vector<std::size_t> out;
        const auto* cols = reader.Columns();
        if (!cols) {
            return out;
        }
        for (std::size_t i = 0; i < cols->size(); ++i) {
            const auto& c = (*cols)[i];
            if (!IsUnmappedType(c.jdbc_type)) {
                continue;
            }
            out.push_back(i);
            std::lock_guard<std::mutex> lock(s_.warn_mu);
            if (s_.warned_columns.insert(c.name + "\x1f" + c.native_type).second) {
                env_.log->Warn("CommonRdbmsReader$Task",
                               "column " + c.name + " has type " + (c.native_type.empty() ? "?" : c.native_type) +
                                   " (java.sql.Types " + std::to_string(static_cast<int>(c.jdbc_type)) +
                                   "), which the engine does not map; it is carried as String");
            }
        }
        return out;
    }

    // The reader column of options_.watermark_column (nullopt when no watermark is kept).
    sdk::Result<std::optional<std::size_t>> WatermarkIndex(ReaderTask& reader) {
        if (options_.watermark_column.empty()) {
            return std::optional<std::size_t>();
        }
        const auto* cols = reader.Columns();
        if (!cols) {
            return Status::InvalidArgument("job.watermark.column: " + reader.Describe() +
                                           " does not report its column names, so no watermark can be kept");
        }
        auto index = WatermarkTracker::FindColumn(*cols, options_.watermark_column);
        if (!index) {
            std::string names;
            for (const auto& c : *cols) {
                names += (names.empty() ? "" : ", ") + c.name;
            }
            return Status::InvalidArgument("job.watermark.column '" + options_.watermark_column +
                                           "' is not among the columns the reader reads (" + names + ")");
        }
        return std::optional<std::size_t>(index);
    }

    void OfferWatermark(const sdk::RecordBatch& batch, std::size_t index) {
        const sdk::Value* best = nullptr;
        for (const auto& row : batch.rows) {
            if (index < row.size() && (best == nullptr || WatermarkTracker::Greater(row[index], *best))) {
                best = &row[index];
            }
        }
        if (best != nullptr) {
            s_.watermark.Offer(*best);
        }
    }

    // Runs the content entry's transformers over batch (TransformerExchanger#doTransformer):
    // filtered records leave the batch, failed ones move to dirty. False when the job must stop
    // (a columnIndex beyond the record, which DataX also treats as a job error).
    bool Transform(sdk::RecordBatch& batch, std::vector<DirtyRow>& dirty) {
        const TransformerChain& chain = *s_.transformer;
        auto t0 = SteadyClock::now();
        std::size_t kept = 0;
        std::int64_t succeeded = 0;
        std::int64_t failed = 0;
        std::int64_t filtered = 0;
        std::string reason;
        for (std::size_t i = 0; i < batch.rows.size(); ++i) {
            sdk::Record& row = batch.rows[i];
            Status st = chain.CheckColumnCount(row.size());
            if (!st.ok()) {
                Fail(st);
                return false;
            }
            switch (chain.Apply(row, reason)) {
                case TransformerChain::Outcome::kKeep:
                    ++succeeded;
                    if (kept != i) {
                        std::swap(batch.rows[kept], row);
                    }
                    ++kept;
                    break;
                case TransformerChain::Outcome::kFiltered:
                    ++filtered;
                    break;
                case TransformerChain::Outcome::kFailed:
                    ++failed;
                    dirty.push_back({row, reason});
                    break;
            }
        }
        batch.rows.resize(kept);
        s_.transformer_succeeded.fetch_add(succeeded, std::memory_order_relaxed);
        s_.transformer_failed.fetch_add(failed, std::memory_order_relaxed);
        s_.transformer_filtered.fetch_add(filtered, std::memory_order_relaxed);
        s_.transformer_ns.fetch_add(
            std::chrono::duration_cast<std::chrono::nanoseconds>(SteadyClock::now() - t0).count(),
            std::memory_order_relaxed);
        return true;
    }

    void ReaderLoop(ReaderTask& reader, BatchChannel& channel, JobRunner::State::Slot& slot, SpeedLimiter& limiter) {
        Status st = reader.Open();
        if (!st.ok()) {
            if (!s_.abort.load()) {
                Fail(st.WithContext(reader.Describe()));
            }
            channel.CloseWrite();
            return;
        }
        std::vector<std::size_t> unmapped = UnmappedColumns(reader);
        auto watermark_index = WatermarkIndex(reader);
        if (!watermark_index.ok()) {
            Fail(watermark_index.status());
            channel.CloseWrite();
            return;
        }
        std::vector<DirtyRow> dirty;
        std::size_t rows = kFirstBatchRows;
        double bytes_per_row = 0;
        while (!s_.abort.load(std::memory_order_relaxed)) {
            sdk::RecordBatch* batch = channel.AcquireFree();
            if (!batch) {
                break;
            }
            dirty.clear();
            std::size_t want = limiter.enabled() ? limiter.CapBatchRows(rows, bytes_per_row) : rows;
            auto more = reader.Next(*batch, want, dirty);
            if (!more.ok()) {
                channel.ReleaseUnused(batch);
                if (!s_.abort.load()) {
                    Fail(more.status());
                }
                break;
            }
            if (!unmapped.empty()) {
                for (auto& row : batch->rows) {
                    for (std::size_t i : unmapped) {
                        if (i < row.size() && !row[i].is_null() && row[i].kind != sdk::ValueKind::kText) {
                            row[i] = sdk::Value::Text(sdk::ValueToText(row[i]));
                        }
                    }
                }
            }
            if (watermark_index->has_value()) {
                OfferWatermark(*batch, watermark_index->value());
            }
            if (s_.transformer && !s_.transformer->empty() && !Transform(*batch, dirty)) {
                channel.ReleaseUnused(batch);
                break;
            }
            for (const auto& d : dirty) {
                s_.read_failed_records.fetch_add(1, std::memory_order_relaxed);
                s_.read_failed_bytes.fetch_add(DataxRecordBytes(d.record), std::memory_order_relaxed);
                LogDirty("reader", d.reason, d.record);
            }
            std::size_t n = batch->size();
            // A transformer changes values, so a reader's precomputed size no longer holds.
            const bool transformed = s_.transformer && !s_.transformer->empty();
            std::int64_t bytes = n == 0 ? 0 : transformed ? reader.ReaderTask::BatchBytes(*batch) : reader.BatchBytes(*batch);
            s_.read_records.fetch_add(static_cast<std::int64_t>(n), std::memory_order_relaxed);
            s_.read_bytes.fetch_add(bytes, std::memory_order_relaxed);
            if (n > 0 || !dirty.empty()) {
                slot.last_progress_ns.store(SteadyNs(), std::memory_order_relaxed);
            }
            if (n > 0) {
                // Grow towards the byte target (at most x4 per batch so huge rows never pile up). The
                // target is what the batch holds in memory: each value's slot besides its DataX bytes
                // (a row of four short columns takes ~7x its DataX size in memory; counting DataX bytes alone let
                // the queued batches of two channels take ~48 MiB, docs/benchmarks.md).
                bytes_per_row = static_cast<double>(bytes) / static_cast<double>(n);
                const double slots = static_cast<double>(sizeof(sdk::Record) +
                                                         batch->rows.front().size() * sizeof(sdk::Value));
                double by_bytes = static_cast<double>(options_.batch_target_bytes) / (bytes_per_row + slots);
                rows = static_cast<std::size_t>(std::min<double>({by_bytes, static_cast<double>(rows) * 4,
                                                                  static_cast<double>(options_.max_batch_rows)}));
                rows = std::max<std::size_t>(rows, 1);
                channel.PushFull(batch);
            } else {
                channel.ReleaseUnused(batch);
            }
            limiter.Throttle(static_cast<std::int64_t>(n), bytes, s_.abort);
            if (!more.value()) {
                break;
            }
        }
        channel.CloseWrite();
    }

    void CountWriterDirty(const std::string& reason, const sdk::Record& rec) {
        s_.write_failed_records.fetch_add(1, std::memory_order_relaxed);
        s_.write_failed_bytes.fetch_add(DataxRecordBytes(rec), std::memory_order_relaxed);
        LogDirty("writer", reason, rec);
    }

    // For a writer that reports dirty records late: ends its open bulk statement, counts and logs what
    // it found bad from the kept copies, and subtracts those from the uncommitted records. False when
    // the job must stop (flush failed, or the dirty records went over errorLimit: nothing of this
    // window may be committed then).
    bool FlushLate(WriterTask& writer, BatchArchive& archive, std::int64_t& uncommitted) {
        std::vector<sdk::LateDirtyRecord> late;
        Status st = writer.Flush(late);
        if (!st.ok()) {
            if (!s_.abort.load()) {
                Fail(st);
            }
            return false;
        }
        for (const auto& d : late) {
            CountWriterDirty(d.reason, archive.Get(d.batch, d.index_in_batch));
        }
        uncommitted -= static_cast<std::int64_t>(late.size());
        archive.Clear();
        if (!late.empty()) {
            CheckRecordLimit();
        }
        return !s_.abort.load();
    }

    void WriterLoop(WriterTask& writer, BatchChannel& channel, JobRunner::State::Slot& slot,
                    std::size_t expected_columns) {
        Status st = writer.Open();
        if (!st.ok()) {
            if (!s_.abort.load()) {
                Fail(st);
            }
            channel.Abort();
            (void)writer.Close();  // the open failure is what the run reports
            return;
        }
        const bool deferred = writer.DeferDirty();
        // deferred: copies of the batches since the last Flush(); one batch may go past the window
        BatchArchive archive(deferred ? options_.deferred_window_bytes + options_.batch_target_bytes : 0);
        std::vector<sdk::DirtyRecord> dirty;
        std::int64_t uncommitted = 0;
        auto last_commit = SteadyClock::now();
        bool checked_columns = expected_columns == 0;
        bool ok = true;
        while (true) {
            sdk::RecordBatch* batch = channel.PopFull();
            if (!batch) {
                break;
            }
            if (s_.abort.load(std::memory_order_relaxed)) {
                channel.ReleaseFree(batch);
                break;
            }
            if (!checked_columns && !batch->empty()) {
                checked_columns = true;
                std::size_t got = batch->rows.front().size();
                if (got != expected_columns) {
                    channel.ReleaseFree(batch);
                    Fail(Status::InvalidArgument(
                        "column count mismatch: the reader gives " + std::to_string(got) +
                        " columns per record but the writer's column lists " + std::to_string(expected_columns)));
                    ok = false;
                    break;
                }
            }
            dirty.clear();
            st = writer.Write(*batch, dirty);
            if (!st.ok()) {
                channel.ReleaseFree(batch);
                if (!s_.abort.load()) {
                    Fail(st);
                }
                ok = false;
                break;
            }
            for (const auto& d : dirty) {
                const sdk::Record empty;
                CountWriterDirty(d.reason, d.index_in_batch < batch->size() ? batch->rows[d.index_in_batch] : empty);
            }
            uncommitted += static_cast<std::int64_t>(batch->size()) - static_cast<std::int64_t>(dirty.size());
            if (deferred) {
                archive.Add(*batch);
            }
            channel.ReleaseFree(batch);
            slot.last_progress_ns.store(SteadyNs(), std::memory_order_relaxed);
            if (deferred && archive.bytes() >= options_.deferred_window_bytes &&
                !FlushLate(writer, archive, uncommitted)) {
                ok = false;
                break;
            }
            auto now = SteadyClock::now();
            if (now - last_commit >= kCommitInterval) {
                if (deferred && !FlushLate(writer, archive, uncommitted)) {
                    ok = false;
                    break;
                }
                st = writer.Commit();
                if (!st.ok()) {
                    if (!s_.abort.load()) {
                        Fail(st);
                    }
                    ok = false;
                    break;
                }
                s_.written_records.fetch_add(uncommitted, std::memory_order_relaxed);
                uncommitted = 0;
                last_commit = now;
            }
        }
        if (ok && !s_.abort.load() && (!deferred || FlushLate(writer, archive, uncommitted))) {
            st = writer.Commit();
            if (st.ok()) {
                s_.written_records.fetch_add(uncommitted, std::memory_order_relaxed);
            } else {
                Fail(st);
                (void)writer.Rollback();  // the commit failure is what the run reports
            }
        } else {
            (void)writer.Rollback();  // the run already failed or was aborted
            channel.Abort();  // unblocks the reader if it waits for a free batch
        }
        st = writer.Close();
        if (!st.ok() && !s_.abort.load()) {
            Fail(st);
        }
    }

    void RunTask(ReaderTask& reader, WriterTask& writer, std::size_t slot_index, SpeedLimiter& limiter,
                 std::size_t expected_columns) {
        BatchChannel channel(options_.queue_batches);
        auto& slot = *s_.slots[slot_index];
        const std::string desc = reader.Describe();
        // The slot points at this frame's channel: it is cleared however this function is left.
        struct SlotUser {
            JobRunner::State::Slot& slot;
            void Clear() {
                std::lock_guard<std::mutex> lock(slot.mu);
                slot.reader = nullptr;
                slot.writer = nullptr;
                slot.channel = nullptr;
            }
            ~SlotUser() { Clear(); }
        } slot_user{slot};
        {
            std::lock_guard<std::mutex> lock(slot.mu);
            slot.reader = &reader;
            slot.writer = &writer;
            slot.channel = &channel;
            slot.description = desc;
            slot.last_progress_ns.store(SteadyNs());
        }
        if (s_.abort.load()) {
            channel.Abort();
        }
        std::thread reader_thread([&] {
            if (!Guarded(desc, "reader", [&] { ReaderLoop(reader, channel, slot, limiter); })) {
                channel.Abort();
            }
        });
        if (!Guarded(desc, "writer", [&] { WriterLoop(writer, channel, slot, expected_columns); })) {
            // Left by an exception, maybe with a transaction open.
            channel.Abort();
            Guarded(desc, "writer rollback", [&] {
                (void)writer.Rollback();  // the exception is what the run reports
                (void)writer.Close();
            });
        }
        reader_thread.join();
        slot_user.Clear();
        Guarded(desc, "reader close", [&] { reader.Close(); });
        s_.wait_writer_ns.fetch_add(channel.wait_writer_ns());
        s_.wait_reader_ns.fetch_add(channel.wait_reader_ns());
        s_.finished_tasks.fetch_add(1);
    }

    ProgressFigures Snapshot(std::int64_t byte_speed, std::int64_t record_speed) const {
        ProgressFigures p;
        p.records = s_.read_records.load();
        p.bytes = s_.read_bytes.load();
        p.byte_speed = byte_speed;
        p.record_speed = record_speed;
        p.error_records = s_.read_failed_records.load() + s_.write_failed_records.load();
        p.error_bytes = s_.read_failed_bytes.load() + s_.write_failed_bytes.load();
        p.wait_writer_ns = s_.wait_writer_ns.load();
        p.wait_reader_ns = s_.wait_reader_ns.load();
        p.percentage = s_.total_tasks > 0 ? static_cast<double>(s_.finished_tasks.load()) / s_.total_tasks : 0;
        p.transformer = TransformerSnapshot();
        return p;
    }

    TransformerFigures TransformerSnapshot() const {
        TransformerFigures t;
        t.succeeded = s_.transformer_succeeded.load();
        t.failed = s_.transformer_failed.load();
        t.filtered = s_.transformer_filtered.load();
        t.used_ns = s_.transformer_ns.load();
        return t;
    }

    void CheckRecordLimit() {
        if (!job_.error_limit.record) {
            return;
        }
        std::int64_t errors = s_.read_failed_records.load() + s_.write_failed_records.load();
        if (errors > *job_.error_limit.record) {
            Fail(Status::DataError("Code:[Framework-14], Description:[DataX传输脏数据超过用户预期，该错误通常是由于源端数据"
                                   "存在较多业务脏数据导致，请仔细检查DataX汇报的脏数据日志信息, 或者您可以适当调大脏数据阈值 .]."
                                   "  - 脏数据条数检查不通过，限制是[" +
                                   std::to_string(*job_.error_limit.record) + "]条，但实际上捕获了[" +
                                   std::to_string(errors) + "]条."));
        }
    }

    // Schedules tasks on channels worker slots and monitors them until all are done.
    void Schedule(std::vector<std::unique_ptr<ReaderTask>>& readers, std::vector<std::unique_ptr<WriterTask>>& writers,
                  int channels, const ChannelPlan& plan, std::size_t expected_columns,
                  std::int64_t& last_tick_records, std::int64_t& last_tick_bytes, SteadyClock::time_point& last_tick) {
        s_.slots.clear();
        for (int i = 0; i < channels; ++i) {
            s_.slots.push_back(std::make_unique<JobRunner::State::Slot>());
        }
        {
            std::lock_guard<std::mutex> lock(s_.done_mu);
            s_.workers_done = 0;
        }
        std::atomic<std::size_t> next{0};
        auto worker = [&](int c) {
            Guarded("channel " + std::to_string(c), "worker", [&] {
                SpeedLimiter limiter(plan.channel_byte_limit, plan.channel_record_limit);
                while (!s_.abort.load()) {
                    std::size_t i = next.fetch_add(1);
                    if (i >= readers.size()) {
                        break;
                    }
                    RunTask(*readers[i], *writers[i], static_cast<std::size_t>(c), limiter, expected_columns);
                }
            });
            std::lock_guard<std::mutex> lock(s_.done_mu);
            ++s_.workers_done;
            s_.done_cv.notify_all();
        };
        std::vector<std::thread> workers;
        workers.reserve(static_cast<std::size_t>(channels));
        for (int c = 0; c < channels; ++c) {
            // A thread that cannot start fails the job; the ones already running are still joined.
            if (!Guarded("channel " + std::to_string(c), "start", [&] { workers.emplace_back(worker, c); })) {
                break;
            }
        }
        const int started = static_cast<int>(workers.size());
        Guarded("job", "monitor", [&] { Monitor(started, last_tick_records, last_tick_bytes, last_tick); });
        for (auto& w : workers) {
            w.join();
        }
    }

    // Watches the workers until they are all done: cancel requests, the record limit, the stall
    // watchdog and the periodic progress line.
    void Monitor(int workers, std::int64_t& last_tick_records, std::int64_t& last_tick_bytes,
                 SteadyClock::time_point& last_tick) {
        const auto interval = std::chrono::milliseconds(std::max(options_.progress_interval_ms, 1));
        const std::int64_t stall_ns = static_cast<std::int64_t>(options_.stall_timeout_seconds) * 1000000000LL;
        auto last_report = last_tick;
        std::int64_t last_report_records = last_tick_records;
        std::int64_t last_report_bytes = last_tick_bytes;
        while (true) {
            {
                std::unique_lock<std::mutex> lock(s_.done_mu);
                if (s_.done_cv.wait_for(lock, kMonitorTick, [&] { return s_.workers_done == workers; })) {
                    break;
                }
            }
            if (options_.cancel && options_.cancel->load() && !s_.abort.load()) {
                env_.log->Warn("JobContainer", "cancel requested: stopping the readers and rolling back open writes");
                Cancel();
            }
            if (!s_.abort.load()) {
                CheckRecordLimit();
            }
            if (!s_.abort.load() && stall_ns > 0) {
                std::int64_t now = SteadyNs();
                std::string stalled;
                for (auto& slot : s_.slots) {
                    std::lock_guard<std::mutex> lock(slot->mu);
                    if (slot->reader && now - slot->last_progress_ns.load() > stall_ns) {
                        stalled = slot->description;
                        break;
                    }
                }
                if (!stalled.empty()) {
                    Fail(Status::DeadlineExceeded("stall watchdog: task " + stalled + " moved no record for " +
                                                  std::to_string(options_.stall_timeout_seconds) + " s"));
                }
            }
            auto now = SteadyClock::now();
            if (options_.on_progress && now - last_report >= kProgressReportInterval) {
                ReportProgress(now - last_report, last_report_records, last_report_bytes);
                last_report = now;
            }
            if (now - last_tick >= interval) {
                double secs = std::chrono::duration<double>(now - last_tick).count();
                std::int64_t recs = s_.read_records.load();
                std::int64_t bytes = s_.read_bytes.load();
                auto p = Snapshot(static_cast<std::int64_t>((bytes - last_tick_bytes) / secs),
                                  static_cast<std::int64_t>((recs - last_tick_records) / secs));
                env_.log->Info("StandAloneJobContainerCommunicator", FormatProgress(p));
                last_tick = now;
                last_tick_records = recs;
                last_tick_bytes = bytes;
            }
        }
    }

    // Hands the live figures to options_.on_progress; the counters move on to the current ones.
    void ReportProgress(SteadyClock::duration elapsed, std::int64_t& last_records, std::int64_t& last_bytes) {
        double secs = std::max(std::chrono::duration<double>(elapsed).count(), 0.001);
        std::int64_t recs = s_.read_records.load();
        std::int64_t bytes = s_.read_bytes.load();
        options_.on_progress(Snapshot(static_cast<std::int64_t>((bytes - last_bytes) / secs),
                                      static_cast<std::int64_t>((recs - last_records) / secs)));
        last_records = recs;
        last_bytes = bytes;
    }

    ProgressFigures Final(double seconds) const {
        seconds = std::max(seconds, 0.001);
        return Snapshot(static_cast<std::int64_t>(s_.read_bytes.load() / seconds),
                        static_cast<std::int64_t>(s_.read_records.load() / seconds));
    }

private:
    JobRunner::State& s_;
    const EngineEnv& env_;
    const RunnerOptions& options_;
    const JobConfig& job_;
};

}  // namespace

// job.setting.dryRun, as DataX's JobContainer#preCheck: each plugin checks its side; nothing is
// prepared, split or moved, and no summary is printed.
Status JobRunner::PreCheck(const JobConfig& job, const PluginPairs& plugins, JobLog& log) {
    log.Info("JobContainer", "jobContainer starts to do preCheck ...");
    for (std::size_t ci = 0; ci < plugins.size(); ++ci) {
        const ContentConfig& content = job.content[ci];
        log.Info("JobContainer", "DataX Reader.Job [" + content.reader.name + "] do preCheck work .");
        Status st = plugins[ci].first->PreCheck();
        if (!st.ok()) {
            return WithJsonPath(st, content.reader.path);
        }
        log.Info("JobContainer", "DataX Writer.Job [" + content.writer.name + "] do preCheck work .");
        st = plugins[ci].second->PreCheck();
        if (!st.ok()) {
            return WithJsonPath(st, content.writer.path);
        }
    }
    log.Info("JobContainer", "PreCheck通过");
    return Status::Ok();
}

JobResult JobRunner::Run(const JobConfig& job) {
    State state;
    state_ = &state;
    JobLog& log = *env_.log;
    Execution exec(state, env_, options_, job);
    const auto start = log.Now();
    std::int64_t transfer_ns = 0;
    const std::string job_id = std::to_string(options_.job_id);
    log.Info("JobContainer", "dbbridge starts job [" + job_id + "] (DataX-compatible engine).");

    auto finish = [&](int exit_code, const std::string& error) {
        JobResult r;
        r.exit_code = exit_code;
        r.error = error;
        r.records_read = state.read_records.load() + state.read_failed_records.load();
        r.records_written = state.written_records.load();
        r.records_failed = state.read_failed_records.load() + state.write_failed_records.load();
        r.bytes = state.read_bytes.load();
        r.watermark_value = exit_code == kExitOk ? state.watermark.Text() : "";
        log.Info("StandAloneJobContainerCommunicator",
                 FormatProgress(exec.Final(static_cast<double>(transfer_ns) / 1e9)));
        SummaryFigures f;
        f.start = start;
        f.end = log.Now();
        f.transfer_ms = transfer_ns / 1000000;
        f.read_succeed_records = state.read_records.load();
        f.read_succeed_bytes = state.read_bytes.load();
        f.read_failed_records = state.read_failed_records.load();
        f.write_failed_records = state.write_failed_records.load();
        log.Info("JobContainer", FormatSummary(f));
        TransformerFigures t = exec.TransformerSnapshot();
        if (t.succeeded > 0 || t.failed > 0 || t.filtered > 0) {
            log.Info("JobContainer", FormatTransformerSummary(t));
        }
        if (exit_code == kExitKilled) {
            log.Error("JobContainer", "DataX jobId [" + job_id + "] was killed: " + std::to_string(r.records_written) +
                                          " records were written and committed before the stop (" +
                                          std::to_string(r.records_read) +
                                          " read); open writer transactions were rolled back.");
        } else if (exit_code != kExitOk) {
            log.Error("Engine", "\n\n经DataX智能分析,该任务最可能的错误原因是:\n" + error);
            log.Error("JobContainer", "job failed after " + std::to_string(r.records_written) +
                                          " records were written and committed.");
        } else {
            log.Info("JobContainer", "DataX jobId [" + job_id + "] completed successfully.");
        }
        state_ = nullptr;
        return r;
    };
    auto fail = [&](const Status& st) {
        bool killed = st.code() == sdk::StatusCode::kCancelled || state.cancelled;
        return finish(killed ? kExitKilled : kExitFailed, st.message());
    };

    auto plan = PlanChannels(job.speed);
    if (!plan.ok()) {
        return fail(plan.status());
    }
    // Create every plugin first: all validation errors come before any data moves.
    PluginPairs plugins;
    for (const auto& content : job.content) {
        auto reader = catalog_.CreateReader(content.reader, env_);
        if (!reader.ok()) {
            return fail(reader.status());
        }
        auto writer = catalog_.CreateWriter(content.writer, env_);
        if (!writer.ok()) {
            return fail(writer.status());
        }
        plugins.emplace_back(std::move(reader.value()), std::move(writer.value()));
    }
    if (job.ignored_content_entries > 0) {
        log.Warn("JobContainer", "job.content has " + std::to_string(job.ignored_content_entries + 1) +
                                     " entries; only job.content[0] runs, as in DataX. Put each of the others in "
                                     "a job file of its own.");
    }
    if (job.dry_run) {
        // No summary either way: DataX's JobContainer skips its statistics for a dry run.
        Status st = PreCheck(job, plugins, log);
        state_ = nullptr;
        JobResult r;
        if (!st.ok()) {
            r.exit_code = kExitFailed;
            r.error = st.message();
            log.Error("Engine", "\n\n经DataX智能分析,该任务最可能的错误原因是:\n" + r.error);
        }
        return r;
    }
    std::int64_t last_records = 0;
    std::int64_t last_bytes = 0;
    auto last_tick = SteadyClock::now();
    for (std::size_t ci = 0; ci < plugins.size(); ++ci) {
        auto& [reader, writer] = plugins[ci];
        const ContentConfig& content = job.content[ci];
        if (options_.cancel && options_.cancel->load()) {
            state.cancelled = true;
            return fail(Status::Cancelled("the job was killed before it started moving data"));
        }
        log.Info("JobContainer", "DataX Reader.Job [" + content.reader.name + "] do prepare work .");
        Status st = reader->Prepare();
        if (!st.ok()) {
            return fail(WithJsonPath(st, content.reader.path));
        }
        log.Info("JobContainer", "DataX Writer.Job [" + content.writer.name + "] do prepare work .");
        st = writer->Prepare();
        if (!st.ok()) {
            return fail(WithJsonPath(st, content.writer.path));
        }
        auto reader_tasks = reader->Split(plan.value().channels);
        if (!reader_tasks.ok()) {
            return fail(WithJsonPath(reader_tasks.status(), content.reader.path));
        }
        auto writer_tasks = writer->Split(reader_tasks.value().size());
        if (!writer_tasks.ok()) {
            return fail(WithJsonPath(writer_tasks.status(), content.writer.path));
        }
        if (writer_tasks.value().size() != reader_tasks.value().size()) {
            return fail(Status::Internal(content.writer.path + ": writer split into " +
                                         std::to_string(writer_tasks.value().size()) + " tasks, expected " +
                                         std::to_string(reader_tasks.value().size())));
        }
        int channels = EffectiveChannels(plan.value().channels, reader_tasks.value().size());
        log.Info("JobContainer", "DataX Reader.Job [" + content.reader.name + "] splits to [" +
                                     std::to_string(reader_tasks.value().size()) + "] tasks; running on [" +
                                     std::to_string(channels) + "] channels (" + plan.value().reason + ").");
        state.transformer = &content.transformer;
        state.total_tasks = static_cast<std::int64_t>(reader_tasks.value().size());
        state.finished_tasks.store(0);
        auto t0 = SteadyClock::now();
        exec.Schedule(reader_tasks.value(), writer_tasks.value(), channels, plan.value(), writer->ExpectedColumns(),
                      last_records, last_bytes, last_tick);
        transfer_ns += std::chrono::duration_cast<std::chrono::nanoseconds>(SteadyClock::now() - t0).count();
        Status error;
        {
            std::lock_guard<std::mutex> lock(state.error_mu);
            error = state.error;
        }
        if (error.ok() && state.abort.load()) {
            error = Status::Internal("a task stopped unexpectedly");  // its error could not be recorded
        }
        if (!error.ok()) {
            return fail(error);
        }
        // A record limit exceeded by the last dirty records is still a failure.
        exec.CheckRecordLimit();
        {
            std::lock_guard<std::mutex> lock(state.error_mu);
            error = state.error;
        }
        if (!error.ok()) {
            return fail(error);
        }
        log.Info("JobContainer", "DataX Writer.Job [" + content.writer.name + "] do post work.");
        st = writer->Post();
        if (!st.ok()) {
            return fail(WithJsonPath(st, content.writer.path));
        }
        log.Info("JobContainer", "DataX Reader.Job [" + content.reader.name + "] do post work.");
        st = reader->Post();
        if (!st.ok()) {
            return fail(WithJsonPath(st, content.reader.path));
        }
    }
    if (!job.error_limit.record && job.error_limit.percentage) {
        std::int64_t errors = state.read_failed_records.load() + state.write_failed_records.load();
        std::int64_t total = state.read_records.load() + state.read_failed_records.load();
        double ratio = total > 0 ? static_cast<double>(errors) / static_cast<double>(total) : 0.0;
        if (ratio > *job.error_limit.percentage) {
            char buf[256];
            std::snprintf(buf, sizeof buf, "脏数据百分比检查不通过，限制是[%f]，但实际上捕获到[%f].",
                          *job.error_limit.percentage, ratio);
            return fail(Status::DataError(
                std::string("Code:[Framework-14], Description:[DataX传输脏数据超过用户预期，该错误通常是由于源端数据存在较多业务"
                            "脏数据导致，请仔细检查DataX汇报的脏数据日志信息, 或者您可以适当调大脏数据阈值 .].  - ") +
                buf));
        }
    }
    return finish(kExitOk, "");
}

}  // namespace dbbridge::core::engine
