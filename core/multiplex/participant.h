#pragma once
// One database's part in a multiplex comparison (its prepared target and its run), and the sink
// that keeps a bulkMode 2 call's rows until its batch is compared.

#include <cstdint>
#include <memory>
#include <vector>

#include "core/multiplex/row_set_comparator.h"
#include "core/multiplex/target_executor.h"
#include "dbbridge/sdk/util/no_throw.h"

namespace dbbridge::core::multiplex {

// Rows a bulkMode 2 call produced, kept until its batch is compared.
class CaptureSink : public sdk::RowSink {
public:
    explicit CaptureSink(std::size_t max_rows) : max_rows_(max_rows) {}
    // noexcept callbacks the plugin invokes: an allocation failure stops the fetch instead of
    // unwinding through the plugin.
    sdk::Status OnColumns(const std::vector<sdk::ColumnInfo>& columns) noexcept override {
        return sdk::util::NoThrow([&] {
            columns_ = columns;
            has_columns_ = true;
            return sdk::Status::Ok();
        }, "capturing columns: ");
    }
    bool OnRow(const sdk::Record& row) noexcept override {
        ++total_;
        if (rows_.size() < max_rows_) {
            return sdk::util::NoThrowValue([&] {
                rows_.push_back(row);
                return true;
            }, false);
        }
        truncated_ = true;
        return true;  // keep counting: the row count is still compared
    }
    void Replay(RowSetComparator& c, std::size_t p) const {
        if (has_columns_) c.SetColumns(p, columns_);
        for (const auto& r : rows_) c.AddRow(p, r);
        c.Finish(p);
    }
    bool truncated() const { return truncated_; }
    std::int64_t total() const { return total_; }

private:
    std::size_t max_rows_;
    bool has_columns_ = false;
    std::vector<sdk::ColumnInfo> columns_;
    std::vector<sdk::Record> rows_;
    bool truncated_ = false;
    std::int64_t total_ = 0;
};

// One database's part in a comparison.
struct Participant {
    PreparedTarget target;
    TargetRun run;
    bool prepared = false;  // false: routing/transpile failed, run.failure says why
    std::int64_t arrived_ms = 0;
    std::unique_ptr<CaptureSink> main_capture;  // bulkMode 2 only
    std::vector<std::unique_ptr<CaptureSink>> before_capture;
    std::vector<std::unique_ptr<CaptureSink>> after_capture;
};

}  // namespace dbbridge::core::multiplex
