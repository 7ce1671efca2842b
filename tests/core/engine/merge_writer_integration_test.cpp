// writeMode update for the Oracle-family writers (oraclewriter, rdbmswriter on DM, OceanBase's Oracle
// mode), as a DataX job runs it: the plugin's MERGE on the key its dictionary SQL reads, through
// psqlODBC on the real PostgreSQL 15 with Oracle's dictionary emulated in a scratch database (no
// Oracle server runs here). Also job.setting.dryRun against the same target, and plain inserts in
// ODBC parameter arrays with bad records in the middle (odbc_array_size).

#include <gtest/gtest.h>

#include <unistd.h>

#include <fstream>
#include <map>
#include <sstream>

#include "core/engine/run_command.h"
#include "core/plugin/plugin_registry.h"
#include "tests/core/engine/fixed_resolver.h"
#include "tests/sdk/odbc/oracle_dictionary_views.h"
#include "tests/support/collect_rows.h"
#include "tests/support/test_db.h"
#include "tests/support/test_env.h"

namespace dbbridge::core::engine {
namespace {

using testing::FixedResolver;

class MergeWriterTest : public ::testing::Test {
protected:
    void SetUp() override {
        auto pg = testing::EnvVar("DBBRIDGE_TEST_PG");
        auto driver = testing::EnvVar("DBBRIDGE_TEST_ODBC_DRIVER");
        if (!pg || !driver) {
            GTEST_SKIP() << "DBBRIDGE_TEST_PG / DBBRIDGE_TEST_ODBC_DRIVER are not set (scripts/db-up.sh sets them)";
        }
        registry_.LoadDirectory(DBB_PLUGIN_BUILD_DIR);
        const sdk::Dialect* pg_dialect = registry_.FindByDataxName("postgresqlwriter");
        ASSERT_NE(pg_dialect, nullptr) << "postgres plugin not found in " << DBB_PLUGIN_BUILD_DIR;
        url_ = testing::ParseDbUrl(*pg);
        sdk::ConnectionSpec admin;
        admin.dialect = pg_dialect->Name();
        admin.host = url_.host;
        admin.port = url_.port;
        admin.database = url_.database;
        admin.user = url_.user;
        admin.password = url_.password;
        auto admin_conn = pg_dialect->Connect(admin);
        ASSERT_TRUE(admin_conn.ok()) << admin_conn.status().message();
        admin_ = std::move(*admin_conn);
        scratch_ = "eng_merge_" + std::to_string(::getpid());
        testing::Exec(*admin_, "DROP DATABASE IF EXISTS " + scratch_ + " WITH (FORCE)");
        testing::Exec(*admin_, "CREATE DATABASE " + scratch_);
        connection_string_ = "Driver={" + *driver + "};Server=" + url_.host + ";Port=" + std::to_string(url_.port) +
                             ";Database=" + scratch_ + ";Uid=" + url_.user + ";Pwd=" + url_.password +
                             ";UseDeclareFetch=1;Fetch=10000;BoolsAsChar=0;Protocol=7.4-0;";
        db_ = ConnectAs("ORACLE");
        ASSERT_NE(db_, nullptr);
        testing::CreateOracleDictionaryViews(*db_);
    }

    void TearDown() override {
        db_.reset();
        if (admin_) {
            (void)admin_->Execute("DROP DATABASE IF EXISTS " + scratch_ + " WITH (FORCE)", {}, nullptr, {});
        }
        if (!csv_.empty()) {
            std::remove(csv_.c_str());
        }
    }

    sdk::ConnectionSpec SpecFor(const std::string& dialect) const {
        sdk::ConnectionSpec spec;
        spec.options = extra_options_;
        spec.dialect = dialect;
        spec.host = url_.host;
        spec.port = url_.port;
        spec.database = scratch_;
        spec.user = url_.user;
        spec.password = url_.password;
        spec.options["connection_string"] = connection_string_;
        spec.options["session_init"] = "";  // no ALTER SESSION on PostgreSQL
        return spec;
    }

    std::unique_ptr<sdk::Connection> ConnectAs(const std::string& dialect_name) {
        const sdk::Dialect* dialect = registry_.Find(dialect_name);
        EXPECT_NE(dialect, nullptr) << dialect_name << " plugin not found in " << DBB_PLUGIN_BUILD_DIR;
        if (!dialect) {
            return nullptr;
        }
        auto conn = dialect->Connect(SpecFor(dialect_name));
        EXPECT_TRUE(conn.ok()) << conn.status().message();
        return conn.ok() ? std::move(*conn) : nullptr;
    }

    std::string Rows(const std::string& sql) { return testing::RowsText(*db_, sql); }

    // txtfilereader over lines "id,name,price" (\N is null).
    std::string CsvReader(const std::string& lines) {
        csv_ = "/tmp/dbb_merge_" + std::to_string(::getpid()) + ".csv";
        std::ofstream(csv_) << lines;
        return R"({"name":"txtfilereader","parameter":{"path":[")" + csv_ +
               R"("],"encoding":"UTF-8","fieldDelimiter":",","nullFormat":"\\N","column":[
                 {"index":0,"type":"long"},{"index":1,"type":"string"},{"index":2,"type":"string"}]}})";
    }

    static std::string Writer(const std::string& plugin, const std::string& table, const std::string& extra) {
        return R"({"name":")" + plugin + R"(","parameter":{"column":["id","name","price"],)" + extra +
               R"("connection":[{"datasourceId":7,"table":[")" + table + R"("]}]}})";
    }

    struct Outcome {
        JobResult result;
        std::string output;
    };
    Outcome RunJob(const std::string& reader, const std::string& writer, const std::string& setting,
                   const std::string& dialect = "ORACLE") {
        FixedResolver resolver(SpecFor(dialect));  // datasource 7: the scratch database
        std::ostringstream out;
        RunOptions options;
        Outcome o;
        o.result = RunJobText(R"({"job":{"setting":)" + setting + R"(,"content":[{"reader":)" + reader +
                                  R"(,"writer":)" + writer + "}]}}",
                              options, registry_, &resolver, out, nullptr);
        o.output = out.str();
        return o;
    }

    void MakeTarget(const std::string& table) {
        testing::Exec(*db_, "CREATE TABLE " + table +
                                " (id numeric(10,0) PRIMARY KEY, name varchar(8) NOT NULL, price numeric(12,2))");
        testing::Exec(*db_, "INSERT INTO " + table + " VALUES (1, 'one', 1.00), (2, 'two', 2.00), (3, 'three', 3.00)");
    }

    PluginRegistry registry_;
    testing::DbUrl url_;
    std::unique_ptr<sdk::Connection> admin_;
    std::unique_ptr<sdk::Connection> db_;
    std::string scratch_;
    std::string connection_string_;
    std::string csv_;
    std::map<std::string, std::string> extra_options_;  // more datasource options for every connection
};

constexpr const char* kChannel1 = R"({"speed":{"channel":1}})";
// Two updates, one insert and two records the table refuses (NOT NULL name, name too long).
constexpr const char* kMixedLines = "2,TWO,20.00\n4,four,4.00\n3,\\N,30.00\n5,much too long,5.00\n3,THREE,33.00\n";

TEST_F(MergeWriterTest, OracleWriterUpdateMergesAndCountsDirtyRecords) {
    MakeTarget("items");
    auto o = RunJob(CsvReader(kMixedLines), Writer("oraclewriter", "items", R"("writeMode":"update",)"), kChannel1);
    ASSERT_EQ(o.result.exit_code, 0) << o.output;
    EXPECT_EQ(o.result.records_read, 5);
    EXPECT_EQ(o.result.records_failed, 2);
    EXPECT_EQ(o.result.records_written, 3);
    EXPECT_NE(o.output.find("读写失败总数                    :                   2"), std::string::npos) << o.output;
    EXPECT_EQ(Rows("SELECT id, name, price FROM items ORDER BY id"), "1|one|1.00;2|TWO|20.00;3|THREE|33.00;4|four|4.00;");
}

TEST_F(MergeWriterTest, ErrorLimitCountsTheDirtyRecordsOfAMerge) {
    MakeTarget("items");
    auto o = RunJob(CsvReader(kMixedLines), Writer("oraclewriter", "items", R"("writeMode":"update",)"),
                    R"({"speed":{"channel":1},"errorLimit":{"record":1}})");
    EXPECT_EQ(o.result.exit_code, 1) << o.output;
    EXPECT_NE(o.result.error.find("脏数据条数检查不通过"), std::string::npos) << o.result.error;
    o = RunJob(CsvReader(kMixedLines), Writer("oraclewriter", "items", R"("writeMode":"update",)"),
               R"({"speed":{"channel":1},"errorLimit":{"record":2}})");
    EXPECT_EQ(o.result.exit_code, 0) << o.output;
    EXPECT_EQ(o.result.records_failed, 2);
}

// 3000 inserts, arrays of 1000 (and row at a time): the duplicate key at line 1500 and the two
// refused names side by side at 2200/2201 are exactly three dirty records in the summary and the
// errorLimit check; everything else is in the table; the job log names the method once.
TEST_F(MergeWriterTest, OracleWriterInsertArraysCountEachBadRecordOnce) {
    std::string lines;
    for (int i = 10; i < 3010; ++i) {
        const int line = i - 10;
        const std::string name = line == 2200 ? "\\N" : line == 2201 ? "much too long" : "n" + std::to_string(i);
        lines += std::to_string(line == 1500 ? 1 : i) + "," + name + "," + std::to_string(i) + ".50\n";
    }
    for (const std::string size : {"1000", "1"}) {
        SCOPED_TRACE("odbc_array_size " + size);
        extra_options_["odbc_array_size"] = size;
        testing::Exec(*db_, "DROP TABLE IF EXISTS items");
        MakeTarget("items");
        auto o = RunJob(CsvReader(lines), Writer("oraclewriter", "items", ""),
                        R"({"speed":{"channel":1},"errorLimit":{"record":3}})");
        ASSERT_EQ(o.result.exit_code, 0) << o.output;
        EXPECT_EQ(o.result.records_read, 3000);
        EXPECT_EQ(o.result.records_failed, 3);
        EXPECT_EQ(o.result.records_written, 2997);
        EXPECT_NE(o.output.find("读写失败总数                    :                   3"), std::string::npos) << o.output;
        EXPECT_EQ(Rows("SELECT count(*) FROM items"), "3000;");  // the 3 rows before plus 2997
        const std::string method = size == "1" ? "ODBC row at a time (odbc_array_size is 1)"
                                               : "ODBC parameter arrays of up to 1000 rows";
        const auto at = o.output.find("is written with " + method);
        EXPECT_NE(at, std::string::npos) << o.output;
        EXPECT_EQ(o.output.find("is written with", at + 1), std::string::npos) << "logged twice";
    }
    auto refused = RunJob(CsvReader(lines), Writer("oraclewriter", "items", ""),
                          R"({"speed":{"channel":1},"errorLimit":{"record":2}})");
    EXPECT_EQ(refused.result.exit_code, 1) << refused.output;
    EXPECT_NE(refused.result.error.find("脏数据条数检查不通过"), std::string::npos) << refused.result.error;
}

TEST_F(MergeWriterTest, ATableWithoutAKeyIsRefusedBeforePreSqlRuns) {
    testing::Exec(*db_, "CREATE TABLE nokey (id numeric(10,0), name varchar(8), price numeric(12,2))");
    testing::Exec(*db_, "INSERT INTO nokey VALUES (1, 'kept', 1.00)");
    auto o = RunJob(CsvReader("2,new,2.00\n"),
                    Writer("rdbmswriter", "nokey", R"("writeMode":"update","preSql":["DELETE FROM @table"],)"),
                    kChannel1, "DM");
    EXPECT_EQ(o.result.exit_code, 1) << o.output;
    EXPECT_NE(o.result.error.find("job.content[0].writer.parameter.writeMode \"update\" on table nokey"),
              std::string::npos)
        << o.result.error;
    EXPECT_NE(o.result.error.find("DM writer, writeMode update on table nokey: the table has no primary or unique key"),
              std::string::npos)
        << o.result.error;
    EXPECT_EQ(o.output.find("Begin to execute preSql"), std::string::npos) << o.output;
    EXPECT_EQ(Rows("SELECT id, name FROM nokey"), "1|kept;");
}

TEST_F(MergeWriterTest, OceanBaseOracleModeMergesOnlyWhenObWriteModeAsksForUpdate) {
    MakeTarget("items");
    // No obWriteMode: DataX's Oracle mode writes plain INSERT, so the existing key is a dirty record.
    auto o = RunJob(CsvReader("2,TWO,20.00\n"), Writer("oceanbasev10writer", "items", ""), kChannel1,
                    "OCEAN_BASE_ORACLE");
    ASSERT_EQ(o.result.exit_code, 0) << o.output;
    EXPECT_EQ(o.result.records_failed, 1);
    EXPECT_NE(o.output.find("Oracle mode without obWriteMode writes plain INSERT"), std::string::npos) << o.output;
    o = RunJob(CsvReader("2,TWO,20.00\n"),
               Writer("oceanbasev10writer", "items", R"("obWriteMode":"update","obUpdateColumns":"price",)"),
               kChannel1, "OCEAN_BASE_ORACLE");
    ASSERT_EQ(o.result.exit_code, 0) << o.output;
    EXPECT_EQ(o.result.records_failed, 0);
    EXPECT_EQ(Rows("SELECT id, name, price FROM items WHERE id = 2"), "2|two|20.00;");  // name not in the list
}

TEST_F(MergeWriterTest, DryRunChecksBothSidesAndMovesNothing) {
    MakeTarget("items");
    const std::string writer = Writer("oraclewriter", "items", R"("writeMode":"update","preSql":["DELETE FROM @table"],)");
    auto o = RunJob(CsvReader("9,nine,9.00\n"), writer, R"({"speed":{"channel":1},"dryRun":true})");
    ASSERT_EQ(o.result.exit_code, 0) << o.output;
    EXPECT_NE(o.output.find("jobContainer starts to do preCheck ..."), std::string::npos) << o.output;
    EXPECT_NE(o.output.find("PreCheck通过"), std::string::npos) << o.output;
    EXPECT_EQ(o.output.find("Begin to execute preSql"), std::string::npos) << o.output;
    EXPECT_EQ(o.output.find("任务启动时刻"), std::string::npos) << o.output;  // no summary, as DataX
    EXPECT_EQ(Rows("SELECT count(*) FROM items"), "3;");

    // A writer column the table does not have fails the pre-check, naming it.
    o = RunJob(CsvReader("9,nine,9.00\n"),
               R"({"name":"oraclewriter","parameter":{"column":["id","name","nosuch"],"connection":[{"datasourceId":7,"table":["items"]}]}})",
               R"({"speed":{"channel":1},"dryRun":true})");
    EXPECT_EQ(o.result.exit_code, 1) << o.output;
    EXPECT_NE(o.result.error.find("job.content[0].writer"), std::string::npos) << o.result.error;
    EXPECT_NE(o.result.error.find("nosuch"), std::string::npos) << o.result.error;
    EXPECT_NE(o.output.find("经DataX智能分析,该任务最可能的错误原因是"), std::string::npos) << o.output;
    EXPECT_EQ(o.output.find("任务启动时刻"), std::string::npos) << o.output;
    EXPECT_EQ(Rows("SELECT count(*) FROM items"), "3;");
}

}  // namespace
}  // namespace dbbridge::core::engine
