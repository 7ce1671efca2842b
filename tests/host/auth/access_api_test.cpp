// Who may do what, over real HTTP (SQLite store, no database needed): alice owns a datasource and
// a job config in project "sales"; bob is a member of sales and may use them but not change,
// delete or export them; eve is in no project and sees nothing; the admin may do everything, and
// an export is audited. Each object is checked when used: removing bob from sales shuts him out.
#include <gtest/gtest.h>

#include "tests/support/host_process.h"

namespace dbbridge::testing {
namespace {

std::string DataId(const HttpReply& r) {
    return r.json && r.json->has("data") ? r.json->getObject("data")->get("id").convert<std::string>() : "";
}

class AccessApiTest : public ::testing::Test {
protected:
    void SetUp() override {
        host_ = std::make_unique<HostProcess>();
        ASSERT_TRUE(host_->Start()) << host_->output();
        for (const char* user : {"alice", "bob", "eve"}) {
            ASSERT_FALSE(host_->TokenFor(user).empty()) << user;
        }
        host_->SetUid("admin");
        ASSERT_EQ(host_->Post("/api/projects", R"({"name":"sales","description":"the sales team"})").code(), 0);
        for (const char* user : {"alice", "bob"}) {
            auto added = host_->Post("/api/projects/members", std::string(R"({"project":"sales","user":")") + user +
                                                                  "\"}");
            ASSERT_EQ(added.code(), 0) << added.body;
        }
        host_->SetUid("alice");
        // Nothing listens on port 1: a ping that gets as far as connecting fails with 503, not 404.
        auto ds = host_->Post("/api/datasource/save",
                              R"({"source_name":"crm","db_type":"POSTGRESQL","host":"127.0.0.1","port":1,)"
                              R"("db_name":"crm","username":"crm","password":"crm-canary-secret","project":"sales"})");
        ASSERT_EQ(ds.code(), 0) << ds.body;
        ds_id_ = DataId(ds);
        auto job = host_->Post("/api/config/save", R"({"config_name":"nightly","project":"sales","content":{"job":{
            "setting":{"speed":{"channel":1}},"content":[{
            "reader":{"name":"streamreader","parameter":{"sliceRecordCount":3,"column":[{"type":"long","value":"1"}]}},
            "writer":{"name":"streamwriter","parameter":{"print":false}}}]}}})");
        ASSERT_EQ(job.code(), 0) << job.body;
        job_id_ = DataId(job);
    }

    std::unique_ptr<HostProcess> host_;
    std::string ds_id_;
    std::string job_id_;
};

TEST_F(AccessApiTest, AProjectMemberUsesButCannotChangeDeleteOrExport) {
    host_->SetUid("bob");
    EXPECT_EQ(host_->Get("/api/datasource/get?id=" + ds_id_).code(), 0);
    EXPECT_NE(host_->Get("/api/datasource/query").body.find("\"crm\""), std::string::npos);
    EXPECT_NE(host_->Get("/api/datasource/list").body.find("\"crm\""), std::string::npos);
    // The list filters run on the server, over what bob may see only.
    EXPECT_NE(host_->Get("/api/datasource/query?project=sales&name=CR").body.find("\"crm\""), std::string::npos);
    EXPECT_EQ(host_->Get("/api/datasource/query?project=finance").json->getObject("data")->getValue<int>("total"), 0);
    EXPECT_EQ(host_->Get("/api/datasource/query?name=zzz").json->getObject("data")->getValue<int>("total"), 0);
    auto ping = host_->Post("/api/datasource/ping", "{\"id\":" + ds_id_ + "}");
    EXPECT_NE(ping.code(), 404) << ping.body;
    EXPECT_NE(host_->Get("/api/datasource/tables?id=" + ds_id_).code(), 404);

    auto update = host_->Post("/api/datasource/update", "{\"id\":" + ds_id_ + ",\"description\":\"mine now\"}");
    EXPECT_EQ(update.code(), 403) << update.body;
    EXPECT_NE(update.message().find("only its owner or an admin"), std::string::npos) << update.body;
    auto del = host_->Post("/api/datasource/delete", "{\"id\":" + ds_id_ + "}");
    EXPECT_EQ(del.code(), 403) << del.body;
    EXPECT_NE(del.message().find("only its owner or an admin"), std::string::npos) << del.body;

    EXPECT_EQ(host_->Get("/api/config/get?id=" + job_id_).code(), 0);
    EXPECT_NE(host_->Get("/api/config/query").body.find("\"nightly\""), std::string::npos);
    auto run = host_->Post("/api/config/exec?id=" + job_id_, "");
    EXPECT_EQ(run.code(), 0) << run.body;
    EXPECT_EQ(host_->Get("/api/config/logs?configId=" + job_id_).code(), 0);
    EXPECT_EQ(host_->Get("/api/config/log?id=" + DataId(run)).code(), 0);
    auto exported = host_->Get("/api/config/export?id=" + job_id_);
    EXPECT_EQ(exported.code(), 403) << exported.body;
    EXPECT_NE(exported.message().find("only its owner or an admin"), std::string::npos) << exported.body;
    EXPECT_EQ(exported.body.find("crm-canary-secret"), std::string::npos);
    EXPECT_EQ(host_->Post("/api/config/update", "{\"id\":" + job_id_ + ",\"description\":\"x\"}").code(), 403);
    EXPECT_EQ(host_->Post("/api/config/delete", "{\"id\":" + job_id_ + "}").code(), 403);
    EXPECT_EQ(host_->Get("/api/config/get?id=" + job_id_).code(), 0);  // still there

    // Bob cannot put his own objects into a project he is not in.
    auto elsewhere = host_->Post("/api/datasource/save",
                                 R"({"source_name":"x","db_type":"POSTGRESQL","host":"127.0.0.1","port":1,)"
                                 R"("db_name":"x","username":"x","password":"x","project":"finance"})");
    EXPECT_EQ(elsewhere.code(), 400) << elsewhere.body;
    EXPECT_NE(elsewhere.message().find("project"), std::string::npos) << elsewhere.body;
}

TEST_F(AccessApiTest, AnotherUserGets404ForEveryEndpointOfAlicesObjects) {
    host_->SetUid("eve");
    const std::string ds = "{\"id\":" + ds_id_ + "}";
    for (const auto& r : {host_->Get("/api/datasource/get?id=" + ds_id_), host_->Post("/api/datasource/ping", ds),
                          host_->Get("/api/datasource/tables?id=" + ds_id_),
                          host_->Get("/api/datasource/columns?id=" + ds_id_ + "&tableName=t"),
                          host_->Post("/api/datasource/update", "{\"id\":" + ds_id_ + ",\"description\":\"x\"}"),
                          host_->Post("/api/datasource/delete", ds), host_->Get("/api/config/get?id=" + job_id_),
                          host_->Get("/api/config/export?id=" + job_id_), host_->Post("/api/config/exec?id=" + job_id_, ""),
                          host_->Get("/api/config/logs?configId=" + job_id_),
                          host_->Post("/api/config/update", "{\"id\":" + job_id_ + ",\"description\":\"x\"}"),
                          host_->Post("/api/config/delete", "{\"id\":" + job_id_ + "}")}) {
        EXPECT_EQ(r.code(), 404) << r.body;
        EXPECT_EQ(r.body.find("crm-canary-secret"), std::string::npos);
    }
    EXPECT_EQ(host_->Get("/api/datasource/query").body.find("\"crm\""), std::string::npos);
    EXPECT_EQ(host_->Get("/api/config/list").body.find("\"nightly\""), std::string::npos);
    EXPECT_EQ(host_->Get("/api/datasource/query?project=sales&name=crm").json->getObject("data")->getValue<int>("total"),
              0);

    // A run of alice's job is equally invisible.
    host_->SetUid("alice");
    auto run = host_->Post("/api/config/exec?id=" + job_id_, "");
    ASSERT_EQ(run.code(), 0) << run.body;
    host_->SetUid("eve");
    EXPECT_EQ(host_->Get("/api/config/log?id=" + DataId(run)).code(), 404);
    EXPECT_EQ(host_->Post("/api/config/kill?id=" + DataId(run), "").code(), 404);
}

// GET /api/runs lists runs across job configs, only of those the user may use.
TEST_F(AccessApiTest, TheListOfAllRunsHoldsOnlyRunsOfConfigsTheUserMayUse) {
    auto exec = [&](const std::string& job) {
        auto run = host_->Post("/api/config/exec?id=" + job, "");
        EXPECT_EQ(run.code(), 0) << run.body;
        return "\"id\":" + DataId(run) + ",\"config_id\":" + job + ",";
    };
    host_->SetUid("alice");
    const std::string alices = exec(job_id_);
    host_->SetUid("eve");
    auto job = host_->Post("/api/config/save", R"({"config_name":"eves","content":{"job":{
        "setting":{"speed":{"channel":1}},"content":[{
        "reader":{"name":"streamreader","parameter":{"sliceRecordCount":1,"column":[{"type":"long","value":"1"}]}},
        "writer":{"name":"streamwriter","parameter":{"print":false}}}]}}})");
    ASSERT_EQ(job.code(), 0) << job.body;
    const std::string eves = exec(DataId(job));

    auto total = [&](const std::string& query) {
        auto r = host_->Get("/api/runs" + query);
        EXPECT_EQ(r.code(), 0) << r.body;
        return r.code() == 0 ? r.json->getObject("data")->getValue<int>("total") : -1;
    };
    auto body = [&](const std::string& query) { return host_->Get("/api/runs" + query).body; };
    EXPECT_EQ(total(""), 1);
    EXPECT_NE(body("").find(eves), std::string::npos) << body("");
    host_->SetUid("bob");  // a member of alice's project
    EXPECT_EQ(total(""), 1);
    EXPECT_NE(body("").find(alices), std::string::npos) << body("");
    host_->SetUid("admin");
    EXPECT_EQ(total(""), 2);
    EXPECT_EQ(total("?from=2000-01-01&to=2999-12-31T00:00:00Z"), 2);
    EXPECT_EQ(total("?to=2000-01-01"), 0);
    EXPECT_EQ(total("?status=killed"), 0);
    auto bad = host_->Get("/api/runs?status=done");
    EXPECT_EQ(bad.code(), 400) << bad.body;
    EXPECT_NE(bad.message().find("status"), std::string::npos) << bad.body;
    auto when = host_->Get("/api/runs?from=yesterday");
    EXPECT_EQ(when.code(), 400) << when.body;
    EXPECT_NE(when.message().find("from"), std::string::npos) << when.body;
}

TEST_F(AccessApiTest, TheAdminMayDoEverythingAndTheExportIsAudited) {
    host_->SetUid("admin");
    EXPECT_EQ(host_->Get("/api/datasource/get?id=" + ds_id_).code(), 0);
    auto exported = host_->Get("/api/config/export?id=" + job_id_);
    EXPECT_EQ(exported.code(), 0) << exported.body;
    auto audit = host_->Get("/api/audit?action=job.export");
    ASSERT_EQ(audit.code(), 0) << audit.body;
    EXPECT_NE(audit.body.find("\"actor\":\"admin\""), std::string::npos) << audit.body;
    EXPECT_NE(audit.body.find("\"object_id\":\"" + job_id_ + "\""), std::string::npos) << audit.body;
    auto created = host_->Get("/api/audit?action=datasource.create");
    EXPECT_NE(created.body.find("\"actor\":\"alice\""), std::string::npos) << created.body;
    EXPECT_EQ(host_->Post("/api/datasource/update", "{\"id\":" + ds_id_ + ",\"description\":\"by admin\"}").code(),
              0);
}

TEST_F(AccessApiTest, LeavingTheProjectEndsAccessAtTheNextRequest) {
    host_->SetUid("bob");
    ASSERT_EQ(host_->Get("/api/datasource/get?id=" + ds_id_).code(), 0);
    host_->SetUid("admin");
    ASSERT_EQ(host_->Delete("/api/projects/members?project=sales&user=bob").code(), 0);
    host_->SetUid("bob");
    EXPECT_EQ(host_->Get("/api/datasource/get?id=" + ds_id_).code(), 404);
    EXPECT_EQ(host_->Post("/api/config/exec?id=" + job_id_, "").code(), 404);
    auto me = host_->Get("/api/auth/me");
    EXPECT_EQ(me.body.find("sales"), std::string::npos) << me.body;
}

}  // namespace
}  // namespace dbbridge::testing
