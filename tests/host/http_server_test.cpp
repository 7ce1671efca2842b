// The HTTP layer as a user sees it, against the real `dbbridge serve` process.
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/wait.h>

#include "tests/support/host_process.h"

namespace dbbridge::testing {
namespace {

class HttpServerTest : public ::testing::Test {
protected:
    static void SetUpTestSuite() {
        host_ = new HostProcess("server:\n  max_body_kib: 64\n");
        ASSERT_TRUE(host_->Start()) << host_->output();
    }
    static void TearDownTestSuite() {
        delete host_;
        host_ = nullptr;
    }
    static HostProcess* host_;
};
HostProcess* HttpServerTest::host_ = nullptr;

TEST_F(HttpServerTest, HealthAnswersWithEnvelope) {
    auto r = host_->Get("/api/health");
    EXPECT_EQ(r.http_status, 200);
    EXPECT_EQ(r.code(), 0);
    EXPECT_EQ(r.message(), "success");
}

TEST_F(HttpServerTest, UnknownPathIs404WithEnvelope) {
    auto r = host_->Get("/api/nothing/here");
    EXPECT_EQ(r.http_status, 404);
    EXPECT_EQ(r.code(), 404);
    EXPECT_NE(r.message().find("/api/nothing/here"), std::string::npos);
}

TEST_F(HttpServerTest, WrongMethodIs405) {
    auto r = host_->Post("/api/health", "{}");
    EXPECT_EQ(r.http_status, 405);
    EXPECT_EQ(r.code(), 405);
}

TEST_F(HttpServerTest, BodyOverLimitIs413) {
    std::string big(70 * 1024, 'x');
    auto r = host_->Post("/api/datasource/save", "{\"source_name\":\"" + big + "\"}");
    EXPECT_EQ(r.http_status, 413);
    EXPECT_EQ(r.code(), 413);
}

TEST_F(HttpServerTest, PluginsEndpointListsLoadedPlugins) {
    auto r = host_->Get("/api/plugins");
    ASSERT_EQ(r.code(), 0) << r.body;
    EXPECT_NE(r.body.find("\"MYSQL\""), std::string::npos) << r.body;
    EXPECT_NE(r.body.find("\"POSTGRESQL\""), std::string::npos) << r.body;
}

TEST(HostLifecycleTest, SigtermStopsTheServerCleanly) {
    HostProcess host;
    ASSERT_TRUE(host.Start()) << host.output();
    host.Kill(SIGTERM);
    int status = host.Wait();
    EXPECT_TRUE(WIFEXITED(status)) << host.output();
    EXPECT_EQ(WEXITSTATUS(status), 0);
    EXPECT_NE(host.output().find("shutting down"), std::string::npos);
}

TEST(HostLifecycleTest, BadConfigurationRefusesToStartAndSaysWhy) {
    HostProcess host("engine:\n  max_concurrent_jobs: lots\n");
    EXPECT_FALSE(host.Start());
    EXPECT_NE(host.output().find("engine.max_concurrent_jobs"), std::string::npos) << host.output();
}

}  // namespace
}  // namespace dbbridge::testing

namespace dbbridge::testing {
namespace {

TEST_F(HttpServerTest, ServesTheWebUiAndNothingOutsideIt) {
    auto index = host_->Get("/");
    EXPECT_EQ(index.http_status, 200);
    EXPECT_NE(index.body.find("<title>dbbridge</title>"), std::string::npos);
    auto js = host_->Get("/app.js");
    EXPECT_EQ(js.http_status, 200);
    EXPECT_NE(js.body.find("textContent"), std::string::npos);
    EXPECT_EQ(host_->Get("/../README.md").http_status, 404);
    EXPECT_EQ(host_->Get("/%2e%2e/README.md").http_status, 404);
    EXPECT_EQ(host_->Get("/..%2fCMakeLists.txt").http_status, 404);
}

}  // namespace
}  // namespace dbbridge::testing
