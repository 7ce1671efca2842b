// /multiplex/* over real HTTP: the seed's validation codes reach the client unchanged.
#include <gtest/gtest.h>

#include "tests/support/host_process.h"

namespace dbbridge::testing {
namespace {

class MultiplexApiTest : public ::testing::Test {
protected:
    static void SetUpTestSuite() {
        host_ = new HostProcess();
        ASSERT_TRUE(host_->Start()) << host_->output();
    }
    static void TearDownTestSuite() {
        delete host_;
        host_ = nullptr;
    }
    static HostProcess* host_;
};
HostProcess* MultiplexApiTest::host_ = nullptr;

TEST_F(MultiplexApiTest, UnparsableBodyIs10000NamingTheToken) {
    auto r = host_->Post("/multiplex/multiplex",
                         R"({"sourceDialect":"ORACLE","needTransform":ture,"bulkMode":1,"targetDialectInfos":[]})");
    EXPECT_EQ(r.http_status, 200);
    EXPECT_EQ(r.code(), 10000) << r.body;
    EXPECT_NE(r.message().find("ture"), std::string::npos) << r.body;
}

TEST_F(MultiplexApiTest, EmptyBodyIs10000AndMissingTargetsIs10001) {
    EXPECT_EQ(host_->Post("/multiplex/multiplex", "").code(), 10000);
    auto r = host_->Post("/multiplex/multiplex", R"({"sourceDialect":"ORACLE","needTransform":true,"bulkMode":1})");
    EXPECT_EQ(r.code(), 10001) << r.body;
}

TEST_F(MultiplexApiTest, ReportNeedsTraceIdAndUnknownIs40002) {
    EXPECT_EQ(host_->Get("/multiplex/report").code(), 40004);
    EXPECT_EQ(host_->Get("/multiplex/report?traceId=84cbb67ad75b47b689445f33c3d4cef3").code(), 40002);
    auto html = host_->Get("/multiplex/report.html?traceId=%3Cscript%3E");
    EXPECT_EQ(html.http_status, 200);
    EXPECT_EQ(html.body.find("<script>"), std::string::npos) << html.body;  // escaped
    auto list = host_->Get("/multiplex/reports?page=1&pageSize=5");
    EXPECT_EQ(list.code(), 0) << list.body;
}

// The report list's filters are checked before the store is asked; each error names its field.
TEST_F(MultiplexApiTest, ReportListFiltersAreValidated) {
    auto status = host_->Get("/multiplex/reports?status=done");
    EXPECT_EQ(status.code(), 10000) << status.body;
    EXPECT_NE(status.message().find("status"), std::string::npos) << status.body;
    auto consistent = host_->Get("/multiplex/reports?consistent=maybe");
    EXPECT_NE(consistent.code(), 0) << consistent.body;
    EXPECT_NE(consistent.message().find("consistent"), std::string::npos) << consistent.body;
    auto from = host_->Get("/multiplex/reports?from=yesterday");
    EXPECT_NE(from.code(), 0) << from.body;
    EXPECT_NE(from.message().find("from"), std::string::npos) << from.body;
    auto backwards = host_->Get("/multiplex/reports?from=2026-12-03&to=2026-12-02");
    EXPECT_EQ(backwards.code(), 10000) << backwards.body;
    EXPECT_NE(backwards.message().find("from"), std::string::npos) << backwards.body;
    auto size = host_->Get("/multiplex/reports?pageSize=5000");
    EXPECT_NE(size.code(), 0) << size.body;
    EXPECT_NE(size.message().find("pageSize"), std::string::npos) << size.body;
}

// The acting user scopes multiplex like the datasource API: alice's datasource (routed by name or by
// multiplex.targets) is unknown to bob, and her report is 40002 for him; the admin reads both. Nothing
// listens on the datasource's port, so her run fails to connect and is stored as a failed report.
TEST(MultiplexApiOwnershipTest, AnotherUsersDatasourceAndReportAreOutOfReach) {
    HostProcess host("multiplex:\n  targets:\n    LIGHTDB_ORACLE: pg1\n");
    ASSERT_TRUE(host.Start()) << host.output();
    host.SetUid("alice");
    auto saved = host.Post("/api/datasource/save",
                           R"({"source_name":"pg1","db_type":"LIGHTDB_ORACLE","host":"127.0.0.1","port":1,)"
                           R"("db_name":"app","username":"app","password":"app"})");
    ASSERT_EQ(saved.code(), 0) << saved.body;
    const std::string request = R"({"sourceDialect":"ORACLE","needTransform":false,"traceId":"own-TRACE",
      "targetDialectInfos":[{"targetDialect":"ORACLE","datasourceName":"pg1","sql":"select 1 as x"},
                            {"targetDialect":"LIGHTDB_ORACLE","sql":"select 1 as x"}]})";
    auto with_trace = [&](const std::string& trace) {
        std::string b = request;
        b.replace(b.find("TRACE"), 5, trace);
        return b;
    };

    host.SetUid("bob");
    auto bob = host.Post("/multiplex/multiplex", with_trace("bob"));
    EXPECT_EQ(bob.code(), 30000) << bob.body;
    EXPECT_NE(bob.message().find("[ORACLE] 数据源[pg1]无法解析"), std::string::npos) << bob.body;
    EXPECT_NE(bob.message().find("[LIGHTDB_ORACLE] 数据源[pg1]无法解析"), std::string::npos) << bob.body;
    EXPECT_EQ(bob.message().find("连接失败"), std::string::npos) << bob.body;  // never got as far as connecting

    host.SetUid("alice");
    auto alice = host.Post("/multiplex/multiplex", with_trace("alice"));
    EXPECT_EQ(alice.code(), 30000) << alice.body;
    EXPECT_NE(alice.message().find("连接失败"), std::string::npos) << alice.body;  // her route resolved
    EXPECT_EQ(host.Get("/multiplex/report?traceId=own-alice").code(), 0);
    auto mine = host.Get("/multiplex/reports?page=1&pageSize=10");
    EXPECT_NE(mine.body.find("own-alice"), std::string::npos) << mine.body;
    // The filters narrow her list on the server: her report failed, its consistency is unknown.
    EXPECT_NE(host.Get("/multiplex/reports?status=failed&consistent=unknown&from=2020-01-01").body.find("own-alice"),
              std::string::npos);
    auto complete = host.Get("/multiplex/reports?status=complete");
    EXPECT_EQ(complete.code(), 0) << complete.body;
    EXPECT_NE(complete.body.find("\"total\":0"), std::string::npos) << complete.body;
    EXPECT_EQ(host.Get("/multiplex/reports?consistent=false").body.find("own-alice"), std::string::npos);
    EXPECT_EQ(host.Get("/multiplex/reports?to=2020-01-01").body.find("own-alice"), std::string::npos);

    host.SetUid("bob");
    auto peek = host.Get("/multiplex/report?traceId=own-alice");
    EXPECT_EQ(peek.code(), 40002) << peek.body;
    EXPECT_EQ(host.Get("/multiplex/report.html?traceId=own-alice").body.find("select 1 as x"), std::string::npos);
    auto theirs = host.Get("/multiplex/reports?page=1&pageSize=10");
    EXPECT_EQ(theirs.code(), 0) << theirs.body;
    EXPECT_EQ(theirs.body.find("own-alice"), std::string::npos) << theirs.body;
    auto filtered = host.Get("/multiplex/reports?status=failed&consistent=unknown");
    EXPECT_EQ(filtered.code(), 0) << filtered.body;
    EXPECT_EQ(filtered.body.find("own-alice"), std::string::npos) << filtered.body;  // filters never widen
    auto reuse = host.Post("/multiplex/multiplex", with_trace("alice"));
    EXPECT_EQ(reuse.code(), 10000) << reuse.body;

    // An admin reads every user's reports, each labelled with its user (bob's request never got
    // as far as a report).
    host.SetUid("admin");
    auto all = host.Get("/multiplex/reports?page=1&pageSize=10");
    EXPECT_EQ(all.code(), 0) << all.body;
    EXPECT_NE(all.body.find("\"traceId\":\"own-alice\",\"uid\":\"alice\""), std::string::npos) << all.body;
    EXPECT_NE(host.Get("/multiplex/reports?status=failed").body.find("own-alice"), std::string::npos);
    auto read = host.Get("/multiplex/report?traceId=own-alice");
    EXPECT_EQ(read.code(), 0) << read.body;
    EXPECT_NE(read.body.find("select 1 as x"), std::string::npos) << read.body;
    EXPECT_NE(host.Get("/multiplex/report.html?traceId=own-alice").body.find("select 1 as x"), std::string::npos);
}

}  // namespace
}  // namespace dbbridge::testing
