// CompareService over an in-memory store: compares left running by a host that died (its lease
// expired) or by this host before a restart are marked failed, saying which host; a verify that
// cannot start is stored as a failed compare of its run, so the run page shows why. And which
// tables a job copies (VerifySidesOfJob), or why it cannot be verified, naming verify_after_run.

#include <gtest/gtest.h>

#include <memory>
#include <string>

#include "core/auth/access_policy.h"
#include "core/compare/compare_service.h"
#include "core/compare/verify_plan.h"
#include "core/secret/secret_box.h"
#include "core/store/json_config_repository.h"
#include "core/store/store_connectors.h"
#include "core/store/store_session.h"

namespace dbbridge::core::compare {
namespace {

class CompareServiceTest : public ::testing::Test {
protected:
    void SetUp() override {
        RegisterStoreConnectors();
        auto store = MetadataStore::Open("sqlite::memory:");
        ASSERT_TRUE(store.ok()) << store.status().message();
        store_ = std::move(store.value());
        box_ = SecretBox::FromKey(std::string(SecretBox::kKeySize, 's')).value();
        datasources_ = std::make_unique<DatasourceService>(*store_, *box_, registry_);
        access_ = std::make_unique<auth::AccessPolicy>(*store_);
    }

    std::unique_ptr<CompareService> Service(const std::string& host) {
        CompareService::Options options;
        options.host_name = host;
        return std::make_unique<CompareService>(*store_, *datasources_, registry_, *access_, options);
    }

    // A compare row as a host running it would have stored it.
    std::int64_t RunningRow(const std::string& host, std::int64_t lease_until) {
        std::int64_t id = 0;
        auto st = store_->Run([&](StoreSession& s) -> sdk::Status {
            DBB_ASSIGN_OR_RETURN(id, s.Insert("INSERT INTO compare_run (uid, status, source, target, insert_time, "
                                              "update_time, host_name, lease_until) VALUES ('alice', 'running', "
                                              "'a:t', 'b:t', 'x', 'x', ?, ?)",
                                              {host, lease_until}));
            return sdk::Status::Ok();
        });
        EXPECT_TRUE(st.ok()) << st.message();
        return id;
    }

    PluginRegistry registry_;
    std::unique_ptr<MetadataStore> store_;
    std::unique_ptr<SecretBox> box_;
    std::unique_ptr<DatasourceService> datasources_;
    std::unique_ptr<auth::AccessPolicy> access_;
};

constexpr std::int64_t kFarFuture = 32503680000000;  // year 3000, epoch ms

TEST_F(CompareServiceTest, ACompareWhoseHostStoppedRenewingItsLeaseIsFailedNamingTheHost) {
    const auto dead = RunningRow("host-b", 1);
    const auto alive = RunningRow("host-c", kFarFuture);
    auto service = Service("host-a");

    auto job = service->Get(dead, "alice");
    ASSERT_TRUE(job.ok()) << job.status().message();
    EXPECT_EQ(job->status, "failed");
    EXPECT_NE(job->error.find("host 'host-b' stopped renewing the compare's lease"), std::string::npos) << job->error;
    auto running = service->Get(alive, "alice");
    ASSERT_TRUE(running.ok()) << running.status().message();
    EXPECT_EQ(running->status, "running");
    EXPECT_EQ(running->host_name, "host-c");
}

TEST_F(CompareServiceTest, RecoverOwnFailsOnlyTheComparesThisHostLeftRunning) {
    const auto mine = RunningRow("host-a", kFarFuture);
    const auto other = RunningRow("host-c", kFarFuture);
    auto service = Service("host-a");
    ASSERT_TRUE(service->RecoverOwn().ok());

    auto job = service->Get(mine, "alice");
    ASSERT_TRUE(job.ok()) << job.status().message();
    EXPECT_EQ(job->status, "failed");
    EXPECT_EQ(job->error, "host 'host-a' restarted while comparing");
    EXPECT_EQ(service->Get(other, "alice")->status, "running");
}

TEST_F(CompareServiceTest, AVerifyThatCannotStartIsStoredAsAFailedCompareOfItsRun) {
    JsonConfigRow config;
    config.config_name = "copy";
    config.uid = "alice";
    config.verify_after_run = true;
    config.content = R"({"job":{"content":[{"reader":{"name":"mysqlreader","parameter":{"column":["*"],
        "connection":[{"datasourceId":41,"table":["orders"]}]}},"writer":{"name":"postgresqlwriter",
        "parameter":{"column":["*"],"connection":[{"datasourceId":42,"table":["orders"]}]}}}]}})";
    auto config_id = JsonConfigRepository(*store_).Insert(config);
    ASSERT_TRUE(config_id.ok()) << config_id.status().message();
    auto service = Service("host-a");

    ExecLogRow run;
    run.id = 7;
    run.config_id = *config_id;
    run.status = ExecStatus::kFailed;
    service->VerifyRun(run);  // a failed run is not verified
    EXPECT_FALSE(service->ForRun(7)->has_value());

    run.status = ExecStatus::kSucceeded;
    service->VerifyRun(run);  // datasource 41 does not exist for alice (checked as her, now)
    auto verify = service->ForRun(7);
    ASSERT_TRUE(verify.ok()) << verify.status().message();
    ASSERT_TRUE(verify->has_value());
    EXPECT_EQ(verify->value().status, "failed");
    EXPECT_EQ(verify->value().uid, "alice");
    EXPECT_EQ(verify->value().exec_id, 7);
    EXPECT_NE(verify->value().error.find("verifying run 7: source.datasource"), std::string::npos)
        << verify->value().error;
}

TEST(VerifySidesOfJobTest, ReadsTheReaderAndWriterTablesOfSavedDatasources) {
    auto sides = VerifySidesOfJob(R"({"job":{"content":[{"reader":{"name":"mysqlreader","parameter":{
        "column":["id","`Name`"],"datasourceId":3,"connection":[{"table":["shop.orders"]}]}},
        "writer":{"name":"postgresqlwriter","parameter":{"column":["ID","\"name\""],
        "connection":[{"datasourceId":5,"table":["public.orders"]}]}}}]}})");
    ASSERT_TRUE(sides.ok()) << sides.status().message();
    EXPECT_EQ(sides->source_datasource_id, 3);
    EXPECT_EQ(sides->source_table, "shop.orders");
    EXPECT_EQ(sides->target_datasource_id, 5);
    EXPECT_EQ(sides->target_table, "public.orders");
    EXPECT_EQ(sides->columns, (std::vector<std::string>{"id", "Name"}));
}

TEST(VerifySidesOfJobTest, JobsThatCannotBeVerifiedAreRefusedNamingTheFieldAndTheReason) {
    const std::string writer = R"("writer":{"name":"postgresqlwriter","parameter":{"column":["*"],
        "connection":[{"datasourceId":5,"table":["t"]}]}})";
    const std::pair<std::string, std::string> cases[] = {
        {R"({"job":{"content":[{"reader":{"name":"mysqlreader","parameter":{"connection":[{"datasourceId":3,
            "querySql":["SELECT 1"]}]}},)" + writer + "}]}}",
         "reads a querySql"},
        {R"({"job":{"content":[{"reader":{"name":"mysqlreader","parameter":{"column":["*"],"connection":[{
            "jdbcUrl":["jdbc:mysql://h/db"],"table":["t"]}]}},)" + writer + "}]}}",
         "names no saved datasource"},
        {R"({"job":{"content":[{"reader":{"name":"mysqlreader","parameter":{"column":["a"],"connection":[{
            "datasourceId":3,"table":["t"]}]}},"writer":{"name":"postgresqlwriter","parameter":{"column":["b"],
            "connection":[{"datasourceId":5,"table":["t"]}]}}}]}})",
         "reader column 'a' is written to 'b'"},
        {R"j({"job":{"content":[{"reader":{"name":"mysqlreader","parameter":{"column":["upper(a)"],"connection":[{
            "datasourceId":3,"table":["t"]}]}},)j" + writer + "}]}}",
         "is an expression"},
        {R"({"job":{"content":[{"reader":{"name":"mysqlreader","parameter":{"column":["*"],"connection":[{
            "datasourceId":3,"table":["t","u"]}]}},)" + writer + "}]}}",
         "exactly one table"},
    };
    for (const auto& [job, why] : cases) {
        auto sides = VerifySidesOfJob(job);
        ASSERT_FALSE(sides.ok()) << job;
        EXPECT_EQ(sides.status().code(), sdk::StatusCode::kInvalidArgument);
        EXPECT_EQ(sides.status().message().rfind("verify_after_run: ", 0), 0u) << sides.status().message();
        EXPECT_NE(sides.status().message().find(why), std::string::npos) << sides.status().message();
    }
}

}  // namespace
}  // namespace dbbridge::core::compare
