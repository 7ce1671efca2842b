// Cron expressions, time zones, fire time previews and the parameters of scheduled runs.
#include <Poco/DateTime.h>
#include <gtest/gtest.h>

#include "core/cluster/run_queue.h"
#include "core/schedule/cron.h"
#include "core/schedule/schedule_params.h"
#include "core/schedule/schedule_service.h"

namespace dbbridge::core {
namespace {

std::int64_t Utc(int y, int mo, int d, int h, int mi, int s) {
    return Poco::DateTime(y, mo, d, h, mi, s).timestamp().epochMicroseconds() / 1000;
}

const date::time_zone* Zone(const std::string& name) { return FindTimeZone(name, "time_zone").value(); }

std::vector<std::string> Next(const std::string& cron, const std::string& zone, std::int64_t from, int n) {
    auto expr = CronExpression::Parse(cron);
    EXPECT_TRUE(expr.ok()) << expr.status().message();
    std::vector<std::string> out;
    if (expr.ok()) {
        auto times = expr->NextN(from, Zone(zone), n);
        EXPECT_TRUE(times.ok()) << times.status().message();
        for (auto t : times.ok() ? times.value() : std::vector<std::int64_t>{}) {
            out.push_back(IsoMillis(t));
        }
    }
    return out;
}

TEST(CronTest, FiveFieldsAreUnixCronWithMinutesFirst) {
    EXPECT_EQ(Next("*/15 9-10 * * MON-FRI", "UTC", Utc(2026, 12, 4, 10, 40, 0), 3),  // a Friday
              (std::vector<std::string>{"2026-12-04T10:45:00.000Z", "2026-12-07T09:00:00.000Z",
                                        "2026-12-07T09:15:00.000Z"}));
    // Day of week 0 and 7 are Sunday; both day fields restricted: either matches (Unix rule).
    EXPECT_EQ(Next("0 0 1 * 7", "UTC", Utc(2026, 11, 30, 0, 0, 0), 2),
              (std::vector<std::string>{"2026-12-01T00:00:00.000Z", "2026-12-06T00:00:00.000Z"}));
}

TEST(CronTest, SixFieldsAreQuartzWithSecondsFirstAndSundayOne) {
    EXPECT_EQ(Next("*/20 * * * * ?", "UTC", Utc(2026, 12, 3, 8, 0, 5), 3),
              (std::vector<std::string>{"2026-12-03T08:00:20.000Z", "2026-12-03T08:00:40.000Z",
                                        "2026-12-03T08:01:00.000Z"}));
    EXPECT_EQ(Next("0 30 2 ? * 1", "UTC", Utc(2026, 12, 3, 0, 0, 0), 1),  // 1 = Sunday in Quartz
              (std::vector<std::string>{"2026-12-06T02:30:00.000Z"}));
}

TEST(CronTest, TimesFollowTheZonesWallClockAcrossDaylightSaving) {
    EXPECT_EQ(Next("0 2 * * *", "Asia/Shanghai", Utc(2026, 12, 3, 0, 0, 0), 1),
              (std::vector<std::string>{"2026-12-03T18:00:00.000Z"}));
    // New York springs forward on 2026-03-08: 02:30 does not exist that day, so it does not fire.
    EXPECT_EQ(Next("30 2 * * *", "America/New_York", Utc(2026, 3, 7, 12, 0, 0), 2),
              (std::vector<std::string>{"2026-03-09T06:30:00.000Z", "2026-03-10T06:30:00.000Z"}));
    // ... and falls back on 2026-11-01: 01:30 happens twice and fires once (the first).
    EXPECT_EQ(Next("30 1 * * *", "America/New_York", Utc(2026, 10, 31, 12, 0, 0), 2),
              (std::vector<std::string>{"2026-11-01T05:30:00.000Z", "2026-11-02T06:30:00.000Z"}));
}

TEST(CronTest, ErrorsNameTheFieldAndThePosition) {
    auto bad = CronExpression::Parse("0 0 32 * *");
    ASSERT_FALSE(bad.ok());
    EXPECT_EQ(bad.status().message(), "cron: field 3 (day of month) at position 5: 32 is out of range 1-31");
    EXPECT_EQ(CronExpression::Parse("0 0 * * * * *").status().message(),
              "cron: expected 5 fields (minute hour day-of-month month day-of-week) or 6 with seconds first "
              "(Quartz), got 7");
    EXPECT_EQ(CronExpression::Parse("*/0 * * * *").status().message(),
              "cron: field 1 (minute) at position 3: a step must be 1 or more");
    EXPECT_EQ(CronExpression::Parse("0 0 * FOO *").status().message(),
              "cron: field 4 (month) at position 7: unknown name 'FOO'");
    EXPECT_EQ(CronExpression::Parse("0 5-2 * * *").status().message(),
              "cron: field 2 (hour) at position 3: range 5-2 runs backwards");
    EXPECT_EQ(CronExpression::Parse("0 0 0 LW * ?").status().message(),
              "cron: field 4 (day of month) at position 7: 'L' (Quartz last / weekday / nth) is not supported");
    EXPECT_EQ(CronExpression::Parse("0 0 30 2 *")->Next(0, Zone("UTC")).status().code(), sdk::StatusCode::kNotFound);
}

TEST(CronTest, PreviewValidatesTheZoneAndTheCount) {
    auto five = ScheduleService::Preview("0 0 * * *", "UTC", 5, Utc(2026, 12, 3, 8, 0, 0));
    ASSERT_TRUE(five.ok());
    EXPECT_EQ(five->size(), 5u);
    EXPECT_EQ(ScheduleService::Preview("0 0 * * *", "Mars/Olympus", 5, 0).status().message(),
              "time_zone: unknown time zone 'Mars/Olympus' (expected an IANA name such as Asia/Shanghai or UTC)");
    EXPECT_EQ(ScheduleService::Preview("0 0 * * *", "UTC", 51, 0).status().code(), sdk::StatusCode::kInvalidArgument);
}

TEST(ScheduleParamsTest, BuiltInsWithFormatsAndUserValuesOnTheScheduleZone) {
    ParamClock clock;
    clock.fire_ms = Utc(2026, 12, 3, 17, 30, 5);  // 01:30:05 on 12-04 in Shanghai
    clock.zone = Zone("Asia/Shanghai");
    const std::string job = R"({"where": "d = '${bizdate:yyyy-MM-dd}' and t < '${now:yyyyMMddHHmmss}'"})";
    auto params = ScheduledRunParams(job, {{"region", "east-${bizdate}"}, {"day", "${now:dd}"}}, clock);
    ASSERT_TRUE(params.ok()) << params.status().message();
    EXPECT_EQ(params->at("bizdate"), "20261203");
    EXPECT_EQ(params->at("now"), "2026-12-04 01:30:05");
    EXPECT_EQ(params->at("last_success_time"), "1970-01-01 00:00:00");
    EXPECT_EQ(params->at("region"), "east-20261203");
    EXPECT_EQ(params->at("day"), "04");
    EXPECT_EQ(ReplaceFormattedParams(job, params.value()),
              R"({"where": "d = '2026-12-03' and t < '20261204013005'"})");
    EXPECT_EQ(ScheduledRunParams(job, {{"now", "x"}}, clock).status().message(),
              "params.now: 'now' is a built-in parameter and cannot be set");
}

}  // namespace
}  // namespace dbbridge::core
