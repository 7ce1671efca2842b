#pragma once
// compare_run rows as CompareService reads them (compare_service.cpp, compare_leases.cpp,
// compare_verify.cpp share these; not part of the service's interface).

#include <cstdint>
#include <optional>
#include <string>

#include "core/compare/compare_service.h"
#include "core/store/store_session.h"

namespace dbbridge::core::compare {

// The newest compare_run row matching condition ("id = ?", "exec_id = ?") with value bound.
sdk::Result<std::optional<CompareJob>> SelectCompareRun(StoreSession& session, const std::string& condition,
                                                        std::int64_t value);
// "table compare N", for messages.
std::string CompareWhat(std::int64_t id);
std::int64_t NowEpochMillis();

}  // namespace dbbridge::core::compare
