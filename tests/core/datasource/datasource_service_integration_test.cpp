// The datasource service against the real MariaDB and PostgreSQL servers through the real plugins.
#include <gtest/gtest.h>
#include <unistd.h>

#include "core/store/columns_query_repository.h"
#include "dbbridge/sdk/util/sql_text.h"
#include "tests/core/datasource/datasource_from_url.h"
#include "tests/core/datasource/service_fixture.h"
#include "tests/support/test_env.h"

namespace dbbridge::core::testing {
namespace {

using sdk::StatusCode;

Datasource FromUrl(const std::string& url, const std::string& db_type, const std::string& name) {
    Datasource ds = DatasourceFromUrl(url, db_type, name);
    ds.uid = "it";
    return ds;
}

struct Server {
    const char* env;
    const char* db_type;
    const char* version_fragment;
};

class DatasourceLiveTest : public ServiceFixture, public ::testing::WithParamInterface<Server> {
protected:
    void SetUp() override {
        ServiceFixture::SetUp();
        if (HasFatalFailure()) {
            return;
        }
        auto url = ::dbbridge::testing::EnvVar(GetParam().env);
        if (!url) {
            GTEST_SKIP() << GetParam().env << " is not set (scripts/db-up.sh sets it)";
        }
        ds_ = FromUrl(*url, GetParam().db_type, std::string("live-") + GetParam().db_type);
        auto saved = service_->Save(ds_);
        ASSERT_TRUE(saved.ok()) << saved.status().message();
        id_ = saved->id;
        ASSERT_TRUE(service_->RegisterDialectDefaults().ok());
    }

    // Runs SQL on the test server through the plugin.
    void Exec(const std::string& sql) {
        auto spec = service_->ResolveById(id_);
        ASSERT_TRUE(spec.ok()) << spec.status().message();
        auto conn = registry_->Find(spec->dialect)->Connect(spec.value());
        ASSERT_TRUE(conn.ok()) << conn.status().message();
        auto done = conn.value()->Execute(sql, {}, nullptr, {});
        ASSERT_TRUE(done.ok()) << done.status().message();
        ASSERT_FALSE(done->failed) << sql << ": " << done->error_message;
    }

    Datasource ds_;
    std::int64_t id_ = 0;
};

TEST_P(DatasourceLiveTest, PingsASavedDatasource) {
    auto pong = service_->Ping(id_, "it");
    ASSERT_TRUE(pong.ok()) << pong.status().message();
    EXPECT_GE(pong->latency_ms, 0.0);
    EXPECT_NE(pong->server_version.find(GetParam().version_fragment), std::string::npos) << pong->server_version;
}

TEST_P(DatasourceLiveTest, PingsAnUnsavedDatasourceWithLowerCaseType) {
    Datasource unsaved = ds_;
    unsaved.source_name = "";
    unsaved.db_type = sdk::util::ToLower(ds_.db_type);
    auto pong = service_->Ping(unsaved);
    ASSERT_TRUE(pong.ok()) << pong.status().message();
    EXPECT_FALSE(pong->server_version.empty());
}

TEST_P(DatasourceLiveTest, WrongPasswordIsReportedWithTheDatasourceAndWithoutThePassword) {
    Datasource wrong = ds_;
    wrong.source_name = "bad-login";
    wrong.password = "definitely-wrong-pw";
    auto pong = service_->Ping(wrong);
    ASSERT_FALSE(pong.ok());
    const std::string& msg = pong.status().message();
    const std::string prefix = "datasource 'bad-login' (" + ds_.db_type + " " + ds_.host + ":" +
                               std::to_string(ds_.port) + "/" + ds_.db_name + "): ";
    EXPECT_EQ(msg.rfind(prefix, 0), 0u) << msg;
    EXPECT_EQ(msg.find("definitely-wrong-pw"), std::string::npos) << msg;
    EXPECT_EQ(pong.status().code(), StatusCode::kUnauthenticated) << msg;
}

TEST_P(DatasourceLiveTest, ListsTablesAndColumns) {
    const std::string table = "dsi_t_" + std::to_string(::getpid()) + "_" + sdk::util::ToLower(ds_.db_type);
    Exec("CREATE TABLE " + table + " (id BIGINT PRIMARY KEY, name VARCHAR(64) NOT NULL, amount DECIMAL(12,2))");
    auto tables = service_->Tables(id_, "it");
    ASSERT_TRUE(tables.ok()) << tables.status().message();
    bool found = false;
    for (const auto& t : tables.value()) {
        found = found || t.name == table;
    }
    EXPECT_TRUE(found) << table << " not among " << tables->size() << " tables";

    auto columns = service_->Columns(id_, table, "it");
    ASSERT_TRUE(columns.ok()) << columns.status().message();
    ASSERT_EQ(columns->size(), 3u);
    EXPECT_EQ(columns->at(0).name, "id");
    EXPECT_EQ(columns->at(0).jdbc_type, sdk::JdbcType::kBigInt);
    EXPECT_EQ(columns->at(1).name, "name");
    EXPECT_FALSE(columns->at(1).nullable);
    EXPECT_EQ(columns->at(1).jdbc_type, sdk::JdbcType::kVarchar);
    EXPECT_EQ(columns->at(2).name, "amount");
    EXPECT_TRUE(columns->at(2).nullable);
    EXPECT_TRUE(columns->at(2).jdbc_type == sdk::JdbcType::kDecimal ||
                columns->at(2).jdbc_type == sdk::JdbcType::kNumeric);

    auto missing = service_->Columns(id_, table + "_nope", "it");
    EXPECT_FALSE(missing.ok());
    EXPECT_NE(missing.status().message().find(table + "_nope"), std::string::npos) << missing.status().message();
    Exec("DROP TABLE " + table);
}

TEST_P(DatasourceLiveTest, PingUsesTheColumnsQueryOverride) {
    ColumnsQueryRepository repo(*store_);
    auto defaults = repo.Get(ds_.db_type);
    ASSERT_TRUE(defaults.ok()) << defaults.status().message();
    EXPECT_FALSE(defaults->ping.empty());
    ASSERT_TRUE(repo.SetOverride(ds_.db_type, defaults->query_sql, "SELECT dsi_no_such_column_x").ok());
    auto pong = service_->Ping(id_, "it");
    ASSERT_FALSE(pong.ok()) << "the overridden (broken) ping SQL was not used";
    EXPECT_NE(pong.status().message().find("dsi_no_such_column_x"), std::string::npos) << pong.status().message();
    EXPECT_EQ(pong.status().message().rfind("datasource 'live-", 0), 0u) << pong.status().message();
}

INSTANTIATE_TEST_SUITE_P(Live, DatasourceLiveTest,
                         ::testing::Values(Server{"DBBRIDGE_TEST_MYSQL", "MYSQL", "MariaDB"},
                                           Server{"DBBRIDGE_TEST_PG", "POSTGRESQL", "15"}),
                         [](const ::testing::TestParamInfo<Server>& info) { return std::string(info.param.db_type); });

}  // namespace
}  // namespace dbbridge::core::testing
