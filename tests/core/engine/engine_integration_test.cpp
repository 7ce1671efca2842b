// The engine against the real MariaDB and PostgreSQL servers through the mysql and postgres
// plugins (loaded from the build's plugin directory), with plain DataX job files
// (jdbcUrl + username + password). Tables are prefixed eng_<pid>_ and dropped afterwards.

#include <gtest/gtest.h>

#include <unistd.h>

#include <fstream>
#include <sstream>

#include "core/datasource/connection_resolver.h"
#include "core/engine/run_command.h"
#include "core/plugin/plugin_registry.h"
#include "tests/core/engine/fixed_resolver.h"
#include "tests/support/test_db.h"
#include "tests/support/test_env.h"

namespace dbbridge::core::engine {
namespace {

using ServerUrl = ::dbbridge::testing::DbUrl;
using ::dbbridge::testing::ParseDbUrl;

class RowCollector : public sdk::RowSink {
public:
    sdk::Status OnColumns(const std::vector<sdk::ColumnInfo>&) noexcept override { return sdk::Status::Ok(); }
    bool OnRow(const sdk::Record& row) noexcept override {
        std::vector<std::string> r;
        for (const auto& v : row) {
            r.push_back(v.is_null() ? "<NULL>" : sdk::ValueToText(v));
        }
        rows.push_back(r);
        return true;
    }
    std::vector<std::vector<std::string>> rows;
};

class Db {
public:
    Db(const sdk::Dialect* dialect, const ServerUrl& url) {
        sdk::ConnectionSpec spec;
        spec.dialect = dialect->Name();
        spec.host = url.host;
        spec.port = url.port;
        spec.database = url.database;
        spec.user = url.user;
        spec.password = url.password;
        auto c = dialect->Connect(spec);
        EXPECT_TRUE(c.ok()) << c.status().message();
        if (c.ok()) {
            conn_ = std::move(c.value());
        }
    }
    void Exec(const std::string& sql) {
        auto r = conn_->Execute(sql, {}, nullptr, {});
        ASSERT_TRUE(r.ok()) << r.status().message();
        ASSERT_FALSE(r.value().failed) << sql << ": " << r.value().error_message;
    }
    std::vector<std::vector<std::string>> Query(const std::string& sql) {
        RowCollector sink;
        auto r = conn_->Execute(sql, {}, &sink, {});
        EXPECT_TRUE(r.ok()) << r.status().message();
        EXPECT_FALSE(r.ok() && r.value().failed) << sql << ": " << r.value().error_message;
        return sink.rows;
    }
    std::string One(const std::string& sql) {
        auto rows = Query(sql);
        return rows.empty() || rows[0].empty() ? "<no row>" : rows[0][0];
    }

private:
    std::unique_ptr<sdk::Connection> conn_;
};

class EngineIntegrationTest : public ::testing::Test {
protected:
    void SetUp() override {
        auto my = testing::EnvVar("DBBRIDGE_TEST_MYSQL");
        auto pg = testing::EnvVar("DBBRIDGE_TEST_PG");
        if (!my || !pg) {
            GTEST_SKIP() << "DBBRIDGE_TEST_MYSQL / DBBRIDGE_TEST_PG are not set (scripts/db-up.sh sets them)";
        }
        registry_.LoadDirectory(DBB_PLUGIN_BUILD_DIR);
        my_dialect_ = registry_.FindByDataxName("mysqlreader");
        pg_dialect_ = registry_.FindByDataxName("postgresqlwriter");
        ASSERT_NE(my_dialect_, nullptr) << "mysql plugin not found in " << DBB_PLUGIN_BUILD_DIR;
        ASSERT_NE(pg_dialect_, nullptr) << "postgres plugin not found in " << DBB_PLUGIN_BUILD_DIR;
        my_url_ = ParseDbUrl(*my);
        pg_url_ = ParseDbUrl(*pg);
        my_ = std::make_unique<Db>(my_dialect_, my_url_);
        pg_ = std::make_unique<Db>(pg_dialect_, pg_url_);
        prefix_ = "eng_" + std::to_string(::getpid()) + "_";
    }

    void TearDown() override {
        for (const auto& t : my_tables_) {
            my_->Exec("DROP TABLE IF EXISTS " + t);
        }
        for (const auto& t : pg_tables_) {
            pg_->Exec("DROP TABLE IF EXISTS " + t);
        }
    }

    std::string MyTable(const std::string& name, const std::string& columns) {
        std::string t = prefix_ + name;
        my_->Exec("DROP TABLE IF EXISTS " + t);
        my_->Exec("CREATE TABLE " + t + " (" + columns + ")");
        my_tables_.push_back(t);
        return t;
    }
    std::string PgTable(const std::string& name, const std::string& columns) {
        std::string t = prefix_ + name;
        pg_->Exec("DROP TABLE IF EXISTS " + t);
        pg_->Exec("CREATE TABLE " + t + " (" + columns + ")");
        pg_tables_.push_back(t);
        return t;
    }

    std::string MyJdbc() const {
        return "jdbc:mysql://" + my_url_.host + ":" + std::to_string(my_url_.port) + "/" + my_url_.database;
    }
    std::string PgJdbc() const {
        return "jdbc:postgresql://" + pg_url_.host + ":" + std::to_string(pg_url_.port) + "/" + pg_url_.database;
    }
    std::string Cred(const ServerUrl& u) const {
        return R"("username":")" + u.user + R"(","password":")" + u.password + R"(")";
    }

    struct Outcome {
        JobResult result;
        std::string output;
    };
    Outcome RunJob(const std::string& json, ConnectionResolver* resolver = nullptr) {
        std::ostringstream out;
        Outcome o;
        RunOptions options;
        o.result = RunJobText(json, options, registry_, resolver, out, nullptr);
        o.output = out.str();
        return o;
    }

    static std::string Job(const std::string& reader, const std::string& writer, const std::string& setting) {
        return R"({"job":{"setting":)" + setting + R"(,"content":[{"reader":)" + reader + R"(,"writer":)" +
               writer + "}]}}";
    }

    // 10,000 rows: id 1..10000, k NULL when id % 100 = 0, else id * 3.
    std::string MakeSource() {
        std::string t = MyTable("src", "id BIGINT PRIMARY KEY, k BIGINT NULL, name VARCHAR(64), "
                                        "amount DECIMAL(12,2), created DATETIME(3)");
        my_->Exec("INSERT INTO " + t + " SELECT seq, IF(seq % 100 = 0, NULL, seq * 3), CONCAT('name ', seq, ' é'), "
                  "seq * 1.25 - 5000, TIMESTAMPADD(MICROSECOND, seq * 1001000, TIMESTAMP('2024-01-01 00:00:00')) "
                  "FROM seq_1_to_10000");
        return t;
    }
    std::string PgTarget(const std::string& name) {
        return PgTable(name, "id BIGINT PRIMARY KEY, k BIGINT NULL, name VARCHAR(64), amount NUMERIC(12,2), "
                             "created TIMESTAMP(3)");
    }
    std::string MyChecksum(const std::string& t) {
        my_->Exec("SET SESSION group_concat_max_len = 100000000");
        return my_->One("SELECT CONCAT(COUNT(*), ':', COUNT(k), ':', MD5(GROUP_CONCAT(CONCAT_WS('|', id, "
                        "COALESCE(k, 'N'), name, amount, DATE_FORMAT(created, '%Y-%m-%d %H:%i:%s.%f')) "
                        "ORDER BY id SEPARATOR ','))) FROM " + t);
    }
    std::string PgChecksum(const std::string& t) {
        return pg_->One("SELECT COUNT(*) || ':' || COUNT(k) || ':' || MD5(STRING_AGG(CONCAT_WS('|', id, "
                        "COALESCE(k::text, 'N'), name, amount, TO_CHAR(created, 'YYYY-MM-DD HH24:MI:SS.US')), ',' "
                        "ORDER BY id)) FROM " + t);
    }

    std::string MyReader(const std::string& extra) const {
        return R"({"name":"mysqlreader","parameter":{)" + Cred(my_url_) + "," + extra + "}}";
    }
    std::string PgWriter(const std::string& table, const std::string& extra = "") const {
        return R"({"name":"postgresqlwriter","parameter":{)" + Cred(pg_url_) +
               R"(,"column":["*"],"connection":[{"jdbcUrl":")" + PgJdbc() + R"(","table":[")" + table + R"("]}])" +
               (extra.empty() ? "" : "," + extra) + "}}";
    }

    PluginRegistry registry_;
    const sdk::Dialect* my_dialect_ = nullptr;
    const sdk::Dialect* pg_dialect_ = nullptr;
    ServerUrl my_url_, pg_url_;
    std::unique_ptr<Db> my_, pg_;
    std::string prefix_;
    std::vector<std::string> my_tables_, pg_tables_;
};

TEST_F(EngineIntegrationTest, MariaDbToPostgresWithAndWithoutSplitPkKeepsEveryRow) {
    std::string src = MakeSource();
    std::string expected = MyChecksum(src);
    ASSERT_EQ(expected.substr(0, 11), "10000:9900:");
    for (const char* split : {"", "k"}) {
        SCOPED_TRACE(std::string("splitPk=") + split);
        std::string dst = PgTarget(std::string("dst") + (split[0] ? "_split" : ""));
        std::string reader = MyReader(R"("column":["id","k","name","amount","created"],"splitPk":")" +
                                      std::string(split) + R"(","connection":[{"jdbcUrl":[")" + MyJdbc() +
                                      R"("],"table":[")" + src + R"("]}])");
        auto o = RunJob(Job(reader, PgWriter(dst), R"({"speed":{"channel":4}})"));
        ASSERT_EQ(o.result.exit_code, 0) << o.output;
        EXPECT_EQ(o.result.records_written, 10000);
        EXPECT_EQ(PgChecksum(dst), expected);
        if (split[0]) {
            // 4 channels x splitFactor 5 = 20 ranges plus the NULL-key task.
            EXPECT_NE(o.output.find("split into 21 tasks"), std::string::npos) << o.output;
        }
    }
}

TEST_F(EngineIntegrationTest, QuerySqlAndMultipleTables) {
    std::string a = MyTable("qa", "id BIGINT PRIMARY KEY, name VARCHAR(20)");
    std::string b = MyTable("qb", "id BIGINT PRIMARY KEY, name VARCHAR(20)");
    my_->Exec("INSERT INTO " + a + " SELECT seq, CONCAT('a', seq) FROM seq_1_to_30");
    my_->Exec("INSERT INTO " + b + " SELECT seq + 100, CONCAT('b', seq) FROM seq_1_to_20");
    std::string dst = PgTable("qdst", "id BIGINT PRIMARY KEY, name VARCHAR(20)");
    auto o = RunJob(Job(MyReader(R"("column":["*"],"connection":[{"jdbcUrl":[")" + MyJdbc() + R"("],"table":[")" +
                                 a + "\",\"" + b + R"("]}])"),
                        PgWriter(dst), R"({"speed":{"channel":2}})"));
    ASSERT_EQ(o.result.exit_code, 0) << o.output;
    EXPECT_EQ(pg_->One("SELECT COUNT(*) || ':' || SUM(id) FROM " + dst), "50:" + std::to_string(465 + 20 * 100 + 210));

    pg_->Exec("DELETE FROM " + dst);
    o = RunJob(Job(MyReader(R"("connection":[{"jdbcUrl":[")" + MyJdbc() + R"("],"querySql":["SELECT id, name FROM )" +
                            a + R"( WHERE id <= 10","SELECT id, UPPER(name) FROM )" + b + R"( WHERE id > 115"]}])"),
                   PgWriter(dst), R"({"speed":{"channel":1}})"));
    ASSERT_EQ(o.result.exit_code, 0) << o.output;
    EXPECT_EQ(pg_->One("SELECT COUNT(*) || ':' || MAX(name) FROM " + dst), "15:a9");
    EXPECT_EQ(pg_->One("SELECT name FROM " + dst + " WHERE id = 120"), "B20");
}

TEST_F(EngineIntegrationTest, PreSqlAndPostSqlRunOnceWithTableReplaced) {
    std::string dst = PgTable("prepost", "id BIGINT PRIMARY KEY, name VARCHAR(20)");
    pg_->Exec("INSERT INTO " + dst + " VALUES (999, 'stale')");
    std::string reader = R"({"name":"streamreader","parameter":{"sliceRecordCount":1,
        "column":[{"type":"long","value":"1"},{"type":"string","value":"fresh"}]}})";
    auto o = RunJob(Job(reader,
                        PgWriter(dst, R"("preSql":["DELETE FROM @table"],"postSql":["UPDATE @table SET name = name || '+post'"])"),
                        R"({"speed":{"channel":1}})"));
    ASSERT_EQ(o.result.exit_code, 0) << o.output;
    EXPECT_EQ(pg_->Query("SELECT id, name FROM " + dst),
              (std::vector<std::vector<std::string>>{{"1", "fresh+post"}}));
}

TEST_F(EngineIntegrationTest, WriteModesOnMariaDb) {
    std::string t = MyTable("modes", "id BIGINT PRIMARY KEY, name VARCHAR(20), note VARCHAR(20)");
    my_->Exec("INSERT INTO " + t + " VALUES (1, 'old', 'keep')");
    auto job = [&](const std::string& mode, const std::string& name, const std::string& setting) {
        std::string reader = R"({"name":"streamreader","parameter":{"sliceRecordCount":1,
            "column":[{"type":"long","value":"1"},{"type":"string","value":")" + name + R"("}]}})";
        std::string writer = R"({"name":"mysqlwriter","parameter":{)" + Cred(my_url_) +
                             R"(,"column":["id","name"],"writeMode":")" + mode + R"(","connection":[{"jdbcUrl":")" +
                             MyJdbc() + R"(","table":[")" + t + R"("]}]}})";
        return RunJob(Job(reader, writer, setting));
    };
    auto o = job("insert", "dup", R"({"speed":{"channel":1}})");
    EXPECT_EQ(o.result.exit_code, 0) << o.output;  // no errorLimit: a dirty record does not fail the job
    EXPECT_EQ(o.result.records_failed, 1);
    EXPECT_NE(o.output.find("脏数据: \n{\"exception\":"), std::string::npos) << o.output;
    o = job("insert", "dup", R"({"speed":{"channel":1},"errorLimit":{"record":0}})");
    EXPECT_EQ(o.result.exit_code, 1);
    EXPECT_NE(o.result.error.find("脏数据条数检查不通过"), std::string::npos);
    o = job("update", "updated", R"({"speed":{"channel":1}})");
    ASSERT_EQ(o.result.exit_code, 0) << o.output;
    EXPECT_EQ(my_->Query("SELECT name, note FROM " + t), (std::vector<std::vector<std::string>>{{"updated", "keep"}}));
    o = job("replace", "replaced", R"({"speed":{"channel":1}})");
    ASSERT_EQ(o.result.exit_code, 0) << o.output;
    EXPECT_EQ(my_->Query("SELECT name, note FROM " + t),
              (std::vector<std::vector<std::string>>{{"replaced", "<NULL>"}}));
}

TEST_F(EngineIntegrationTest, OceanBaseMysqlModeObWriteModeOnMariaDb) {
    // oceanbasev10writer's own doc example writes with obWriteMode update: INSERT ... ON DUPLICATE
    // KEY UPDATE (ObWriterUtils#buildWriteSql); "insert" makes a duplicate key a dirty record.
    std::string t = MyTable("obmodes", "id BIGINT PRIMARY KEY, name VARCHAR(20), note VARCHAR(20)");
    my_->Exec("INSERT INTO " + t + " VALUES (1, 'old', 'keep')");
    auto job = [&](const std::string& mode_json, const std::string& name) {
        std::string reader = R"({"name":"streamreader","parameter":{"sliceRecordCount":1,
            "column":[{"type":"long","value":"1"},{"type":"string","value":")" + name + R"("}]}})";
        std::string writer = R"({"name":"oceanbasev10writer","parameter":{)" + Cred(my_url_) + mode_json +
                             R"(,"column":["id","name"],"connection":[{"jdbcUrl":"jdbc:oceanbase://)" + my_url_.host +
                             ":" + std::to_string(my_url_.port) + "/" + my_url_.database + R"(","table":[")" + t +
                             R"("]}]}})";
        return RunJob(Job(reader, writer, R"({"speed":{"channel":1}})"));
    };
    auto o = job("", "by default");  // no obWriteMode: DataX's default, update
    ASSERT_EQ(o.result.exit_code, 0) << o.output;
    EXPECT_EQ(o.result.records_failed, 0);
    EXPECT_EQ(my_->Query("SELECT name, note FROM " + t), (std::vector<std::vector<std::string>>{{"by default", "keep"}}));
    o = job(R"(,"obWriteMode":"insert")", "dup");
    EXPECT_EQ(o.result.exit_code, 0) << o.output;
    EXPECT_EQ(o.result.records_failed, 1);
    EXPECT_EQ(my_->One("SELECT name FROM " + t), "by default");
    o = job(R"(,"obWriteMode":"merge")", "x");
    EXPECT_EQ(o.result.exit_code, 1);
    EXPECT_NE(o.result.error.find("job.content[0].writer.parameter.obWriteMode: expected insert or update, got \"merge\""),
              std::string::npos)
        << o.result.error;
}

TEST_F(EngineIntegrationTest, OceanBaseObUpdateColumnsRestrictTheUpdateList) {
    // obUpdateColumns "note": ON DUPLICATE KEY UPDATE sets note only (ObWriterUtils#buildWriteSql).
    std::string t = MyTable("obupd", "id BIGINT PRIMARY KEY, name VARCHAR(20), note VARCHAR(20)");
    my_->Exec("INSERT INTO " + t + " VALUES (1, 'old', 'old')");
    auto job = [&](const std::string& columns, const std::string& extra) {
        std::string reader = R"({"name":"streamreader","parameter":{"sliceRecordCount":1,"column":[
            {"type":"long","value":"1"},{"type":"string","value":"new"},{"type":"string","value":"new"}]}})";
        std::string writer = R"({"name":"oceanbasev10writer","parameter":{)" + Cred(my_url_) + extra +
                             R"(,"column":)" + columns + R"(,"preSql":["UPDATE @table SET note = 'preSql ran'"],)" +
                             R"("connection":[{"jdbcUrl":"jdbc:oceanbase://)" + my_url_.host + ":" +
                             std::to_string(my_url_.port) + "/" + my_url_.database + R"(","table":[")" + t +
                             R"("]}]}})";
        return RunJob(Job(reader, writer, R"({"speed":{"channel":1}})"));
    };
    const std::string all = R"(["id","name","note"])";
    auto o = job(all, R"(,"obUpdateColumns":"nosuch")");
    EXPECT_EQ(o.result.exit_code, 1) << o.output;  // refused before preSql runs
    EXPECT_NE(o.result.error.find("update column 'nosuch' is not one of the columns written to '" + t + "'"),
              std::string::npos)
        << o.result.error;
    EXPECT_EQ(my_->Query("SELECT name, note FROM " + t), (std::vector<std::vector<std::string>>{{"old", "old"}}));
    o = job(all, R"(,"obUpdateColumns":" note ")");
    ASSERT_EQ(o.result.exit_code, 0) << o.output;
    EXPECT_EQ(my_->Query("SELECT name, note FROM " + t), (std::vector<std::vector<std::string>>{{"old", "new"}}));
    o = job(all, R"(,"obUpdateColumns":"name, note")");
    ASSERT_EQ(o.result.exit_code, 0) << o.output;
    EXPECT_EQ(my_->Query("SELECT name, note FROM " + t), (std::vector<std::vector<std::string>>{{"new", "new"}}));
    // Only the key written: nothing is left to update once the key is skipped, so DataX's rule sets
    // the first column to itself and the statement stays valid.
    o = RunJob(Job(R"({"name":"streamreader","parameter":{"sliceRecordCount":1,"column":[{"type":"long","value":"1"}]}})",
                   R"({"name":"oceanbasev10writer","parameter":{)" + Cred(my_url_) +
                       R"(,"column":["id"],"connection":[{"jdbcUrl":"jdbc:oceanbase://)" + my_url_.host + ":" +
                       std::to_string(my_url_.port) + "/" + my_url_.database + R"(","table":[")" + t + R"("]}]}})",
                   R"({"speed":{"channel":1}})"));
    ASSERT_EQ(o.result.exit_code, 0) << o.output;
    EXPECT_EQ(o.result.records_failed, 0) << o.output;
    o = job(all, R"(,"obUpdateColumns":"name,,note")");
    EXPECT_EQ(o.result.exit_code, 1);
    EXPECT_NE(o.result.error.find("job.content[0].writer.parameter.obUpdateColumns: an empty column name"),
              std::string::npos)
        << o.result.error;
}

TEST_F(EngineIntegrationTest, DryRunPreChecksTheDatabaseReaderAndMovesNoRow) {
    std::string src = MyTable("dry_src", "id BIGINT PRIMARY KEY, name VARCHAR(20)");
    my_->Exec("INSERT INTO " + src + " VALUES (1, 'a'), (2, 'b')");
    std::string dst = PgTable("dry_dst", "id BIGINT PRIMARY KEY, name VARCHAR(20)");
    pg_->Exec("INSERT INTO " + dst + " VALUES (9, 'kept')");
    auto reader = [&](const std::string& columns, const std::string& extra) {
        return MyReader(R"("column":)" + columns + extra + R"(,"connection":[{"jdbcUrl":[")" + MyJdbc() +
                        R"("],"table":[")" + src + R"("]}])");
    };
    const std::string dry = R"({"speed":{"channel":2},"dryRun":true})";
    auto o = RunJob(Job(reader(R"(["id","name"])", R"(,"splitPk":"id","where":"id > 0")"),
                        PgWriter(dst, R"("preSql":["DELETE FROM @table"])"), dry));
    ASSERT_EQ(o.result.exit_code, 0) << o.output;
    EXPECT_NE(o.output.find("DataX Reader.Job [mysqlreader] do preCheck work ."), std::string::npos) << o.output;
    EXPECT_NE(o.output.find("PreCheck通过"), std::string::npos) << o.output;
    EXPECT_EQ(o.result.records_read, 0);
    EXPECT_EQ(o.output.find("Begin to execute preSql"), std::string::npos) << o.output;
    EXPECT_EQ(pg_->Query("SELECT id, name FROM " + dst), (std::vector<std::vector<std::string>>{{"9", "kept"}}));
    // What a run would stumble on is found without running: a missing column, a bad querySql.
    o = RunJob(Job(reader(R"(["id","nosuch"])", ""), PgWriter(dst), dry));
    EXPECT_EQ(o.result.exit_code, 1) << o.output;
    EXPECT_NE(o.result.error.find("job.content[0].reader"), std::string::npos) << o.result.error;
    EXPECT_NE(o.result.error.find("nosuch"), std::string::npos) << o.result.error;
    o = RunJob(Job(MyReader(R"("connection":[{"jdbcUrl":[")" + MyJdbc() + R"("],"querySql":["SELECT id FROM )" +
                            prefix_ + R"(missing"]}])"),
                   PgWriter(dst), dry));
    EXPECT_EQ(o.result.exit_code, 1) << o.output;
    EXPECT_NE(o.result.error.find("querySql[0]"), std::string::npos) << o.result.error;
    EXPECT_NE(o.result.error.find(prefix_ + "missing"), std::string::npos) << o.result.error;
}

TEST_F(EngineIntegrationTest, AWriteModeTheTargetCannotDoFailsBeforePreSqlRuns) {
    // No primary key: PostgreSQL's update (ON CONFLICT) has no key to use. preSql would empty the
    // table; the mode is checked first, so the rows stay.
    std::string t = PgTable("nokey", "id BIGINT, name VARCHAR(20)");
    pg_->Exec("INSERT INTO " + t + " VALUES (1, 'kept')");
    std::string reader = R"({"name":"streamreader","parameter":{"sliceRecordCount":1,
        "column":[{"type":"long","value":"2"},{"type":"string","value":"new"}]}})";
    auto o = RunJob(Job(reader, PgWriter(t, R"("writeMode":"update","preSql":["DELETE FROM @table"])"),
                        R"({"speed":{"channel":1}})"));
    EXPECT_EQ(o.result.exit_code, 1) << o.output;
    EXPECT_NE(o.result.error.find("job.content[0].writer.parameter.writeMode \"update\" on table " + t),
              std::string::npos)
        << o.result.error;
    EXPECT_NE(o.result.error.find("needs a primary key"), std::string::npos) << o.result.error;
    EXPECT_EQ(pg_->Query("SELECT id, name FROM " + t), (std::vector<std::vector<std::string>>{{"1", "kept"}}));
    EXPECT_EQ(o.output.find("Begin to execute preSql"), std::string::npos) << o.output;
}

TEST_F(EngineIntegrationTest, WriteModesOnPostgres) {
    std::string t = PgTable("modes", "id BIGINT PRIMARY KEY, name VARCHAR(20), note VARCHAR(20)");
    pg_->Exec("INSERT INTO " + t + " VALUES (1, 'old', 'keep')");
    auto job = [&](const std::string& mode, const std::string& name) {
        std::string reader = R"({"name":"streamreader","parameter":{"sliceRecordCount":1,
            "column":[{"type":"long","value":"1"},{"type":"string","value":")" + name + R"("}]}})";
        std::string writer = R"({"name":"postgresqlwriter","parameter":{)" + Cred(pg_url_) +
                             R"(,"column":["id","name"],"writeMode":")" + mode + R"(","connection":[{"jdbcUrl":")" +
                             PgJdbc() + R"(","table":[")" + t + R"("]}]}})";
        return RunJob(Job(reader, writer, R"({"speed":{"channel":1}})"));
    };
    auto o = job("insert", "dup");
    EXPECT_EQ(o.result.exit_code, 0) << o.output;
    EXPECT_EQ(o.result.records_failed, 1);
    o = job("update", "updated");
    ASSERT_EQ(o.result.exit_code, 0) << o.output;
    EXPECT_EQ(pg_->Query("SELECT name, note FROM " + t), (std::vector<std::vector<std::string>>{{"updated", "keep"}}));
    o = job("update(id)", "updated2");
    ASSERT_EQ(o.result.exit_code, 0) << o.output;
    EXPECT_EQ(pg_->One("SELECT name FROM " + t), "updated2");
    o = job("upsert", "x");
    EXPECT_EQ(o.result.exit_code, 1);
    EXPECT_NE(o.result.error.find("writeMode: expected insert, replace, update"), std::string::npos);
}

TEST_F(EngineIntegrationTest, TxtFileToPostgresAndStreamToMariaDbFromAJobFile) {
    char tmpl[] = "/tmp/dbb_eng_it_XXXXXX";
    std::string dir = ::mkdtemp(tmpl);
    {
        std::ofstream f(dir + "/in.csv");
        f << "id,name\n1,one\n2,\"t,wo\"\n3,\\N\n";
    }
    std::string dst = PgTable("txt", "id BIGINT PRIMARY KEY, name VARCHAR(20)");
    auto o = RunJob(Job(R"({"name":"txtfilereader","parameter":{"path":")" + dir +
                            R"(/in.csv","skipHeader":true,"nullFormat":"\\N","column":[{"index":0,"type":"long"},{"index":1,"type":"string"}]}})",
                        PgWriter(dst), R"({"speed":{"channel":1}})"));
    ASSERT_EQ(o.result.exit_code, 0) << o.output;
    EXPECT_EQ(pg_->Query("SELECT id, COALESCE(name, '<null>') FROM " + dst + " ORDER BY id"),
              (std::vector<std::vector<std::string>>{{"1", "one"}, {"2", "t,wo"}, {"3", "<null>"}}));

    std::string t = MyTable("stream", "id BIGINT, name VARCHAR(20), amount DECIMAL(10,3), d DATE, flag TINYINT");
    std::string job = Job(R"({"name":"streamreader","parameter":{"sliceRecordCount":"${n}","column":[
            {"type":"long","value":"7"},{"type":"string","value":"s"},{"type":"double","value":"12.345"},
            {"type":"date","value":"2024-02-29"},{"type":"long","value":"1"}]}})",
                          R"({"name":"mysqlwriter","parameter":{)" + Cred(my_url_) +
                              R"(,"column":["id","name","amount","d","flag"],"connection":[{"jdbcUrl":")" + MyJdbc() +
                              R"(","table":[")" + t + R"("]}]}})",
                          R"({"speed":{"channel":3}})");
    std::string path = dir + "/job.json";
    {
        std::ofstream f(path);
        f << job;
    }
    RunOptions options;
    options.job_path = path;
    options.params = "-Dn=5";
    std::ostringstream out;
    EXPECT_EQ(RunJobFile(options, registry_, nullptr, out, nullptr), 0) << out.str();
    EXPECT_EQ(my_->One("SELECT CONCAT(COUNT(*), ':', SUM(amount), ':', MIN(d)) FROM " + t), "15:185.175:2024-02-29");
    // Three tasks on one table: how the writer loads is logged once, not once per task.
    const std::string method = "table " + t + " is written with LOAD DATA LOCAL INFILE";
    const std::string log = out.str();
    ASSERT_NE(log.find(method), std::string::npos) << log;
    EXPECT_EQ(log.find(method, log.find(method) + 1), std::string::npos) << log;
    std::remove((dir + "/in.csv").c_str());
    std::remove(path.c_str());
    ::rmdir(dir.c_str());
}

TEST_F(EngineIntegrationTest, ExactnessRoundTripMariaDbPostgresMariaDb) {
    const std::string my_cols =
        "id BIGINT PRIMARY KEY, big BIGINT, dec38 DECIMAL(38,10), d DATE, ts DATETIME(6), txt VARCHAR(100), "
        "ch CHAR(5), bin VARBINARY(16), longtxt LONGTEXT";
    std::string src = MyTable("exact_src", my_cols);
    std::string back = MyTable("exact_back", my_cols);
    std::string mid = PgTable("exact_mid", "id BIGINT PRIMARY KEY, big BIGINT, dec38 NUMERIC(38,10), d DATE, "
                                           "ts TIMESTAMP(6), txt VARCHAR(100), ch CHAR(5), bin BYTEA, longtxt TEXT");
    my_->Exec("INSERT INTO " + src + " VALUES "
              "(1, 9223372036854775807, 1234567890123456789012345678.0123456789, '2024-02-29', "
              "'2024-02-29 23:59:59.123456', 'emoji 😀 中文', 'ab', X'00FF10', REPEAT('long ', 20000)), "
              "(2, -9223372036854775808, -0.0000000001, '1970-01-01', '1999-12-31 00:00:00.000001', '', '', X'', ''), "
              "(3, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL)");
    auto copy = [&](const std::string& reader, const std::string& writer) {
        auto o = RunJob(Job(reader, writer, R"({"speed":{"channel":1}})"));
        EXPECT_EQ(o.result.exit_code, 0) << o.output;
        EXPECT_EQ(o.result.records_written, 3) << o.output;
    };
    copy(MyReader(R"("column":["*"],"connection":[{"jdbcUrl":[")" + MyJdbc() + R"("],"table":[")" + src + R"("]}])"),
         PgWriter(mid));
    copy(R"({"name":"postgresqlreader","parameter":{)" + Cred(pg_url_) + R"(,"column":["*"],"connection":[{"jdbcUrl":[")" +
             PgJdbc() + R"("],"table":[")" + mid + R"("]}]}})",
         R"({"name":"mysqlwriter","parameter":{)" + Cred(my_url_) + R"(,"column":["*"],"connection":[{"jdbcUrl":")" +
             MyJdbc() + R"(","table":[")" + back + R"("]}]}})");
    const std::string select = "SELECT id, big, dec38, d, ts, txt, ch, HEX(bin), MD5(longtxt), LENGTH(longtxt), "
                               "txt IS NULL, ch IS NULL FROM ";
    auto original = my_->Query(select + src + " ORDER BY id");
    auto returned = my_->Query(select + back + " ORDER BY id");
    ASSERT_EQ(original.size(), 3u);
    EXPECT_EQ(returned, original);
    EXPECT_EQ(original[0][2], "1234567890123456789012345678.0123456789");
    EXPECT_EQ(pg_->One("SELECT dec38::text FROM " + mid + " WHERE id = 1"), "1234567890123456789012345678.0123456789");
    EXPECT_EQ(pg_->One("SELECT txt FROM " + mid + " WHERE id = 1"), "emoji 😀 中文");
    EXPECT_EQ(pg_->One("SELECT (txt = '')::text FROM " + mid + " WHERE id = 2"), "true");
}

using testing::FixedResolver;

TEST_F(EngineIntegrationTest, SavedDatasourceByIdAndClearErrorsWithoutOne) {
    std::string dst = PgTable("ds", "id BIGINT PRIMARY KEY, name VARCHAR(20)");
    std::string reader = R"({"name":"streamreader","parameter":{"sliceRecordCount":2,
        "column":[{"type":"long","value":"5"},{"type":"string","value":"x"}]}})";
    auto writer = [&](const std::string& ref) {
        return R"({"name":"postgresqlwriter","parameter":{"column":["id","name"],"writeMode":"update",
            "connection":[{)" + ref + R"(,"table":[")" + dst + R"("]}]}})";
    };
    auto o = RunJob(Job(reader, writer(R"("datasourceId":7)"), R"({"speed":{"channel":1}})"));
    EXPECT_EQ(o.result.exit_code, 1);
    EXPECT_NE(o.result.error.find("job.content[0].writer.parameter.connection[0].datasourceId: the job names a saved "
                                  "datasource, but no datasource service is available"),
              std::string::npos)
        << o.result.error;

    sdk::ConnectionSpec spec;
    spec.dialect = pg_dialect_->Name();
    spec.host = pg_url_.host;
    spec.port = pg_url_.port;
    spec.database = pg_url_.database;
    spec.user = pg_url_.user;
    spec.password = pg_url_.password;
    FixedResolver resolver(spec);
    o = RunJob(Job(reader, writer(R"("datasourceId":7)"), R"({"speed":{"channel":1}})"), &resolver);
    ASSERT_EQ(o.result.exit_code, 0) << o.output;
    EXPECT_EQ(pg_->One("SELECT COUNT(*) FROM " + dst), "1");
    o = RunJob(Job(reader, writer(R"("datasourceName":"nope")"), R"({"speed":{"channel":1}})"), &resolver);
    EXPECT_EQ(o.result.exit_code, 1);
    EXPECT_EQ(o.result.error,
              "job.content[0].writer.parameter.connection[0].datasourceName: datasource \"nope\" does not exist");
}

TEST_F(EngineIntegrationTest, BadJdbcUrlAndUnreachableServerAreClearErrors) {
    std::string reader = R"({"name":"mysqlreader","parameter":{"username":"app","password":"x","column":["*"],
        "connection":[{"jdbcUrl":"jdbc:mysql://127.0.0.1:1/app","table":["t"]}]}})";
    auto o = RunJob(Job(reader, R"({"name":"streamwriter"})", R"({"speed":{"channel":1}})"));
    EXPECT_EQ(o.result.exit_code, 1);
    EXPECT_NE(o.result.error.find("job.content[0].reader.parameter.connection[0]"), std::string::npos)
        << o.result.error;
    reader = R"({"name":"mysqlreader","parameter":{"username":"app","password":"x","column":["*"],
        "connection":[{"jdbcUrl":42,"table":["t"]}]}})";
    o = RunJob(Job(reader, R"({"name":"streamwriter"})", R"({"speed":{"channel":1}})"));
    EXPECT_EQ(o.result.error,
              "job.content[0].reader.parameter.connection[0].jdbcUrl: expected a string or an array of strings, got 42");
    o = RunJob(Job(R"({"name":"nosuch","parameter":{}})", R"({"name":"streamwriter"})", R"({"speed":{"channel":1}})"));
    EXPECT_NE(o.result.error.find("mysqlreader"), std::string::npos) << o.result.error;
    EXPECT_NE(o.result.error.find("postgresqlreader"), std::string::npos) << o.result.error;
    EXPECT_NE(o.result.error.find("rdbmsreader"), std::string::npos) << o.result.error;
}

TEST_F(EngineIntegrationTest, PasswordsInJdbcUrlsNeverReachTheLog) {
    const std::string reader_job = R"({"name":"mysqlreader","parameter":{"username":"app","password":"x",
        "column":["*"],"connection":[{"jdbcUrl":"URL","table":["t"]}]}})";
    struct Case {
        std::string url, shown;
    };
    const std::string at = "job.content[0].reader.parameter.connection[0]";
    for (const Case& c : {Case{"jdbc:mysql://127.0.0.1:1/app?password=UrlSecret9&user=x",
                               at + " (jdbc:mysql://127.0.0.1:1/app?user=x): MYSQL connection to 127.0.0.1:1, "
                                    "database 'app', user 'app' failed"},
                          Case{"jdbc:mysql://app:UrlSecret9@127.0.0.1:1/app",
                               at + " (jdbc:mysql://127.0.0.1:1/app): MYSQL connection to 127.0.0.1:1, database "
                                    "'app', user 'app' failed"},
                          Case{"jdbc:mysql://app:UrlSecret9@127.0.0.1:99999/app?pwd=UrlSecret9",
                               at + ".jdbcUrl: JDBC URL 'jdbc:mysql://127.0.0.1:99999/app' has an invalid port"}}) {
        SCOPED_TRACE(c.url);
        std::string job = reader_job;
        job.replace(job.find("URL"), 3, c.url);
        auto o = RunJob(Job(job, R"({"name":"streamwriter"})", R"({"speed":{"channel":1}})"));
        EXPECT_EQ(o.result.exit_code, 1);
        // Starts with the connection's path once (it used to be prefixed by "job.content[0].reader: " too).
        EXPECT_EQ(o.result.error.rfind(c.shown, 0), 0u) << o.result.error;
        EXPECT_EQ(o.output.find("UrlSecret9"), std::string::npos) << o.output;
        EXPECT_EQ(o.result.error.find("UrlSecret9"), std::string::npos) << o.result.error;
    }
    // A URL no plugin understands is quoted redacted too.
    std::string job = R"({"name":"rdbmsreader","parameter":{"username":"app","password":"x","column":["*"],
        "connection":[{"jdbcUrl":"jdbc:nosuchdb://u:UrlSecret9@h/db","table":["t"]}]}})";
    auto o = RunJob(Job(job, R"({"name":"streamwriter"})", R"({"speed":{"channel":1}})"));
    EXPECT_EQ(o.result.error, "job.content[0].reader.parameter.connection[0].jdbcUrl: no loaded plugin understands "
                              "\"jdbc:nosuchdb://h/db\"");
    EXPECT_EQ(o.output.find("UrlSecret9"), std::string::npos) << o.output;
}

TEST_F(EngineIntegrationTest, MissingTableIsNamedOnceInTheError) {
    std::string table = prefix_ + "nosuch";
    auto o = RunJob(Job(MyReader(R"("column":["*"],"connection":[{"jdbcUrl":[")" + MyJdbc() + R"("],"table":[")" +
                                 table + R"("]}])"),
                        R"({"name":"streamwriter"})", R"({"speed":{"channel":1}})"));
    EXPECT_EQ(o.result.exit_code, 1);
    // "table <t>: " once (it used to read "table <t>: table <t>: reading table ..."), then the plugin's text.
    EXPECT_EQ(o.result.error.rfind("table " + table + ": reading table '" + table + "' on MYSQL ", 0), 0u)
        << o.result.error;
    EXPECT_EQ(o.result.error.find("table " + table + ": table"), std::string::npos) << o.result.error;
    EXPECT_NE(o.result.error.find("doesn't exist"), std::string::npos) << o.result.error;
}

}  // namespace
}  // namespace dbbridge::core::engine
