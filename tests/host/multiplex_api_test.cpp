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

}  // namespace
}  // namespace dbbridge::testing
