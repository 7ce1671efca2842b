#pragma once
// Helpers for the postgres plugin's integration tests: the DBBRIDGE_TEST_PG URL as a
// ConnectionSpec, a sink that collects rows, and unique table names per test process.

#include <unistd.h>

#include <cstdlib>
#include <string>
#include <vector>

#include "dbbridge/sdk/connection.h"
#include "tests/support/test_db.h"

namespace dbbridge::postgres::testing {

// postgresql://user:password@host:port/database -> spec.
inline sdk::ConnectionSpec SpecFromUrl(const std::string& url, const std::string& dialect = "POSTGRESQL") {
    sdk::ConnectionSpec spec = ::dbbridge::testing::ConnectionSpecFromUrl(url, dialect);
    spec.connect_timeout_ms = 5000;
    return spec;
}

// Collects a result set.
class CollectSink : public sdk::RowSink {
public:
    explicit CollectSink(std::size_t stop_after = 0) : stop_after_(stop_after) {}
    sdk::Status OnColumns(const std::vector<sdk::ColumnInfo>& columns) noexcept override {
        columns_ = columns;
        return sdk::Status::Ok();
    }
    bool OnRow(const sdk::Record& row) noexcept override {
        rows_.push_back(row);
        return stop_after_ == 0 || rows_.size() < stop_after_;
    }
    std::vector<sdk::ColumnInfo> columns_;
    std::vector<sdk::Record> rows_;

private:
    std::size_t stop_after_;
};

// "pgp_<what>_<pid>": unique per test process (other engineers' tests share the server).
inline std::string UniqueName(const std::string& what) { return "pgp_" + what + "_" + std::to_string(getpid()); }

}  // namespace dbbridge::postgres::testing
