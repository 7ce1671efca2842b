#pragma once
// Times in the metadata store are ISO-8601 text in UTC ("2026-11-22T03:08:00Z"): the same
// column type and the same ordering on SQLite, PostgreSQL and MySQL.

#include <string>

namespace dbbridge::core {

std::string NowUtcIso();

}  // namespace dbbridge::core
