// /api/datasource/* over real HTTP against the real host, with real MariaDB and PostgreSQL.
#include <gtest/gtest.h>

#include <chrono>
#include <fstream>
#include <sstream>

#include "tests/support/host_process.h"
#include "tests/support/test_db.h"
#include "tests/support/test_env.h"

namespace dbbridge::testing {
namespace {

std::string DatasourceBody(const std::string& name, const std::string& url, const std::string& password_override = "",
                           int port_override = 0) {
    DbUrl u = ParseDbUrl(url);
    std::string type = u.scheme == "mysql" ? "MYSQL" : "POSTGRESQL";
    return "{\"source_name\":\"" + name + "\",\"description\":\"test\",\"db_type\":\"" + type + "\",\"host\":\"" +
           u.host + "\",\"port\":" + std::to_string(port_override ? port_override : u.port) + ",\"db_name\":\"" +
           u.database + "\",\"username\":\"" + u.user + "\",\"password\":\"" +
           (password_override.empty() ? u.password : password_override) + "\",\"project\":\"proj\"}";
}

class DatasourceApiTest : public ::testing::Test {
protected:
    void SetUp() override {
        auto my = EnvVar("DBBRIDGE_TEST_MYSQL");
        auto pg = EnvVar("DBBRIDGE_TEST_PG");
        if (!my || !pg) {
            GTEST_SKIP() << "DBBRIDGE_TEST_MYSQL / DBBRIDGE_TEST_PG are not set (scripts/db-up.sh sets them)";
        }
        mysql_ = *my;
        pg_ = *pg;
        host_ = std::make_unique<HostProcess>();
        ASSERT_TRUE(host_->Start()) << host_->output();
        // DatasourceBody puts datasources into project "proj": the default user must be a member.
        host_->TokenFor(HostProcess::kDefaultUser);
        host_->SetUid("admin");
        ASSERT_EQ(host_->Post("/api/projects", R"({"name":"proj"})").code(), 0);
        ASSERT_EQ(host_->Post("/api/projects/members", R"({"project":"proj","user":"tester"})").code(), 0);
        host_->SetUid("");
    }

    std::int64_t Save(const std::string& body) {
        auto r = host_->Post("/api/datasource/save", body);
        EXPECT_EQ(r.code(), 0) << r.body;
        if (r.code() != 0) {
            return 0;
        }
        return r.json->getObject("data")->getValue<std::int64_t>("id");
    }

    std::string mysql_;
    std::string pg_;
    std::unique_ptr<HostProcess> host_;
};

TEST_F(DatasourceApiTest, SavePingTablesColumnsOnBothServers) {
    ExecSql(mysql_, {"DROP TABLE IF EXISTS dsapi_types",
                     "CREATE TABLE dsapi_types (id BIGINT PRIMARY KEY, name VARCHAR(64) NOT NULL, "
                     "amount DECIMAL(12,2), created DATETIME(3), flag TINYINT, body TEXT, raw BLOB)"});
    ExecSql(pg_, {"DROP TABLE IF EXISTS dsapi_types",
                  "CREATE TABLE dsapi_types (id BIGINT PRIMARY KEY, name VARCHAR(64) NOT NULL, "
                  "amount NUMERIC(12,2), created TIMESTAMP(3), flag BOOLEAN, body TEXT, raw BYTEA)"});
    std::int64_t my_id = Save(DatasourceBody("dsapi-my", mysql_));
    std::int64_t pg_id = Save(DatasourceBody("dsapi-pg", pg_));
    ASSERT_GT(my_id, 0);
    ASSERT_GT(pg_id, 0);

    for (auto id : {my_id, pg_id}) {
        auto ping = host_->Post("/api/datasource/ping", "{\"id\":" + std::to_string(id) + "}");
        ASSERT_EQ(ping.code(), 0) << ping.body;
        auto data = ping.json->getObject("data");
        EXPECT_GE(data->getValue<double>("latency_ms"), 0.0);
        EXPECT_FALSE(data->getValue<std::string>("server_version").empty());

        auto tables = host_->Get("/api/datasource/tables?id=" + std::to_string(id));
        ASSERT_EQ(tables.code(), 0) << tables.body;
        EXPECT_NE(tables.body.find("\"dsapi_types\""), std::string::npos) << tables.body;

        auto cols = host_->Get("/api/datasource/columns?id=" + std::to_string(id) + "&tableName=dsapi_types");
        ASSERT_EQ(cols.code(), 0) << cols.body;
        auto arr = cols.json->getArray("data");
        ASSERT_EQ(arr->size(), 7u) << cols.body;
        auto col = [&](unsigned i) { return arr->getObject(i); };
        EXPECT_EQ(col(0)->getValue<std::string>("name"), "id");
        EXPECT_EQ(col(0)->getValue<int>("jdbcType"), -5);
        EXPECT_FALSE(col(0)->getValue<bool>("nullable"));
        EXPECT_EQ(col(1)->getValue<int>("jdbcType"), 12);
        EXPECT_EQ(col(2)->getValue<int>("jdbcType"), 3);
        EXPECT_EQ(col(3)->getValue<int>("jdbcType"), 93);
        EXPECT_EQ(col(5)->getValue<int>("jdbcType"), -1);
        EXPECT_TRUE(col(2)->getValue<bool>("nullable"));
    }
}

TEST_F(DatasourceApiTest, PingUnsavedSeedExampleWithStringPort) {
    DbUrl u = ParseDbUrl(mysql_);
    std::string body = "{\"source_name\":\"mysql\",\"description\":\"aliyun\",\"host\":\"" + u.host + "\",\"port\":\"" +
                       std::to_string(u.port) + "\",\"user\":\"" + u.user + "\",\"password\":\"" + u.password +
                       "\",\"database\":\"" + u.database + "\",\"db_type\":\"mysql\"}";
    auto r = host_->Post("/api/datasource/ping", body);
    EXPECT_EQ(r.code(), 0) << r.body;
}

TEST_F(DatasourceApiTest, WrongPasswordAndUnreachablePortAreClearAndBounded) {
    auto bad = host_->Post("/api/datasource/ping", DatasourceBody("x", pg_, "not-the-password"));
    EXPECT_EQ(bad.code(), 401) << bad.body;
    EXPECT_EQ(bad.body.find("not-the-password"), std::string::npos) << bad.body;

    auto start = std::chrono::steady_clock::now();
    auto down = host_->Post("/api/datasource/ping", DatasourceBody("x", mysql_, "", 1));
    auto took = std::chrono::steady_clock::now() - start;
    EXPECT_EQ(down.code(), 503) << down.body;
    EXPECT_NE(down.message().find("127.0.0.1:1"), std::string::npos) << down.body;
    EXPECT_LT(took, std::chrono::seconds(15));
}

TEST_F(DatasourceApiTest, InjectionInTableNameChangesNothing) {
    ExecSql(pg_, {"DROP TABLE IF EXISTS dsapi_victim", "CREATE TABLE dsapi_victim (id INT)"});
    ExecSql(mysql_, {"DROP TABLE IF EXISTS dsapi_victim", "CREATE TABLE dsapi_victim (id INT)"});
    std::int64_t my_id = Save(DatasourceBody("dsapi-inj-my", mysql_));
    std::int64_t pg_id = Save(DatasourceBody("dsapi-inj-pg", pg_));
    for (auto id : {my_id, pg_id}) {
        for (const char* evil :
             {"x%27%3B%20DROP%20TABLE%20dsapi_victim%3B%20--", "x%60%3B%20DROP%20TABLE%20dsapi_victim%3B%20--",
              "x%22%3B%20DROP%20TABLE%20dsapi_victim%3B%20--"}) {
            auto r = host_->Get("/api/datasource/columns?id=" + std::to_string(id) + "&tableName=" + evil);
            EXPECT_NE(r.code(), 0) << r.body;
        }
    }
    EXPECT_EQ(QueryScalar(pg_, "SELECT count(*) FROM dsapi_victim"), "0");
    EXPECT_EQ(QueryScalar(mysql_, "SELECT count(*) FROM dsapi_victim"), "0");
}

TEST_F(DatasourceApiTest, PagingFilteringDuplicatesAndPasswordsNeverReturned) {
    for (int i = 0; i < 3; ++i) {
        Save(DatasourceBody("dsapi-page-my-" + std::to_string(i), mysql_));
    }
    Save(DatasourceBody("dsapi-page-pg", pg_));
    auto dup = host_->Post("/api/datasource/save", DatasourceBody("dsapi-page-pg", pg_));
    EXPECT_EQ(dup.code(), 409) << dup.body;
    EXPECT_NE(dup.message().find("dsapi-page-pg"), std::string::npos);

    auto page = host_->Get("/api/datasource/query?page=2&pageSize=2&db_type=mysql");
    ASSERT_EQ(page.code(), 0) << page.body;
    auto data = page.json->getObject("data");
    EXPECT_EQ(data->getValue<int>("total"), 3);
    EXPECT_EQ(data->getValue<int>("page"), 2);
    EXPECT_EQ(data->getValue<int>("pageSize"), 2);
    EXPECT_EQ(data->getArray("items")->size(), 1u);

    auto list = host_->Get("/api/datasource/list?db_type=POSTGRESQL");
    ASSERT_EQ(list.code(), 0);
    EXPECT_EQ(list.json->getArray("data")->size(), 1u);

    DbUrl my = ParseDbUrl(mysql_);
    DbUrl pg = ParseDbUrl(pg_);
    for (const auto& body : {page.body, list.body, host_->Get("/api/datasource/get?id=1").body}) {
        EXPECT_EQ(body.find("\"password\""), std::string::npos) << body;
        EXPECT_NE(body.find("\"has_password\":true"), std::string::npos) << body;
    }
    // The password is not stored in clear in the SQLite file.
    std::ifstream db(host_->work_dir() + "/dbbridge.db", std::ios::binary);
    std::stringstream raw;
    raw << db.rdbuf();
    std::ifstream wal(host_->work_dir() + "/dbbridge.db-wal", std::ios::binary);
    raw << wal.rdbuf();
    EXPECT_NE(raw.str().find("dsapi-page-pg"), std::string::npos);  // proves we read the right file
    EXPECT_EQ(raw.str().find("\"" + pg.password + "\""), std::string::npos);
    EXPECT_EQ(raw.str().find("password\":\"" + my.password), std::string::npos);
}

TEST_F(DatasourceApiTest, UpdateDeleteAndErrorsNameTheField) {
    std::int64_t id = Save(DatasourceBody("dsapi-upd", pg_));
    auto upd = host_->Post("/api/datasource/update", "{\"id\":" + std::to_string(id) + ",\"description\":\"new\"}");
    ASSERT_EQ(upd.code(), 0) << upd.body;
    EXPECT_EQ(upd.json->getObject("data")->getValue<std::string>("description"), "new");
    // The password was kept: ping still works.
    EXPECT_EQ(host_->Post("/api/datasource/ping", "{\"id\":" + std::to_string(id) + "}").code(), 0);

    auto malformed = host_->Post("/api/datasource/save", "{\"source_name\": ");
    EXPECT_EQ(malformed.code(), 400);
    EXPECT_NE(malformed.message().find("not valid JSON"), std::string::npos) << malformed.body;
    auto missing = host_->Post("/api/datasource/save", "{\"db_type\":\"MYSQL\"}");
    EXPECT_EQ(missing.code(), 400);
    EXPECT_NE(missing.message().find("source_name"), std::string::npos) << missing.body;
    auto bad_port = host_->Post("/api/datasource/save", "{\"source_name\":\"a\",\"db_type\":\"MYSQL\",\"port\":70000}");
    EXPECT_EQ(bad_port.code(), 400);
    EXPECT_NE(bad_port.message().find("port"), std::string::npos) << bad_port.body;
    auto bad_type = host_->Post("/api/datasource/save",
                                "{\"source_name\":\"a\",\"db_type\":\"SYBASE\",\"host\":\"h\",\"username\":\"u\"}");
    EXPECT_EQ(bad_type.code(), 400);
    EXPECT_NE(bad_type.message().find("db_type"), std::string::npos) << bad_type.body;
    auto unknown_field = host_->Post("/api/datasource/save", "{\"source_name\":\"a\",\"dbtype\":\"MYSQL\"}");
    EXPECT_EQ(unknown_field.code(), 400);
    EXPECT_NE(unknown_field.message().find("dbtype"), std::string::npos) << unknown_field.body;
    auto not_object = host_->Post("/api/datasource/save", "[1,2]");
    EXPECT_EQ(not_object.code(), 400);
    auto bad_page = host_->Get("/api/datasource/query?page=0");
    EXPECT_EQ(bad_page.code(), 400);
    EXPECT_NE(bad_page.message().find("page"), std::string::npos);

    // The delete body is {"id": N} alone, as for /api/config/delete: a typo is named, nothing is deleted.
    auto typo = host_->Post("/api/datasource/delete", "{\"id\":" + std::to_string(id) + ",\"forse\":true}");
    EXPECT_EQ(typo.code(), 400);
    EXPECT_NE(typo.message().find("forse"), std::string::npos) << typo.body;
    auto no_id = host_->Post("/api/datasource/delete", "");
    EXPECT_EQ(no_id.code(), 400);
    EXPECT_NE(no_id.message().find("'id'"), std::string::npos) << no_id.body;
    EXPECT_EQ(host_->Get("/api/datasource/get?id=" + std::to_string(id)).code(), 0);
    EXPECT_EQ(host_->Get("/api/datasource/query?page=1000001").code(), 400);
    auto del = host_->Post("/api/datasource/delete", "{\"id\":" + std::to_string(id) + "}");
    EXPECT_EQ(del.code(), 0) << del.body;
    EXPECT_EQ(host_->Get("/api/datasource/get?id=" + std::to_string(id)).code(), 404);
    EXPECT_EQ(host_->Post("/api/datasource/delete", "{\"id\":" + std::to_string(id) + "}").code(), 404);
}

TEST_F(DatasourceApiTest, UsersSeeOnlyTheirOwnDatasources) {
    std::int64_t id = Save(DatasourceBody("dsapi-owned", pg_));
    ASSERT_GT(id, 0);
    EXPECT_EQ(host_->Get("/api/datasource/get?id=" + std::to_string(id)).code(), 0);
    // Another user (logged in as bob) cannot see, change or delete it, and may reuse the name.
    host_->SetUid("bob");
    EXPECT_EQ(host_->Get("/api/datasource/get?id=" + std::to_string(id)).code(), 404);
    EXPECT_EQ(host_->Post("/api/datasource/delete", "{\"id\":" + std::to_string(id) + "}").code(), 404);
    auto list = host_->Get("/api/datasource/list");
    ASSERT_EQ(list.code(), 0);
    EXPECT_EQ(list.json->getArray("data")->size(), 0u) << list.body;
    // DatasourceBody saves into project "proj": bob must be a member to put one there.
    host_->SetUid("admin");
    ASSERT_EQ(host_->Post("/api/projects/members", R"({"project":"proj","user":"bob"})").code(), 0);
    host_->SetUid("bob");
    EXPECT_GT(Save(DatasourceBody("dsapi-owned", pg_)), 0);
}

TEST_F(DatasourceApiTest, APasswordInTheConnectionStringIsNeverEchoedOrStoredInClear) {
    const std::string secret = "CsSecret55";
    auto saved = host_->Post("/api/datasource/save", R"({"source_name": "dsapi-cs", "db_type": "ORACLE",
        "username": "app", "options": {"connection_string": "Server=h;UID=app;PWD=)" +
                                                         secret + R"("}})");
    ASSERT_EQ(saved.code(), 0) << saved.body;
    EXPECT_FALSE(saved.body.find(secret) != std::string::npos) << saved.body;
    EXPECT_TRUE(saved.json->getObject("data")->getValue<bool>("has_password")) << saved.body;
    const std::string id = std::to_string(saved.json->getObject("data")->getValue<std::int64_t>("id"));
    for (const std::string& path :
         {"/api/datasource/get?id=" + id, std::string("/api/datasource/list"), std::string("/api/datasource/query")}) {
        auto r = host_->Get(path);
        EXPECT_EQ(r.code(), 0) << path << " " << r.body;
        EXPECT_EQ(r.body.find(secret), std::string::npos) << path << " " << r.body;
    }
    std::ifstream in(host_->work_dir() + "/dbbridge.db", std::ios::binary);
    std::stringstream db;
    db << in.rdbuf();
    EXPECT_EQ(db.str().find(secret), std::string::npos);

    auto both = host_->Post("/api/datasource/save", R"({"source_name": "dsapi-cs2", "db_type": "ORACLE",
        "username": "app", "password": "x", "options": {"connection_string": "Server=h;PWD=y"}})");
    EXPECT_EQ(both.code(), 400) << both.body;
    EXPECT_NE(both.message().find("options.connection_string"), std::string::npos) << both.body;

    auto nul = host_->Post("/api/datasource/save", DatasourceBody("\\u0000x", pg_));
    EXPECT_EQ(nul.code(), 400) << nul.body;
    EXPECT_NE(nul.message().find("source_name"), std::string::npos) << nul.body;
}

}  // namespace
}  // namespace dbbridge::testing
