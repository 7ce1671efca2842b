#pragma once
// Times in the metadata store are ISO-8601 text in UTC with milliseconds
// ("2026-11-22T03:08:00.123Z"): the same column type and the same ordering on SQLite, PostgreSQL
// and MySQL. Rows written before 0.2 carry seconds only ("2026-11-22T03:08:00Z").

#include <cstdint>
#include <string>

namespace dbbridge::core {

std::string NowUtcIso();
// The time seconds from now (negative: in the past), in the same form.
std::string UtcIsoIn(std::int64_t seconds);

}  // namespace dbbridge::core
