// BatchArchive gives back exactly the record a late dirty report points at: every value kind with
// its width, precision and zone, by batch number across clears, and nothing for a forgotten batch.
#include "core/engine/batch_archive.h"

#include <gtest/gtest.h>

namespace dbbridge::core::engine {
namespace {

using sdk::Value;

sdk::Record EveryKind() {
    Value f4 = Value::Float(1.5, 4);
    Value ts = Value::Timestamp("2024-02-29 23:59:59.123456+08:00", true);
    ts.precision = 6;
    return {Value::Null(),        Value::Int(INT64_MIN),          Value::Decimal("-12.50"), f4,
            Value::Text("é\t\n"), Value::Bytes(std::string("\0\xff", 2)), Value::Date("2024-01-01"),
            Value::Time("10:11:12"), ts, Value::Bool(true), Value::Text(std::string(100000, 'x'))};
}

TEST(BatchArchiveTest, GivesBackTheExactRecordByBatchAndIndex) {
    BatchArchive archive(1 << 10);
    sdk::RecordBatch b0;
    b0.rows = {{Value::Int(1)}, EveryKind()};
    sdk::RecordBatch empty;
    sdk::RecordBatch b2;
    b2.rows = {{Value::Text("third")}};
    archive.Add(b0);
    archive.Add(empty);
    archive.Add(b2);
    const sdk::Record got = archive.Get(0, 1);
    const sdk::Record want = EveryKind();
    ASSERT_EQ(got.size(), want.size());
    for (std::size_t i = 0; i < want.size(); ++i) {
        EXPECT_EQ(got[i], want[i]) << "value " << i;
        EXPECT_EQ(got[i].width, want[i].width) << "value " << i;
        EXPECT_EQ(got[i].precision, want[i].precision) << "value " << i;
    }
    EXPECT_EQ(archive.Get(2, 0), sdk::Record{Value::Text("third")});
    EXPECT_TRUE(archive.Get(1, 0).empty());  // the empty batch has no row 0
    EXPECT_TRUE(archive.Get(2, 1).empty());
    EXPECT_GT(archive.bytes(), 100000u);

    archive.Clear();  // numbering goes on: the next batch is number 3
    EXPECT_EQ(archive.bytes(), 0u);
    EXPECT_TRUE(archive.Get(0, 0).empty());
    archive.Add(b0);
    EXPECT_EQ(archive.Get(3, 0), sdk::Record{Value::Int(1)});
    EXPECT_TRUE(archive.Get(4, 0).empty());
}

}  // namespace
}  // namespace dbbridge::core::engine
