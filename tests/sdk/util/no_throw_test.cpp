#include "dbbridge/sdk/util/no_throw.h"

#include <gtest/gtest.h>

#include <stdexcept>

namespace dbbridge::sdk::util {
namespace {

TEST(NoThrowTest, PassesResultsThroughAndTurnsExceptionsIntoInternal) {
    auto ok = NoThrow([]() -> Result<int> { return 7; });
    ASSERT_TRUE(ok.ok());
    EXPECT_EQ(*ok, 7);
    auto failed = NoThrow([]() -> Result<int> { return Status::NotFound("table t"); });
    EXPECT_EQ(failed.status().code(), StatusCode::kNotFound);

    auto thrown = NoThrow([]() -> Result<int> { throw std::runtime_error("boom"); }, "X connect: ");
    ASSERT_FALSE(thrown.ok());
    EXPECT_EQ(thrown.status().code(), StatusCode::kInternal);
    EXPECT_EQ(thrown.status().message(), "X connect: boom");
    auto odd = NoThrow([]() -> Status { throw 42; });
    EXPECT_EQ(odd.code(), StatusCode::kInternal);
    EXPECT_EQ(odd.message(), "unknown exception");
}

}  // namespace
}  // namespace dbbridge::sdk::util
