#include "dbbridge/sdk/util/utf8.h"

#include <gtest/gtest.h>

namespace dbbridge::sdk::util {
namespace {

std::string Encode(char32_t cp) {
    std::string out = "x";  // appends, never overwrites
    AppendUtf8(out, cp);
    return out;
}

TEST(Utf8Test, EncodesEachLengthAtItsBoundaries) {
    EXPECT_EQ(Encode(0x00), std::string("x\0", 2));
    EXPECT_EQ(Encode(0x7F), "x\x7F");
    EXPECT_EQ(Encode(0x80), "x\xC2\x80");
    EXPECT_EQ(Encode(0xE9), "x\xC3\xA9");  // é
    EXPECT_EQ(Encode(0x7FF), "x\xDF\xBF");
    EXPECT_EQ(Encode(0x800), "x\xE0\xA0\x80");
    EXPECT_EQ(Encode(0x6D41), "x\xE6\xB5\x81");  // 流
    EXPECT_EQ(Encode(0xFFFD), "x\xEF\xBF\xBD");
    EXPECT_EQ(Encode(0xFFFF), "x\xEF\xBF\xBF");
    EXPECT_EQ(Encode(0x10000), "x\xF0\x90\x80\x80");
    EXPECT_EQ(Encode(0x1F600), "x\xF0\x9F\x98\x80");  // 😀
    EXPECT_EQ(Encode(0x10FFFF), "x\xF4\x8F\xBF\xBF");
}

}  // namespace
}  // namespace dbbridge::sdk::util
