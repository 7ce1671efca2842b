#pragma once
// Helpers for the postgres plugin's integration tests: the DBBRIDGE_TEST_PG URL as a
// ConnectionSpec, a sink that collects rows, and unique table names per test process.

#include <unistd.h>

#include <cstdlib>
#include <string>
#include <vector>

#include "dbbridge/sdk/connection.h"

namespace dbbridge::postgres::testing {

// postgresql://user:password@host:port/database -> spec (no percent-decoding needed for the CI URL).
inline sdk::ConnectionSpec SpecFromUrl(const std::string& url, const std::string& dialect = "POSTGRESQL") {
    sdk::ConnectionSpec spec;
    spec.dialect = dialect;
    std::string rest = url.substr(url.find("://") + 3);
    std::size_t at = rest.rfind('@');
    if (at != std::string::npos) {
        std::string cred = rest.substr(0, at);
        std::size_t colon = cred.find(':');
        spec.user = cred.substr(0, colon);
        spec.password = colon == std::string::npos ? "" : cred.substr(colon + 1);
        rest = rest.substr(at + 1);
    }
    std::size_t slash = rest.find('/');
    std::string hostport = rest.substr(0, slash);
    spec.database = slash == std::string::npos ? "" : rest.substr(slash + 1);
    spec.database = spec.database.substr(0, spec.database.find('?'));
    std::size_t colon = hostport.rfind(':');
    spec.host = hostport.substr(0, colon);
    spec.port = colon == std::string::npos ? 5432 : std::atoi(hostport.c_str() + colon + 1);
    spec.connect_timeout_ms = 5000;
    return spec;
}

// Collects a result set.
class CollectSink : public sdk::RowSink {
public:
    explicit CollectSink(std::size_t stop_after = 0) : stop_after_(stop_after) {}
    sdk::Status OnColumns(const std::vector<sdk::ColumnInfo>& columns) override {
        columns_ = columns;
        return sdk::Status::Ok();
    }
    bool OnRow(const sdk::Record& row) override {
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
