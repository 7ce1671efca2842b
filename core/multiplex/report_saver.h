#pragma once
// Saves multiplex reports through the store and remembers a save that failed, by traceId, so
// GetReport answers with the store's error (40006) instead of "no report" or a stale state; a
// later good save of the same traceId forgets it. Thread-safe.

#include <cstddef>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <utility>

#include "core/multiplex/report_store.h"

namespace dbbridge::core::multiplex {

class ReportSaver {
public:
    explicit ReportSaver(ReportStore& store) : store_(store) {}

    // The store's answer; an exception from the store becomes an Internal status.
    [[nodiscard]] sdk::Status Save(const StoredReport& report);
    // The remembered save failure of trace_id when it belongs to uid.
    std::optional<std::string> SaveFailure(const std::string& trace_id, const std::string& uid);

private:
    // Bounded: past the limit one entry (the first in traceId order) is forgotten per new failure.
    static constexpr std::size_t kMaxRememberedFailures = 10000;
    ReportStore& store_;
    std::mutex mu_;
    std::map<std::string, std::pair<std::string, std::string>> unsaved_;  // traceId -> (uid, error)
};

}  // namespace dbbridge::core::multiplex
