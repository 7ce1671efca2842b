// The HTTP layer as a user sees it, against the real `dbbridge serve` process.
#include <Poco/Net/SocketAddress.h>
#include <Poco/Net/StreamSocket.h>
#include <gtest/gtest.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <signal.h>
#include <stdlib.h>
#include <sys/wait.h>

#include "tests/support/host_process.h"

namespace dbbridge::testing {
namespace {

class HttpServerTest : public ::testing::Test {
protected:
    // A built UI stands in for web/dist: an index.html and one hashed asset, as Vite makes them.
    static void SetUpTestSuite() {
        char tmpl[] = "/tmp/dbbridge-web-XXXXXX";
        ASSERT_NE(::mkdtemp(tmpl), nullptr);
        web_dir_ = tmpl;
        std::filesystem::create_directories(web_dir_ + "/assets");
        std::ofstream(web_dir_ + "/index.html") << "<!doctype html><title>dbbridge</title><div id=app></div>";
        std::ofstream(web_dir_ + "/assets/index-abc123.js") << "console.log('app')";
        host_ = new HostProcess("server:\n  max_body_kib: 64\n  web_dir: " + web_dir_ + "\n");
        ASSERT_TRUE(host_->Start()) << host_->output();
    }
    static void TearDownTestSuite() {
        delete host_;
        host_ = nullptr;
        std::filesystem::remove_all(web_dir_);
    }
    static HostProcess* host_;
    static std::string web_dir_;
};
HostProcess* HttpServerTest::host_ = nullptr;
std::string HttpServerTest::web_dir_;

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

// The web console renders the datasource form from each dialect's declared options.
TEST_F(HttpServerTest, PluginsEndpointListsEachDialectsDatasourceOptions) {
    auto r = host_->Get("/api/plugins");
    ASSERT_EQ(r.code(), 0) << r.body;
    EXPECT_NE(r.body.find("\"datasourceOptions\":{\"ORACLE\":[{\"name\":\"connect_timeout_ms\",\"type\":\"integer\","),
              std::string::npos)
        << r.body;
    EXPECT_NE(r.body.find("{\"name\":\"session_init\",\"type\":\"text\",\"default\":\"ALTER SESSION SET"),
              std::string::npos)
        << r.body;
    EXPECT_NE(r.body.find("{\"name\":\"sslmode\",\"type\":\"choice\",\"default\":\"prefer\",\"allowedValues\":"
                          "[\"disable\",\"allow\",\"prefer\",\"require\",\"verify-ca\",\"verify-full\"]"),
              std::string::npos)
        << r.body;
    EXPECT_NE(r.body.find("{\"name\":\"connection_string\",\"type\":\"text\",\"default\":\"\",\"allowedValues\":[],"
                          "\"secret\":true,\"locatesServer\":true,"),
              std::string::npos)
        << r.body;
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

TEST_F(HttpServerTest, ServesTheWebUiAndNothingOutsideIt) {
    auto index = host_->Get("/");
    EXPECT_EQ(index.http_status, 200);
    EXPECT_NE(index.body.find("<title>dbbridge</title>"), std::string::npos);
    auto js = host_->Get("/assets/index-abc123.js");
    EXPECT_EQ(js.http_status, 200);
    EXPECT_NE(js.body.find("console.log"), std::string::npos);
    EXPECT_EQ(host_->Get("/../README.md").http_status, 404);
    EXPECT_EQ(host_->Get("/%2e%2e/README.md").http_status, 404);
    EXPECT_EQ(host_->Get("/..%2fCMakeLists.txt").http_status, 404);
}

TEST_F(HttpServerTest, ClientRoutesGetTheAppButUnknownApiPathsStayJson404) {
    for (const char* route : {"/jobs/new", "/runs/12", "/compare/reports/abc", "/no/such/page"}) {
        auto page = host_->Get(route);
        EXPECT_EQ(page.http_status, 200) << route;
        EXPECT_NE(page.body.find("<div id=app>"), std::string::npos) << route << ": " << page.body;
    }
    EXPECT_EQ(host_->Get("/assets/gone-123.js").http_status, 404) << "a missing asset is not the app";
    for (const char* api : {"/api/no/such", "/multiplex/nothing", "/api"}) {
        auto r = host_->Get(api);
        EXPECT_EQ(r.http_status, 404) << api;
        EXPECT_EQ(r.code(), 404) << api << ": " << r.body;
    }
}

TEST(HostLifecycleTest, SaysAtStartUpWhenTheWebUiIsNotBuilt) {
    HostProcess host("server:\n  web_dir: /nonexistent/dbbridge-web\n");
    ASSERT_TRUE(host.Start()) << host.output();
    EXPECT_NE(host.output().find("web UI is not built"), std::string::npos) << host.output();
    EXPECT_NE(host.output().find("/nonexistent/dbbridge-web"), std::string::npos) << host.output();
    EXPECT_EQ(host.Get("/api/health").code(), 0);
}

TEST_F(HttpServerTest, MalformedUrlIs400) {
    auto r = host_->Get("/api/datasource/query?page=%zz");
    EXPECT_EQ(r.http_status, 400) << r.body;
    EXPECT_EQ(r.code(), 400);
    EXPECT_NE(r.message().find("malformed URL"), std::string::npos) << r.body;
}

TEST_F(HttpServerTest, NonObjectBodiesAreNamedClearly) {
    for (const char* body : {"\"x\"", "[1,2]", "42", "null"}) {
        auto r = host_->Post("/api/datasource/save", body);
        EXPECT_EQ(r.code(), 400) << body;
        EXPECT_NE(r.message().find("must be a JSON object"), std::string::npos) << body << ": " << r.body;
    }
}

TEST_F(HttpServerTest, PostWithoutContentLengthIsAnsweredAtOnce) {
    Poco::Net::StreamSocket socket(Poco::Net::SocketAddress("127.0.0.1", static_cast<Poco::UInt16>(host_->port())));
    socket.setReceiveTimeout(Poco::Timespan(10, 0));
    const std::string token = host_->TokenFor(HostProcess::kDefaultUser);
    std::string request = "POST /api/datasource/delete?id=424242 HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer " +
                          token + "\r\n\r\n";
    auto start = std::chrono::steady_clock::now();
    socket.sendBytes(request.data(), static_cast<int>(request.size()));
    char buf[4096];
    int n = socket.receiveBytes(buf, sizeof buf);
    auto took = std::chrono::steady_clock::now() - start;
    ASSERT_GT(n, 0);
    std::string response(buf, static_cast<std::size_t>(n));
    EXPECT_NE(response.find("\"code\":404"), std::string::npos) << response;  // no such datasource
    EXPECT_LT(took, std::chrono::seconds(3));
}

}  // namespace
}  // namespace dbbridge::testing
