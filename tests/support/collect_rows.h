#pragma once
// A RowSink that keeps every row of a result set.

#include <string>
#include <vector>

#include <gtest/gtest.h>

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

// "a|b;c|d;": the rows of sql as text (null as <NULL>); "" with a test failure when sql fails.
inline std::string RowsText(sdk::Connection& conn, const std::string& sql) {
    CollectRows sink;
    auto r = conn.Execute(sql, {}, &sink, {});
    if (!r.ok() || r->failed) {
        ADD_FAILURE() << sql << ": " << (r.ok() ? r->error_message : r.status().message());
        return "";
    }
    std::string out;
    for (const auto& row : sink.rows) {
        for (std::size_t i = 0; i < row.size(); ++i) {
            out += (i == 0 ? "" : "|") + (row[i].is_null() ? std::string("<NULL>") : sdk::ValueToText(row[i]));
        }
        out += ";";
    }
    return out;
}

}  // namespace dbbridge::testing
