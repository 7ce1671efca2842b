// POST /api/compare/table on the real MariaDB and PostgreSQL: the compare runs in the background,
// its status, progress and stored report are read back; another user can neither start a compare
// on datasources it may not use nor read or kill someone else's; fields are validated by name.
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

class CompareApiTest : public ::testing::Test {
protected:
    void SetUp() override {
        if (!TestServerUrls(my_, pg_)) GTEST_SKIP() << kNoTestServers;
        ASSERT_TRUE(host_.Start()) << host_.output();
        ASSERT_EQ(host_.Post("/api/datasource/save", DatasourceBody("cmp-maria", my_)).code(), 0);
        ASSERT_EQ(host_.Post("/api/datasource/save", DatasourceBody("cmp-pg", pg_)).code(), 0);
        table_ = "cmp_api_" + std::to_string(getpid());
        ExecSql(my_, {"CREATE TABLE " + table_ + " (id INT PRIMARY KEY, v VARCHAR(20))",
                      "INSERT INTO " + table_ + " VALUES (1, 'a'), (2, 'b'), (3, 'c')"});
        ExecSql(pg_, {"CREATE TABLE " + table_ + " (id int PRIMARY KEY, v varchar(20))",
                      "INSERT INTO " + table_ + " VALUES (1, 'a'), (2, 'x'), (4, 'd')"});
    }
    void TearDown() override {
        if (table_.empty()) return;
        ExecSql(my_, {"DROP TABLE IF EXISTS " + table_});
        ExecSql(pg_, {"DROP TABLE IF EXISTS " + table_});
    }

    std::string Body() const {
        return R"({"source":{"datasource":"cmp-maria","table":")" + table_ +
               R"("},"target":{"datasource":"cmp-pg","table":")" + table_ + R"("},"segments":2})";
    }

    // Polls GET until the compare is no longer running.
    HttpReply WaitFor(std::int64_t id) {
        for (int i = 0; i < 200; ++i) {
            auto r = host_.Get("/api/compare/table?id=" + std::to_string(id));
            if (r.code() != 0 || r.body.find("\"status\":\"running\"") == std::string::npos) return r;
            std::this_thread::sleep_for(std::chrono::milliseconds(50));
        }
        return host_.Get("/api/compare/table?id=" + std::to_string(id));
    }

    HostProcess host_;
    std::string my_, pg_, table_;
};

TEST_F(CompareApiTest, RunsInTheBackgroundAndStoresTheReport) {
    auto started = host_.Post("/api/compare/table", Body());
    ASSERT_EQ(started.code(), 0) << started.body;
    auto data = started.json->getObject("data");
    EXPECT_EQ(data->getValue<std::string>("status"), "running");
    const auto id = data->getValue<std::int64_t>("id");

    auto done = WaitFor(id);
    ASSERT_EQ(done.code(), 0) << done.body;
    auto job = done.json->getObject("data");
    EXPECT_EQ(job->getValue<std::string>("status"), "different") << done.body;
    EXPECT_EQ(job->getValue<std::string>("source"), "cmp-maria:" + table_);
    auto report = job->getObject("report");
    ASSERT_FALSE(report.isNull()) << done.body;
    EXPECT_EQ(report->getObject("onlyInSource")->getValue<int>("count"), 1);
    EXPECT_EQ(report->getObject("onlyInTarget")->getValue<int>("count"), 1);
    EXPECT_NE(done.body.find(R"({"column":"v","source":"b","target":"x","rule":"exact"})"), std::string::npos)
        << done.body;
    EXPECT_GT(job->getObject("progress")->getValue<int>("segments_done"), 0);
}

TEST_F(CompareApiTest, AnotherUserCanNeitherUseTheDatasourcesNorReadOrKillTheRun) {
    auto started = host_.Post("/api/compare/table", Body());
    ASSERT_EQ(started.code(), 0) << started.body;
    const auto id = started.json->getObject("data")->getValue<std::int64_t>("id");
    WaitFor(id);

    host_.SetUid("mallory");
    auto read = host_.Get("/api/compare/table?id=" + std::to_string(id));
    EXPECT_EQ(read.code(), 404) << read.body;
    EXPECT_EQ(read.message(), "table compare " + std::to_string(id) + " not found");
    auto kill = host_.Post("/api/compare/table/kill", "{\"id\":" + std::to_string(id) + "}");
    EXPECT_EQ(kill.code(), 404) << kill.body;
    auto own = host_.Post("/api/compare/table", Body());
    EXPECT_EQ(own.code(), 404) << own.body;
    EXPECT_NE(own.message().find("source.datasource"), std::string::npos) << own.body;
    EXPECT_NE(own.message().find("cmp-maria"), std::string::npos) << own.body;

    host_.SetUid("");
    EXPECT_EQ(host_.Get("/api/compare/table?id=" + std::to_string(id)).code(), 0);
    EXPECT_EQ(host_.Post("/api/compare/table/kill", "{\"id\":" + std::to_string(id) + "}").code(), 0);
}

TEST_F(CompareApiTest, ValueRulesAreAppliedAndValidatedByName) {
    // Leaving out v: row 2 is equal, rows 3 and 4 are still each on one side only.
    auto body = Body();
    body.insert(body.size() - 1, R"(,"rules":{"ignore_columns":["v"],"ignore_case":true,"round_decimals":2})");
    auto started = host_.Post("/api/compare/table", body);
    ASSERT_EQ(started.code(), 0) << started.body;
    auto done = WaitFor(started.json->getObject("data")->getValue<std::int64_t>("id"));
    auto report = done.json->getObject("data")->getObject("report");
    ASSERT_FALSE(report.isNull()) << done.body;
    EXPECT_EQ(report->getValue<std::string>("rules"), "round_decimals=2, ignore_case, ignore_columns=v");
    EXPECT_EQ(report->getObject("differing")->getValue<int>("count"), 0) << done.body;
    EXPECT_EQ(report->getObject("onlyInSource")->getValue<int>("count"), 1) << done.body;

    const std::pair<std::string, std::string> bad[] = {
        {R"("rules":{"round_decimals":99})", "rules.round_decimals"},
        {R"("rules":{"ignore_case":"yes"})", "rules.ignore_case"},
        {R"("rules":{"ignore_columns":[""]})", "rules.ignore_columns"},
        {R"("rules":{"trim":true})", "trim"},
    };
    for (const auto& [rules, field] : bad) {
        auto b = Body();
        b.insert(b.size() - 1, "," + rules);
        auto r = host_.Post("/api/compare/table", b);
        EXPECT_EQ(r.code(), 400) << rules << ": " << r.body;
        EXPECT_NE(r.message().find(field), std::string::npos) << r.body;
    }
    auto key = Body();
    key.insert(key.size() - 1, R"(,"rules":{"ignore_columns":["id"]})");
    auto refused = host_.Post("/api/compare/table", key);
    ASSERT_EQ(refused.code(), 0) << refused.body;
    auto failed = WaitFor(refused.json->getObject("data")->getValue<std::int64_t>("id"));
    EXPECT_NE(failed.body.find("\"status\":\"failed\""), std::string::npos) << failed.body;
    EXPECT_NE(failed.body.find("rules.ignore_columns: 'id' is part of the key"), std::string::npos) << failed.body;
}

TEST_F(CompareApiTest, FieldsAreValidatedByName) {
    auto missing = host_.Post("/api/compare/table", R"({"source":{"datasource":"cmp-maria","table":"t"}})");
    EXPECT_EQ(missing.code(), 400) << missing.body;
    EXPECT_NE(missing.message().find("target"), std::string::npos) << missing.body;
    auto threads = host_.Post("/api/compare/table",
                              R"({"source":{"datasource":"cmp-maria","table":"t"},"target":{"datasource":"cmp-pg",)"
                              R"("table":"t"},"threads":99})");
    EXPECT_EQ(threads.code(), 400) << threads.body;
    EXPECT_NE(threads.message().find("threads"), std::string::npos) << threads.body;
    auto typo = host_.Post("/api/compare/table", R"({"sourc":{}})");
    EXPECT_EQ(typo.code(), 400) << typo.body;
    EXPECT_NE(typo.message().find("sourc"), std::string::npos) << typo.body;
    auto unauth = host_.Send("GET", "/api/compare/table?id=1", "", {});
    EXPECT_EQ(unauth.http_status, 401) << unauth.body;
}

}  // namespace
}  // namespace dbbridge::testing
