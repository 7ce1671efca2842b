#pragma once
// Table compare's canonical row text (dbbridge/sdk/segment_checksum.h): which columns carry the
// "<length>:" prefix. Every plugin's checksum SQL asks here, so all engines build the same text.

#include "dbbridge/sdk/types.h"

namespace dbbridge::sdk::util {

// False for the types whose canonical text can never hold the "|" separator nor be "-" alone
// (integers, exact and floating numbers, booleans, dates, times, binary as hex): they are written
// bare. Every other type (character, and anything a plugin types as kOther, such as JSON) carries
// its length, so a row's text parses one way only.
inline bool ChecksumTextHasLength(JdbcType t) {
    switch (t) {
        case JdbcType::kBit:
        case JdbcType::kBoolean:
        case JdbcType::kTinyInt:
        case JdbcType::kSmallInt:
        case JdbcType::kInteger:
        case JdbcType::kBigInt:
        case JdbcType::kDecimal:
        case JdbcType::kNumeric:
        case JdbcType::kFloat:
        case JdbcType::kReal:
        case JdbcType::kDouble:
        case JdbcType::kDate:
        case JdbcType::kTime:
        case JdbcType::kTimeWithTimezone:
        case JdbcType::kTimestamp:
        case JdbcType::kTimestampWithTimezone:
        case JdbcType::kBinary:
        case JdbcType::kVarBinary:
        case JdbcType::kLongVarBinary:
        case JdbcType::kBlob:
            return false;
        default:
            return true;
    }
}

}  // namespace dbbridge::sdk::util
