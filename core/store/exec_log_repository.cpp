#include "core/store/exec_log_repository.h"

#include <Poco/DateTimeFormatter.h>
#include <Poco/Timestamp.h>

#include "core/store/store_query.h"
#include "core/store/store_time.h"

namespace dbbridge::core {

namespace {

constexpr const char* kColumns =
    "id, config_id, exec_name, exec_result, status, log_path, pid, start_time, end_time, records_read, "
    "records_written, records_failed, bytes, exit_reason, insert_date, host_name, lease_until, not_before, "
    "kill_requested, schedule_id, fire_time, attempt, max_retries, retry_backoff_s, timeout_s, serial_key, params, "
    "watermark, progress_records, progress_bytes, progress_record_speed, progress_byte_speed, progress_error_records, "
    "progress_basis_points, progress_time";

constexpr double kBasisPoints = 10000.0;  // progress_basis_points of a whole run

// The unfinished states, as SQL text for "status IN (...)"; constants, not user values.
constexpr const char* kUnfinished = "('queued', 'running')";

ExecLogRow ToRow(const StoreRow& r) {
    ExecLogRow e;
    e.id = r.Int(0);
    e.config_id = r.Int(1);
    e.exec_name = r.Text(2);
    e.exec_result = r.Text(3);
    // An unknown status text (edited by hand) reads as interrupted rather than as live.
    e.status = ParseExecStatus(r.Text(4)).value_or(ExecStatus::kInterrupted);
    e.log_path = r.Text(5);
    e.pid = r.Int(6);
    e.start_time = r.Text(7);
    e.end_time = r.Text(8);
    e.records_read = r.Int(9);
    e.records_written = r.Int(10);
    e.records_failed = r.Int(11);
    e.bytes = r.Int(12);
    e.exit_reason = r.Text(13);
    e.insert_date = r.Text(14);
    e.host_name = r.Text(15);
    e.lease_until = r.Int(16);
    e.not_before = r.Int(17);
    e.kill_requested = r.Int(18) != 0;
    e.schedule_id = r.Int(19);
    e.fire_time = r.Int(20);
    e.attempt = static_cast<int>(r.Int(21));
    e.max_retries = static_cast<int>(r.Int(22));
    e.retry_backoff_s = static_cast<int>(r.Int(23));
    e.timeout_s = static_cast<int>(r.Int(24));
    e.serial_key = r.Int(25);
    e.params = r.Text(26);
    e.watermark = r.Text(27);
    // Figures a running host stored; finished rows keep their last ones but show the final counters.
    if (e.status == ExecStatus::kRunning && r.Int(34) > 0) {
        e.progress = RunProgress{r.Int(28), r.Int(29), r.Int(30), r.Int(31), r.Int(32), r.Int(33) / kBasisPoints};
    }
    return e;
}

sdk::Status NotFound(std::int64_t id) { return sdk::Status::NotFound("run id " + std::to_string(id) + " not found"); }

std::string SelectSql(const std::string& where) {
    return std::string("SELECT ") + kColumns + " FROM exec_log " + where;
}

}  // namespace

const char* ExecStatusName(ExecStatus status) {
    switch (status) {
        case ExecStatus::kQueued:
            return "queued";
        case ExecStatus::kRunning:
            return "running";
        case ExecStatus::kSucceeded:
            return "succeeded";
        case ExecStatus::kFailed:
            return "failed";
        case ExecStatus::kKilled:
            return "killed";
        case ExecStatus::kInterrupted:
            return "interrupted";
    }
    return "interrupted";
}

std::optional<ExecStatus> ParseExecStatus(const std::string& name) {
    for (auto s : {ExecStatus::kQueued, ExecStatus::kRunning, ExecStatus::kSucceeded, ExecStatus::kFailed,
                   ExecStatus::kKilled, ExecStatus::kInterrupted}) {
        if (name == ExecStatusName(s)) {
            return s;
        }
    }
    return std::nullopt;
}

bool IsFinished(ExecStatus status) { return status != ExecStatus::kQueued && status != ExecStatus::kRunning; }

std::string NowUtcIsoMillis() { return Poco::DateTimeFormatter::format(Poco::Timestamp(), "%Y-%m-%dT%H:%M:%S.%iZ"); }

sdk::Result<std::int64_t> ExecLogRepository::InsertQueued(
    std::int64_t config_id, const std::string& exec_name,
    const std::function<std::string(std::int64_t)>& log_path_for) {
    return TransactFor(store_, [&](StoreSession& s) -> sdk::Result<std::int64_t> {
        auto id = s.Insert(
            "INSERT INTO exec_log (config_id, exec_name, exec_result, status, log_path, pid, records_read, "
            "records_written, records_failed, bytes, exit_reason, insert_date) "
            "VALUES (?, ?, '', 'queued', '', 0, 0, 0, 0, 0, '', ?)",
            {config_id, exec_name, NowUtcIso()});
        if (!id.ok()) {
            return id;
        }
        DBB_RETURN_IF_ERROR(
            s.Execute("UPDATE exec_log SET log_path = ? WHERE id = ?", {log_path_for(*id), *id}).status());
        return id;
    });
}

sdk::Result<std::int64_t> ExecLogRepository::InsertQueued(StoreSession& s, std::int64_t config_id,
                                                         const std::string& exec_name, const QueuedRunSpec& spec) {
    return s.Insert(
        "INSERT INTO exec_log (config_id, exec_name, exec_result, status, log_path, pid, records_read, "
        "records_written, records_failed, bytes, exit_reason, insert_date, schedule_id, fire_time, attempt, "
        "max_retries, retry_backoff_s, timeout_s, serial_key, not_before, params) "
        "VALUES (?, ?, '', 'queued', '', 0, 0, 0, 0, 0, '', ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        {config_id, exec_name, NowUtcIso(), spec.schedule_id, spec.fire_time, std::int64_t{spec.attempt},
         std::int64_t{spec.max_retries}, std::int64_t{spec.retry_backoff_s}, std::int64_t{spec.timeout_s},
         spec.serial_key, spec.not_before, spec.params});
}

const char* ExecLogRepository::SelectColumns() { return kColumns; }

ExecLogRow ExecLogRepository::FromStoreRow(const StoreRow& row) { return ToRow(row); }

sdk::Result<bool> ExecLogRepository::MarkRunning(std::int64_t id, std::int64_t pid) {
    return RunFor(store_, [&](StoreSession& s) -> sdk::Result<bool> {
        DBB_ASSIGN_OR_RETURN(auto updated, s.Execute(
            "UPDATE exec_log SET status = 'running', start_time = ?, pid = ? WHERE id = ? AND status = 'queued'",
            {NowUtcIsoMillis(), pid, id}));
        if (updated > 0) {
            return true;
        }
        DBB_ASSIGN_OR_RETURN(auto exists, s.QueryInt("SELECT COUNT(*) FROM exec_log WHERE id = ?", {id}));
        if (exists == 0) {
            return NotFound(id);
        }
        return false;
    });
}

sdk::Status ExecLogRepository::SaveProgress(std::int64_t id, const RunProgress& progress, std::int64_t now_ms) {
    const auto basis_points = static_cast<std::int64_t>(progress.percentage * kBasisPoints + 0.5);
    return RunFor(store_, [&](StoreSession& s) {
        return s.Execute(
            "UPDATE exec_log SET progress_records = ?, progress_bytes = ?, progress_record_speed = ?, "
            "progress_byte_speed = ?, progress_error_records = ?, progress_basis_points = ?, progress_time = ? "
            "WHERE id = ? AND status = 'running'",
            {progress.records, progress.bytes, progress.record_speed, progress.byte_speed, progress.error_records,
             basis_points, now_ms, id});
    }).status();
}

sdk::Result<bool> ExecLogRepository::Finish(std::int64_t id, const ExecOutcome& outcome) {
    if (!IsFinished(outcome.status)) {
        return sdk::Status::InvalidArgument(std::string("Finish: '") + ExecStatusName(outcome.status) +
                                            "' is not a final status");
    }
    return RunFor(store_, [&](StoreSession& s) { return Finish(s, id, outcome); });
}

sdk::Result<bool> ExecLogRepository::Finish(StoreSession& s, std::int64_t id, const ExecOutcome& outcome) {
    DBB_ASSIGN_OR_RETURN(auto updated, s.Execute(
        std::string("UPDATE exec_log SET status = ?, end_time = ?, exec_result = ?, exit_reason = ?, "
                    "records_read = ?, records_written = ?, records_failed = ?, bytes = ? "
                    "WHERE id = ? AND status IN ") +
            kUnfinished,
        {std::string(ExecStatusName(outcome.status)), NowUtcIsoMillis(), outcome.exec_result, outcome.exit_reason,
         outcome.records_read, outcome.records_written, outcome.records_failed, outcome.bytes, id}));
    return updated > 0;
}

sdk::Result<ExecLogRow> ExecLogRepository::Get(std::int64_t id) {
    return RunFor(store_, [&](StoreSession& s) { return Get(s, id); });
}

sdk::Result<ExecLogRow> ExecLogRepository::Get(StoreSession& session, std::int64_t id) {
    return SelectOne(session, SelectSql("WHERE id = ?"), {id}, ToRow, NotFound(id));
}

sdk::Result<Page<ExecLogRow>> ExecLogRepository::QueryByConfig(std::int64_t config_id, int page, int page_size) {
    return QueryPage(store_, "SELECT COUNT(*) FROM exec_log WHERE config_id = ?",
                     SelectSql("WHERE config_id = ? ORDER BY id DESC"), {config_id}, page, page_size, ToRow);
}

sdk::Result<Page<ExecLogRow>> ExecLogRepository::QueryVisible(const Visibility& visible, const RunFilter& filter,
                                                               int page, int page_size) {
    std::vector<StoreValue> params;
    std::string where = "WHERE config_id IN (SELECT id FROM json_config WHERE " +
                        VisibilityCondition(visible, params) + ")";
    if (filter.status) {
        where += " AND status = ?";
        params.emplace_back(std::string(ExecStatusName(*filter.status)));
    }
    // When it started, or was queued if it has not (start_time is "" until then).
    const std::string when = " AND COALESCE(NULLIF(start_time, ''), insert_date) ";
    if (!filter.from.empty()) {
        where += when + ">= ?";
        params.emplace_back(filter.from);
    }
    if (!filter.to.empty()) {
        where += when + "< ?";
        params.emplace_back(filter.to);
    }
    return QueryPage(store_, "SELECT COUNT(*) FROM exec_log " + where, SelectSql(where + " ORDER BY id DESC"), params,
                     page, page_size, ToRow);
}

namespace {

RunDayTotals ToDayTotals(const StoreRow& r) {
    RunDayTotals t;
    t.day = r.Text(0);
    t.status = ParseExecStatus(r.Text(1)).value_or(ExecStatus::kInterrupted);
    t.runs = r.Int(2);
    t.records_read = r.Int(3);
    t.records_written = r.Int(4);
    t.records_failed = r.Int(5);
    return t;
}

}  // namespace

sdk::Result<std::vector<RunDayTotals>> ExecLogRepository::TotalsByDay(const Visibility& visible,
                                                                     const std::string& from_day) {
    std::vector<StoreValue> params;
    const std::string where = "WHERE config_id IN (SELECT id FROM json_config WHERE " +
                              VisibilityCondition(visible, params) + ") AND insert_date >= ?";
    params.emplace_back(from_day);
    // insert_date is ISO 8601 UTC text: its first 10 characters are the day.
    return SelectRows(store_,
                      "SELECT SUBSTR(insert_date, 1, 10), status, COUNT(*), SUM(records_read), SUM(records_written), "
                      "SUM(records_failed) FROM exec_log " +
                          where + " GROUP BY SUBSTR(insert_date, 1, 10), status ORDER BY 1, 2",
                      params, ToDayTotals);
}

sdk::Result<std::vector<ExecLogRow>> ExecLogRepository::ListByConfig(std::int64_t config_id) {
    return SelectRows(store_, SelectSql("WHERE config_id = ? ORDER BY id"), {config_id}, ToRow);
}

sdk::Result<std::vector<ExecLogRow>> ExecLogRepository::ListUnfinished(std::int64_t config_id) {
    return SelectRows(store_,
                      SelectSql(std::string("WHERE config_id = ? AND status IN ") + kUnfinished + " ORDER BY id"),
                      {config_id}, ToRow);
}

sdk::Result<std::int64_t> ExecLogRepository::DeleteByConfig(std::int64_t config_id) {
    return TransactFor(store_, [&](StoreSession& s) { return DeleteByConfig(s, config_id); });
}

sdk::Result<std::int64_t> ExecLogRepository::DeleteByConfig(StoreSession& session, std::int64_t config_id) {
    // The runs' stored logs and the job's watermark go with them.
    DBB_RETURN_IF_ERROR(session
                            .Execute("DELETE FROM run_log_chunk WHERE exec_id IN "
                                     "(SELECT id FROM exec_log WHERE config_id = ?)",
                                     {config_id})
                            .status());
    DBB_RETURN_IF_ERROR(session.Execute("DELETE FROM job_watermark WHERE config_id = ?", {config_id}).status());
    return session.Execute("DELETE FROM exec_log WHERE config_id = ?", {config_id});
}

}  // namespace dbbridge::core
