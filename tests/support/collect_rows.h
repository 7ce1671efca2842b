#pragma once
// A RowSink that keeps every row of a result set.

#include <vector>

#include "dbbridge/sdk/connection.h"

namespace dbbridge::testing {

struct CollectRows : sdk::RowSink {
    std::vector<sdk::Record> rows;
    sdk::Status OnColumns(const std::vector<sdk::ColumnInfo>&) noexcept override { return sdk::Status::Ok(); }
    bool OnRow(const sdk::Record& r) noexcept override {
        rows.push_back(r);
        return true;
    }
};

}  // namespace dbbridge::testing
