// verify_after_run on the real MariaDB and PostgreSQL: a job config that asks for it has its
// reader and writer tables compared after each successful run, as the config's owner; the run
// page (GET /api/config/run) links the compare, whose stored report names the row a postSql
// changed behind the copy's back. Another user sees neither; the field is validated by name.
#include <gtest/gtest.h>
#include <unistd.h>

#include <chrono>
#include <thread>

#include "tests/host/compare/datasource_body.h"
#include "tests/support/host_process.h"
#include "tests/support/test_db.h"
#include "tests/support/test_env.h"

namespace dbbridge::testing {
namespace {

class VerifyAfterRunTest : public ::testing::Test {
protected:
    void SetUp() override {
        if (!TestServerUrls(my_, pg_)) GTEST_SKIP() << kNoTestServers;
        ASSERT_TRUE(host_.Start()) << host_.output();
        host_.SetUid("alice");
        maria_id_ = SavedId(host_.Post("/api/datasource/save", DatasourceBody("vfy-maria", my_)));
        pg_id_ = SavedId(host_.Post("/api/datasource/save", DatasourceBody("vfy-pg", pg_)));
        table_ = "vfy_" + std::to_string(getpid());
        ExecSql(my_, {"CREATE TABLE " + table_ + " (id INT PRIMARY KEY, v VARCHAR(20))",
                      "INSERT INTO " + table_ + " VALUES (1, 'a'), (2, 'b'), (3, 'c')"});
        ExecSql(pg_, {"CREATE TABLE " + table_ + " (id int PRIMARY KEY, v varchar(20))"});
    }
    void TearDown() override {
        if (table_.empty()) return;
        ExecSql(my_, {"DROP TABLE IF EXISTS " + table_});
        ExecSql(pg_, {"DROP TABLE IF EXISTS " + table_});
    }

    static std::int64_t SavedId(const HttpReply& r) {
        EXPECT_EQ(r.code(), 0) << r.body;
        return r.code() == 0 ? r.json->getObject("data")->getValue<std::int64_t>("id") : 0;
    }

    // A job copying the MariaDB table to PostgreSQL; post_sql runs on the target after the copy.
    std::string ConfigBody(const std::string& name, const std::string& verify, const std::string& post_sql) const {
        return R"({"config_name":")" + name + R"(","reader":{"datasource_id":)" + std::to_string(maria_id_) +
               R"(,"table":")" + table_ + R"(","columns":["id","v"]},"writer":{"datasource_id":)" +
               std::to_string(pg_id_) + R"(,"table":")" + table_ + R"(","columns":["id","v"],"postSql":[)" +
               post_sql + "]}" + (verify.empty() ? "" : R"(,"verify_after_run":)" + verify) + "}";
    }

    // Runs config_id and polls its page until the run and its verify (if any) have ended.
    HttpReply RunToEnd(std::int64_t config_id) {
        auto exec = host_.Post("/api/config/exec", "{\"id\":" + std::to_string(config_id) + "}");
        EXPECT_EQ(exec.code(), 0) << exec.body;
        const auto run = std::to_string(exec.code() == 0 ? exec.json->getObject("data")->getValue<std::int64_t>("id") : 0);
        for (int i = 0; i < 600; ++i) {
            auto page = host_.Get("/api/config/run?id=" + run);
            const bool ended = page.body.find("\"status\":\"queued\"") == std::string::npos &&
                               page.body.find("\"status\":\"running\"") == std::string::npos;
            if (page.code() != 0 || (ended && page.body.find("\"verify\":null") == std::string::npos)) return page;
            std::this_thread::sleep_for(std::chrono::milliseconds(50));
        }
        return host_.Get("/api/config/run?id=" + run);
    }

    HostProcess host_;
    std::string my_, pg_, table_;
    std::int64_t maria_id_ = 0, pg_id_ = 0;
};

TEST_F(VerifyAfterRunTest, ASucceededRunIsComparedAsTheOwnerAndItsPageLinksTheReport) {
    auto saved = host_.Post("/api/config/save",
                            ConfigBody("copy-verified", "true", "\"UPDATE " + table_ + " SET v = 'tampered' WHERE id = 2\""));
    ASSERT_EQ(saved.code(), 0) << saved.body;
    EXPECT_TRUE(saved.json->getObject("data")->getValue<bool>("verify_after_run")) << saved.body;

    auto page = RunToEnd(SavedId(saved));
    ASSERT_EQ(page.code(), 0) << page.body;
    auto run = page.json->getObject("data");
    EXPECT_EQ(run->getValue<std::string>("status"), "succeeded") << page.body;
    auto verify = run->getObject("verify");
    ASSERT_FALSE(verify.isNull()) << page.body;
    EXPECT_EQ(verify->getValue<std::string>("status"), "different") << page.body;

    const auto compare_id = std::to_string(verify->getValue<std::int64_t>("compare_id"));
    auto compare = host_.Get("/api/compare/table?id=" + compare_id);
    ASSERT_EQ(compare.code(), 0) << compare.body;
    auto job = compare.json->getObject("data");
    EXPECT_EQ(job->getValue<std::string>("uid"), "alice");
    EXPECT_EQ(job->getValue<std::int64_t>("exec_id"), run->getValue<std::int64_t>("id"));
    EXPECT_EQ(job->getValue<std::string>("source"), "vfy-maria:" + table_);
    EXPECT_NE(compare.body.find(R"({"column":"v","source":"b","target":"tampered","rule":"exact"})"),
              std::string::npos)
        << compare.body;

    // Neither the run nor its verify is another user's to see.
    host_.SetUid("mallory");
    EXPECT_EQ(host_.Get("/api/compare/table?id=" + compare_id).code(), 404);
    EXPECT_EQ(host_.Get("/api/config/run?id=" + std::to_string(run->getValue<std::int64_t>("id"))).code(), 404);
}

TEST_F(VerifyAfterRunTest, ARunWithoutTheOptionHasNoVerify) {
    auto saved = host_.Post("/api/config/save", ConfigBody("copy-plain", "", ""));
    ASSERT_EQ(saved.code(), 0) << saved.body;
    EXPECT_FALSE(saved.json->getObject("data")->getValue<bool>("verify_after_run"));
    const auto id = SavedId(saved);
    auto exec = host_.Post("/api/config/exec", "{\"id\":" + std::to_string(id) + "}");
    ASSERT_EQ(exec.code(), 0) << exec.body;
    const auto run = std::to_string(exec.json->getObject("data")->getValue<std::int64_t>("id"));
    HttpReply page;
    for (int i = 0; i < 600; ++i) {
        page = host_.Get("/api/config/run?id=" + run);
        if (page.body.find("\"status\":\"succeeded\"") != std::string::npos) break;
        std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(300));  // a verify would be stored by now
    page = host_.Get("/api/config/run?id=" + run);
    EXPECT_NE(page.body.find("\"status\":\"succeeded\""), std::string::npos) << page.body;
    EXPECT_NE(page.body.find("\"verify\":null"), std::string::npos) << page.body;
}

TEST_F(VerifyAfterRunTest, TheOptionIsValidatedByName) {
    auto typed = host_.Post("/api/config/save", ConfigBody("copy-bad", "\"yes\"", ""));
    EXPECT_EQ(typed.code(), 400) << typed.body;
    EXPECT_NE(typed.message().find("verify_after_run"), std::string::npos) << typed.body;

    const std::string query_job =
        R"({"config_name":"copy-query","verify_after_run":true,"content":{"job":{"content":[{"reader":{"name":)"
        R"("mysqlreader","parameter":{"datasourceId":)" + std::to_string(maria_id_) +
        R"(,"connection":[{"querySql":["SELECT id, v FROM )" + table_ +
        R"("]}]}},"writer":{"name":"postgresqlwriter","parameter":{"datasourceId":)" + std::to_string(pg_id_) +
        R"(,"column":["id","v"],"connection":[{"table":[")" + table_ + R"("]}]}}}]}}})";
    auto query = host_.Post("/api/config/save", query_job);
    EXPECT_EQ(query.code(), 400) << query.body;
    EXPECT_NE(query.message().find("verify_after_run: job.content[0].reader reads a querySql"), std::string::npos)
        << query.body;

    // Turning it on later is checked the same way; turning it off keeps the job as it was.
    auto plain = host_.Post("/api/config/save", ConfigBody("copy-later", "false", ""));
    ASSERT_EQ(plain.code(), 0) << plain.body;
    auto on = host_.Post("/api/config/update",
                         "{\"id\":" + std::to_string(SavedId(plain)) + ",\"verify_after_run\":true}");
    ASSERT_EQ(on.code(), 0) << on.body;
    EXPECT_TRUE(on.json->getObject("data")->getValue<bool>("verify_after_run")) << on.body;
}

}  // namespace
}  // namespace dbbridge::testing
