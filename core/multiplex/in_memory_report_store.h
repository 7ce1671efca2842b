#pragma once
// ReportStore held in process memory: for tests, the CLI and hosts without a metadata store.

#include <map>
#include <mutex>

#include "core/multiplex/report_store.h"

namespace dbbridge::core::multiplex {

class InMemoryReportStore : public ReportStore {
public:
    sdk::Status Save(const StoredReport& report) override;
    sdk::Result<std::optional<StoredReport>> Get(const std::string& trace_id) override;
    sdk::Result<ReportPage> List(const ReportFilter& filter) override;
    sdk::Result<std::int64_t> PurgeOlderThan(std::int64_t cutoff_ms) override;

private:
    std::mutex mu_;
    std::map<std::string, StoredReport> reports_;
    std::int64_t seq_ = 0;
    std::map<std::string, std::int64_t> order_;  // trace_id -> insertion sequence
};

}  // namespace dbbridge::core::multiplex
