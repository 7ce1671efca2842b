// COPY text encoding/decoding and text <-> canonical value conversions.
#include <gtest/gtest.h>

#include <cmath>
#include <string>

#include "copy_text.h"
#include "pg_types.h"
#include "pg_value_codec.h"

namespace dbbridge::postgres {
namespace {

using sdk::Status;
using sdk::Value;
using sdk::ValueKind;

// Encodes values as one COPY line, parses it back, decodes with the given decoder.
std::vector<Value> RoundTrip(const std::vector<Value>& values, ValueDecoder decoder, TargetClass target) {
    std::string line;
    for (std::size_t i = 0; i < values.size(); ++i) {
        if (i) {
            line += '\t';
        }
        AppendValueText(values[i], target, true, line);
    }
    line += '\n';
    CopyLineParser parser;
    Status st = parser.Parse(line.data(), line.size(), values.size());
    EXPECT_TRUE(st.ok()) << st.message();
    std::vector<Value> out(values.size());
    for (std::size_t i = 0; i < values.size() && st.ok(); ++i) {
        const auto& f = parser.fields()[i];
        if (f.null) {
            out[i] = Value::Null();
        } else {
            DecodeText(decoder, 6, f.data, f.size, out[i]);
        }
    }
    return out;
}

TEST(CopyTextTest, TrickyTextSurvivesEscaping) {
    std::vector<Value> values = {
        Value::Text("tab\there"),
        Value::Text("new\nline\r\n"),
        Value::Text("back\\slash"),
        Value::Text("\\N"),
        Value::Text("N"),
        Value::Text(""),
        Value::Null(),
        Value::Text("emoji 😀 中文"),
        Value::Text("\\."),
        Value::Text("trailing\\"),
        Value::Text(std::string("\x01\x7f", 2)),
    };
    std::vector<Value> back = RoundTrip(values, ValueDecoder::kText, TargetClass::kOther);
    ASSERT_EQ(back.size(), values.size());
    for (std::size_t i = 0; i < values.size(); ++i) {
        EXPECT_EQ(back[i], values[i]) << i;
    }
    EXPECT_TRUE(back[5].kind == ValueKind::kText && back[5].s.empty());  // '' is not NULL
    EXPECT_TRUE(back[6].is_null());
}

TEST(CopyTextTest, AllByteValuesSurviveAsBytea) {
    std::string all;
    for (int b = 0; b < 256; ++b) {
        all += static_cast<char>(b);
    }
    std::vector<Value> back =
        RoundTrip({Value::Bytes(all), Value::Bytes("")}, ValueDecoder::kBytes, TargetClass::kBytea);
    EXPECT_EQ(back[0], Value::Bytes(all));
    EXPECT_EQ(back[1], Value::Bytes(""));
    std::string line;
    AppendValueText(Value::Bytes("\x01\xff"), TargetClass::kBytea, true, line);
    EXPECT_EQ(line, "\\\\x01ff");
    line.clear();
    AppendValueText(Value::Bytes("\x01\xff"), TargetClass::kBytea, false, line);
    EXPECT_EQ(line, "\\x01ff");
}

TEST(CopyTextTest, ParsesServerEscapes) {
    CopyLineParser parser;
    const std::string line = "a\\tb\t\\N\t\\101\\x42\\\\\t\\b\\f\\v\n";
    ASSERT_TRUE(parser.Parse(line.data(), line.size(), 4).ok());
    EXPECT_EQ(std::string(parser.fields()[0].data, parser.fields()[0].size), "a\tb");
    EXPECT_TRUE(parser.fields()[1].null);
    EXPECT_EQ(std::string(parser.fields()[2].data, parser.fields()[2].size), "AB\\");
    EXPECT_EQ(std::string(parser.fields()[3].data, parser.fields()[3].size), "\b\f\v");
    Status wrong = parser.Parse(line.data(), line.size(), 3);
    EXPECT_FALSE(wrong.ok());
}

TEST(ValueCodecTest, DecodesServerTextIntoCanonicalValues) {
    Value v;
    DecodeText(ValueDecoder::kInt, 6, "-9223372036854775808", 20, v);
    EXPECT_EQ(v, Value::Int(INT64_MIN));
    const std::string big = "12345678901234567890123456789.0123456789";
    DecodeText(ValueDecoder::kDecimal, 6, big.data(), big.size(), v);
    EXPECT_EQ(v, Value::Decimal(big));
    DecodeText(ValueDecoder::kDecimal, 6, "NaN", 3, v);
    EXPECT_EQ(v, Value::Text("NaN"));
    DecodeText(ValueDecoder::kFloat8, 6, "0.30000000000000004", 19, v);
    EXPECT_EQ(v.kind, ValueKind::kFloat);
    EXPECT_EQ(v.width, 8);
    EXPECT_EQ(v.f, 0.1 + 0.2);
    DecodeText(ValueDecoder::kFloat4, 6, "1.1", 3, v);
    EXPECT_EQ(v.width, 4);
    EXPECT_EQ(static_cast<float>(v.f), 1.1f);
    DecodeText(ValueDecoder::kFloat8, 6, "-Infinity", 9, v);
    EXPECT_TRUE(v.f < 0 && std::isinf(v.f));
    DecodeText(ValueDecoder::kBool, 6, "t", 1, v);
    EXPECT_EQ(v, Value::Bool(true));
    DecodeText(ValueDecoder::kDate, 6, "2024-02-29", 10, v);
    EXPECT_EQ(v, Value::Date("2024-02-29"));
    DecodeText(ValueDecoder::kDate, 6, "infinity", 8, v);
    EXPECT_EQ(v, Value::Text("infinity"));
    DecodeText(ValueDecoder::kTimestamp, 3, "2020-01-01 00:00:00.123", 23, v);
    EXPECT_EQ(v, Value::Timestamp("2020-01-01 00:00:00.123"));
    EXPECT_EQ(v.precision, 3);
    DecodeText(ValueDecoder::kTimestampTz, 6, "2020-01-01 00:00:00.5+00", 24, v);
    EXPECT_EQ(v, Value::Timestamp("2020-01-01 00:00:00.5+00:00", true));
    DecodeText(ValueDecoder::kTimestampTz, 6, "1999-12-31 23:59:59-05:30", 25, v);
    EXPECT_EQ(v, Value::Timestamp("1999-12-31 23:59:59-05:30", true));
    DecodeText(ValueDecoder::kTimeTz, 6, "12:34:56+02", 11, v);
    EXPECT_EQ(v.kind, ValueKind::kTime);
    EXPECT_EQ(v.s, "12:34:56+02:00");
    EXPECT_TRUE(v.has_zone);
    DecodeText(ValueDecoder::kTimestampTz, 6, "-infinity", 9, v);
    EXPECT_EQ(v, Value::Text("-infinity"));
}

TEST(ValueCodecTest, EncodesCanonicalValuesForAnyTarget) {
    std::string out;
    AppendValueText(Value::Bool(true), TargetClass::kNumber, true, out);
    AppendValueText(Value::Bool(false), TargetClass::kBool, true, out);
    EXPECT_EQ(out, "1f");
    out.clear();
    AppendValueText(Value::Float(0.1, 8), TargetClass::kNumber, true, out);
    EXPECT_EQ(out, "0.1");
    out.clear();
    AppendValueText(Value::Float(static_cast<double>(1.1f), 4), TargetClass::kNumber, true, out);
    EXPECT_EQ(out, "1.1");
    out.clear();
    AppendValueText(Value::Float(std::nan(""), 8), TargetClass::kNumber, true, out);
    EXPECT_EQ(out, "NaN");
    out.clear();
    AppendValueText(Value::Timestamp("2020-01-01 00:00:00+05:30", true), TargetClass::kOther, true, out);
    EXPECT_EQ(out, "2020-01-01 00:00:00+05:30");
    out.clear();
    AppendValueText(Value::Null(), TargetClass::kOther, true, out);
    EXPECT_EQ(out, "\\N");
    out.clear();
    AppendValueText(Value::Text("a\\b"), TargetClass::kBytea, true, out);  // text into bytea keeps its bytes
    EXPECT_EQ(out, "\\\\x615c62");
}

TEST(PgTypesTest, FormatsBuiltinTypesWithModifiers) {
    EXPECT_EQ(FormatBuiltinType(*FindBuiltinType(oid::kNumeric), (12 << 16 | 2) + 4), "numeric(12,2)");
    EXPECT_EQ(FormatBuiltinType(*FindBuiltinType(oid::kVarchar), 68), "character varying(64)");
    EXPECT_EQ(FormatBuiltinType(*FindBuiltinType(oid::kTimestamp), 3), "timestamp(3) without time zone");
    EXPECT_EQ(FormatBuiltinType(*FindBuiltinType(oid::kInt8), -1), "bigint");
    int p = 0;
    int s = 0;
    PrecisionOf(oid::kNumeric, (38 << 16 | 10) + 4, p, s);
    EXPECT_EQ(p, 38);
    EXPECT_EQ(s, 10);
}

}  // namespace
}  // namespace dbbridge::postgres
