// Two hosts' CompareServices on one store, comparing real MariaDB and PostgreSQL tables: the
// progress of a compare running on host B is read through host A (from the store), and a kill
// asked through host A stops it on host B.
#include <gtest/gtest.h>
#include <unistd.h>

#include <chrono>
#include <memory>
#include <string>
#include <thread>

#include "core/auth/access_policy.h"
#include "core/compare/compare_service.h"
#include "core/secret/secret_box.h"
#include "core/store/store_connectors.h"
#include "tests/support/test_db.h"
#include "tests/support/test_env.h"

namespace dbbridge::core::compare {
namespace {

class CompareClusterTest : public ::testing::Test {
protected:
    void SetUp() override {
        auto my = dbbridge::testing::EnvVar("DBBRIDGE_TEST_MYSQL");
        auto pg = dbbridge::testing::EnvVar("DBBRIDGE_TEST_PG");
        if (!my || !pg) GTEST_SKIP() << "DBBRIDGE_TEST_MYSQL / DBBRIDGE_TEST_PG are not set (scripts/db-up.sh sets them)";
        my_ = *my;
        pg_ = *pg;
        registry_.LoadDirectory(DBB_PLUGIN_BUILD_DIR);
        RegisterStoreConnectors();
        auto store = MetadataStore::Open("sqlite::memory:");
        ASSERT_TRUE(store.ok()) << store.status().message();
        store_ = std::move(store.value());
        box_ = SecretBox::FromKey(std::string(SecretBox::kKeySize, 's')).value();
        datasources_ = std::make_unique<DatasourceService>(*store_, *box_, registry_);
        access_ = std::make_unique<auth::AccessPolicy>(*store_);
        SaveDatasource("kill-maria", "MYSQL", my_);
        SaveDatasource("kill-pg", "POSTGRESQL", pg_);
        table_ = "cmp_kill_" + std::to_string(getpid());
        dbbridge::testing::ExecSql(my_, {"CREATE TABLE " + table_ + " (id INT PRIMARY KEY, v VARCHAR(40))",
                                         "INSERT INTO " + table_ + " SELECT seq, CONCAT('value ', seq) FROM seq_1_to_300000"});
        dbbridge::testing::ExecSql(pg_, {"CREATE TABLE " + table_ + " (id int PRIMARY KEY, v varchar(40))",
                                         "INSERT INTO " + table_ +
                                             " SELECT g, 'value ' || g FROM generate_series(1, 300000) g"});
    }
    void TearDown() override {
        if (table_.empty()) return;
        dbbridge::testing::ExecSql(my_, {"DROP TABLE IF EXISTS " + table_});
        dbbridge::testing::ExecSql(pg_, {"DROP TABLE IF EXISTS " + table_});
    }

    void SaveDatasource(const std::string& name, const std::string& type, const std::string& url) {
        const auto u = dbbridge::testing::ParseDbUrl(url);
        Datasource ds;
        ds.source_name = name;
        ds.db_type = type;
        ds.host = u.host;
        ds.port = u.port;
        ds.db_name = u.database;
        ds.username = u.user;
        ds.password = u.password;
        ds.uid = "alice";
        auto saved = datasources_->Save(ds);
        ASSERT_TRUE(saved.ok()) << saved.status().message();
    }

    std::unique_ptr<CompareService> Host(const std::string& name) {
        CompareService::Options options;
        options.host_name = name;
        options.lease_ms = 600;  // renewed (and kills read) every 100 ms
        return std::make_unique<CompareService>(*store_, *datasources_, registry_, *access_, options);
    }

    PluginRegistry registry_;
    std::unique_ptr<MetadataStore> store_;
    std::unique_ptr<SecretBox> box_;
    std::unique_ptr<DatasourceService> datasources_;
    std::unique_ptr<auth::AccessPolicy> access_;
    std::string my_, pg_, table_;
};

TEST_F(CompareClusterTest, ProgressIsReadAndAKillIsAskedThroughAnotherHost) {
    auto host_a = Host("host-a");
    auto host_b = Host("host-b");
    CompareJobRequest request;
    request.source_datasource = "kill-maria";
    request.source_table = table_;
    request.target_datasource = "kill-pg";
    request.target_table = table_;
    request.limits.segments = 200;  // small ranges, one at a time: the compare takes a while
    request.limits.threads = 1;
    auto started = host_b->Start(request, "alice");
    ASSERT_TRUE(started.ok()) << started.status().message();
    const auto id = started->id;

    // Host A knows the compare only through the store, which host B's heartbeat keeps current.
    CompareJob seen;
    for (int i = 0; i < 200 && seen.segments_done == 0; ++i) {
        std::this_thread::sleep_for(std::chrono::milliseconds(50));
        seen = host_a->Get(id, "alice").value();
    }
    ASSERT_EQ(seen.status, "running");
    EXPECT_GT(seen.segments_done, 0);
    EXPECT_EQ(seen.host_name, "host-b");

    ASSERT_TRUE(host_a->Kill(id, "alice").ok());
    for (int i = 0; i < 200 && seen.status == "running"; ++i) {
        std::this_thread::sleep_for(std::chrono::milliseconds(50));
        seen = host_a->Get(id, "alice").value();
    }
    EXPECT_EQ(seen.status, "killed") << seen.error;
    EXPECT_LT(seen.segments_done, 200);
}

}  // namespace
}  // namespace dbbridge::core::compare
