#include "core/multiplex/bind_converter.h"

#include <gtest/gtest.h>

namespace dbbridge::core::multiplex {
namespace {

using sdk::ValueKind;

JsonValue J(const std::string& text) { return ParseJson(text).value(); }

sdk::BindValue Ok(std::int32_t code, const std::string& json) {
    auto r = ConvertBind("p", code, J(json));
    EXPECT_TRUE(r.ok()) << code << " " << json << ": " << r.status().message();
    return r.ok() ? r.value() : sdk::BindValue{};
}

std::string Err(std::int32_t code, const std::string& json) {
    auto r = ConvertBind("p", code, J(json));
    EXPECT_FALSE(r.ok()) << code << " " << json;
    return r.ok() ? "" : r.status().message();
}

TEST(BindConverterTest, Integers) {
    for (std::int32_t code : {-6, 5, 4, -5}) {
        auto b = Ok(code, "42");
        EXPECT_EQ(b.value.kind, ValueKind::kInt);
        EXPECT_EQ(b.value.i, 42);
        EXPECT_EQ(static_cast<int>(b.type), code);
        EXPECT_EQ(Ok(code, "\"-7\"").value.i, -7);
    }
    EXPECT_EQ(Ok(-5, "9223372036854775807").value.i, INT64_MAX);
    EXPECT_NE(Err(-6, "128").find("out of range"), std::string::npos);
    EXPECT_NE(Err(5, "40000").find("out of range"), std::string::npos);
    EXPECT_NE(Err(4, "3000000000").find("out of range"), std::string::npos);
    std::string e = Err(4, "\"abc\"");
    EXPECT_NE(e.find("绑定变量[p]"), std::string::npos) << e;
    EXPECT_NE(e.find("INTEGER(4)"), std::string::npos) << e;
    Err(4, "1.5");
    Err(4, "true");
}

TEST(BindConverterTest, DecimalStaysExact) {
    auto b = Ok(3, "12345678901234567890.123456789");
    EXPECT_EQ(b.value.kind, ValueKind::kDecimal);
    EXPECT_EQ(b.value.s, "12345678901234567890.123456789");
    EXPECT_EQ(Ok(3, "\"-0.50\"").value.s, "-0.50");
    EXPECT_EQ(Ok(3, "1.5e3").value.s, "1500");
    EXPECT_EQ(Ok(3, "\"+007\"").value.s, "7");
    EXPECT_EQ(Ok(3, "\" -0.0 \"").value.s, "0.0");
    EXPECT_EQ(Ok(3, "\"25e-1000\"").value.s.size(), 1002u);
    Err(3, "\"1,5\"");
    Err(3, "\"1e1001\"");  // too long to be a value any database keeps
    Err(3, "\"1e5x\"");
}

TEST(BindConverterTest, FloatAndDouble) {
    auto f = Ok(6, "1.25");
    EXPECT_EQ(f.value.kind, ValueKind::kFloat);
    EXPECT_DOUBLE_EQ(f.value.f, 1.25);
    auto d = Ok(8, "\"-2.5e-3\"");
    EXPECT_DOUBLE_EQ(d.value.f, -0.0025);
    EXPECT_EQ(d.value.width, 8);
    Err(8, "\"x\"");
}

TEST(BindConverterTest, TextTypes) {
    for (std::int32_t code : {1, -15, -9, 12, -1, 2005, -8}) {
        auto b = Ok(code, "\"测试 '@x'\"");
        EXPECT_EQ(b.value.kind, ValueKind::kText) << code;
        EXPECT_EQ(b.value.s, "测试 '@x'");
    }
    EXPECT_EQ(Ok(12, "15").value.s, "15");  // numbers bind as their text
    EXPECT_EQ(Ok(-8, "\"AAAR3sAAEAAAACXAAA\"").value.s, "AAAR3sAAEAAAACXAAA");
    Err(12, "[1]");
}

TEST(BindConverterTest, Temporal) {
    auto d = Ok(91, "\"2024-2-9\"");
    EXPECT_EQ(d.value.kind, ValueKind::kDate);
    EXPECT_EQ(d.value.s, "2024-02-09");
    Err(91, "\"2023-02-29\"");
    Err(91, "\"09/02/2024\"");
    auto t = Ok(92, "\"13:45:07.25\"");
    EXPECT_EQ(t.value.kind, ValueKind::kTime);
    EXPECT_EQ(t.value.s, "13:45:07.25");
    EXPECT_EQ(t.value.precision, 2);
    Err(92, "\"25:00:00\"");
    auto ts = Ok(93, "\"2024-01-31 23:59:59.123456789\"");
    EXPECT_EQ(ts.value.kind, ValueKind::kTimestamp);
    EXPECT_EQ(ts.value.s, "2024-01-31 23:59:59.123456789");
    EXPECT_EQ(ts.value.precision, 9);
    EXPECT_FALSE(ts.value.has_zone);
    auto tz = Ok(93, "\"2024-01-31T08:00:00+08:00\"");
    EXPECT_EQ(tz.value.s, "2024-01-31 08:00:00+08:00");
    EXPECT_TRUE(tz.value.has_zone);
    EXPECT_EQ(Ok(93, "\"2024-01-31\"").value.s, "2024-01-31 00:00:00");
    Err(93, "\"2024-01-31 10:00:00 junk\"");
}

TEST(BindConverterTest, BooleanBlobAndNull) {
    EXPECT_EQ(Ok(16, "true").value.i, 1);
    EXPECT_EQ(Ok(16, "\"FALSE\"").value.i, 0);
    EXPECT_EQ(Ok(16, "1").value.kind, ValueKind::kBool);
    Err(16, "\"yes\"");
    auto blob = Ok(2004, "\"AAEC/w==\"");
    EXPECT_EQ(blob.value.kind, ValueKind::kBytes);
    EXPECT_EQ(blob.value.s, std::string("\x00\x01\x02\xff", 4));
    Err(2004, "\"not*base64\"");
    EXPECT_EQ(EncodeBase64(std::string("\x00\x01\x02\xff", 4)), "AAEC/w==");
    for (std::int32_t code : {4, 3, 12, 91, 93, 16, 2004}) {
        EXPECT_TRUE(Ok(code, "null").value.is_null()) << code;
    }
    EXPECT_FALSE(ConvertBind("p", 1111, J("1")).ok());
}

}  // namespace
}  // namespace dbbridge::core::multiplex
