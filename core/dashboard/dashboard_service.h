#pragma once
// The console's dashboard (issue 11): over the last N UTC days, runs per day by status, records
// moved, failures and the multiplex consistency rate, summed by the store over what the acting
// user may see (the job configs the access policy shows them; their own multiplex reports, an
// admin's: everyone's). Thread-safe as the services it reads.

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "core/jobs/job_service.h"
#include "core/multiplex/multiplex_service.h"
#include "dbbridge/sdk/status.h"

namespace dbbridge::core {

struct DashboardDay {
    std::string day;                              // "2026-12-03" (UTC)
    std::map<std::string, std::int64_t> by_status;  // "succeeded" -> runs, every status present
    std::int64_t records_written = 0;             // records moved that day
    std::int64_t records_failed = 0;
};

struct Dashboard {
    int days = 0;
    std::string from_day;             // the first day counted
    std::vector<DashboardDay> per_day;  // every day, oldest first, empty days included
    std::int64_t runs = 0;
    std::int64_t failed_runs = 0;
    std::int64_t records_read = 0;
    std::int64_t records_written = 0;
    std::int64_t records_failed = 0;
    // Multiplex reports created in the same days.
    std::int64_t reports = 0;
    std::int64_t consistent = 0;
    std::int64_t inconsistent = 0;
    std::optional<double> consistency_rate;  // consistent / (consistent + inconsistent); none judged: nullopt
};

class DashboardService {
public:
    static constexpr int kDefaultDays = 14;
    static constexpr int kMaxDays = 366;

    DashboardService(JobService& jobs, multiplex::MultiplexService& multiplex) : jobs_(jobs), multiplex_(multiplex) {}

    // The figures of the days days ending today (UTC, now_ms); days is 1..kMaxDays.
    sdk::Result<Dashboard> For(const std::string& uid, int days, std::int64_t now_ms);

private:
    sdk::Status AddRuns(Dashboard& d, const std::string& uid);
    sdk::Status AddReports(Dashboard& d, const std::string& uid, std::int64_t from_ms);

    JobService& jobs_;
    multiplex::MultiplexService& multiplex_;
};

}  // namespace dbbridge::core
