#pragma once
// Proleptic Gregorian calendar arithmetic (Howard Hinnant's days_from_civil / civil_from_days),
// used to move zoned timestamps to UTC wall-clock time. Pure functions, thread-safe.

#include <cstdint>

namespace dbbridge::sdk::util {

// Days since 1970-01-01 of year-month-day (month 1..12, day 1..31; negative before 1970).
std::int64_t DaysFromCivil(std::int64_t year, unsigned month, unsigned day);

// The date `days` days after 1970-01-01 (negative: before).
void CivilFromDays(std::int64_t days, std::int64_t& year, unsigned& month, unsigned& day);

}  // namespace dbbridge::sdk::util
