#pragma once
// ReportStore on the metadata store's multiplex_report table (SQLite, PostgreSQL or MySQL), in
// the repository pattern of core/store: one MetadataStore::Run/Transact per method with '?'
// placeholders and bound values. Times are stored as ISO-8601 UTC text with milliseconds.
// Thread-safe.

#include "core/multiplex/report_store.h"
#include "core/store/metadata_store.h"

namespace dbbridge::core::multiplex {

class SqlReportStore : public ReportStore {
public:
    explicit SqlReportStore(MetadataStore& store) : store_(store) {}

    sdk::Status Save(const StoredReport& report) override;
    sdk::Result<std::optional<StoredReport>> Get(const std::string& trace_id) override;
    sdk::Result<ReportPage> List(const ReportFilter& filter) override;
    sdk::Result<std::int64_t> PurgeOlderThan(std::int64_t cutoff_ms) override;

private:
    MetadataStore& store_;
};

// Epoch milliseconds <-> "2026-11-22T03:08:00.123Z" (0 for text that does not parse).
std::string IsoFromEpochMs(std::int64_t ms);
std::int64_t EpochMsFromIso(const std::string& iso);

}  // namespace dbbridge::core::multiplex
