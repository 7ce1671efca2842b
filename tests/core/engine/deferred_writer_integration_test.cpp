// The engine with a writer that keeps one COPY open across batches (sdk::RecordWriter::DeferDirty):
// a bad row deep inside a long COPY is still reported exactly as the reader produced it, errorLimit
// still holds, and whatever happens (bad rows, a kill) the summary's written count is what the
// target holds. Runs against PostgreSQL (one COPY per window) and MariaDB (one LOAD DATA per window);
// each needs its DBBRIDGE_TEST_* variable (scripts/db-up.sh).
#include <gtest/gtest.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <cstdio>
#include <fstream>
#include <sstream>
#include <thread>

#include "core/engine/run_command.h"
#include "core/plugin/plugin_registry.h"
#include "tests/support/test_db.h"
#include "tests/support/test_env.h"

namespace dbbridge::core::engine {
namespace {

// One target: the PostgreSQL writer (one COPY per window) or the MySQL writer (one LOAD DATA LOCAL
// INFILE per window, streamed from a helper thread).
struct Target {
    const char* env;     // the server's test URL variable
    const char* writer;  // DataX writer name
    const char* jdbc;    // jdbcUrl scheme
    bool postgres;
    const char* too_long;   // what the reason of a value too long for varchar(12) contains
    const char* duplicate;  // what the reason of a duplicate key contains
};

const Target kPostgres{"DBBRIDGE_TEST_PG", "postgresqlwriter", "postgresql", true, "22001",
                       "23505"};
const Target kMysql{"DBBRIDGE_TEST_MYSQL", "mysqlwriter", "mysql", false, "column 'name'",
                    "Duplicate entry '7'"};

void PrintTo(const Target& target, std::ostream* os) { *os << target.writer; }

class DeferredWriterTest : public ::testing::TestWithParam<Target> {
protected:
    void SetUp() override {
        auto url = testing::EnvVar(GetParam().env);
        if (!url) {
            GTEST_SKIP() << GetParam().env << " is not set (scripts/db-up.sh sets it)";
        }
        pg_ = *url;
        url_ = testing::ParseDbUrl(pg_);
        registry_.LoadDirectory(DBB_PLUGIN_BUILD_DIR);
        table_ = "engdefer_" + std::to_string(::getpid());
        testing::ExecSql(pg_, {"DROP TABLE IF EXISTS " + table_,
                               "CREATE TABLE " + table_ + " (id BIGINT PRIMARY KEY, name VARCHAR(12))"});
        char tmpl[] = "/tmp/dbb_defer_XXXXXX";
        dir_ = ::mkdtemp(tmpl);
    }
    void TearDown() override {
        if (!pg_.empty()) {
            testing::ExecSql(pg_, {"DROP TABLE IF EXISTS " + table_});
            std::remove((dir_ + "/in.csv").c_str());
            ::rmdir(dir_.c_str());
        }
    }

    std::string Writer() const {
        return R"({"name":")" + std::string(GetParam().writer) + R"(","parameter":{"username":")" + url_.user +
               R"(","password":")" + url_.password + R"(","column":["id","name"],"connection":[{"table":[")" +
               table_ + R"("],"jdbcUrl":"jdbc:)" + GetParam().jdbc + "://" + url_.host + ":" + std::to_string(url_.port) + "/" +
               url_.database + R"("}]}})";
    }
    // 60,000 rows id,name; row 20,000 has a name too long for varchar(12), row 45,000 repeats id 7.
    std::string TxtJob(const std::string& error_limit) {
        std::ofstream f(dir_ + "/in.csv");
        for (int i = 1; i <= 60000; ++i) {
            if (i == 20000) {
                f << "20000,name-20000-too-long\n";
            } else if (i == 45000) {
                f << "7,again\n";
            } else {
                f << i << ",n" << i << "\n";
            }
        }
        return R"({"job":{"setting":{"speed":{"channel":1},"errorLimit":)" + error_limit +
               R"(},"content":[{"reader":{"name":"txtfilereader","parameter":{"path":")" + dir_ +
               R"(/in.csv","column":[{"index":0,"type":"long"},{"index":1,"type":"string"}]}},"writer":)" +
               Writer() + "}]}}";
    }
    std::string Count() const { return testing::QueryScalar(pg_, "SELECT count(*) FROM " + table_); }

    std::string pg_;
    testing::DbUrl url_;
    PluginRegistry registry_;
    std::string table_;
    std::string dir_;
};

TEST_P(DeferredWriterTest, BadRowsInsideALongCopyAreReportedExactly) {
    std::ostringstream log;
    RunOptions options;
    JobResult r = RunJobText(TxtJob(R"({"record":5})"), options, registry_, nullptr, log, nullptr);
    ASSERT_EQ(r.exit_code, kExitOk) << log.str();
    EXPECT_EQ(r.records_read, 60000);
    EXPECT_EQ(r.records_failed, 2);
    EXPECT_EQ(r.records_written, 59998);
    EXPECT_EQ(Count(), "59998");
    EXPECT_EQ(testing::QueryScalar(pg_, "SELECT sum(id) FROM " + table_),
              std::to_string(60000LL * 60001 / 2 - 20000 - 45000));
    EXPECT_EQ(testing::QueryScalar(pg_, "SELECT name FROM " + table_ + " WHERE id = 7"), "n7");
    // The dirty records as the reader produced them: typed values, the server's reason.
    const std::string out = log.str();
    EXPECT_NE(out.find(R"("rawData":"name-20000-too-long","type":"STRING")"), std::string::npos) << out;
    EXPECT_NE(out.find(R"("rawData":7,"type":"LONG")"), std::string::npos) << out;
    EXPECT_NE(out.find(GetParam().too_long), std::string::npos) << out;
    EXPECT_NE(out.find(GetParam().duplicate), std::string::npos) << out;
}

TEST_P(DeferredWriterTest, ErrorLimitStillStopsTheJobAndNothingUncountedIsKept) {
    std::ostringstream log;
    RunOptions options;
    JobResult r = RunJobText(TxtJob(R"({"record":1})"), options, registry_, nullptr, log, nullptr);
    EXPECT_EQ(r.exit_code, kExitFailed) << log.str();
    EXPECT_NE(r.error.find("Framework-14"), std::string::npos) << r.error;
    EXPECT_EQ(r.records_failed, 2);
    EXPECT_EQ(Count(), std::to_string(r.records_written)) << log.str();
}

TEST_P(DeferredWriterTest, KilledJobSummaryEqualsWhatTheTargetHolds) {
    const std::string job =
        R"({"core":{"transport":{"channel":{"speed":{"record":40000}}}},"job":{"setting":{"speed":{"channel":1,"record":40000}},"content":[{"reader":{"name":"streamreader",
        "parameter":{"sliceRecordCount":10000000,"column":[{"type":"long","value":"1"},{"type":"string","value":"x"}]}},
        "writer":)" +
        Writer() + "}]}}";
    // streamreader repeats the same id: a primary key would make every row after the first dirty.
    testing::ExecSql(pg_, {"ALTER TABLE " + table_ +
                           (GetParam().postgres ? " DROP CONSTRAINT " + table_ + "_pkey" : " DROP PRIMARY KEY")});
    std::ostringstream log;
    RunOptions options;
    options.progress_interval_ms = 500;
    std::atomic<bool> cancel{false};
    std::thread killer([&cancel] {
        std::this_thread::sleep_for(std::chrono::milliseconds(2500));
        cancel.store(true);
    });
    JobResult r = RunJobText(job, options, registry_, nullptr, log, &cancel);
    killer.join();
    EXPECT_EQ(r.exit_code, kExitKilled) << log.str();
    EXPECT_GT(r.records_written, 0) << log.str();  // a commit a second: some progress is kept
    EXPECT_LE(r.records_written, r.records_read);
    EXPECT_EQ(Count(), std::to_string(r.records_written)) << log.str();
}

INSTANTIATE_TEST_SUITE_P(Targets, DeferredWriterTest, ::testing::Values(kPostgres, kMysql),
                         [](const ::testing::TestParamInfo<Target>& info) {
                             return std::string(info.param.jdbc);
                         });

}  // namespace
}  // namespace dbbridge::core::engine
