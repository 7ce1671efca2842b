#pragma once
// Cron expressions for schedules, in a time zone.
//
// Five fields "minute hour day-of-month month day-of-week" as Unix cron (day of week 0-7,
// 0 and 7 = Sunday), or six with seconds first as Quartz / xxl-job ("0 */5 * * * ?"; day of week
// 1-7, 1 = Sunday). Each field takes *, ?, numbers, names (JAN-DEC, SUN-SAT), lists (a,b),
// ranges (a-b) and steps (*/n, a/n, a-b/n). When both day fields are restricted a day matches
// either (Unix rule); "?" means "no restriction". Quartz's L, W, # and the optional year field are
// refused with a message, not misread.
//
// Times are matched on the zone's wall clock (IANA name, e.g. "Asia/Shanghai", through the OS
// tz database). A wall time that a DST change skips does not fire; one that repeats fires once
// (its first occurrence).

#include <array>
#include <bitset>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "dbbridge/sdk/status.h"

namespace date {
class time_zone;
}

namespace dbbridge::core {

class CronExpression {
public:
    // Errors are kInvalidArgument naming the field and the 1-based character position:
    // "cron: field 3 (day of month) at position 9: 32 is out of range 1-31".
    static sdk::Result<CronExpression> Parse(const std::string& text);

    // The first fire time strictly after after_ms (epoch ms), whole seconds; kNotFound when none
    // within 5 years (e.g. "0 0 30 2 *").
    sdk::Result<std::int64_t> Next(std::int64_t after_ms, const date::time_zone* zone) const;
    // Up to n fire times after after_ms.
    sdk::Result<std::vector<std::int64_t>> NextN(std::int64_t after_ms, const date::time_zone* zone, int n) const;

    bool has_seconds() const { return has_seconds_; }
    const std::string& text() const { return text_; }

private:
    bool DayMatches(int year, unsigned month, unsigned day) const;

    std::string text_;
    bool has_seconds_ = false;
    std::bitset<60> seconds_;
    std::bitset<60> minutes_;
    std::bitset<24> hours_;
    std::bitset<32> days_;     // 1..31
    std::bitset<13> months_;   // 1..12
    std::bitset<7> weekdays_;  // 0 = Sunday
    bool days_any_ = true;
    bool weekdays_any_ = true;
};

// The IANA zone, or kInvalidArgument naming field_name ("time_zone: unknown time zone 'X'").
sdk::Result<const date::time_zone*> FindTimeZone(const std::string& name, const std::string& field_name);

// Formats epoch ms in zone with a Java-style pattern (yyyy, yy, MM, dd, HH, mm, ss, SSS; other
// characters are copied; text in single quotes is literal), as DataX-Web's parameters do.
std::string FormatInZone(std::int64_t epoch_ms, const date::time_zone* zone, const std::string& pattern);

}  // namespace dbbridge::core
