#pragma once
// Helpers for the MySQL plugin's integration tests: the server from DBBRIDGE_TEST_MYSQL
// ("mysql://user:password@host:port/database"), connections, and small SQL shortcuts.

#include <gtest/gtest.h>
#include <unistd.h>

#include <memory>
#include <string>
#include <vector>

#include "dbbridge/sdk/connection.h"
#include "mysql_dialect.h"
#include "tests/support/test_db.h"
#include "tests/support/test_env.h"

namespace dbbridge::mysql::testing {

inline sdk::ConnectionSpec SpecFromUrl(const std::string& url) {
    return ::dbbridge::testing::ConnectionSpecFromUrl(url, "MYSQL");
}

// A name unique to this test process: tests of several engineers share the server.
inline std::string Unique(const std::string& base) { return "myp_" + base + "_" + std::to_string(getpid()); }

// Collects a result set.
class CollectSink : public sdk::RowSink {
public:
    sdk::Status OnColumns(const std::vector<sdk::ColumnInfo>& columns) noexcept override {
        columns_ = columns;
        return sdk::Status::Ok();
    }
    bool OnRow(const sdk::Record& row) noexcept override {
        rows_.push_back(row);
        return limit_ == 0 || rows_.size() < limit_;
    }
    std::vector<sdk::ColumnInfo> columns_;
    std::vector<sdk::Record> rows_;
    std::size_t limit_ = 0;
};

class MysqlServerTest : public ::testing::Test {
protected:
    void SetUp() override {
        auto url = ::dbbridge::testing::EnvVar("DBBRIDGE_TEST_MYSQL");
        if (!url) {
            GTEST_SKIP() << "DBBRIDGE_TEST_MYSQL is not set (scripts/db-up.sh sets it)";
        }
        spec_ = SpecFromUrl(*url);
        conn_ = Connect(spec_);
        ASSERT_NE(conn_, nullptr);
    }

    std::unique_ptr<sdk::Connection> Connect(const sdk::ConnectionSpec& spec) {
        auto c = dialect_.Connect(spec);
        EXPECT_TRUE(c.ok()) << c.status().message();
        return c.ok() ? std::move(c.value()) : nullptr;
    }

    // Runs SQL that must succeed; returns the rows it produced.
    std::vector<sdk::Record> Sql(const std::string& sql, const std::vector<sdk::BindValue>& binds = {},
                                 sdk::Connection* conn = nullptr) {
        CollectSink sink;
        auto r = (conn ? conn : conn_.get())->Execute(sql, binds, &sink, {});
        EXPECT_TRUE(r.ok()) << sql << ": " << r.status().message();
        if (r.ok()) {
            EXPECT_FALSE(r->failed) << sql << ": " << r->error_code << " " << r->error_message;
        }
        return sink.rows_;
    }

    std::int64_t Count(const std::string& table) {
        auto rows = Sql("SELECT COUNT(*) FROM " + table);
        return rows.empty() ? -1 : rows[0][0].i;
    }

    MysqlDialect dialect_;
    sdk::ConnectionSpec spec_;
    std::unique_ptr<sdk::Connection> conn_;
};

inline sdk::BindValue Bind(const std::string& name, sdk::JdbcType type, sdk::Value v) {
    return sdk::BindValue{name, type, std::move(v)};
}

}  // namespace dbbridge::mysql::testing
