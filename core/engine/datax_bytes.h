#pragma once
// DataX's byte accounting: each Column carries a byteSize (common/.../element/*Column.java) and a
// record's size is their sum (core/.../record/DefaultRecord.java#incrByteSize). Those sizes feed
// the "bytes" of the progress line, speed.byte throttling (Channel.java#statPush) and the
// summary's 任务平均流量, so matching them makes the same data report the same figures.

#include <cstdint>

#include "dbbridge/sdk/types.h"

namespace dbbridge::core::engine {

// byteSize DataX gives the column this value becomes in its readers:
//   text              -> String.length(): UTF-16 code units (StringColumn)
//   integer           -> length of the decimal text (LongColumn(String), as every reader builds it)
//   decimal / float   -> length of the decimal text (DoubleColumn(String))
//   date, time, ts    -> 8 (DateColumn)
//   bool              -> 1 (BoolColumn)
//   bytes             -> array length (BytesColumn)
//   null              -> 0
std::int64_t DataxByteSize(const sdk::Value& v);
std::int64_t DataxRecordBytes(const sdk::Record& record);

}  // namespace dbbridge::core::engine
