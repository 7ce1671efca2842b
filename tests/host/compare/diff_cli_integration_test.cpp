// `dbbridge diff SRC:TABLE DST:TABLE` against datasources saved through the API, on the real
// MariaDB and PostgreSQL: what the user reads and the exit codes a script relies on.
#include <gtest/gtest.h>
#include <unistd.h>

#include "tests/host/compare/datasource_body.h"
#include "tests/support/host_process.h"
#include "tests/support/run_command.h"
#include "tests/support/test_db.h"
#include "tests/support/test_env.h"

namespace dbbridge::testing {
namespace {

TEST(DiffCliTest, ExitCodesAndReportForIdenticalDifferentAndUnknown) {
    DBB_REQUIRE_ENV(my, "DBBRIDGE_TEST_MYSQL");
    DBB_REQUIRE_ENV(pg, "DBBRIDGE_TEST_PG");
    HostProcess host;
    ASSERT_TRUE(host.Start()) << host.output();
    ASSERT_EQ(host.Post("/api/datasource/save", DatasourceBody("diff-maria", my)).code(), 0);
    ASSERT_EQ(host.Post("/api/datasource/save", DatasourceBody("diff-pg", pg)).code(), 0);
    const std::string t = "diff_cli_" + std::to_string(getpid());
    ExecSql(my, {"CREATE TABLE " + t + " (id INT PRIMARY KEY, name VARCHAR(20))",
                 "INSERT INTO " + t + " VALUES (1, 'a'), (2, 'b'), (3, 'c')"});
    ExecSql(pg, {"CREATE TABLE " + t + " (id int PRIMARY KEY, name varchar(20))",
                 "INSERT INTO " + t + " VALUES (1, 'a'), (2, 'b'), (3, 'c')"});
    const std::string diff = "--config " + host.config_path() + " diff diff-maria:" + t + " diff-pg:" + t;

    auto same = RunDbbridge(diff + " 2>&1", host.work_dir());
    EXPECT_EQ(same.exit_code, 0) << same.output;
    EXPECT_NE(same.output.find("IDENTICAL"), std::string::npos) << same.output;

    ExecSql(pg, {"UPDATE " + t + " SET name = 'B' WHERE id = 2", "DELETE FROM " + t + " WHERE id = 3"});
    auto changed = RunDbbridge(diff + " --segments 2 2>&1", host.work_dir());
    EXPECT_EQ(changed.exit_code, 1) << changed.output;
    EXPECT_NE(changed.output.find("only in source (1):\n  id=3\n"), std::string::npos) << changed.output;
    EXPECT_NE(changed.output.find("  id=2\n    name: 'b' vs 'B' [exact]\n"), std::string::npos) << changed.output;
    EXPECT_NE(changed.output.find("DIFFERENT"), std::string::npos) << changed.output;

    auto json = RunDbbridge(diff + " --json --columns id 2>&1", host.work_dir());
    EXPECT_EQ(json.exit_code, 1) << json.output;
    EXPECT_NE(json.output.find("\"identical\":false"), std::string::npos) << json.output;

    auto unknown = RunDbbridge("--config " + host.config_path() + " diff nope:" + t + " diff-pg:" + t + " 2>&1",
                               host.work_dir());
    EXPECT_EQ(unknown.exit_code, 2) << unknown.output;
    EXPECT_NE(unknown.output.find("source: datasource 'nope' not found"), std::string::npos) << unknown.output;

    auto bad = RunDbbridge("--config " + host.config_path() + " diff diff-maria " + t + " 2>&1", host.work_dir());
    EXPECT_EQ(bad.exit_code, 2) << bad.output;
    EXPECT_NE(bad.output.find("source: expected DATASOURCE:TABLE, got 'diff-maria'"), std::string::npos) << bad.output;

    ExecSql(my, {"DROP TABLE " + t});
    ExecSql(pg, {"DROP TABLE " + t});
}

}  // namespace
}  // namespace dbbridge::testing
