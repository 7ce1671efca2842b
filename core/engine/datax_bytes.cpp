#include "core/engine/datax_bytes.h"

namespace dbbridge::core::engine {

namespace {

// Java's String.length() of UTF-8 text: one unit per character, two for those beyond U+FFFF.
std::int64_t Utf16Units(const std::string& s) {
    std::int64_t n = 0;
    for (char ch : s) {
        auto b = static_cast<unsigned char>(ch);
        if ((b & 0xC0) != 0x80) {
            n += b >= 0xF0 ? 2 : 1;
        }
    }
    return n;
}

std::int64_t DecimalDigits(std::int64_t v) {
    std::int64_t n = v < 0 ? 2 : 1;
    std::uint64_t u = v < 0 ? 0 - static_cast<std::uint64_t>(v) : static_cast<std::uint64_t>(v);
    while (u >= 10) {
        u /= 10;
        ++n;
    }
    return n;
}

}  // namespace

std::int64_t DataxByteSize(const sdk::Value& v) {
    switch (v.kind) {
        case sdk::ValueKind::kNull:
            return 0;
        case sdk::ValueKind::kInt:
            return DecimalDigits(v.i);
        case sdk::ValueKind::kBool:
            return 1;
        case sdk::ValueKind::kFloat:
            return static_cast<std::int64_t>(sdk::ValueToText(v).size());
        case sdk::ValueKind::kDate:
        case sdk::ValueKind::kTime:
        case sdk::ValueKind::kTimestamp:
            return 8;
        case sdk::ValueKind::kText:
            return Utf16Units(v.s);
        case sdk::ValueKind::kDecimal:
        case sdk::ValueKind::kBytes:
            return static_cast<std::int64_t>(v.s.size());
    }
    return 0;
}

std::int64_t DataxRecordBytes(const sdk::Record& record) {
    std::int64_t n = 0;
    for (const auto& v : record) {
        n += DataxByteSize(v);
    }
    return n;
}

}  // namespace dbbridge::core::engine
