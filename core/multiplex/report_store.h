#pragma once
// Where multiplex reports live, by traceId. The service keeps no report only in memory: every
// state change (pending -> complete / failed / expired) is saved through this interface.
// Implementations are thread-safe.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "dbbridge/sdk/status.h"

namespace dbbridge::core::multiplex {

struct StoredReport {
    std::string trace_id;      // unique over all users
    std::string uid;           // the user whose request created it; only they (and admins) read it
    std::string status;        // pending | complete | failed | expired
    int consistent = -1;       // -1 unknown, 0 inconsistent, 1 consistent
    std::string request_json;  // the request body(ies) as received
    std::string report_json;   // the report document (see ReportBuilder)
    std::int64_t insert_time_ms = 0;  // epoch milliseconds
    std::int64_t update_time_ms = 0;
};

// Which reports a list returns; an unset field does not filter. Times compare with insert_time.
struct ReportFilter {
    std::optional<std::string> owner;  // that user's reports only; nullopt: every user's (an admin)
    std::string status;                // pending | complete | failed | expired; "" any
    std::optional<int> consistent;     // -1 undetermined, 0 inconsistent, 1 consistent
    std::int64_t from_ms = 0;          // insert_time >= from_ms when > 0 (epoch milliseconds)
    std::int64_t to_ms = 0;            // insert_time < to_ms when > 0
    int page = 1;                      // starts at 1
    int page_size = 20;
};

struct ReportPage {
    std::int64_t total = 0;
    std::vector<StoredReport> items;  // newest first; report_json/request_json may be left empty
};

class ReportStore {
public:
    virtual ~ReportStore() = default;
    // Inserts or replaces the report with this trace_id (insert_time and uid kept from the first save).
    virtual sdk::Status Save(const StoredReport& report) = 0;
    // nullopt when there is none (whoever owns it: the caller checks uid).
    virtual sdk::Result<std::optional<StoredReport>> Get(const std::string& trace_id) = 0;
    // The page of reports that pass filter, newest first, and how many pass in all.
    virtual sdk::Result<ReportPage> List(const ReportFilter& filter) = 0;
    // Deletes the finished (not pending) reports last saved before cutoff_ms; returns how many.
    virtual sdk::Result<std::int64_t> PurgeOlderThan(std::int64_t cutoff_ms) = 0;
};

}  // namespace dbbridge::core::multiplex
