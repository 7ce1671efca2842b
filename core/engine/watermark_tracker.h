#pragma once
// Incremental sync: the highest value of one reader column seen by all reader tasks of a job
// (job.watermark.column). Numbers compare as numbers; dates, times, timestamps and text compare
// as their ISO / UTF-8 text, which orders them correctly within one column. NULLs are ignored.
// Thread-safe.

#include <cstddef>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "dbbridge/sdk/types.h"

namespace dbbridge::core::engine {

class WatermarkTracker {
public:
    // True when a orders after b.
    static bool Greater(const sdk::Value& a, const sdk::Value& b);
    // The index of column among columns (case-insensitive, quotes ignored), or nullopt.
    static std::optional<std::size_t> FindColumn(const std::vector<sdk::ColumnInfo>& columns,
                                                 const std::string& column);

    void Offer(const sdk::Value& v);
    // "" while nothing was offered.
    std::string Text() const;

private:
    mutable std::mutex mu_;
    std::optional<sdk::Value> max_;
};

}  // namespace dbbridge::core::engine
