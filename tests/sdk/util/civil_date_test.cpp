#include "dbbridge/sdk/util/civil_date.h"

#include <gtest/gtest.h>

namespace dbbridge::sdk::util {
namespace {

TEST(CivilDateTest, KnownDays) {
    EXPECT_EQ(DaysFromCivil(1970, 1, 1), 0);
    EXPECT_EQ(DaysFromCivil(1969, 12, 31), -1);
    EXPECT_EQ(DaysFromCivil(2000, 3, 1), 11017);
    EXPECT_EQ(DaysFromCivil(2024, 2, 29), 19782);
    EXPECT_EQ(DaysFromCivil(1, 1, 1), -719162);
}

TEST(CivilDateTest, RoundTripsAcrossLeapYearsAndEras) {
    for (std::int64_t days = -800000; days <= 800000; days += 37) {
        std::int64_t y = 0;
        unsigned m = 0;
        unsigned d = 0;
        CivilFromDays(days, y, m, d);
        ASSERT_GE(m, 1u);
        ASSERT_LE(m, 12u);
        ASSERT_GE(d, 1u);
        ASSERT_LE(d, 31u);
        ASSERT_EQ(DaysFromCivil(y, m, d), days) << y << "-" << m << "-" << d;
    }
    std::int64_t y = 0;
    unsigned m = 0;
    unsigned d = 0;
    CivilFromDays(19782, y, m, d);
    EXPECT_EQ(y, 2024);
    EXPECT_EQ(m, 2u);
    EXPECT_EQ(d, 29u);
    CivilFromDays(-1, y, m, d);
    EXPECT_EQ(y, 1969);
    EXPECT_EQ(m, 12u);
    EXPECT_EQ(d, 31u);
}

}  // namespace
}  // namespace dbbridge::sdk::util
