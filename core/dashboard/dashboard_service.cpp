#include "core/dashboard/dashboard_service.h"

#include "core/multiplex/sql_report_store.h"

namespace dbbridge::core {

namespace {

constexpr std::int64_t kDayMs = 86400000;

const ExecStatus kStatuses[] = {ExecStatus::kQueued, ExecStatus::kRunning, ExecStatus::kSucceeded,
                                ExecStatus::kFailed, ExecStatus::kKilled, ExecStatus::kInterrupted};

}  // namespace

sdk::Result<Dashboard> DashboardService::For(const std::string& uid, int days, std::int64_t now_ms) {
    if (days < 1 || days > kMaxDays) {
        return sdk::Status::InvalidArgument("days must be between 1 and " + std::to_string(kMaxDays) + " (got " +
                                            std::to_string(days) + ")");
    }
    Dashboard d;
    d.days = days;
    const std::int64_t from_ms = (now_ms / kDayMs - (days - 1)) * kDayMs;  // midnight UTC of the first day
    for (int i = 0; i < days; ++i) {
        DashboardDay day;
        day.day = multiplex::IsoFromEpochMs(from_ms + i * kDayMs).substr(0, 10);
        for (ExecStatus s : kStatuses) day.by_status[ExecStatusName(s)] = 0;
        d.per_day.push_back(std::move(day));
    }
    d.from_day = d.per_day.front().day;
    DBB_RETURN_IF_ERROR(AddRuns(d, uid));
    DBB_RETURN_IF_ERROR(AddReports(d, uid, from_ms));
    return d;
}

sdk::Status DashboardService::AddRuns(Dashboard& d, const std::string& uid) {
    auto totals = jobs_.RunTotalsByDay(d.from_day, uid);
    DBB_RETURN_IF_ERROR(totals.status());
    for (const RunDayTotals& t : *totals) {
        for (DashboardDay& day : d.per_day) {
            if (day.day != t.day) continue;
            day.by_status[ExecStatusName(t.status)] += t.runs;
            day.records_written += t.records_written;
            day.records_failed += t.records_failed;
        }
        d.runs += t.runs;
        d.failed_runs += t.status == ExecStatus::kFailed ? t.runs : 0;
        d.records_read += t.records_read;
        d.records_written += t.records_written;
        d.records_failed += t.records_failed;
    }
    return sdk::Status::Ok();
}

sdk::Status DashboardService::AddReports(Dashboard& d, const std::string& uid, std::int64_t from_ms) {
    multiplex::ReportFilter filter;
    filter.from_ms = from_ms;
    auto count = [&](std::optional<int> consistent, std::int64_t& out) {
        filter.consistent = consistent;
        auto n = multiplex_.CountReports(filter, uid);
        DBB_RETURN_IF_ERROR(n.status());
        out = *n;
        return sdk::Status::Ok();
    };
    DBB_RETURN_IF_ERROR(count(std::nullopt, d.reports));
    DBB_RETURN_IF_ERROR(count(1, d.consistent));
    DBB_RETURN_IF_ERROR(count(0, d.inconsistent));
    if (d.consistent + d.inconsistent > 0) {
        d.consistency_rate = static_cast<double>(d.consistent) / static_cast<double>(d.consistent + d.inconsistent);
    }
    return sdk::Status::Ok();
}

}  // namespace dbbridge::core
