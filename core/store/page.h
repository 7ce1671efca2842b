#pragma once
// One page of a paged list, as every list endpoint returns it ({total, page, pageSize, items}).

#include <cstdint>
#include <string>
#include <vector>

#include "dbbridge/sdk/status.h"

namespace dbbridge::core {

inline constexpr int kDefaultPageSize = 10;
inline constexpr int kMaxPageSize = 1000;

template <typename T>
struct Page {
    std::int64_t total = 0;  // rows matching the filter, over all pages
    int page = 1;            // 1-based
    int page_size = kDefaultPageSize;
    std::vector<T> items;
};

// Checks page >= 1 and 1 <= page_size <= kMaxPageSize; the error names "page" / "pageSize".
inline sdk::Status ValidatePaging(int page, int page_size) {
    if (page < 1) {
        return sdk::Status::InvalidArgument("page must be 1 or more (got " + std::to_string(page) + ")");
    }
    if (page_size < 1 || page_size > kMaxPageSize) {
        return sdk::Status::InvalidArgument("pageSize must be between 1 and " + std::to_string(kMaxPageSize) +
                                            " (got " + std::to_string(page_size) + ")");
    }
    return sdk::Status::Ok();
}

// OFFSET for a validated page.
inline std::int64_t PageOffset(int page, int page_size) { return static_cast<std::int64_t>(page - 1) * page_size; }

}  // namespace dbbridge::core
