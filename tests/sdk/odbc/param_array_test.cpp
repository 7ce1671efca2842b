// Column-wise parameter arrays of sdk/odbc without a server: which records are left out and how a
// batch is cut into arrays that stay under the byte limit.
#include <gtest/gtest.h>

#include <cstring>

#include "sdk/odbc/src/param_array.h"

namespace dbbridge::odbc {
namespace {

using sdk::Value;

std::vector<WriterColumn> Columns() {
    WriterColumn id{"id", "id", PlanForSqlType(SQL_BIGINT, 0), 19};
    WriterColumn name{"name", "name", PlanForSqlType(SQL_VARCHAR, 0), 40};
    return {id, name};
}

TEST(ParamArrayTest, RecordsWithAValueTheColumnCannotTakeAreLeftOutAndNamed) {
    sdk::RecordBatch batch;
    batch.rows = {{Value::Int(1), Value::Text("a")},
                  {Value::Text("x1"), Value::Text("b")},
                  {Value::Int(3), Value::Null()}};
    EncodedRows rows;
    std::vector<sdk::DirtyRecord> dirty;
    rows.Encode(batch, Columns(), dirty);
    ASSERT_EQ(rows.size(), 2u);
    EXPECT_EQ(rows.batch_row, (std::vector<std::size_t>{0, 2}));
    ASSERT_EQ(dirty.size(), 1u);
    EXPECT_EQ(dirty[0].index_in_batch, 1u);
    EXPECT_NE(dirty[0].reason.find("column id"), std::string::npos) << dirty[0].reason;
    EXPECT_EQ(rows.indicators[1 * rows.columns + 1], SQL_NULL_DATA);
}

TEST(ParamArrayTest, ChunksStayUnderTheRowAndByteLimitsButHoldOneRowAtLeast) {
    sdk::RecordBatch batch;
    for (int i = 0; i < 10; ++i) {
        batch.rows.push_back({Value::Int(i), Value::Text(i == 4 ? std::string(1000, 'x') : "ab")});
    }
    EncodedRows rows;
    std::vector<sdk::DirtyRecord> dirty;
    rows.Encode(batch, Columns(), dirty);
    EXPECT_EQ(rows.ChunkRows(0, 3, 1u << 20), 3u);
    EXPECT_EQ(rows.ChunkRows(8, 100, 1u << 20), 2u);  // the end of the batch
    // Every row of an array is as wide as its widest value: row 4's 2000-byte name makes rows
    // 0..4 cost 5 x ~2 kB, over 4 kB, so the chunk stops before it; with 12 kB six rows fit.
    EXPECT_EQ(rows.ChunkRows(0, 100, 4 * 1024), 4u);
    EXPECT_EQ(rows.ChunkRows(0, 100, 12 * 1024), 6u);
    EXPECT_EQ(rows.ChunkRows(4, 100, 16), 1u);  // one row even when it alone is over the limit
}

}  // namespace
}  // namespace dbbridge::odbc
