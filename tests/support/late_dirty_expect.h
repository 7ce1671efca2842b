#pragma once
// Checks the late dirty records a writer's Flush() reported (sdk::RecordWriter::DeferDirty) against
// what a test expects of each: the batch that carried the bad row, its index there, and a part of
// the reason the user reads. Call through ASSERT_NO_FATAL_FAILURE: a wrong count stops the test.
#include <gtest/gtest.h>

#include <cstdint>
#include <string>
#include <vector>

#include "dbbridge/sdk/connection.h"

namespace dbbridge::testing {

struct ExpectedLateDirty {
    std::uint64_t batch;
    std::size_t index_in_batch;
    std::string reason_part;  // "" when the reason is not checked
};

inline void ExpectLateDirty(const std::vector<sdk::LateDirtyRecord>& late,
                            const std::vector<ExpectedLateDirty>& expected) {
    ASSERT_EQ(late.size(), expected.size());
    for (std::size_t i = 0; i < expected.size(); ++i) {
        SCOPED_TRACE("late dirty record " + std::to_string(i));
        EXPECT_EQ(late[i].batch, expected[i].batch);
        EXPECT_EQ(late[i].index_in_batch, expected[i].index_in_batch);
        EXPECT_NE(late[i].reason.find(expected[i].reason_part), std::string::npos) << late[i].reason;
    }
}

}  // namespace dbbridge::testing
