// The attacks of issue 10 §2 and §3 against the real `dbbridge serve` over HTTP: jobs reaching
// another user's datasources or the server's files, passwords kept or shown in clear, a
// datasource moved to another server keeping its password, ODBC connection strings loading a
// library. Each must be refused with an error naming the field; no canary password may appear in
// any response, log or file; /api/health keeps answering within a second.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <iterator>
#include <sstream>
#include <string>
#include <thread>

#include "tests/host/security/health_probe.h"
#include "tests/support/host_process.h"

namespace dbbridge::testing {
namespace {

namespace fs = std::filesystem;

constexpr const char* kCanary = "Canary-Pw-7f3a9Q";

bool Contains(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

// data.content of a job config reply (the job as a JSON object).
Poco::JSON::Object::Ptr JobOf(const HttpReply& r) {
    if (r.code() != 0) {
        return new Poco::JSON::Object();
    }
    return r.json->getObject("data")->getObject("content");
}

// job.content[0].<side>.parameter of a job object.
Poco::JSON::Object::Ptr SideParameter(const Poco::JSON::Object::Ptr& job, const std::string& side) {
    return job->getObject("job")->getArray("content")->getObject(0)->getObject(side)->getObject("parameter");
}

std::string Compact(const Poco::JSON::Object::Ptr& obj) {
    std::ostringstream out;
    obj->stringify(out);
    return out.str();
}

std::string ReadAll(const fs::path& path) {
    std::ifstream in(path, std::ios::binary);
    return std::string((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
}

class JobAttackTest : public ::testing::Test {
protected:
    void SetUp() override {
        host_ = std::make_unique<HostProcess>();
        ASSERT_TRUE(host_->Start()) << host_->output();
        files_ = host_->work_dir() + "/var/files";
        probe_ = std::make_unique<HealthProbe>(host_->port());
    }

    void TearDown() override {
        if (!probe_) {
            return;
        }
        probe_->Stop();
        EXPECT_TRUE(probe_->problems().empty()) << probe_->problems().front();
        // No canary anywhere the server wrote: store, job files, run logs, its own output.
        for (const auto& e : fs::recursive_directory_iterator(host_->work_dir())) {
            if (e.is_regular_file() && e.path().filename() != "dbbridge.yaml") {
                EXPECT_FALSE(Contains(ReadAll(e.path()), kCanary)) << e.path();
            }
        }
        EXPECT_FALSE(Contains(host_->output(), kCanary));
        for (const auto& body : responses_) {
            EXPECT_FALSE(Contains(body, kCanary)) << body;
        }
    }

    HttpReply Post(const std::string& uid, const std::string& path, const std::string& body, bool record = true) {
        host_->SetUid(uid);
        HttpReply r = host_->Post(path, body);
        if (record) {
            responses_.push_back(r.body);
        }
        return r;
    }

    HttpReply Get(const std::string& uid, const std::string& path, bool record = true) {
        host_->SetUid(uid);
        HttpReply r = host_->Get(path);
        if (record) {
            responses_.push_back(r.body);
        }
        return r;
    }

    // A MySQL datasource of uid's with the canary password (never connected to).
    std::int64_t SaveDatasource(const std::string& uid, const std::string& name) {
        auto r = Post(uid, "/api/datasource/save",
                      R"({"source_name": ")" + name +
                          R"(", "db_type": "MYSQL", "host": "127.0.0.1", "port": 1, "db_name": "app",
                           "username": "app", "password": ")" +
                          kCanary + R"("})");
        EXPECT_EQ(r.code(), 0) << r.body;
        return r.code() == 0 ? r.json->getObject("data")->getValue<std::int64_t>("id") : 0;
    }

    // Runs config id as uid and waits for the run to end; returns its status.
    std::string RunToEnd(const std::string& uid, const std::string& id) {
        auto exec = Post(uid, "/api/config/exec?id=" + id, "");
        EXPECT_EQ(exec.code(), 0) << exec.body;
        if (exec.code() != 0) {
            return "";
        }
        const std::string exec_id = std::to_string(exec.json->getObject("data")->getValue<std::int64_t>("id"));
        std::string status;
        for (int i = 0; i < 400; ++i) {
            auto log = Get(uid, "/api/config/log?id=" + exec_id);
            if (log.code() == 0 && log.json->getObject("data")->optValue<bool>("finished", false)) {
                return log.json->getObject("data")->optValue<std::string>("status", "");
            }
            std::this_thread::sleep_for(std::chrono::milliseconds(50));
        }
        return "still running";
    }

    static std::string SaveBody(const std::string& name, const std::string& job) {
        return R"({"config_name": ")" + name + R"(", "content": )" + job + "}";
    }

    // A job whose single content entry is an object (not an array) reading through reader_json.
    static std::string ObjectContentJob(const std::string& reader_json, const std::string& writer_json) {
        return R"({"job": {"setting": {"speed": {"channel": 1}}, "content": {"reader": )" + reader_json +
               R"(, "writer": )" + writer_json + "}}}";
    }

    static std::string StreamWriter() { return R"({"name": "streamwriter", "parameter": {"print": false}})"; }

    static std::string MysqlReader(const std::string& reference) {
        return R"({"name": "mysqlreader", "parameter": {)" + reference +
               R"(, "column": ["id"], "connection": [{"table": ["t"]}]}})";
    }

    std::unique_ptr<HostProcess> host_;
    std::unique_ptr<HealthProbe> probe_;
    std::string files_;
    std::vector<std::string> responses_;
};

TEST_F(JobAttackTest, AJobCannotUseAnotherUsersDatasourceInAnyForm) {
    const std::int64_t alice_ds = SaveDatasource("alice", "alice-db");
    ASSERT_GT(alice_ds, 0);
    const std::string by_id = "\"datasourceId\": " + std::to_string(alice_ds);
    const std::vector<std::pair<std::string, std::string>> attempts = {
        {ObjectContentJob(MysqlReader(by_id), StreamWriter()), "job.content[0].reader.parameter.datasourceId"},
        {ObjectContentJob(MysqlReader(R"("datasourceName": "alice-db")"), StreamWriter()),
         "job.content[0].reader.parameter.datasourceName"},
        {ObjectContentJob(R"({"name": "mysqlreader", "parameter": {"column": ["id"], "connection": [{)" + by_id +
                              R"(, "table": ["t"]}]}})",
                          StreamWriter()),
         "job.content[0].reader.parameter.connection[0].datasourceId"},
    };
    for (const auto& [job, path] : attempts) {
        auto r = Post("bob", "/api/config/save", SaveBody("steal", job));
        EXPECT_EQ(r.code(), 404) << r.body;
        EXPECT_TRUE(Contains(r.message(), path)) << r.body;
    }
    // Alice's own job by name is saved with the id it names, so it cannot drift to another's later.
    auto own = Post("alice", "/api/config/save",
                    SaveBody("mine", ObjectContentJob(MysqlReader(R"("datasourceName": "alice-db")"), StreamWriter())));
    ASSERT_EQ(own.code(), 0) << own.body;
    auto job = JobOf(own);
    ASSERT_TRUE(job->getObject("job")->isArray("content")) << Compact(job);  // stored in the one model
    auto parameter = SideParameter(job, "reader");
    EXPECT_EQ(parameter->optValue<std::int64_t>("datasourceId", 0), alice_ds) << Compact(job);
    EXPECT_FALSE(parameter->has("datasourceName")) << Compact(job);
}

TEST_F(JobAttackTest, ASavedJobCannotReadOrWriteOutsideTheFilesFolder) {
    const std::string txt_reader =
        R"({"name": "txtfilereader", "parameter": {"path": ["/etc/passwd"], "column": [{"index": 0, "type": "string"}],
            "fieldDelimiter": ":"}})";
    auto read_etc = Post("bob", "/api/config/save", SaveBody("etc", ObjectContentJob(txt_reader, StreamWriter())));
    EXPECT_EQ(read_etc.code(), 400) << read_etc.body;
    EXPECT_TRUE(Contains(read_etc.message(), "job.content[0].reader.parameter.path")) << read_etc.body;
    EXPECT_TRUE(Contains(read_etc.message(), "paths.files")) << read_etc.body;

    const std::string reader = R"({"name": "streamreader", "parameter": {"sliceRecordCount": 2,
        "column": [{"type": "string", "value": "row"}]}})";
    const std::string outside = fs::temp_directory_path().string() + "/dbbridge-escape-" + std::to_string(::getpid());
    auto stream_out = Post("bob", "/api/config/save",
                           SaveBody("out", ObjectContentJob(reader, R"({"name": "streamwriter", "parameter": {"print": true,
                               "path": ")" + outside + R"(", "fileName": "x.txt"}})")));
    EXPECT_EQ(stream_out.code(), 400) << stream_out.body;
    EXPECT_TRUE(Contains(stream_out.message(), "job.content[0].writer.parameter.path")) << stream_out.body;
    auto climb = Post("bob", "/api/config/save",
                      SaveBody("climb", ObjectContentJob(reader, R"({"name": "streamwriter", "parameter": {"print": true,
                          "path": ")" + files_ + R"(", "fileName": "../../escaped.txt"}})")));
    EXPECT_EQ(climb.code(), 400) << climb.body;
    EXPECT_TRUE(Contains(climb.message(), "job.content[0].writer.parameter.fileName")) << climb.body;
    EXPECT_FALSE(fs::exists(outside));

    // Inside the folder works, and the run writes there.
    auto inside = Post("bob", "/api/config/save",
                       SaveBody("in", ObjectContentJob(reader, R"({"name": "streamwriter", "parameter": {"print": true,
                           "path": ")" + files_ + R"(", "fileName": "rows.txt"}})")));
    ASSERT_EQ(inside.code(), 0) << inside.body;
    const std::string id = std::to_string(inside.json->getObject("data")->getValue<std::int64_t>("id"));
    EXPECT_EQ(RunToEnd("bob", id), "succeeded");
    EXPECT_TRUE(Contains(ReadAll(files_ + "/rows.txt"), "row"));
}

TEST_F(JobAttackTest, EveryPasswordInAJobIsSealedAndMasked) {
    const std::string job_text = std::string(R"({"job": {"setting": {"speed": {"channel": 1}}, "content": [{
        "reader": {"name": "mysqlreader", "parameter": {"username": "app", "password": ")") +
                            kCanary + R"(", "column": ["id"], "connection": [
            {"table": ["t"], "password": ")" + kCanary + R"(", "jdbcUrl": ["jdbc:mysql://app:)" + kCanary +
                            R"(@127.0.0.1:1/app?password=)" + kCanary + R"(&useSSL=false"]}]}},
        "writer": {"name": "streamwriter", "parameter": {"print": false,
            "connectionString": "DSN=x;UID=app;PWD={)" + kCanary + R"(};"}}}]}})";
    auto saved = Post("alice", "/api/config/save", SaveBody("secrets", job_text));
    ASSERT_EQ(saved.code(), 0) << saved.body;
    const std::string id = std::to_string(saved.json->getObject("data")->getValue<std::int64_t>("id"));
    auto job = JobOf(saved);
    auto reader = SideParameter(job, "reader");
    EXPECT_EQ(reader->getValue<std::string>("password"), "******");
    auto connection = reader->getArray("connection")->getObject(0);
    EXPECT_EQ(connection->getValue<std::string>("password"), "******");
    EXPECT_EQ(connection->getArray("jdbcUrl")->getElement<std::string>(0),
              "jdbc:mysql://app:******@127.0.0.1:1/app?password=******&useSSL=false");
    EXPECT_EQ(SideParameter(job, "writer")->getValue<std::string>("connectionString"), "DSN=x;UID=app;PWD={******};");
    for (const std::string& path : {"/api/config/get?id=" + id, std::string("/api/config/list"),
                                    std::string("/api/config/query")}) {
        auto r = Get("alice", path);
        EXPECT_EQ(r.code(), 0) << r.body;
        EXPECT_TRUE(Contains(r.body, "******")) << path;
    }
    // Sending the masked job back keeps every stored password.
    auto updated = Post("alice", "/api/config/update",
                        R"({"id": )" + id + R"(, "content": )" + Compact(job) + "}");
    EXPECT_EQ(updated.code(), 0) << updated.body;
    auto exported = Get("alice", "/api/config/export?id=" + id, /*record=*/false);
    ASSERT_EQ(exported.code(), 0) << exported.body;
    std::size_t seen = 0;
    for (std::size_t at = exported.body.find(kCanary); at != std::string::npos;
         at = exported.body.find(kCanary, at + 1)) {
        ++seen;
    }
    EXPECT_EQ(seen, 5u) << exported.body;  // only the owner's export shows them
    EXPECT_EQ(Get("bob", "/api/config/export?id=" + id).code(), 404);

    // A run fails to connect (port 1); its log must not show the password either (TearDown reads it).
    EXPECT_EQ(RunToEnd("alice", id), "failed");
}

TEST_F(JobAttackTest, MovingADatasourceToAnotherServerNeedsThePasswordAgain) {
    const std::int64_t id = SaveDatasource("alice", "moving");
    ASSERT_GT(id, 0);
    const std::string sid = std::to_string(id);
    for (const std::string& change : {std::string(R"("host": "attacker.example")"), std::string(R"("port": 4444)"),
                                      std::string(R"("username": "other")"), std::string(R"("db_type": "POSTGRESQL")")}) {
        auto r = Post("alice", "/api/datasource/update", R"({"id": )" + sid + ", " + change + "}");
        EXPECT_EQ(r.code(), 400) << change << " " << r.body;
        EXPECT_TRUE(Contains(r.message(), "password is required")) << r.body;
    }
    auto described = Post("alice", "/api/datasource/update", R"({"id": )" + sid + R"(, "description": "same server"})");
    EXPECT_EQ(described.code(), 0) << described.body;
    auto moved = Post("alice", "/api/datasource/update",
                      R"({"id": )" + sid + R"(, "host": "db2.example", "password": "new-secret"})");
    EXPECT_EQ(moved.code(), 0) << moved.body;
    EXPECT_TRUE(Contains(moved.body, "db2.example")) << moved.body;
}

TEST_F(JobAttackTest, OdbcConnectionStringsCannotLoadALibraryOrWriteFiles) {
    auto ping = [&](const std::string& connection_string) {
        return Post("alice", "/api/datasource/ping",
                    R"({"db_type": "ORACLE", "username": "u", "password": ")" + std::string(kCanary) +
                        R"(", "options": {"connection_string": ")" + connection_string + R"("}})");
    };
    const std::vector<std::pair<std::string, std::string>> attacks = {
        {"DSN=x;UID= {x;DRIVER=/tmp/evil.so;x}", "DRIVER '/tmp/evil.so' is a path"},
        {"DRIVER=/tmp/evil.so", "DRIVER '/tmp/evil.so' is a path"},
        {"DRIVER={libc.so.6}", "not a driver registered in odbcinst.ini"},
        {"FILEDSN=/tmp/x.dsn", "FILEDSN is not allowed"},
        {"DSN=x;SAVEFILE=/tmp/saved.dsn", "SAVEFILE is not allowed"},
        {"DSN=x;DMConnAttr={[105]=/tmp/trace.log}", "DMCONNATTR is not allowed"},
        {"DSN=x;TraceFile=/tmp/trace.log;Trace=Yes", "TRACEFILE is not allowed"},
    };
    for (const auto& [cs, expected] : attacks) {
        auto r = ping(cs);
        EXPECT_EQ(r.code(), 400) << cs << " " << r.body;
        EXPECT_TRUE(Contains(r.message(), expected)) << cs << " " << r.body;
    }
    EXPECT_FALSE(fs::exists("/tmp/saved.dsn"));
    EXPECT_FALSE(fs::exists("/tmp/trace.log"));
}

TEST_F(JobAttackTest, EverythingTheServerWritesIsForItsUserOnly) {
    ASSERT_GT(SaveDatasource("alice", "perm-db"), 0);
    const std::string reader = R"({"name": "streamreader", "parameter": {"sliceRecordCount": 2,
        "column": [{"type": "string", "value": "row"}]}})";
    auto saved = Post("alice", "/api/config/save",
                      SaveBody("perm", ObjectContentJob(reader, R"({"name": "streamwriter", "parameter": {"print": true,
                          "path": ")" + files_ + R"(", "fileName": "out.txt"}})")));
    ASSERT_EQ(saved.code(), 0) << saved.body;
    EXPECT_EQ(RunToEnd("alice", std::to_string(saved.json->getObject("data")->getValue<std::int64_t>("id"))),
              "succeeded");
    int checked = 0;
    for (const auto& e : fs::recursive_directory_iterator(host_->work_dir())) {
        const std::string name = e.path().filename().string();
        if (name == "dbbridge.yaml" || name == "host.log") {
            continue;  // written by the test, not the server
        }
        const auto perms = e.status().permissions();
        const auto others = fs::perms::group_all | fs::perms::others_all;
        EXPECT_EQ(perms & others, fs::perms::none) << e.path() << " is readable or writable by others";
        ++checked;
    }
    EXPECT_GE(checked, 6);  // store, key, job file, run log, the written file and their folders
}

}  // namespace
}  // namespace dbbridge::testing
