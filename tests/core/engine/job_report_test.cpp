#include "core/engine/job_report.h"

#include <gtest/gtest.h>

#include <ctime>

namespace dbbridge::core::engine {
namespace {

std::chrono::system_clock::time_point LocalTime(int y, int mo, int d, int h, int mi, int s) {
    std::tm tm{};
    tm.tm_year = y - 1900;
    tm.tm_mon = mo - 1;
    tm.tm_mday = d;
    tm.tm_hour = h;
    tm.tm_min = mi;
    tm.tm_sec = s;
    tm.tm_isdst = -1;
    return std::chrono::system_clock::from_time_t(std::mktime(&tm));
}

TEST(JobReportTest, SummaryIsByteIdenticalToDataX) {
    SummaryFigures f;
    f.start = LocalTime(2026, 11, 22, 10, 0, 0);
    f.end = LocalTime(2026, 11, 22, 10, 0, 12) + std::chrono::milliseconds(700);
    f.transfer_ms = 10400;
    f.read_succeed_records = 500000;
    f.read_succeed_bytes = 13841203;
    f.read_failed_records = 1;
    f.write_failed_records = 1;
    const std::string expected =
        "\n"
        "任务启动时刻                    : 2026-11-22 10:00:00\n"
        "任务结束时刻                    : 2026-11-22 10:00:12\n"
        "任务总计耗时                    :                 12s\n"
        "任务平均流量                    :            1.32MB/s\n"
        "记录写入速度                    :          50000rec/s\n"
        "读出记录总数                    :              500001\n"
        "读写失败总数                    :                   2\n";
    EXPECT_EQ(FormatSummary(f), expected);
}

TEST(JobReportTest, SummaryOfAnInstantJobUsesOneSecond) {
    SummaryFigures f;
    f.start = LocalTime(2020, 3, 9, 16, 49, 48);
    f.end = LocalTime(2020, 3, 9, 16, 49, 59);
    f.transfer_ms = 300;
    f.read_succeed_records = 2;
    f.read_succeed_bytes = 33;
    const std::string expected =
        "\n"
        "任务启动时刻                    : 2020-03-09 16:49:48\n"
        "任务结束时刻                    : 2020-03-09 16:49:59\n"
        "任务总计耗时                    :                 11s\n"
        "任务平均流量                    :               33B/s\n"
        "记录写入速度                    :              2rec/s\n"
        "读出记录总数                    :                   2\n"
        "读写失败总数                    :                   0\n";
    EXPECT_EQ(FormatSummary(f), expected);
}

TEST(JobReportTest, StringifyBytesFollowsStrUtil) {
    EXPECT_EQ(StringifyBytes(0), "0B");
    EXPECT_EQ(StringifyBytes(1023), "1023B");
    EXPECT_EQ(StringifyBytes(1024), "1.00KB");
    EXPECT_EQ(StringifyBytes(2908), "2.84KB");
    EXPECT_EQ(StringifyBytes(1024 * 1024), "1.00MB");
    EXPECT_EQ(StringifyBytes(14260633), "13.60MB");
    EXPECT_EQ(StringifyBytes(5LL * 1024 * 1024 * 1024), "5.00GB");
    EXPECT_EQ(StringifyBytes(3LL * 1024 * 1024 * 1024 * 1024), "3.00TB");
}

TEST(JobReportTest, ProgressLineHasDataXShape) {
    ProgressFigures p;
    p.records = 412384;
    p.bytes = 225462833;
    p.byte_speed = 2908;
    p.record_speed = 31;
    p.wait_writer_ns = 41000000;
    p.wait_reader_ns = 1777833000000LL;
    p.percentage = 0;
    EXPECT_EQ(FormatProgress(p),
              "Total 412384 records, 225462833 bytes | Speed 2.84KB/s, 31 records/s | Error 0 records, 0 bytes |  "
              "All Task WaitWriterTime 0.041s |  All Task WaitReaderTime 1,777.833s | Percentage 0.00%");
    p.percentage = 1.0;
    p.error_records = 3;
    p.error_bytes = 12;
    EXPECT_NE(FormatProgress(p).find("| Error 3 records, 12 bytes |"), std::string::npos);
    EXPECT_NE(FormatProgress(p).find("| Percentage 100.00%"), std::string::npos);
}

TEST(JobReportTest, DirtyRecordJsonHasSortedKeysAndColumnTypes) {
    sdk::Record r{sdk::Value::Text("柯柯"), sdk::Value::Int(7), sdk::Value::Null()};
    EXPECT_EQ(FormatDirtyRecord("writer", "Duplicate entry '7'", r),
              "{\"exception\":\"Duplicate entry '7'\",\"message\":\"Duplicate entry '7'\",\"record\":["
              // DataX's byteSize: String.length() and the long's decimal text (StdoutPluginCollector)
              "{\"byteSize\":2,\"index\":0,\"rawData\":\"柯柯\",\"type\":\"STRING\"},"
              "{\"byteSize\":1,\"index\":1,\"rawData\":7,\"type\":\"LONG\"},"
              "{\"byteSize\":0,\"index\":2,\"rawData\":null,\"type\":\"NULL\"}],\"type\":\"writer\"}");
}

}  // namespace
}  // namespace dbbridge::core::engine
