// /api/config/* over real HTTP against the real host, with real MariaDB and PostgreSQL.
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/stat.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <random>
#include <regex>
#include <sstream>
#include <thread>

#include "tests/support/host_process.h"
#include "tests/support/test_db.h"
#include "tests/support/test_env.h"

namespace dbbridge::testing {
namespace {

bool Contains(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

std::string Tag() {
    static std::mt19937_64 rng{std::random_device{}()};
    std::string s;
    for (int i = 0; i < 8; ++i) {
        s += "abcdefghijklmnopqrstuvwxyz0123456789"[rng() % 36];
    }
    return s;
}

std::string ReadAll(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    return std::string((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
}

// Where the host keeps a config's job file and a run's log (the API no longer names them).
std::string JobFile(const HostProcess& host, std::int64_t config_id) {
    const std::string prefix = std::to_string(config_id) + "-";
    for (const auto& entry : std::filesystem::directory_iterator(host.work_dir() + "/jobs")) {
        if (entry.path().filename().string().rfind(prefix, 0) == 0) {
            return entry.path().string();
        }
    }
    return "";
}

std::string LogFile(const HostProcess& host, std::int64_t config_id, std::int64_t exec_id) {
    return host.work_dir() + "/logs/config-" + std::to_string(config_id) + "-run-" + std::to_string(exec_id) + ".log";
}

std::string DatasourceBody(const std::string& name, const std::string& url) {
    DbUrl u = ParseDbUrl(url);
    std::string type = u.scheme == "mysql" ? "MYSQL" : "POSTGRESQL";
    return "{\"source_name\":\"" + name + "\",\"db_type\":\"" + type + "\",\"host\":\"" + u.host +
           "\",\"port\":" + std::to_string(u.port) + ",\"db_name\":\"" + u.database + "\",\"username\":\"" + u.user +
           "\",\"password\":\"" + u.password + "\"}";
}

// A streamreader -> streamwriter job paced at 2000 records/s.
std::string SlowStreamContent(std::int64_t records) {
    return R"({"core": {"transport": {"channel": {"speed": {"record": 2000}}}}, "job": {"setting": {"speed": {"channel": 1, "record": 2000}}, "content": [{
        "reader": {"name": "streamreader", "parameter": {"sliceRecordCount": )" +
           std::to_string(records) + R"(, "column": [{"type": "long", "value": "1"}]}},
        "writer": {"name": "streamwriter", "parameter": {"print": false}}}]}})";
}

class JobApiTest : public ::testing::Test {
protected:
    void SetUp() override {
        auto my = EnvVar("DBBRIDGE_TEST_MYSQL");
        auto pg = EnvVar("DBBRIDGE_TEST_PG");
        if (!my || !pg) {
            GTEST_SKIP() << "DBBRIDGE_TEST_MYSQL / DBBRIDGE_TEST_PG are not set (scripts/db-up.sh sets them)";
        }
        mysql_ = *my;
        pg_ = *pg;
        host_ = std::make_unique<HostProcess>("engine:\n  max_concurrent_jobs: 2\n");
        ASSERT_TRUE(host_->Start()) << host_->output();
    }

    Poco::JSON::Object::Ptr Data(const HttpReply& r) {
        EXPECT_EQ(r.code(), 0) << r.body;
        if (r.code() != 0 || !r.json->getObject("data")) {
            return new Poco::JSON::Object();
        }
        return r.json->getObject("data");
    }

    std::int64_t SaveConfig(const std::string& body) {
        auto data = Data(host_->Post("/api/config/save", body));
        return data->has("id") ? data->getValue<std::int64_t>("id") : 0;
    }

    std::int64_t Exec(std::int64_t config_id) {
        auto data = Data(host_->Post("/api/config/exec?id=" + std::to_string(config_id), ""));
        return data->has("id") ? data->getValue<std::int64_t>("id") : 0;
    }

    // The run's row from /api/config/logs.
    Poco::JSON::Object::Ptr RunRow(std::int64_t config_id, std::int64_t exec_id) {
        auto data = Data(host_->Get("/api/config/logs?configId=" + std::to_string(config_id) + "&page=1&pageSize=100"));
        auto items = data->getArray("items");
        for (std::size_t i = 0; items && i < items->size(); ++i) {
            auto row = items->getObject(static_cast<unsigned>(i));
            if (row->getValue<std::int64_t>("id") == exec_id) {
                return row;
            }
        }
        ADD_FAILURE() << "run " << exec_id << " not listed for config " << config_id;
        return new Poco::JSON::Object();
    }

    std::string WaitStatus(std::int64_t config_id, std::int64_t exec_id, const std::vector<std::string>& wanted,
                           int timeout_ms = 20000) {
        auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(timeout_ms);
        std::string status;
        while (std::chrono::steady_clock::now() < deadline) {
            status = RunRow(config_id, exec_id)->optValue<std::string>("status", "");
            if (std::find(wanted.begin(), wanted.end(), status) != wanted.end()) {
                return status;
            }
            std::this_thread::sleep_for(std::chrono::milliseconds(50));
        }
        return status;
    }

    // Waits until the run is running and the engine has started logging.
    bool WaitProgress(std::int64_t config_id, std::int64_t exec_id) {
        if (WaitStatus(config_id, exec_id, {"running"}) != "running") {
            return false;
        }
        for (int i = 0; i < 200; ++i) {
            auto log = Data(host_->Get("/api/config/log?id=" + std::to_string(exec_id)));
            if (Contains(log->optValue<std::string>("text", ""), "splits to")) {
                return true;
            }
            std::this_thread::sleep_for(std::chrono::milliseconds(50));
        }
        return false;
    }

    std::string mysql_;
    std::string pg_;
    std::unique_ptr<HostProcess> host_;
};

TEST_F(JobApiTest, BuildsAJobFromTwoDatasourcesRunsItAndTailsTheLog) {
    const std::string tag = Tag();
    const std::string src = "jobapi_src_" + tag;
    const std::string dst = "jobapi_dst_" + tag;
    ExecSql(mysql_, {"CREATE TABLE " + src + " (id BIGINT PRIMARY KEY, name VARCHAR(64), amount DECIMAL(12,2))",
                     "INSERT INTO " + src + " SELECT seq, CONCAT('n', seq), seq / 4 FROM seq_1_to_300"});
    ExecSql(pg_, {"CREATE TABLE " + dst + " (id BIGINT PRIMARY KEY, name VARCHAR(64), amount NUMERIC(12,2))"});

    auto my = Data(host_->Post("/api/datasource/save", DatasourceBody("jobapi-my", mysql_)));
    auto pg = Data(host_->Post("/api/datasource/save", DatasourceBody("jobapi-pg", pg_)));
    ASSERT_TRUE(my->has("id") && pg->has("id"));
    const std::string body = R"({"config_name": "orders-to-pg", "description": "api test",
        "reader": {"datasource_id": )" +
                             std::to_string(my->getValue<std::int64_t>("id")) + R"(, "table": ")" + src +
                             R"(", "columns": ["id", "name", "amount"],
                    "where": "id > 100", "splitPk": "id", "querySql": null},
        "writer": {"datasource_id": )" +
                             std::to_string(pg->getValue<std::int64_t>("id")) + R"(, "table": ")" + dst +
                             R"(", "columns": ["id", "name", "amount"],
                    "writeMode": "insert", "preSql": [], "postSql": []},
        "setting": {"channel": 2, "byte": 0, "record": 0, "errorLimit": {"record": 0, "percentage": 0.02}}})";
    auto saved = host_->Post("/api/config/save", body);
    auto config = Data(saved);
    ASSERT_TRUE(config->has("id")) << saved.body;
    const std::int64_t config_id = config->getValue<std::int64_t>("id");
    EXPECT_FALSE(Contains(saved.body, "\\\"password\\\"") || Contains(saved.body, "\"password\"")) << saved.body;
    EXPECT_TRUE(Contains(saved.body, "\"datasourceId\"")) << saved.body;
    EXPECT_FALSE(config->has("config_path")) << "no server file paths in responses: " << saved.body;
    EXPECT_FALSE(Contains(saved.body, host_->work_dir())) << saved.body;
    EXPECT_FALSE(Contains(ReadAll(JobFile(*host_, config_id)), "password"));

    EXPECT_EQ(Data(host_->Get("/api/config/get?id=" + std::to_string(config_id)))->getValue<std::string>("config_name"),
              "orders-to-pg");
    auto query = Data(host_->Get("/api/config/query?page=1&pageSize=5&name=TO-PG"));
    EXPECT_EQ(query->getValue<int>("total"), 1);
    EXPECT_EQ(query->getValue<int>("pageSize"), 5);
    EXPECT_EQ(Data(host_->Get("/api/config/query?name=nothing-like-it"))->getValue<int>("total"), 0);
    auto list = host_->Get("/api/config/list");
    ASSERT_EQ(list.code(), 0) << list.body;
    EXPECT_EQ(list.json->getArray("data")->size(), 1u);
    auto exported = host_->Get("/api/config/export?id=" + std::to_string(config_id));
    ASSERT_EQ(exported.code(), 0) << exported.body;
    EXPECT_TRUE(Contains(exported.body, "\"password\": \"" + ParseDbUrl(pg_).password + "\"")) << exported.body;
    EXPECT_FALSE(Contains(exported.body, "datasourceId")) << exported.body;
    // Export is the only way to the credentials, and only for the owner.
    for (const std::string& path : {"/api/config/get?id=" + std::to_string(config_id), std::string("/api/config/list"),
                                    std::string("/api/config/query?page=1&pageSize=5")}) {
        auto r = host_->Get(path);
        EXPECT_EQ(r.code(), 0) << path << " " << r.body;
        EXPECT_FALSE(Contains(r.body, "\"password\"")) << path << " " << r.body;
    }
    host_->SetUid("someone-else");
    EXPECT_EQ(host_->Get("/api/config/export?id=" + std::to_string(config_id)).code(), 404);
    host_->SetUid("");

    auto t0 = std::chrono::steady_clock::now();
    const std::int64_t exec_id = Exec(config_id);
    EXPECT_LT(std::chrono::steady_clock::now() - t0, std::chrono::milliseconds(1000)) << "exec answers at once";
    ASSERT_GT(exec_id, 0);
    ASSERT_EQ(WaitStatus(config_id, exec_id, {"succeeded", "failed"}), "succeeded")
        << RunRow(config_id, exec_id)->optValue<std::string>("exit_reason", "");
    auto row = RunRow(config_id, exec_id);
    EXPECT_EQ(row->getValue<std::int64_t>("records_read"), 200);
    EXPECT_EQ(row->getValue<std::int64_t>("records_written"), 200);
    EXPECT_EQ(row->getValue<std::int64_t>("recordsRead"), 200) << "0.1's name kept until 0.3";
    // ISO 8601 UTC with milliseconds: 2026-12-03T09:21:25.123Z
    const std::regex iso_millis(R"(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z)");
    EXPECT_TRUE(std::regex_match(row->getValue<std::string>("start_time"), iso_millis)) << row->getValue<std::string>("start_time");
    EXPECT_TRUE(std::regex_match(row->getValue<std::string>("end_time"), iso_millis));
    EXPECT_TRUE(std::regex_match(row->getValue<std::string>("insert_date"), iso_millis));
    EXPECT_TRUE(std::regex_match(config->getValue<std::string>("insert_time"), iso_millis));
    EXPECT_FALSE(row->has("logPath"));
    EXPECT_FALSE(Data(host_->Get("/api/config/run?id=" + std::to_string(exec_id)))->has("server"));
    // An admin sees where the run's log is, in a field of its own.
    host_->SetUid("admin");
    auto as_admin = Data(host_->Get("/api/config/run?id=" + std::to_string(exec_id)));
    ASSERT_TRUE(as_admin->getObject("server")) << "admin's view of the run";
    EXPECT_EQ(as_admin->getObject("server")->getValue<std::string>("log_path"), LogFile(*host_, config_id, exec_id));
    EXPECT_FALSE(as_admin->getObject("server")->getValue<std::string>("host_name").empty());
    host_->SetUid("");
    EXPECT_EQ(QueryScalar(pg_, "SELECT COUNT(*) FROM " + dst), "200");
    EXPECT_EQ(QueryScalar(pg_, "SELECT MIN(id) FROM " + dst), "101");
    EXPECT_EQ(QueryScalar(pg_, "SELECT amount FROM " + dst + " WHERE id = 299"), "74.75");

    // Read the log by offset in 1 KiB pieces until the run is finished and the text complete.
    std::string tailed;
    std::int64_t offset = 0;
    bool finished = false;
    for (int i = 0; i < 1000 && !finished; ++i) {
        auto piece = Data(host_->Get("/api/config/log?id=" + std::to_string(exec_id) +
                                     "&offset=" + std::to_string(offset) + "&limit=1024"));
        ASSERT_EQ(piece->getValue<std::int64_t>("offset"), offset);
        tailed += piece->getValue<std::string>("text");
        offset = piece->getValue<std::int64_t>("next_offset");
        finished = piece->getValue<bool>("finished");
    }
    EXPECT_TRUE(finished);
    EXPECT_EQ(tailed, ReadAll(LogFile(*host_, config_id, exec_id)));
    EXPECT_TRUE(Contains(tailed, "读出记录总数")) << tailed;

    // Physical delete: the job file, the log file and the runs go.
    const std::string job_file = JobFile(*host_, config_id);
    const std::string log_file = LogFile(*host_, config_id, exec_id);
    ASSERT_FALSE(job_file.empty());
    auto deleted = host_->Post("/api/config/delete", "{\"id\": " + std::to_string(config_id) + "}");
    EXPECT_EQ(deleted.code(), 0) << deleted.body;
    EXPECT_FALSE(std::ifstream(job_file).good());
    EXPECT_FALSE(std::ifstream(log_file).good());
    EXPECT_EQ(host_->Get("/api/config/logs?configId=" + std::to_string(config_id)).code(), 404);
    EXPECT_EQ(host_->Get("/api/config/log?id=" + std::to_string(exec_id)).code(), 404);

    ExecSql(mysql_, {"DROP TABLE " + src});
    ExecSql(pg_, {"DROP TABLE " + dst});
}

// The builder's preview: /api/config/build answers the DataX job save would store from the same
// body, saves nothing, and checks what save checks (columns, datasources the user may use).
TEST_F(JobApiTest, BuildAnswersTheJobSaveWouldStoreAndSavesNothing) {
    const std::string tag = Tag();
    const std::string src = "jobapi_bsrc_" + tag;
    const std::string dst = "jobapi_bdst_" + tag;
    ExecSql(mysql_, {"CREATE TABLE " + src + " (id BIGINT PRIMARY KEY, name VARCHAR(64))"});
    ExecSql(pg_, {"CREATE TABLE " + dst + " (id BIGINT PRIMARY KEY, name VARCHAR(64))"});
    host_->SetUid("alice");
    auto my = Data(host_->Post("/api/datasource/save", DatasourceBody("build-my", mysql_)));
    auto pg = Data(host_->Post("/api/datasource/save", DatasourceBody("build-pg", pg_)));
    ASSERT_TRUE(my->has("id") && pg->has("id"));
    auto sides = [&](const std::string& reader_columns) {
        return R"("reader": {"datasource_id": )" + std::to_string(my->getValue<std::int64_t>("id")) +
               R"(, "table": ")" + src + R"(", "columns": )" + reader_columns +
               R"(}, "writer": {"datasource_id": )" + std::to_string(pg->getValue<std::int64_t>("id")) +
               R"(, "table": ")" + dst + R"(", "columns": ["id", "name"]}, "setting": {"channel": 2})";
    };
    auto built = host_->Post("/api/config/build", "{" + sides(R"(["id", "name"])") + "}");
    ASSERT_EQ(built.code(), 0) << built.body;
    auto job = built.json->getObject("data")->getObject("content")->getObject("job");
    ASSERT_TRUE(job) << built.body;
    auto content = job->getArray("content")->getObject(0);
    EXPECT_EQ(content->getObject("reader")->getValue<std::string>("name"), "mysqlreader");
    EXPECT_EQ(content->getObject("writer")->getValue<std::string>("name"), "postgresqlwriter");
    EXPECT_TRUE(Contains(built.body, "\"datasourceId\"")) << built.body;
    EXPECT_FALSE(Contains(built.body, "\"password\"")) << built.body;
    EXPECT_EQ(host_->Get("/api/config/list").json->getArray("data")->size(), 0u) << "nothing saved";

    // Saving the same body stores exactly that job.
    auto saved = Data(host_->Post("/api/config/save", R"({"config_name": "built", )" + sides(R"(["id", "name"])") + "}"));
    std::ostringstream stored, previewed;
    saved->getObject("content")->stringify(stored);
    built.json->getObject("data")->getObject("content")->stringify(previewed);
    EXPECT_EQ(stored.str(), previewed.str());

    auto missing = host_->Post("/api/config/build", "{" + sides(R"(["id", "nmae"])") + "}");
    EXPECT_EQ(missing.code(), 400) << missing.body;
    EXPECT_TRUE(Contains(missing.message(), "nmae")) << missing.body;
    auto own = host_->Post("/api/config/build", R"({"content": {"job": {}}, )" + sides(R"(["id"])") + "}");
    EXPECT_EQ(own.code(), 400) << own.body;
    EXPECT_TRUE(Contains(own.message(), "content")) << own.body;
    auto no_writer = host_->Post("/api/config/build", R"({"reader": {"datasource_id": 1, "table": "t"}})");
    EXPECT_EQ(no_writer.code(), 400) << no_writer.body;
    EXPECT_TRUE(Contains(no_writer.message(), "writer")) << no_writer.body;

    // Another user cannot build on alice's datasources: not found, nothing of hers shown.
    host_->SetUid("bob");
    auto theirs = host_->Post("/api/config/build", "{" + sides(R"(["id", "name"])") + "}");
    EXPECT_EQ(theirs.code(), 404) << theirs.body;
    EXPECT_FALSE(Contains(theirs.body, src)) << theirs.body;
    EXPECT_FALSE(Contains(theirs.body, "build-my")) << theirs.body;
    host_->SetUid("");
    ExecSql(mysql_, {"DROP TABLE " + src});
    ExecSql(pg_, {"DROP TABLE " + dst});
}

TEST_F(JobApiTest, KillStopsARunWithinTwoSeconds) {
    const std::int64_t config_id =
        SaveConfig(R"({"config_name": "slow", "content": )" + SlowStreamContent(10000000) + "}");
    ASSERT_GT(config_id, 0);
    const std::int64_t exec_id = Exec(config_id);
    ASSERT_TRUE(WaitProgress(config_id, exec_id));
    // GET /api/config/run carries the engine's live figures (about once a second), not log text.
    Poco::JSON::Object::Ptr progress;
    for (int i = 0; i < 60 && !progress; ++i) {
        auto run = Data(host_->Get("/api/config/run?id=" + std::to_string(exec_id)));
        progress = run->getObject("progress");
        if (!progress) {
            std::this_thread::sleep_for(std::chrono::milliseconds(100));
        }
    }
    ASSERT_TRUE(progress) << "no live progress on the running run";
    EXPECT_GT(progress->getValue<std::int64_t>("records"), 0);
    EXPECT_GT(progress->getValue<std::int64_t>("record_speed"), 0);
    EXPECT_LT(progress->getValue<double>("percentage"), 1.0);
    auto t0 = std::chrono::steady_clock::now();
    auto killed = host_->Post("/api/config/kill?id=" + std::to_string(exec_id), "");
    EXPECT_LT(std::chrono::steady_clock::now() - t0, std::chrono::seconds(2));
    auto data = Data(killed);
    EXPECT_EQ(data->optValue<std::string>("status", ""), "killed") << killed.body;
    EXPECT_EQ(RunRow(config_id, exec_id)->getValue<std::string>("status"), "killed");
    auto again = host_->Post("/api/config/kill?id=" + std::to_string(exec_id), "");
    EXPECT_EQ(again.code(), 400);
    EXPECT_TRUE(Contains(again.message(), "already finished")) << again.body;
}

TEST_F(JobApiTest, AHostKilledMidRunComesBackWithTheRunInterrupted) {
    const std::int64_t config_id =
        SaveConfig(R"({"config_name": "survives", "content": )" + SlowStreamContent(10000000) + "}");
    const std::int64_t exec_id = Exec(config_id);
    ASSERT_TRUE(WaitProgress(config_id, exec_id));
    const std::string before =
        Data(host_->Get("/api/config/log?id=" + std::to_string(exec_id)))->getValue<std::string>("text");

    host_->Kill(SIGKILL);
    host_->Wait();
    ASSERT_TRUE(host_->Start()) << host_->output();

    auto row = RunRow(config_id, exec_id);
    EXPECT_EQ(row->getValue<std::string>("status"), "interrupted");
    EXPECT_FALSE(row->getValue<std::string>("end_time").empty());
    auto log = Data(host_->Get("/api/config/log?id=" + std::to_string(exec_id) + "&limit=4194304"));
    const std::string text = log->getValue<std::string>("text");
    EXPECT_EQ(text.rfind(before, 0), 0u) << "the log is intact";
    EXPECT_TRUE(Contains(text, "interrupted")) << text;
    EXPECT_TRUE(log->getValue<bool>("finished"));

    // The config can be changed to a short job and run again.
    auto updated = host_->Post("/api/config/update", R"({"id": )" + std::to_string(config_id) + R"(, "content": )" +
                                                         SlowStreamContent(100) + "}");
    ASSERT_EQ(updated.code(), 0) << updated.body;
    const std::int64_t next = Exec(config_id);
    EXPECT_EQ(WaitStatus(config_id, next, {"succeeded", "failed"}), "succeeded");
}

TEST_F(JobApiTest, AnInlinePasswordIsShownOnlyByTheOwnersExport) {
    const std::string secret = "PlainSecret77";
    const std::string content = R"({"job": {"setting": {"speed": {"channel": 1}}, "content": [{
        "reader": {"name": "streamreader", "parameter": {"username": "u", "password": ")" +
                                secret +
                                R"(", "sliceRecordCount": 3, "column": [{"type": "long", "value": "1"}]}},
        "writer": {"name": "streamwriter", "parameter": {"print": false}}}]}})";
    auto saved = host_->Post("/api/config/save", R"({"config_name": "own", "content": )" + content + "}");
    auto config = Data(saved);
    ASSERT_TRUE(config->has("id")) << saved.body;
    const std::string id = std::to_string(config->getValue<std::int64_t>("id"));
    EXPECT_FALSE(Contains(saved.body, secret)) << saved.body;
    EXPECT_TRUE(Contains(saved.body, "******")) << saved.body;
    auto updated = host_->Post("/api/config/update", R"({"id": )" + id + R"(, "content": )" + content + "}");
    EXPECT_EQ(updated.code(), 0) << updated.body;
    EXPECT_FALSE(Contains(updated.body, secret)) << updated.body;
    for (const std::string& path :
         {"/api/config/get?id=" + id, std::string("/api/config/list"), std::string("/api/config/query")}) {
        auto r = host_->Get(path);
        EXPECT_EQ(r.code(), 0) << path << " " << r.body;
        EXPECT_FALSE(Contains(r.body, secret)) << path << " " << r.body;
    }
    const std::string file = JobFile(*host_, config->getValue<std::int64_t>("id"));
    EXPECT_FALSE(Contains(ReadAll(file), secret));
    struct stat st {};
    ASSERT_EQ(::stat(file.c_str(), &st), 0);
    EXPECT_EQ(st.st_mode & 0777, 0600u);
    const std::string db = host_->work_dir() + "/dbbridge.db";
    EXPECT_FALSE(Contains(ReadAll(db) + ReadAll(db + "-wal") + ReadAll(db + "-journal"), secret));

    auto exported = host_->Get("/api/config/export?id=" + id);
    EXPECT_EQ(exported.code(), 0) << exported.body;
    EXPECT_TRUE(Contains(exported.body, "\"password\": \"" + secret + "\"")) << exported.body;
    host_->SetUid("mallory");
    EXPECT_EQ(host_->Get("/api/config/export?id=" + id).code(), 404);
    EXPECT_EQ(host_->Get("/api/config/get?id=" + id).code(), 404);
    host_->SetUid("");

    const std::int64_t exec_id = Exec(std::stoll(id));
    EXPECT_EQ(WaitStatus(std::stoll(id), exec_id, {"succeeded", "failed"}), "succeeded");
}

TEST_F(JobApiTest, FileJobsCannotReachOutsideTheFilesFolder) {
    auto job = [](const std::string& reader_path, const std::string& writer_path) {
        return R"({"config_name": "files", "content": {"job": {"setting": {"speed": {"channel": 1}}, "content": [{
            "reader": {"name": "txtfilereader", "parameter": {"path": [")" +
               reader_path + R"("], "column": [{"index": 0, "type": "string"}], "fieldDelimiter": ":"}},
            "writer": {"name": "txtfilewriter", "parameter": {"path": ")" +
               writer_path + R"(", "fileName": "copy", "writeMode": "truncate"}}}]}}})";
    };
    const std::string files = host_->work_dir() + "/var/files";
    auto read_etc = host_->Post("/api/config/save", job("/etc/passwd", files + "/out"));
    EXPECT_EQ(read_etc.code(), 400) << read_etc.body;
    EXPECT_TRUE(Contains(read_etc.message(), "job.content[0].reader.parameter.path")) << read_etc.body;
    auto write_tmp = host_->Post("/api/config/save", job(files + "/in.txt", "/tmp/x"));
    EXPECT_EQ(write_tmp.code(), 400) << write_tmp.body;
    EXPECT_TRUE(Contains(write_tmp.message(), "job.content[0].writer.parameter.path")) << write_tmp.body;
    auto relative = host_->Post("/api/config/save", job("var/files/../../dbbridge.key", files + "/out"));
    EXPECT_EQ(relative.code(), 400) << relative.body;

    // Inside the folder (relative to the host's working directory, as the engine reads it) works.
    { std::ofstream(files + "/in.txt") << "a:1\nb:2\n"; }
    const std::int64_t id = SaveConfig(job("var/files/in.txt", "var/files/out"));
    ASSERT_GT(id, 0);
    EXPECT_EQ(WaitStatus(id, Exec(id), {"succeeded", "failed"}), "succeeded");
    bool copied = false;
    for (const auto& e : std::filesystem::directory_iterator(files + "/out")) {
        copied = copied || Contains(ReadAll(e.path().string()), "b");
    }
    EXPECT_TRUE(copied);
}

struct BadRequest {
    const char* method;
    const char* path;
    const char* body;
    int code;
    const char* message_part;
};

TEST_F(JobApiTest, EveryMalformedRequestGetsAnErrorNamingTheField) {
    const std::int64_t config_id = SaveConfig(R"({"config_name": "ok", "content": )" + SlowStreamContent(1) + "}");
    ASSERT_GT(config_id, 0);
    const std::vector<BadRequest> cases = {
        {"POST", "/api/config/save", "", 400, "body is empty"},
        {"POST", "/api/config/save", "{\"config_name\": ", 400, "not valid JSON"},
        {"POST", "/api/config/save", "[1]", 400, "JSON object"},
        {"POST", "/api/config/save", "{\"content\": {}}", 400, "config_name"},
        {"POST", "/api/config/save", "{\"config_name\": 5, \"content\": {}}", 400, "config_name"},
        {"POST", "/api/config/save", "{\"config_name\": \"\\u0000x\", \"content\": {}}", 400, "config_name"},
        {"POST", "/api/config/save", "{\"config_name\": \"x\", \"contnet\": {}}", 400, "contnet"},
        {"POST", "/api/config/save", "{\"config_name\": \"x\", \"content\": 12}", 400, "content"},
        {"POST", "/api/config/save", "{\"config_name\": \"x\", \"content\": {\"job\": {}}}", 400, "job.content"},
        {"POST", "/api/config/save", "{\"config_name\": \"x\"}", 400, "reader"},
        {"POST", "/api/config/save", "{\"config_name\": \"x\", \"reader\": 1, \"writer\": {}}", 400, "reader"},
        {"POST", "/api/config/save", "{\"config_name\": \"x\", \"reader\": {\"table\": \"t\"}, \"writer\": {}}", 400,
         "reader.datasource_id"},
        {"POST", "/api/config/save",
         "{\"config_name\": \"x\", \"reader\": {\"datasource_id\": \"abc\"}, \"writer\": {}}", 400,
         "reader.datasource_id"},
        {"POST", "/api/config/save",
         "{\"config_name\": \"x\", \"reader\": {\"datasource_id\": 1, \"columns\": \"id\"}, \"writer\": {}}", 400,
         "reader.columns"},
        {"POST", "/api/config/save",
         "{\"config_name\": \"x\", \"reader\": {\"datasource_id\": 1, \"columns\": [1]}, \"writer\": {}}", 400,
         "reader.columns[0]"},
        {"POST", "/api/config/save",
         "{\"config_name\": \"x\", \"reader\": {\"datasource_id\": 1, \"colums\": []}, \"writer\": {}}", 400,
         "reader.colums"},
        {"POST", "/api/config/save",
         "{\"config_name\": \"x\", \"reader\": {\"datasource_id\": 1}, \"writer\": {\"datasource_id\": 2, "
         "\"preSql\": \"DELETE\"}}",
         400, "writer.preSql"},
        {"POST", "/api/config/save",
         "{\"config_name\": \"x\", \"reader\": {\"datasource_id\": 1}, \"writer\": {\"datasource_id\": 2}, "
         "\"setting\": {\"channel\": 0}}",
         400, "setting.channel"},
        {"POST", "/api/config/save",
         "{\"config_name\": \"x\", \"reader\": {\"datasource_id\": 1}, \"writer\": {\"datasource_id\": 2}, "
         "\"setting\": {\"errorLimit\": {\"percentage\": 2}}}",
         400, "setting.errorLimit.percentage"},
        {"POST", "/api/config/save",
         "{\"config_name\": \"x\", \"reader\": {\"datasource_id\": 1}, \"writer\": {\"datasource_id\": 2}, "
         "\"setting\": {\"errorLimit\": {\"record\": -1}}}",
         400, "setting.errorLimit.record"},
        {"POST", "/api/config/save",
         "{\"config_name\": \"x\", \"reader\": {\"datasource_id\": 999}, \"writer\": {\"datasource_id\": 998}}", 404,
         "reader.datasource_id"},
        {"POST", "/api/config/save", "{\"config_name\": \"ok\", \"content\": {\"job\": {}}}", 409, "ok"},
        {"POST", "/api/config/update", "{\"config_name\": \"y\"}", 400, "id"},
        {"POST", "/api/config/update", "{\"id\": 0}", 400, "id"},
        {"POST", "/api/config/update", "{\"id\": \"one\"}", 400, "id"},
        {"POST", "/api/config/update", "{\"id\": 424242}", 404, "424242"},
        {"POST", "/api/config/delete", "", 400, "id"},
        {"POST", "/api/config/delete?id=abc", "", 400, "id"},
        {"POST", "/api/config/delete", "{\"idd\": 1}", 400, "idd"},
        {"GET", "/api/config/query?page=0", "", 400, "page"},
        {"GET", "/api/config/query?page=1000001", "", 400, "page"},
        {"GET", "/api/config/query?pageSize=abc", "", 400, "pageSize"},
        {"GET", "/api/config/get", "", 400, "id"},
        {"GET", "/api/config/get?id=0", "", 400, "id"},
        {"GET", "/api/config/get?id=424242", "", 404, "424242"},
        {"GET", "/api/config/export", "", 400, "id"},
        {"POST", "/api/config/exec", "", 400, "id"},
        {"POST", "/api/config/exec?id=x1", "", 400, "id"},
        {"POST", "/api/config/exec?id=424242", "", 404, "424242"},
        {"GET", "/api/config/logs", "", 400, "configId"},
        {"GET", "/api/config/logs?configId=1&page=-1", "", 400, "page"},
        {"GET", "/api/config/log", "", 400, "id"},
        {"GET", "/api/config/log?id=1&offset=-1", "", 400, "offset"},
        {"GET", "/api/config/log?id=1&limit=0", "", 400, "limit"},
        {"GET", "/api/config/log?id=424242", "", 404, "424242"},
        {"POST", "/api/config/kill", "", 400, "id"},
        {"POST", "/api/config/kill?id=424242", "", 404, "424242"},
        {"GET", "/api/config/exec?id=1", "", 405, "GET"},
    };
    for (const auto& c : cases) {
        auto r = std::string(c.method) == "GET" ? host_->Get(c.path) : host_->Post(c.path, c.body);
        EXPECT_EQ(r.code(), c.code) << c.method << " " << c.path << " " << c.body << " -> " << r.body;
        EXPECT_TRUE(Contains(r.message(), c.message_part))
            << c.method << " " << c.path << " " << c.body << " -> " << r.body;
    }
    // Nothing was created by the bad requests.
    EXPECT_EQ(Data(host_->Get("/api/config/query"))->getValue<int>("total"), 1);
}

}  // namespace
}  // namespace dbbridge::testing
