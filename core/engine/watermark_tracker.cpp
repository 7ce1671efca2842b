#include "core/engine/watermark_tracker.h"

#include <cctype>
#include <cstdlib>

namespace dbbridge::core::engine {

namespace {

bool IsNumber(const sdk::Value& v) {
    return v.kind == sdk::ValueKind::kInt || v.kind == sdk::ValueKind::kFloat || v.kind == sdk::ValueKind::kDecimal ||
           v.kind == sdk::ValueKind::kBool;
}

long double AsNumber(const sdk::Value& v) {
    switch (v.kind) {
        case sdk::ValueKind::kInt:
        case sdk::ValueKind::kBool:
            return static_cast<long double>(v.i);
        case sdk::ValueKind::kFloat:
            return static_cast<long double>(v.f);
        default:
            return std::strtold(v.s.c_str(), nullptr);
    }
}

std::string Bare(const std::string& name) {
    std::string out;
    for (char c : name) {
        if (c != '`' && c != '"' && c != '[' && c != ']') {
            out += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
        }
    }
    return out;
}

}  // namespace

bool WatermarkTracker::Greater(const sdk::Value& a, const sdk::Value& b) {
    if (a.is_null()) {
        return false;
    }
    if (b.is_null()) {
        return true;
    }
    if (IsNumber(a) && IsNumber(b)) {
        if (a.kind == sdk::ValueKind::kInt && b.kind == sdk::ValueKind::kInt) {
            return a.i > b.i;  // exact for the whole 64-bit range
        }
        return AsNumber(a) > AsNumber(b);
    }
    return sdk::ValueToText(a) > sdk::ValueToText(b);
}

std::optional<std::size_t> WatermarkTracker::FindColumn(const std::vector<sdk::ColumnInfo>& columns,
                                                        const std::string& column) {
    const std::string want = Bare(column);
    for (std::size_t i = 0; i < columns.size(); ++i) {
        if (Bare(columns[i].name) == want) {
            return i;
        }
    }
    return std::nullopt;
}

void WatermarkTracker::Offer(const sdk::Value& v) {
    std::lock_guard<std::mutex> lock(mu_);
    if (!max_ || Greater(v, *max_)) {
        max_ = v;
    }
}

std::string WatermarkTracker::Text() const {
    std::lock_guard<std::mutex> lock(mu_);
    return max_ && !max_->is_null() ? sdk::ValueToText(*max_) : "";
}

}  // namespace dbbridge::core::engine
