#include "core/cluster/run_queue.h"

#include <Poco/DateTimeFormatter.h>
#include <Poco/Timestamp.h>

#include <algorithm>
#include <chrono>

#include "core/store/store_query.h"
#include "core/store/store_time.h"

namespace dbbridge::core {

namespace {

constexpr const char* kUnfinished = "('queued', 'running')";
// A stored chunk holds at most this much, so one row stays small on every backend (MySQL TEXT).
constexpr std::size_t kMaxChunkBytes = 60 * 1024;

std::string Select(const std::string& where) {
    return std::string("SELECT ") + ExecLogRepository::SelectColumns() + " FROM exec_log " + where;
}

sdk::Result<std::vector<ExecLogRow>> SelectRuns(StoreSession& s, const std::string& where,
                                                const std::vector<StoreValue>& params) {
    return SelectRows(s, Select(where), params, ExecLogRepository::FromStoreRow);
}

// "?, ?, ?" for n bound values.
std::string Placeholders(std::size_t n) {
    std::string out;
    for (std::size_t i = 0; i < n; ++i) {
        out += i == 0 ? "?" : ", ?";
    }
    return out;
}

// Exponential: backoff, 2 x backoff, 4 x backoff ... capped at an hour.
std::int64_t BackoffMs(const ExecLogRow& row) {
    std::int64_t ms = std::int64_t{row.retry_backoff_s} * 1000;
    for (int i = 1; i < row.attempt && ms < RunQueue::kMaxBackoffMs; ++i) {
        ms *= 2;
    }
    return std::min(ms, RunQueue::kMaxBackoffMs);
}

// Queues the next attempt of row when its policy has one left. Returns the new id or 0.
sdk::Result<std::int64_t> QueueRetry(StoreSession& s, const ExecLogRow& row, ExecStatus ended_as) {
    if (ended_as != ExecStatus::kFailed && ended_as != ExecStatus::kInterrupted) {
        return std::int64_t{0};
    }
    if (row.attempt > row.max_retries) {
        return std::int64_t{0};
    }
    QueuedRunSpec spec;
    spec.schedule_id = row.schedule_id;
    spec.fire_time = row.fire_time;
    spec.attempt = row.attempt + 1;
    spec.max_retries = row.max_retries;
    spec.retry_backoff_s = row.retry_backoff_s;
    spec.timeout_s = row.timeout_s;
    spec.serial_key = row.serial_key;
    spec.params = row.params;
    spec.not_before = NowEpochMs() + BackoffMs(row);
    std::string name = row.exec_name;
    auto cut = name.find(" (attempt ");
    if (cut != std::string::npos) {
        name.resize(cut);
    }
    name += " (attempt " + std::to_string(spec.attempt) + " of " + std::to_string(row.max_retries + 1) + ")";
    return ExecLogRepository::InsertQueued(s, row.config_id, name, spec);
}

// running -> interrupted for each row (conditional), each with its retry. Returns the rows changed.
sdk::Result<std::vector<ExecLogRow>> Interrupt(StoreSession& s, std::vector<ExecLogRow> rows,
                                               const std::function<std::string(const ExecLogRow&)>& reason_for) {
    std::vector<ExecLogRow> changed;
    const std::string now = NowUtcIsoMillis();
    for (auto& row : rows) {
        const std::string reason = reason_for(row);
        DBB_ASSIGN_OR_RETURN(auto updated, s.Execute(
            "UPDATE exec_log SET status = 'interrupted', end_time = ?, exit_reason = ?, exec_result = ? "
            "WHERE id = ? AND status = 'running'",
            {now, reason, std::string("interrupted: ") + reason, row.id}));
        if (updated == 0) {
            continue;
        }
        auto retry = QueueRetry(s, row, ExecStatus::kInterrupted);
        if (!retry.ok()) {
            return retry.status();
        }
        row.exit_reason = reason;
        changed.push_back(std::move(row));
    }
    return changed;
}

// Byte length that ends on a UTF-8 character boundary, at most max.
std::size_t Utf8Prefix(const std::string& s, std::size_t max) {
    if (s.size() <= max) {
        return s.size();
    }
    std::size_t n = max;
    while (n > 0 && (static_cast<unsigned char>(s[n]) & 0xC0) == 0x80) {
        --n;
    }
    return n;
}

}  // namespace

std::int64_t NowEpochMs() {
    using namespace std::chrono;
    return duration_cast<milliseconds>(system_clock::now().time_since_epoch()).count();
}

std::string IsoMillis(std::int64_t epoch_ms) {
    return Poco::DateTimeFormatter::format(Poco::Timestamp(epoch_ms * 1000), "%Y-%m-%dT%H:%M:%S.%iZ");
}

sdk::Result<std::vector<ClaimedRun>> RunQueue::Claim(const std::string& host, int limit, std::int64_t lease_ms,
                                                     std::int64_t pid,
                                                     const std::function<std::string(std::int64_t, std::int64_t)>& log_path_for) {
    if (limit <= 0) {
        return std::vector<ClaimedRun>{};
    }
    return TransactFor(store_, [&](StoreSession& s) -> sdk::Result<std::vector<ClaimedRun>> {
        const std::int64_t now = NowEpochMs();
        // A serialised run (overlap "queue") may start only when it is the oldest unfinished of
        // its key; the key's older run, claimed by another host, is still unfinished in our view.
        DBB_ASSIGN_OR_RETURN(auto ids, s.Query(std::string("SELECT id, config_id FROM exec_log e WHERE status = 'queued' AND not_before <= ? AND "
                                       "(serial_key = 0 OR id = (SELECT MIN(id) FROM exec_log o WHERE "
                                       "o.serial_key = e.serial_key AND o.status IN ") +
                               kUnfinished + ")) ORDER BY id LIMIT ?" + SkipLockedSuffix(s.backend()),
                           {now, std::int64_t{limit}}));
        // The rows are locked: each UPDATE succeeds. Then the rows and their configs in two reads.
        std::vector<StoreValue> taken;
        for (const auto& r : ids) {
            const std::int64_t id = r.Int(0);
            DBB_ASSIGN_OR_RETURN(auto updated, s.Execute(
                "UPDATE exec_log SET status = 'running', host_name = ?, lease_until = ?, start_time = ?, pid = ?, "
                "log_path = ? WHERE id = ? AND status = 'queued'",
                {host, now + lease_ms, NowUtcIsoMillis(), pid, log_path_for(r.Int(1), id), id}));
            if (updated > 0) {
                taken.emplace_back(id);
            }
        }
        std::vector<ClaimedRun> claimed;
        if (taken.empty()) {
            return claimed;
        }
        const std::string in = "(" + Placeholders(taken.size()) + ")";
        auto rows = SelectRuns(s, "WHERE id IN " + in + " ORDER BY id", taken);
        auto configs = s.Query("SELECT id, content, config_name, uid FROM json_config WHERE id IN "
                               "(SELECT config_id FROM exec_log WHERE id IN " + in + ")",
                               taken);
        if (!rows.ok() || !configs.ok()) {
            return rows.ok() ? configs.status() : rows.status();
        }
        for (auto& row : rows.value()) {
            ClaimedRun run;
            run.row = std::move(row);
            for (const auto& c : configs.value()) {
                if (c.Int(0) == run.row.config_id) {
                    run.job_text = c.Text(1);
                    run.config_name = c.Text(2);
                    run.config_uid = c.Text(3);
                }
            }
            claimed.push_back(std::move(run));
        }
        return claimed;
    });
}

sdk::Result<bool> RunQueue::ClaimOne(std::int64_t id, const std::string& host, std::int64_t lease_ms, std::int64_t pid,
                                     const std::string& log_path) {
    return RunFor(store_, [&](StoreSession& s) { return ClaimOne(s, id, host, lease_ms, pid, log_path); });
}

sdk::Result<bool> RunQueue::ClaimOne(StoreSession& s, std::int64_t id, const std::string& host, std::int64_t lease_ms,
                                     std::int64_t pid, const std::string& log_path) {
    DBB_ASSIGN_OR_RETURN(auto updated,
                         s.Execute("UPDATE exec_log SET status = 'running', host_name = ?, lease_until = ?, "
                                   "start_time = ?, pid = ?, log_path = ? WHERE id = ? AND status = 'queued'",
                                   {host, NowEpochMs() + lease_ms, NowUtcIsoMillis(), pid, log_path, id}));
    return updated > 0;
}

sdk::Result<std::vector<std::int64_t>> RunQueue::Renew(const std::string& host, const std::vector<std::int64_t>& ids,
                                                       std::int64_t lease_ms) {
    return RunFor(store_, [&](StoreSession& s) -> sdk::Result<std::vector<std::int64_t>> {
        std::vector<std::int64_t> lost;
        const std::int64_t until = NowEpochMs() + lease_ms;
        for (std::int64_t id : ids) {
            DBB_ASSIGN_OR_RETURN(auto updated, s.Execute(
                "UPDATE exec_log SET lease_until = ? WHERE id = ? AND host_name = ? AND status = 'running'",
                {until, id, host}));
            if (updated == 0) {
                lost.push_back(id);
            }
        }
        return lost;
    });
}

sdk::Result<std::vector<std::int64_t>> RunQueue::KillRequested(const std::string& host) {
    return RunFor(store_, [&](StoreSession& s) -> sdk::Result<std::vector<std::int64_t>> {
        DBB_ASSIGN_OR_RETURN(auto rows, s.Query(
            "SELECT id FROM exec_log WHERE host_name = ? AND status = 'running' AND kill_requested = 1", {host}));
        std::vector<std::int64_t> ids;
        for (const auto& r : rows) {
            ids.push_back(r.Int(0));
        }
        return ids;
    });
}

sdk::Result<bool> RunQueue::RequestKill(std::int64_t id) {
    return RunFor(store_, [&](StoreSession& s) -> sdk::Result<bool> {
        DBB_ASSIGN_OR_RETURN(auto updated, s.Execute("UPDATE exec_log SET kill_requested = 1 WHERE id = ? AND status = 'running'", {id}));
        return updated > 0;
    });
}

sdk::Result<bool> RunQueue::KillQueued(std::int64_t id, const std::string& reason) {
    return RunFor(store_, [&](StoreSession& s) -> sdk::Result<bool> {
        DBB_ASSIGN_OR_RETURN(auto updated, s.Execute(
            "UPDATE exec_log SET status = 'killed', end_time = ?, exit_reason = ?, exec_result = 'killed' "
            "WHERE id = ? AND status = 'queued'",
            {NowUtcIsoMillis(), reason, id}));
        return updated > 0;
    });
}

sdk::Result<std::vector<ExecLogRow>> RunQueue::ReapExpired(
    std::int64_t now, const std::function<std::string(const ExecLogRow&)>& reason_for) {
    return TransactFor(store_, [&](StoreSession& s) -> sdk::Result<std::vector<ExecLogRow>> {
        DBB_ASSIGN_OR_RETURN(auto rows, SelectRuns(s, std::string("WHERE status = 'running' AND lease_until < ? ORDER BY id") +
                                      SkipLockedSuffix(s.backend()),
                               {now}));
        return Interrupt(s, std::move(rows), reason_for);
    });
}

sdk::Result<std::vector<ExecLogRow>> RunQueue::InterruptHost(const std::string& host, const std::string& reason) {
    return TransactFor(store_, [&](StoreSession& s) -> sdk::Result<std::vector<ExecLogRow>> {
        DBB_ASSIGN_OR_RETURN(auto rows, SelectRuns(s, "WHERE status = 'running' AND host_name = ? ORDER BY id", {host}));
        return Interrupt(s, std::move(rows), [&](const ExecLogRow&) { return reason; });
    });
}

sdk::Result<FinishResult> RunQueue::Finish(std::int64_t id, const RunEnd& end) {
    const ExecOutcome& o = end.outcome;
    if (!IsFinished(o.status)) {
        return sdk::Status::InvalidArgument(std::string("Finish: '") + ExecStatusName(o.status) +
                                            "' is not a final status");
    }
    const bool moves_watermark =
        o.status == ExecStatus::kSucceeded && !end.watermark_column.empty() && !end.watermark_value.empty();
    return TransactFor(store_, [&](StoreSession& s) -> sdk::Result<FinishResult> {
        FinishResult result;
        auto rows = SelectRuns(s, "WHERE id = ?", {id});
        if (!rows.ok()) {
            return rows.status();
        }
        if (rows->empty()) {
            return sdk::Status::NotFound("run id " + std::to_string(id) + " not found");
        }
        DBB_ASSIGN_OR_RETURN(auto updated, s.Execute(
            std::string("UPDATE exec_log SET status = ?, end_time = ?, exec_result = ?, exit_reason = ?, "
                        "records_read = ?, records_written = ?, records_failed = ?, bytes = ?, watermark = ? "
                        "WHERE id = ? AND status IN ") +
                kUnfinished,
            {std::string(ExecStatusName(o.status)), NowUtcIsoMillis(), o.exec_result, o.exit_reason, o.records_read,
             o.records_written, o.records_failed, o.bytes, moves_watermark ? end.watermark_value : std::string(), id}));
        if (updated == 0) {
            return result;
        }
        result.finished = true;
        const ExecLogRow& row = rows->front();
        if (moves_watermark) {
            DBB_ASSIGN_OR_RETURN(auto moved, s.Execute(
                "UPDATE job_watermark SET column_name = ?, value = ?, exec_id = ?, update_time = ? WHERE config_id = ?",
                {end.watermark_column, end.watermark_value, id, NowUtcIsoMillis(), row.config_id}));
            if (moved == 0) {
                DBB_RETURN_IF_ERROR(s.Execute("INSERT INTO job_watermark (config_id, column_name, value, exec_id, "
                                              "update_time) VALUES (?, ?, ?, ?, ?)",
                                              {row.config_id, end.watermark_column, end.watermark_value, id,
                                               NowUtcIsoMillis()})
                                        .status());
            }
        }
        DBB_ASSIGN_OR_RETURN(auto retry, QueueRetry(s, row, o.status));
        result.retry_id = retry;
        return result;
    });
}

sdk::Result<std::optional<std::string>> RunQueue::Watermark(std::int64_t config_id) {
    return RunFor(store_, [&](StoreSession& s) -> sdk::Result<std::optional<std::string>> {
        auto rows = s.Query("SELECT value FROM job_watermark WHERE config_id = ?", {config_id});
        if (!rows.ok()) {
            return rows.status();
        }
        if (rows->empty()) {
            return std::optional<std::string>();
        }
        return std::optional<std::string>(rows->front().Text(0));
    });
}

sdk::Status RunQueue::AppendLog(std::int64_t exec_id, std::int64_t start_offset, const std::string& text) {
    if (text.empty() || start_offset >= kMaxStoredLogBytes) {
        return sdk::Status::Ok();
    }
    return store_.Run([&](StoreSession& s) -> sdk::Status {
        std::size_t done = 0;
        while (done < text.size()) {
            std::string part = text.substr(done);
            part.resize(Utf8Prefix(part, kMaxChunkBytes));
            if (part.empty()) {
                break;  // a malformed tail; never loop forever
            }
            const std::int64_t from = start_offset + static_cast<std::int64_t>(done);
            auto inserted = s.Execute(
                InsertIgnoringDuplicateSql(s.backend(),
                                           "run_log_chunk (exec_id, start_offset, end_offset, text) VALUES (?, ?, ?, ?)"),
                {exec_id, from, from + static_cast<std::int64_t>(part.size()), part});
            if (!inserted.ok()) {
                return inserted.status();
            }
            done += part.size();
        }
        return sdk::Status::Ok();
    });
}

sdk::Status RunQueue::AppendLogLine(std::int64_t exec_id, const std::string& line) {
    auto end = RunFor(store_, [&](StoreSession& s) {
        return s.QueryInt("SELECT MAX(end_offset) FROM run_log_chunk WHERE exec_id = ?", {exec_id});
    });
    if (!end.ok()) {
        return end.status();
    }
    return AppendLog(exec_id, end.value(), line);
}

sdk::Result<LogText> RunQueue::ReadLog(std::int64_t exec_id, std::int64_t offset, std::int64_t limit) {
    return RunFor(store_, [&](StoreSession& s) -> sdk::Result<LogText> {
        LogText out;
        DBB_ASSIGN_OR_RETURN(auto size, s.QueryInt("SELECT MAX(end_offset) FROM run_log_chunk WHERE exec_id = ?", {exec_id}));
        out.size = size;
        // Chunks are at most kMaxChunkBytes, so limit / chunk + 2 rows cover the range.
        const std::int64_t rows_needed = limit / static_cast<std::int64_t>(kMaxChunkBytes) + 2;
        DBB_ASSIGN_OR_RETURN(auto rows, s.Query(
            "SELECT start_offset, text FROM run_log_chunk WHERE exec_id = ? AND end_offset > ? "
            "ORDER BY start_offset LIMIT ?",
            {exec_id, offset, rows_needed}));
        std::int64_t at = offset;
        for (const auto& r : rows) {
            const std::int64_t start = r.Int(0);
            if (start > at) {
                break;  // a gap (the host died before copying it): stop at what is contiguous
            }
            std::string text = r.Text(1);
            out.text += text.substr(static_cast<std::size_t>(at - start));
            at = start + static_cast<std::int64_t>(text.size());
            if (static_cast<std::int64_t>(out.text.size()) >= limit) {
                break;
            }
        }
        if (static_cast<std::int64_t>(out.text.size()) > limit) {
            out.text.resize(Utf8Prefix(out.text, static_cast<std::size_t>(limit)));
        }
        return out;
    });
}

}  // namespace dbbridge::core
