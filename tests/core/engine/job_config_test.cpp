#include "core/engine/job_config.h"

#include <gtest/gtest.h>

#include "core/engine/channel_plan.h"
#include "core/engine/job_params.h"
#include "core/engine/rdbms_reader.h"
#include "core/engine/rdbms_target.h"

namespace dbbridge::core::engine {
namespace {

std::string ErrorOf(const std::string& json) {
    auto r = ParseJobConfig(json);
    EXPECT_FALSE(r.ok()) << json;
    return r.ok() ? "" : r.status().message();
}

TEST(JobConfigTest, ParsesSettingsAndContent) {
    auto r = ParseJobConfig(R"({"job":{"setting":{"speed":{"channel":"3","byte":1048576},
        "errorLimit":{"record":0,"percentage":0.02}},
        "content":[{"reader":{"name":"streamreader","parameter":{"sliceRecordCount":1}},
                    "writer":{"name":"streamwriter","parameter":{"print":false}}}]},
        "core":{"transport":{"channel":{"speed":{"byte":262144}}}}})");
    ASSERT_TRUE(r.ok()) << r.status().message();
    EXPECT_EQ(r.value().speed.channel, 3);
    EXPECT_EQ(r.value().speed.byte, 1048576);
    EXPECT_EQ(r.value().speed.channel_byte_limit, 262144);
    EXPECT_EQ(r.value().speed.channel_record_limit, -1);
    EXPECT_EQ(*r.value().error_limit.record, 0);
    EXPECT_DOUBLE_EQ(*r.value().error_limit.percentage, 0.02);
    ASSERT_EQ(r.value().content.size(), 1u);
    EXPECT_EQ(r.value().content[0].reader.name, "streamreader");
    EXPECT_EQ(r.value().content[0].writer.parameter.path(), "job.content[0].writer.parameter");
}

TEST(JobConfigTest, ErrorsNameTheJsonPath) {
    EXPECT_NE(ErrorOf("{not json").find("job file is not valid JSON"), std::string::npos);
    EXPECT_EQ(ErrorOf("[1,2]"), "job file: expected a JSON object at the top level, got an array");
    EXPECT_NE(ErrorOf(R"({"jobs":{}})").find("job: is required"), std::string::npos);
    EXPECT_EQ(ErrorOf(R"({"job":{"setting":{}}})"), "job.content: is required");
    EXPECT_EQ(ErrorOf(R"({"job":{"content":"x"}})"), "job.content: expected an array, got \"x\"");
    EXPECT_EQ(ErrorOf(R"({"job":{"content":[]}})"), "job.content: must hold at least one {reader, writer} entry");
    EXPECT_EQ(ErrorOf(R"({"job":{"content":[1]}})"), "job.content[0]: expected an object, got 1");
    EXPECT_EQ(ErrorOf(R"({"job":{"content":[{"writer":{"name":"streamwriter"}}]}})"),
              "job.content[0].reader: is required");
    EXPECT_EQ(ErrorOf(R"({"job":{"content":[{"reader":{"parameter":{}},"writer":{"name":"w"}}]}})"),
              "job.content[0].reader.name: is required");
    EXPECT_EQ(ErrorOf(R"({"job":{"content":[{"reader":{"name":"r","parameter":[]},"writer":{"name":"w"}}]}})"),
              "job.content[0].reader.parameter: expected an object, got an array");
    EXPECT_EQ(ErrorOf(R"({"job":{"setting":{"speed":{"channel":"many"}},"content":[]}})"),
              "job.setting.speed.channel: expected an integer, got \"many\"");
    EXPECT_EQ(ErrorOf(R"({"job":{"setting":{"errorLimit":{"percentage":2}},"content":[]}})"),
              "job.setting.errorLimit.percentage: must be between 0.0 and 1.0");
    EXPECT_EQ(ErrorOf(R"({"job":{"setting":{"errorLimit":{"record":-1}},"content":[]}})"),
              "job.setting.errorLimit.record: must be 0 or more, got -1");
}

TEST(JobParamsTest, ParsesDataxPyStyleItems) {
    auto p = ParseJobParams("-DtableName=t1  -Dbizdate=20240101 -Dwhere='id > 3 and x = \"a\"' -Dempty=");
    ASSERT_TRUE(p.ok()) << p.status().message();
    EXPECT_EQ(p.value().at("tableName"), "t1");
    EXPECT_EQ(p.value().at("bizdate"), "20240101");
    EXPECT_EQ(p.value().at("where"), "id > 3 and x = \"a\"");
    EXPECT_EQ(p.value().at("empty"), "");
    EXPECT_FALSE(ParseJobParams("-Dx='open").ok());
    // The JVM accepts -Dname (value ""); DataX then treats it as undefined.
    EXPECT_EQ(ParseJobParams("-Dnovalue").value().at("novalue"), "");
    EXPECT_EQ(ParseJobParams("=x").status().message(), "-p: expected -Dname=value, got \"=x\"");
}

TEST(JobParamsTest, SubstitutesBracedAndBareNames) {
    JobParams p{{"table", "t_order"}, {"day", "20240101"}};
    EXPECT_EQ(SubstituteJobParams("select * from ${table} where d=$day and cost > $1 and x='$$'", p),
              "select * from t_order where d=20240101 and cost > $1 and x='$$'");
    // StrUtil.replaceVariable's pattern (\$)\{?(\w+)\}? takes either brace alone, too.
    EXPECT_EQ(SubstituteJobParams("${table ; $table}", p), "t_order ; t_order");
}

TEST(JobParamsTest, UndefinedOrBlankNamesAreLeftAsWrittenLikeDatax) {
    std::vector<std::string> unresolved;
    std::string text = "{\n\"a\": \"${table}\",\n\"b\": \"${missing}\", \"c\": \"$empty ${missing}\"}";
    EXPECT_EQ(SubstituteJobParams(text, {{"table", "t"}, {"empty", " "}}, &unresolved),
              "{\n\"a\": \"t\",\n\"b\": \"${missing}\", \"c\": \"$empty ${missing}\"}");
    EXPECT_EQ(unresolved, (std::vector<std::string>{"${missing}", "$empty"}));
}

TEST(ChannelPlanTest, ChannelSettingIsUsedWithoutLimits) {
    SpeedSetting s;
    s.channel = 4;
    auto p = PlanChannels(s);
    ASSERT_TRUE(p.ok());
    EXPECT_EQ(p.value().channels, 4);
    EXPECT_EQ(p.value().channel_byte_limit, 0);
    EXPECT_EQ(p.value().channel_record_limit, 0);
}

TEST(ChannelPlanTest, NoSpeedAtAllIsDataXsError) {
    auto p = PlanChannels(SpeedSetting{});
    ASSERT_FALSE(p.ok());
    EXPECT_NE(p.status().message().find("Job运行速度必须设置"), std::string::npos);
}

TEST(ChannelPlanTest, ByteAndRecordLimitsDecideTheChannelCountAndIgnoreChannel) {
    SpeedSetting s;
    s.channel = 10;
    s.byte = 10 * 1024 * 1024;
    s.channel_byte_limit = 1024 * 1024;
    s.record = 3000;
    s.channel_record_limit = 1000;
    auto p = PlanChannels(s);
    ASSERT_TRUE(p.ok());
    EXPECT_EQ(p.value().channels, 3);  // min(10 by byte, 3 by record)
    EXPECT_EQ(p.value().channel_byte_limit, 1024 * 1024);
    EXPECT_EQ(p.value().channel_record_limit, 1000);

    s.record = 0;
    s.byte = 512;  // below one channel's limit: still one channel
    p = PlanChannels(s);
    ASSERT_TRUE(p.ok());
    EXPECT_EQ(p.value().channels, 1);
}

TEST(ChannelPlanTest, JobLimitWithoutPerChannelLimitIsDataxsConfigError) {
    SpeedSetting s;
    s.channel = 2;
    s.record = 1000;
    auto p = PlanChannels(s);
    ASSERT_FALSE(p.ok());
    EXPECT_NE(p.status().message().find("在有总tps限速条件下，单个channel的tps值不能为空，也不能为非正数"), std::string::npos);
    s.record = 0;
    s.byte = 1 << 20;
    p = PlanChannels(s);
    ASSERT_FALSE(p.ok());
    EXPECT_NE(p.status().message().find("Code:[Framework-03]"), std::string::npos);
    EXPECT_NE(p.status().message().find("core.transport.channel.speed.byte"), std::string::npos);
}

TEST(ChannelPlanTest, EffectiveChannelsIsMinOfChannelsAndTasks) {
    EXPECT_EQ(EffectiveChannels(5, 3), 3);
    EXPECT_EQ(EffectiveChannels(2, 21), 2);
    EXPECT_EQ(EffectiveChannels(4, 0), 1);
}

std::pair<std::int64_t, std::int64_t> Range(std::int64_t a, std::int64_t b) {
    return {a, b};
}

TEST(RdbmsHelpersTest, SplitIntegerRangeCoversEveryKeyOnce) {
    auto r = RdbmsReaderPlugin::SplitIntegerRange(1, 10, 3);
    ASSERT_EQ(r.size(), 3u);
    EXPECT_EQ(r[0], Range(1, 4));
    EXPECT_EQ(r[1], Range(4, 7));
    EXPECT_EQ(r[2], Range(7, 10));  // last one inclusive
    EXPECT_EQ(RdbmsReaderPlugin::SplitIntegerRange(5, 6, 20).size(), 2u);
    auto extreme = RdbmsReaderPlugin::SplitIntegerRange(INT64_MIN, INT64_MAX, 4);
    ASSERT_EQ(extreme.size(), 4u);
    EXPECT_EQ(extreme.front().first, INT64_MIN);
    EXPECT_EQ(extreme.back().second, INT64_MAX);
    for (std::size_t i = 1; i < extreme.size(); ++i) {
        EXPECT_EQ(extreme[i - 1].second, extreme[i].first);
    }
}

TEST(RdbmsHelpersTest, TableRangesExpandLikeDataX) {
    auto r = ExpandTableNames({"t_[00-02]", "a, b", "s.x[8-10]"}, "job.x.table");
    ASSERT_TRUE(r.ok()) << r.status().message();
    EXPECT_EQ(r.value(), (std::vector<std::string>{"t_00", "t_01", "t_02", "a", "b", "s.x8", "s.x9", "s.x10"}));
    EXPECT_EQ(ReplaceTableMarker("delete from @table where 1=1; -- @table", "t1"), "delete from t1 where 1=1; -- t1");
}

TEST(RdbmsHelpersTest, HugeOrBadTableRangesAreErrorsNamingTheItem) {
    // std::stol used to throw out_of_range here and end the process.
    auto r = ExpandTableNames({"a", "t[1-99999999999999999999]"}, "job.x.connection[0].table");
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.status().message(), "job.x.connection[0].table[1]: table range \"t[1-99999999999999999999]\" has a "
                                    "bound beyond 9223372036854775807");
    r = ExpandTableNames({"t[5-1]"}, "job.x.table");
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.status().message(),
              "job.x.table[0]: bad table range \"t[5-1]\" (low must not exceed high, at most 100001 tables)");
}

TEST(JobConfigTest, NumbersBeyond64BitsAreErrorsNamingTheJsonPath) {
    // Poco's parser rejects these with "Not a valid unsigned integer", naming no field.
    EXPECT_EQ(ErrorOf(R"({"job":{"setting":{"speed":{"channel":99999999999999999999}},"content":[]}})"),
              "job.setting.speed.channel: 99999999999999999999 is out of range (an integer from "
              "-9223372036854775808 to 9223372036854775807)");
    EXPECT_EQ(ErrorOf(R"({"job":{"setting":{"errorLimit":{"record":-99999999999999999999}},"content":[]}})"),
              "job.setting.errorLimit.record: -99999999999999999999 is out of range (an integer from "
              "-9223372036854775808 to 9223372036854775807)");
    // Fits uint64 (Poco parses it) but not int64; and the same as a string.
    EXPECT_EQ(ErrorOf(R"({"job":{"setting":{"speed":{"byte":18446744073709551615}},"content":[]}})"),
              "job.setting.speed.byte: 18446744073709551615 is out of range (an integer from "
              "-9223372036854775808 to 9223372036854775807)");
    EXPECT_EQ(ErrorOf(R"({"job":{"setting":{"speed":{"record":"9223372036854775808"}},"content":[]}})"),
              "job.setting.speed.record: 9223372036854775808 is out of range (an integer from "
              "-9223372036854775808 to 9223372036854775807)");
    EXPECT_EQ(ErrorOf(R"({"job":{"setting":{"speed":{"record":1e30}},"content":[]}})"),
              "job.setting.speed.record: 1e+30 is out of range (an integer from "
              "-9223372036854775808 to 9223372036854775807)");
    // Digits inside strings and ordinary numbers are untouched.
    auto r = ParseJobConfig(R"({"job":{"setting":{"speed":{"channel":-2,"byte":"+7"}},"content":[{"reader":{"name":
        "r\"99999999999999999999","parameter":{"x":1.5e3}},"writer":{"name":"w"}}]}})");
    ASSERT_TRUE(r.ok()) << r.status().message();
    EXPECT_EQ(r.value().speed.channel, -2);
    EXPECT_EQ(r.value().speed.byte, 7);
    EXPECT_EQ(r.value().content[0].reader.name, "r\"99999999999999999999");
}

}  // namespace
}  // namespace dbbridge::core::engine
