// A source or target server that goes away mid-job: the job fails with a clear error instead of hanging,
// and the summary counts exactly what was committed (what the target really holds).
#include <gtest/gtest.h>

#include <chrono>
#include <sstream>
#include <thread>

#include "core/engine/run_command.h"
#include "core/plugin/plugin_registry.h"
#include "tests/support/tcp_proxy.h"
#include "tests/support/test_db.h"
#include "tests/support/test_env.h"

namespace dbbridge::core::engine {
namespace {

using testing::DbUrl;

// Runs job with the connection through proxy cut after about 2 s; expects the job to fail, and
// within a minute (not hang).
JobResult RunCuttingTheProxyAfterTwoSeconds(const std::string& job, testing::TcpProxy& proxy, std::ostringstream& log) {
    PluginRegistry registry;
    registry.LoadDirectory(DBB_PLUGIN_BUILD_DIR);
    RunOptions options;
    options.progress_interval_ms = 500;
    std::thread cutter([&proxy] {
        std::this_thread::sleep_for(std::chrono::seconds(2));
        proxy.Cut();
    });
    auto start = std::chrono::steady_clock::now();
    JobResult result = RunJobText(job, options, registry, nullptr, log, nullptr);
    auto took = std::chrono::steady_clock::now() - start;
    cutter.join();
    EXPECT_EQ(result.exit_code, kExitFailed) << log.str();
    EXPECT_LT(took, std::chrono::seconds(60)) << log.str();
    return result;
}

// 300,000 stream records at 3,000/s (what would be 100 s) into table through the proxy: the
// proxy is cut after ~2 s by RunCuttingTheProxyAfterTwoSeconds.
std::string SlowStreamJob(const std::string& writer, const std::string& scheme, const DbUrl& u,
                          const testing::TcpProxy& proxy, const std::string& table) {
    return R"({"core":{"transport":{"channel":{"speed":{"record":3000}}}},"job":{"setting":{"speed":{"channel":1,"record":3000}},"content":[{
      "reader":{"name":"streamreader","parameter":{"sliceRecordCount":300000,
        "column":[{"type":"long","value":"1"},{"type":"string","value":"x"}]}},
      "writer":{"name":")" + writer + R"(","parameter":{"username":")" + u.user + R"(","password":")" +
           u.password + R"(","column":["id","name"],"connection":[{"table":[")" + table + R"("],
        "jdbcUrl":"jdbc:)" + scheme + "://127.0.0.1:" + std::to_string(proxy.port()) + "/" + u.database +
           R"("}]}}}]}})";
}

// A fresh table on url's server written by writer through a proxy cut after ~2 s: the job fails,
// its error names the table and the server that went away, and what the summary says was written
// is what the target holds (nothing lost, nothing invented).
void ExpectTargetLostMidStream(const std::string& url, const std::string& writer, const std::string& scheme,
                               const std::string& table, std::ostringstream& log) {
    DbUrl u = testing::ParseDbUrl(url);
    testing::ExecSql(url, {"DROP TABLE IF EXISTS " + table, "CREATE TABLE " + table + " (id BIGINT, name TEXT)"});
    testing::TcpProxy proxy(u.port);
    JobResult result = RunCuttingTheProxyAfterTwoSeconds(SlowStreamJob(writer, scheme, u, proxy, table), proxy, log);
    EXPECT_NE(result.error.find(table), std::string::npos) << result.error;
    EXPECT_NE(result.error.find("127.0.0.1:" + std::to_string(proxy.port())), std::string::npos) << result.error;
    EXPECT_GT(result.records_read, 0);
    EXPECT_LT(result.records_written, 300000);
    EXPECT_EQ(testing::QueryScalar(url, "SELECT count(*) FROM " + table), std::to_string(result.records_written))
        << log.str();
    EXPECT_EQ(log.str().find(u.password + "\""), std::string::npos);  // no password in the run log
    testing::ExecSql(url, {"DROP TABLE " + table});
}

TEST(ServerLostTest, TargetGoneMidJobFailsWithTheCommittedCount) {
    DBB_REQUIRE_ENV(pg, "DBBRIDGE_TEST_PG");
    std::ostringstream log;
    ExpectTargetLostMidStream(pg, "postgresqlwriter", "postgresql", "englost_t", log);
    EXPECT_NE(log.str().find("读出记录总数"), std::string::npos);
}

// The MySQL writer keeps one LOAD DATA LOCAL INFILE open across batches on a helper thread: a server
// lost in the middle of that stream fails the job (no hang, no thread left waiting) and the summary
// still counts only what was committed.
TEST(ServerLostTest, MysqlTargetGoneMidLoadDataStreamFailsWithTheCommittedCount) {
    DBB_REQUIRE_ENV(my, "DBBRIDGE_TEST_MYSQL");
    std::ostringstream log;
    ExpectTargetLostMidStream(my, "mysqlwriter", "mysql", "englost_my", log);
    EXPECT_NE(log.str().find("LOAD DATA LOCAL INFILE"), std::string::npos) << log.str();
}

TEST(ServerLostTest, SourceGoneMidJobFailsNamingTheSourceWithoutHanging) {
    DBB_REQUIRE_ENV(my, "DBBRIDGE_TEST_MYSQL");
    DbUrl u = testing::ParseDbUrl(my);
    testing::ExecSql(my, {"DROP TABLE IF EXISTS englost_src",
                          "CREATE TABLE englost_src AS SELECT seq AS id, REPEAT('x', 200) AS name FROM seq_1_to_300000"});
    testing::TcpProxy proxy(u.port);

    // 3,000 records/s from a 300,000-row table: the proxy is cut after ~2 s, mid-stream.
    std::string job = R"({"core":{"transport":{"channel":{"speed":{"record":3000}}}},"job":{"setting":{"speed":{"channel":1,"record":3000}},"content":[{
      "reader":{"name":"mysqlreader","parameter":{"username":")" + u.user + R"(","password":")" + u.password +
                      R"(","column":["id","name"],"connection":[{"table":["englost_src"],
        "jdbcUrl":["jdbc:mysql://127.0.0.1:)" + std::to_string(proxy.port()) + "/" + u.database + R"("]}]}},
      "writer":{"name":"streamwriter","parameter":{"print":false}}}]}})";
    std::ostringstream log;
    JobResult result = RunCuttingTheProxyAfterTwoSeconds(job, proxy, log);
    EXPECT_NE(result.error.find("englost_src"), std::string::npos) << result.error;
    EXPECT_NE(result.error.find("127.0.0.1:" + std::to_string(proxy.port())), std::string::npos) << result.error;
    EXPECT_GT(result.records_read, 0);
    EXPECT_LT(result.records_read, 300000);
    EXPECT_EQ(log.str().find(u.password + "\""), std::string::npos);  // no password in the run log
    testing::ExecSql(my, {"DROP TABLE englost_src"});
}

}  // namespace
}  // namespace dbbridge::core::engine
