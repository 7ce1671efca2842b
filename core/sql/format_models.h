#pragma once
// Date format models between the source and target families (internal to the translator).

#include <string>

#include "core/sql/tokenizer.h"

namespace dbbridge::sql {

// Oracle datetime format model -> MySQL DATE_FORMAT pattern. Fails on elements MySQL cannot print
// the Oracle way. upper is set when a name element (MON, DAY, ...) is written in capitals.
Result<std::string> OracleFormatToMySql(const std::string& f, bool& upper);

// MySQL DATE_FORMAT pattern -> Oracle / PostgreSQL format model; has_time is set when the pattern
// prints a time-of-day element.
Result<std::string> MySqlFormatToOracle(const std::string& f, bool pg, bool& has_time);

// TRUNC(date, fmt)'s unit as a date_trunc() field ("day", "month", ...), empty when unsupported.
std::string TruncUnit(const std::string& fmt);

}  // namespace dbbridge::sql
