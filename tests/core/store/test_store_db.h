#pragma once
// A throw-away metadata database for one test: a temp SQLite file, or a fresh database
// store_<random> on the PostgreSQL / MariaDB test servers (dropped again in the destructor).

#include <Poco/Data/Session.h>
#include <gtest/gtest.h>

#include <filesystem>
#include <random>
#include <string>

#include "core/store/store_connectors.h"
#include "core/store/store_url.h"
#include "tests/support/test_env.h"

namespace dbbridge::core::testing {

enum class TestBackend { kSqlite, kPostgres, kMysql };

inline std::string TestBackendName(const ::testing::TestParamInfo<TestBackend>& info) {
    switch (info.param) {
        case TestBackend::kSqlite:
            return "Sqlite";
        case TestBackend::kPostgres:
            return "Postgres";
        case TestBackend::kMysql:
            return "Mysql";
    }
    return "Unknown";
}

inline std::string RandomSuffix() {
    static thread_local std::mt19937_64 rng{std::random_device{}()};
    static const char* kDigits = "abcdefghijklmnopqrstuvwxyz0123456789";
    std::string s;
    for (int i = 0; i < 10; ++i) {
        s += kDigits[rng() % 36];
    }
    return s;
}

class TestStoreDb {
public:
    // Returns the env var the backend needs, or "" for SQLite.
    static const char* EnvName(TestBackend b) {
        return b == TestBackend::kPostgres ? "DBBRIDGE_TEST_PG_ADMIN"
               : b == TestBackend::kMysql  ? "DBBRIDGE_TEST_MYSQL"
                                           : "";
    }

    // server_url: the env var's value (ignored for SQLite).
    TestStoreDb(TestBackend backend, const std::string& server_url) : backend_(backend) {
        RegisterStoreConnectors();
        name_ = "store_" + RandomSuffix();
        if (backend == TestBackend::kSqlite) {
            dir_ = std::filesystem::temp_directory_path() / ("dbb_" + name_);
            url_ = "sqlite:" + (dir_ / "nested" / "meta.db").string();
            return;
        }
        auto slash = server_url.rfind('/');
        url_ = server_url.substr(0, slash + 1) + name_;
        admin_ = ParseStoreUrl(server_url).value();
        Admin("CREATE DATABASE " + name_);
    }

    ~TestStoreDb() {
        if (backend_ == TestBackend::kSqlite) {
            std::error_code ec;
            std::filesystem::remove_all(dir_, ec);
            return;
        }
        try {
            Admin(backend_ == TestBackend::kPostgres ? "DROP DATABASE IF EXISTS " + name_ + " WITH (FORCE)"
                                                     : "DROP DATABASE IF EXISTS " + name_);
        } catch (const std::exception& e) {
            ADD_FAILURE() << "cannot drop test database " << name_ << ": " << e.what();
        }
    }

    const std::string& url() const { return url_; }
    const std::filesystem::path& dir() const { return dir_; }

private:
    void Admin(const std::string& sql) {
        Poco::Data::Session s(admin_.connector, admin_.connection_string);
        s << sql, Poco::Data::Keywords::now;
    }

    TestBackend backend_;
    std::string name_;
    std::string url_;
    std::filesystem::path dir_;
    StoreTarget admin_;
};

}  // namespace dbbridge::core::testing
