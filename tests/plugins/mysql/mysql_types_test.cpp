#include "mysql_types.h"

#include <gtest/gtest.h>

namespace dbbridge::mysql {
namespace {

using sdk::JdbcType;
using sdk::Value;
using sdk::ValueKind;

TEST(MysqlTypesTest, MapsNativeTypesLikeConnectorJAndTheSeed) {
    const std::vector<std::pair<std::string, JdbcType>> cases = {
        {"tinyint", JdbcType::kTinyInt},        {"tinyint(4)", JdbcType::kTinyInt},
        {"tinyint(1)", JdbcType::kBit},         {"BOOLEAN", JdbcType::kBit},
        {"tinyint(3) unsigned", JdbcType::kTinyInt},
        {"smallint(6)", JdbcType::kSmallInt},   {"smallint(5) unsigned", JdbcType::kInteger},
        {"mediumint(9)", JdbcType::kInteger},   {"int(11)", JdbcType::kInteger},
        {"INT(10) UNSIGNED", JdbcType::kBigInt}, {"integer", JdbcType::kInteger},
        {"bigint(20)", JdbcType::kBigInt},      {"bigint(20) unsigned", JdbcType::kBigInt},
        {"float", JdbcType::kReal},             {"float(10,2)", JdbcType::kReal},
        {"float(30)", JdbcType::kDouble},       {"double", JdbcType::kDouble},
        {"double precision", JdbcType::kDouble}, {"real", JdbcType::kDouble},
        {"decimal(12,2)", JdbcType::kDecimal},  {"numeric(65,30)", JdbcType::kDecimal},
        {"decimal(10,0) unsigned zerofill", JdbcType::kDecimal},
        {"bit(1)", JdbcType::kBit},             {"bit", JdbcType::kBit},
        {"bit(8)", JdbcType::kBinary},          {"char(10)", JdbcType::kChar},
        {"national char(3)", JdbcType::kChar},  {"varchar(255)", JdbcType::kVarchar},
        {"varchar(20) character set latin1", JdbcType::kVarchar},
        {"tinytext", JdbcType::kVarchar},       {"text", JdbcType::kLongVarchar},
        {"mediumtext", JdbcType::kLongVarchar}, {"longtext", JdbcType::kLongVarchar},
        {"json", JdbcType::kLongVarchar},       {"binary(16)", JdbcType::kBinary},
        {"varbinary(64)", JdbcType::kVarBinary}, {"tinyblob", JdbcType::kVarBinary},
        {"blob", JdbcType::kBlob},              {"mediumblob", JdbcType::kBlob},
        {"longblob", JdbcType::kBlob},          {"date", JdbcType::kDate},
        {"time", JdbcType::kTime},              {"time(3)", JdbcType::kTime},
        {"datetime", JdbcType::kTimestamp},     {"datetime(6)", JdbcType::kTimestamp},
        {"timestamp", JdbcType::kTimestamp},    {"year(4)", JdbcType::kDate},
        {"enum('a','b')", JdbcType::kChar},     {"set('x','y')", JdbcType::kChar},
        {"geometry", JdbcType::kBinary},        {"point", JdbcType::kBinary},
        {"frobnicate", JdbcType::kOther},       {"", JdbcType::kOther},
    };
    for (const auto& [native, expected] : cases) {
        EXPECT_EQ(MapNativeType(native), expected) << native;
    }
}

TEST(MysqlTypesTest, ConvertsTextFieldsToCanonicalValues) {
    Value v;
    ConvertTextField({FieldConv::kSigned, 0}, "-9223372036854775808", 20, v);
    EXPECT_EQ(v, Value::Int(INT64_MIN));
    ConvertTextField({FieldConv::kUnsigned, 0}, "18446744073709551615", 20, v);
    EXPECT_EQ(v, Value::Decimal("18446744073709551615"));
    ConvertTextField({FieldConv::kUnsigned, 0}, "42", 2, v);
    EXPECT_EQ(v, Value::Int(42));
    ConvertTextField({FieldConv::kDecimal, 0}, "-0.50", 5, v);
    EXPECT_EQ(v, Value::Decimal("-0.50"));
    ConvertTextField({FieldConv::kFloat4, 0}, "3.14", 4, v);
    EXPECT_EQ(v.kind, ValueKind::kFloat);
    EXPECT_EQ(v.width, 4);
    EXPECT_EQ(v.f, static_cast<double>(3.14f));
    EXPECT_EQ(sdk::ValueToText(v), "3.14");
    ConvertTextField({FieldConv::kDate, 0}, "0000-00-00", 10, v);
    EXPECT_TRUE(v.is_null()) << "zero dates read as NULL (convertToNull)";
    ConvertTextField({FieldConv::kTimestampUtc, 3}, "2024-02-29 23:59:59.123", 23, v);
    EXPECT_EQ(v.s, "2024-02-29 23:59:59.123+00:00");
    EXPECT_TRUE(v.has_zone);
    EXPECT_EQ(v.precision, 3);
    ConvertTextField({FieldConv::kDatetime, 0}, "2024-01-02 03:04:05", 19, v);
    EXPECT_EQ(v, Value::Timestamp("2024-01-02 03:04:05"));
    ConvertTextField({FieldConv::kBit1, 0}, "\x01", 1, v);
    EXPECT_EQ(v, Value::Bool(true));
    ConvertTextField({FieldConv::kText, 0}, nullptr, 0, v);
    EXPECT_TRUE(v.is_null());
    ConvertTextField({FieldConv::kText, 0}, "", 0, v);
    EXPECT_EQ(v, Value::Text(""));
}

TEST(MysqlTypesTest, ConvertsOffsetsToUtc) {
    EXPECT_EQ(TimestampToUtc("2024-01-01 07:30:00+08:00").value(), "2023-12-31 23:30:00");
    EXPECT_EQ(TimestampToUtc("2024-02-28 23:00:00.123456-02:30").value(), "2024-02-29 01:30:00.123456");
    EXPECT_EQ(TimestampToUtc("2024-01-01T00:00:00Z").value(), "2024-01-01 00:00:00");
    EXPECT_EQ(TimestampToUtc("2024-01-01 00:00:00+00").value(), "2024-01-01 00:00:00");
    EXPECT_EQ(TimestampToUtc("2024-01-01 00:00:00").value(), "2024-01-01 00:00:00");
    auto bad = TimestampToUtc("2024-01-01 00:00:00+99:00");
    ASSERT_FALSE(bad.ok());
    EXPECT_NE(bad.status().message().find("offset"), std::string::npos);
}

TEST(MysqlTypesTest, FormatsCanonicalValuesAsMysqlText) {
    auto text = [](const Value& v) {
        std::string out;
        sdk::Status st = AppendMysqlText(v, out);
        return st.ok() ? out : "ERROR: " + st.message();
    };
    EXPECT_EQ(text(Value::Int(-5)), "-5");
    EXPECT_EQ(text(Value::Bool(true)), "1");
    EXPECT_EQ(text(Value::Float(3.14f, 4)), "3.14");
    EXPECT_EQ(text(Value::Float(0.1, 8)), "0.1");
    EXPECT_EQ(text(Value::Decimal("12345678901234567890.000000001")), "12345678901234567890.000000001");
    Value ts = Value::Timestamp("2024-06-30 20:00:00.123456789+08:00", true);
    EXPECT_EQ(text(ts), "2024-06-30 12:00:00.123456");
    EXPECT_EQ(text(Value::Timestamp("2024-06-30 20:00:00.1234567")), "2024-06-30 20:00:00.123456");
    Value t = Value::Time("01:00:00+02:00");
    t.has_zone = true;
    EXPECT_EQ(text(t), "23:00:00");
    EXPECT_NE(text(Value::Float(std::numeric_limits<double>::quiet_NaN())).find("ERROR"), std::string::npos);
}

}  // namespace
}  // namespace dbbridge::mysql
