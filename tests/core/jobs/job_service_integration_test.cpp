// JobService against the real MariaDB and PostgreSQL servers through the real plugins: jobs
// generated from two saved datasources, run, verified row by row on the target.
#include <gtest/gtest.h>
#include <unistd.h>

#include "core/cluster/run_queue.h"
#include "tests/core/datasource/datasource_from_url.h"
#include "tests/core/jobs/jobs_fixture.h"
#include "tests/support/test_env.h"

namespace dbbridge::core::testing {
namespace {

using sdk::StatusCode;

bool Contains(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

// Keeps the first cell of the first row as text.
class FirstCell : public sdk::RowSink {
public:
    sdk::Status OnColumns(const std::vector<sdk::ColumnInfo>&) noexcept override { return sdk::Status::Ok(); }
    bool OnRow(const sdk::Record& row) noexcept override {
        if (!seen_ && !row.empty()) {
            text_ = sdk::ValueToText(row[0]);
            seen_ = true;
        }
        return true;
    }
    const std::string& text() const { return text_; }

private:
    bool seen_ = false;
    std::string text_;
};

class JobLiveTest : public JobsFixture {
protected:
    void SetUp() override {
        JobsFixture::SetUp();
        if (HasFatalFailure()) {
            return;
        }
        auto mysql = ::dbbridge::testing::EnvVar("DBBRIDGE_TEST_MYSQL");
        auto pg = ::dbbridge::testing::EnvVar("DBBRIDGE_TEST_PG");
        if (!mysql || !pg) {
            GTEST_SKIP() << "DBBRIDGE_TEST_MYSQL / DBBRIDGE_TEST_PG are not set (scripts/db-up.sh sets them)";
        }
        mysql_password_ = DatasourceFromUrl(*mysql, "MYSQL", "x").password;
        auto my = datasources_->Save(DatasourceFromUrl(*mysql, "MYSQL", "jobs-my"));
        ASSERT_TRUE(my.ok()) << my.status().message();
        auto pgds = datasources_->Save(DatasourceFromUrl(*pg, "POSTGRESQL", "jobs-pg"));
        ASSERT_TRUE(pgds.ok()) << pgds.status().message();
        my_id_ = my->id;
        pg_id_ = pgds->id;
        StartService();
        const std::string tag = RandomTag();
        src_ = "jobs_src_" + tag;
        dst_ = "jobs_dst_" + tag;
        Sql(my_id_, "CREATE TABLE " + src_ + " (id BIGINT PRIMARY KEY, name VARCHAR(64), amount DECIMAL(12,2))");
        Sql(my_id_, "INSERT INTO " + src_ +
                        " (id, name, amount) SELECT seq, CONCAT('name-', seq), seq * 1.25 FROM seq_1_to_500");
        Sql(pg_id_, "CREATE TABLE " + dst_ + " (id BIGINT PRIMARY KEY, name VARCHAR(64), amount NUMERIC(12,2))");
    }

    void TearDown() override {
        if (my_id_ != 0) {
            Sql(my_id_, "DROP TABLE IF EXISTS " + src_);
        }
        if (pg_id_ != 0) {
            Sql(pg_id_, "DROP TABLE IF EXISTS " + dst_);
        }
        JobsFixture::TearDown();
    }

    // Runs one statement on a saved datasource; returns the first cell of a result.
    std::string Sql(std::int64_t ds_id, const std::string& sql) {
        auto spec = datasources_->ResolveById(ds_id);
        EXPECT_TRUE(spec.ok()) << spec.status().message();
        auto conn = registry_->Find(spec->dialect)->Connect(spec.value());
        EXPECT_TRUE(conn.ok()) << conn.status().message();
        if (!conn.ok()) {
            return "";
        }
        FirstCell sink;
        auto done = conn.value()->Execute(sql, {}, &sink, {});
        EXPECT_TRUE(done.ok()) << done.status().message();
        EXPECT_FALSE(done.ok() && done->failed) << sql << ": " << done->error_message;
        return sink.text();
    }

    JobConfigRequest CopyRequest(const std::string& name) const {
        JobConfigRequest r;
        r.config_name = name;
        r.reader = JobSideRequest{};
        r.reader->datasource_id = my_id_;
        r.reader->table = src_;
        r.reader->columns = {"id", "name", "amount"};
        r.reader->split_pk = "id";
        r.writer = JobSideRequest{};
        r.writer->datasource_id = pg_id_;
        r.writer->table = dst_;
        r.writer->columns = {"id", "name", "amount"};
        r.writer->pre_sql = {"DELETE FROM " + dst_};
        r.setting = JobSettingRequest{};
        r.setting->channel = 2;
        return r;
    }

    std::string mysql_password_;
    std::int64_t my_id_ = 0;
    std::int64_t pg_id_ = 0;
    std::string src_;
    std::string dst_;
};

TEST_F(JobLiveTest, GeneratedJobNamesDatasourcesAndCarriesNoPassword) {
    auto saved = jobs_->Save(CopyRequest("my-to-pg"), "");
    ASSERT_TRUE(saved.ok()) << saved.status().message();
    const std::string file = ReadAll(saved->config_path);
    EXPECT_EQ(file, saved->content);
    EXPECT_TRUE(Contains(file, "\"mysqlreader\"")) << file;
    EXPECT_TRUE(Contains(file, "\"postgresqlwriter\"")) << file;
    EXPECT_TRUE(Contains(file, "\"datasourceId\": " + std::to_string(my_id_))) << file;
    EXPECT_TRUE(Contains(file, "\"datasourceId\": " + std::to_string(pg_id_))) << file;
    EXPECT_FALSE(Contains(file, "\"password\"")) << file;
    EXPECT_TRUE(Contains(file, "\"splitPk\": \"id\"")) << file;

    // Export inlines the credentials for stock DataX, for the owner only.
    auto exported = jobs_->Export(saved->id, "");
    ASSERT_TRUE(exported.ok()) << exported.status().message();
    EXPECT_FALSE(Contains(exported.value(), "datasourceId")) << exported.value();
    EXPECT_TRUE(Contains(exported.value(), "\"password\": \"" + mysql_password_ + "\"")) << exported.value();
    EXPECT_TRUE(Contains(exported.value(), "jdbc:mysql://")) << exported.value();
    EXPECT_TRUE(Contains(exported.value(), "jdbc:postgresql://")) << exported.value();
    EXPECT_EQ(jobs_->Export(saved->id, "intruder").status().code(), StatusCode::kNotFound);
    EXPECT_FALSE(Contains(ReadAll(saved->config_path), "\"password\"")) << "export leaves the file alone";
    // Only export shows it: every other way to read the config does not.
    EXPECT_FALSE(Contains(jobs_->Get(saved->id, "")->content, "\"password\""));
    EXPECT_FALSE(Contains(jobs_->List("")->at(0).content, "\"password\""));
    EXPECT_FALSE(Contains(jobs_->Query("", 1, 10, "")->items.at(0).content, "\"password\""));
}

TEST_F(JobLiveTest, AnInlinePasswordIsStoredSealedYetTheRunLogsInWithIt) {
    auto admin = ::dbbridge::testing::EnvVar("DBBRIDGE_TEST_PG_ADMIN");
    if (!admin) {
        GTEST_SKIP() << "DBBRIDGE_TEST_PG_ADMIN is not set";
    }
    auto admin_ds = datasources_->Save(DatasourceFromUrl(*admin, "POSTGRESQL", "jobs-pg-admin"));
    ASSERT_TRUE(admin_ds.ok()) << admin_ds.status().message();
    const std::string role = "jobsfix_" + RandomTag();
    const std::string secret = "PlainSecret77" + RandomTag();
    Sql(admin_ds->id, "CREATE ROLE " + role + " LOGIN PASSWORD '" + secret + "'");
    Datasource pg = DatasourceFromUrl(*::dbbridge::testing::EnvVar("DBBRIDGE_TEST_PG"), "POSTGRESQL", "x");
    const std::string url = "jdbc:postgresql://" + pg.host + ":" + std::to_string(pg.port) + "/" + pg.db_name;

    JobConfigRequest r;
    r.config_name = "own-pg-job";
    r.content = R"({"job": {"setting": {"speed": {"channel": 1}}, "content": [{
        "reader": {"name": "postgresqlreader", "parameter": {"username": ")" +
                role + R"(", "password": ")" + secret +
                R"(", "connection": [{"querySql": ["SELECT 42 AS v"], "jdbcUrl": [")" + url + R"("]}]}},
        "writer": {"name": "streamwriter", "parameter": {"print": false}}}]}})";
    auto saved = jobs_->Save(r, "");
    ASSERT_TRUE(saved.ok()) << saved.status().message();
    EXPECT_FALSE(Contains(saved->content, secret));
    EXPECT_FALSE(Contains(ReadAll(saved->config_path), secret));
    EXPECT_FALSE(Contains(ReadAll((dir_ / "meta.db").string()) + ReadAll((dir_ / "meta.db-wal").string()), secret));

    auto exec = jobs_->Exec(saved->id, "");
    ASSERT_TRUE(exec.ok()) << exec.status().message();
    auto run = WaitFinished(exec.value());
    EXPECT_EQ(run.status, ExecStatus::kSucceeded) << run.exit_reason;
    EXPECT_EQ(run.records_read, 1);
    EXPECT_FALSE(Contains(ReadAll(run.log_path), secret));
    EXPECT_TRUE(Contains(jobs_->Export(saved->id, "").value(), "\"password\": \"" + secret + "\""));

    Sql(admin_ds->id, "DROP ROLE " + role);
}

TEST_F(JobLiveTest, ColumnsAreCheckedAgainstTheRealTables) {
    auto r = CopyRequest("bad-columns");
    r.reader->columns = {"id", "nosuch_col", "amount"};
    auto missing = jobs_->Save(r, "");
    EXPECT_EQ(missing.status().code(), StatusCode::kInvalidArgument);
    EXPECT_TRUE(Contains(missing.status().message(), "reader.columns[1]")) << missing.status().message();
    EXPECT_TRUE(Contains(missing.status().message(), "'nosuch_col'")) << missing.status().message();
    EXPECT_TRUE(Contains(missing.status().message(), src_)) << missing.status().message();

    r = CopyRequest("bad-writer-column");
    r.writer->columns = {"id", "name", "amount_x"};
    auto writer_missing = jobs_->Save(r, "");
    EXPECT_TRUE(Contains(writer_missing.status().message(), "writer.columns[2]")) << writer_missing.status().message();

    r = CopyRequest("count-mismatch");
    r.writer->columns = {"id", "name"};
    auto mismatch = jobs_->Save(r, "");
    EXPECT_EQ(mismatch.status().code(), StatusCode::kInvalidArgument);
    EXPECT_TRUE(Contains(mismatch.status().message(), "reader.columns has 3")) << mismatch.status().message();
    EXPECT_TRUE(Contains(mismatch.status().message(), "writer.columns has 2")) << mismatch.status().message();

    r = CopyRequest("no-table");
    r.reader->table = src_ + "_gone";
    auto no_table = jobs_->Save(r, "");
    EXPECT_FALSE(no_table.ok());
    EXPECT_TRUE(Contains(no_table.status().message(), "reader.table")) << no_table.status().message();
    EXPECT_TRUE(Contains(no_table.status().message(), src_ + "_gone")) << no_table.status().message();

    r = CopyRequest("bad-split");
    r.reader->split_pk = "nope";
    EXPECT_TRUE(Contains(jobs_->Save(r, "").status().message(), "reader.splitPk"));

    // "*" and an omitted list count the table's columns.
    r = CopyRequest("star");
    r.reader->columns = {"*"};
    r.writer->columns = {};
    auto star = jobs_->Save(r, "");
    ASSERT_TRUE(star.ok()) << star.status().message();
    EXPECT_TRUE(jobs_->List("")->size() == 1u);
}

TEST_F(JobLiveTest, RunCopiesTheRowsAndTheLogTellsTheStory) {
    auto saved = jobs_->Save(CopyRequest("copy"), "");
    ASSERT_TRUE(saved.ok()) << saved.status().message();
    auto exec = jobs_->Exec(saved->id, "");
    ASSERT_TRUE(exec.ok()) << exec.status().message();
    auto run = WaitFinished(exec.value(), 30000);
    std::string log = ReadAll(run.log_path);
    ASSERT_EQ(run.status, ExecStatus::kSucceeded) << run.exit_reason << "\n" << log;
    EXPECT_EQ(run.records_read, 500);
    EXPECT_EQ(run.records_written, 500);
    EXPECT_EQ(run.records_failed, 0);
    EXPECT_TRUE(Contains(log, "读出记录总数")) << log;
    EXPECT_FALSE(Contains(log, mysql_password_ + "@")) << log;

    EXPECT_EQ(Sql(pg_id_, "SELECT COUNT(*) FROM " + dst_), "500");
    EXPECT_EQ(Sql(pg_id_, "SELECT SUM(amount) FROM " + dst_), "156562.50");
    EXPECT_EQ(Sql(pg_id_, "SELECT name FROM " + dst_ + " WHERE id = 321"), "name-321");

    // preSql empties the target, so a second run gives the same rows.
    auto again = WaitFinished(jobs_->Exec(saved->id, "").value(), 30000);
    EXPECT_EQ(again.status, ExecStatus::kSucceeded) << again.exit_reason;
    EXPECT_NE(again.log_path, run.log_path);
    EXPECT_EQ(Sql(pg_id_, "SELECT COUNT(*) FROM " + dst_), "500");
}

TEST_F(JobLiveTest, AJobWhoseTableWentAwayFailsWithTheReasonInTheLog) {
    auto saved = jobs_->Save(CopyRequest("vanishing"), "");
    ASSERT_TRUE(saved.ok()) << saved.status().message();
    Sql(my_id_, "DROP TABLE " + src_);
    auto run = WaitFinished(jobs_->Exec(saved->id, "").value(), 30000);
    EXPECT_EQ(run.status, ExecStatus::kFailed);
    EXPECT_TRUE(Contains(run.exit_reason, src_)) << run.exit_reason;
    std::string log = ReadAll(run.log_path);
    EXPECT_TRUE(Contains(log, src_)) << log;
    EXPECT_TRUE(Contains(log, "failed")) << log;
    Sql(my_id_, "CREATE TABLE " + src_ + " (id BIGINT)");  // for TearDown's DROP
}

TEST_F(JobLiveTest, KillStopsAWriterAndKeepsOnlyCommittedRows) {
    // A slow stream into PostgreSQL: the kill lands while the writer has an open transaction.
    const std::string slow = dst_ + "_slow";
    Sql(pg_id_, "CREATE TABLE " + slow + " (id BIGINT, name VARCHAR(64), amount NUMERIC(12,2))");
    JobConfigRequest r;
    r.config_name = "slow-into-pg";
    r.content = R"({"core": {"transport": {"channel": {"speed": {"record": 3000}}}}, "job": {"setting": {"speed": {"channel": 1, "record": 3000}}, "content": [{
        "reader": {"name": "streamreader", "parameter": {"sliceRecordCount": 10000000,
            "column": [{"type": "long", "value": "1"}, {"type": "string", "value": "x"},
                       {"type": "double", "value": "2.5"}]}},
        "writer": {"name": "postgresqlwriter", "parameter": {"datasourceId": )" +
                std::to_string(pg_id_) + R"(, "column": ["id", "name", "amount"],
            "connection": [{"table": [")" +
                slow + R"("]}]}}}]}})";
    auto saved = jobs_->Save(r, "");
    ASSERT_TRUE(saved.ok()) << saved.status().message();
    auto exec = jobs_->Exec(saved->id, "").value();
    ASSERT_TRUE(WaitRunning(exec, 15000)) << ReadAll(jobs_->Run(exec, "")->log_path);
    std::this_thread::sleep_for(std::chrono::milliseconds(1500));  // past the first commit
    auto t0 = std::chrono::steady_clock::now();
    auto killed = jobs_->Kill(exec, "");
    auto took = std::chrono::steady_clock::now() - t0;
    ASSERT_TRUE(killed.ok()) << killed.status().message();
    EXPECT_EQ(killed->status, ExecStatus::kKilled) << ReadAll(killed->log_path);
    EXPECT_LT(took, std::chrono::seconds(2));
    EXPECT_GT(killed->records_read, killed->records_written) << "some records were still in flight";
    // Only committed records are in the table: the open batch was rolled back.
    EXPECT_EQ(Sql(pg_id_, "SELECT COUNT(*) FROM " + slow), std::to_string(killed->records_written));
    Sql(pg_id_, "DROP TABLE " + slow);
}

TEST_F(JobLiveTest, TheWatermarkMovesOnlyWithASuccessfulRun) {
    // PostgreSQL source with ids 1..5; each run copies the rows after the watermark.
    const std::string src = dst_ + "_wm";
    Sql(pg_id_, "CREATE TABLE " + src + " (id BIGINT PRIMARY KEY, name VARCHAR(64))");
    Sql(pg_id_, "INSERT INTO " + src + " SELECT g, 'n' || g FROM generate_series(1, 5) g");
    const std::string target = dst_ + "_wm_t";
    Sql(pg_id_, "CREATE TABLE " + target + " (id BIGINT PRIMARY KEY, name VARCHAR(64))");
    JobConfigRequest r;
    r.config_name = "incremental";
    r.content = R"({"job": {"watermark": {"column": "id", "initial": "0"},
        "setting": {"speed": {"channel": 1}}, "content": [{
        "reader": {"name": "postgresqlreader", "parameter": {"datasourceId": )" +
                std::to_string(pg_id_) + R"(, "column": ["id", "name"], "where": "id > ${watermark}",
            "connection": [{"table": [")" + src + R"("]}]}},
        "writer": {"name": "postgresqlwriter", "parameter": {"datasourceId": )" +
                std::to_string(pg_id_) + R"(, "column": ["id", "name"],
            "connection": [{"table": [")" + target + R"("]}]}}}]}})";
    auto saved = jobs_->Save(r, "");
    ASSERT_TRUE(saved.ok()) << saved.status().message();
    RunQueue queue(*store_);

    auto first = WaitFinished(jobs_->Exec(saved->id, "").value());
    ASSERT_EQ(first.status, ExecStatus::kSucceeded) << first.exit_reason;
    EXPECT_EQ(first.records_written, 5);
    EXPECT_EQ(first.watermark, "5");
    EXPECT_EQ(queue.Watermark(saved->id)->value_or(""), "5");

    // New rows, but the target refuses them (the table is gone): the run fails after reading
    // ids 6..8, and the watermark stays where the last success left it.
    Sql(pg_id_, "INSERT INTO " + src + " SELECT g, 'n' || g FROM generate_series(6, 8) g");
    Sql(pg_id_, "ALTER TABLE " + target + " RENAME TO " + target + "_away");
    auto failed = WaitFinished(jobs_->Exec(saved->id, "").value());
    EXPECT_EQ(failed.status, ExecStatus::kFailed);
    EXPECT_EQ(failed.watermark, "");
    EXPECT_EQ(queue.Watermark(saved->id)->value_or(""), "5");

    Sql(pg_id_, "ALTER TABLE " + target + "_away RENAME TO " + target);
    auto again = WaitFinished(jobs_->Exec(saved->id, "").value());
    ASSERT_EQ(again.status, ExecStatus::kSucceeded) << again.exit_reason;
    EXPECT_EQ(again.records_written, 3) << "only the rows after the watermark";
    EXPECT_EQ(queue.Watermark(saved->id)->value_or(""), "8");
    EXPECT_EQ(again.records_read, 3) << "the reader started at ${watermark} = 5";
    EXPECT_EQ(Sql(pg_id_, "SELECT COUNT(*) FROM " + target), "8");
    Sql(pg_id_, "DROP TABLE " + src);
    Sql(pg_id_, "DROP TABLE " + target);
}

}  // namespace
}  // namespace dbbridge::core::testing
