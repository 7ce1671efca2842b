// The metadata store failing under a running server (issue 17, faults): unreachable at start-up,
// lost mid-request, back again. The PostgreSQL store is reached through a TCP proxy so the shared
// test server itself never stops.
#include <gtest/gtest.h>

#include <chrono>
#include <memory>
#include <string>
#include <thread>

#include "tests/core/store/test_store_db.h"
#include "tests/support/host_process.h"
#include "tests/support/tcp_proxy.h"
#include "tests/support/test_env.h"

namespace dbbridge::testing {
namespace {

using core::testing::TestBackend;
using core::testing::TestStoreDb;
using Clock = std::chrono::steady_clock;

bool Contains(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

// url with its port replaced (postgresql://user:password@host:PORT/db).
std::string WithPort(const std::string& url, int port) {
    const auto at = url.rfind('@');
    const auto colon = url.find(':', at);
    const auto slash = url.find('/', at);
    return url.substr(0, colon + 1) + std::to_string(port) + url.substr(slash);
}

int PortOf(const std::string& url) {
    const auto at = url.rfind('@');
    return std::stoi(url.substr(url.find(':', at) + 1));
}

class StoreFaultTest : public ::testing::Test {
protected:
    void SetUp() override {
        auto admin = EnvVar("DBBRIDGE_TEST_PG_ADMIN");
        if (!admin) {
            GTEST_SKIP() << "DBBRIDGE_TEST_PG_ADMIN is not set (scripts/db-up.sh sets it)";
        }
        db_ = std::make_unique<TestStoreDb>(TestBackend::kPostgres, *admin);
    }
    std::unique_ptr<TestStoreDb> db_;
};

TEST_F(StoreFaultTest, AnUnreachableStoreAtStartUpStopsServeWithAClearMessageAndNoPassword) {
    TcpProxy gone(PortOf(db_->url()));
    const int port = gone.port();
    gone.Cut();  // nothing listens there now
    // A password of its own, so finding it in the output cannot be a coincidence.
    const std::string password = "Never-Shown-7f3a";
    std::string url = WithPort(db_->url(), port);
    const auto scheme = url.find("://") + 3;
    url = url.substr(0, url.find(':', scheme) + 1) + password + url.substr(url.rfind('@'));
    HostProcess host("", "", url, "");
    const auto started = Clock::now();
    EXPECT_FALSE(host.Start());
    const int status = host.Wait();
    EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 1) << status << host.output();
    EXPECT_LT(Clock::now() - started, std::chrono::seconds(30));
    const std::string out = host.output();
    EXPECT_TRUE(Contains(out, "127.0.0.1:" + std::to_string(port))) << out;
    EXPECT_FALSE(Contains(out, password)) << "the store password was printed: " << out;
}

TEST_F(StoreFaultTest, LosingTheStoreMidRequestAnswers503UntilItIsBackThenServesAgain) {
    auto proxy = std::make_unique<TcpProxy>(PortOf(db_->url()));
    const int port = proxy->port();
    HostProcess host("", "", WithPort(db_->url(), port), "");
    ASSERT_TRUE(host.Start()) << host.output();
    ASSERT_EQ(host.Post("/api/datasource/save", R"({"source_name": "pg", "db_type": "POSTGRESQL", "host": "127.0.0.1",
        "port": 5432, "db_name": "app", "username": "app", "password": "pw"})").code(), 0);

    proxy->Cut();
    auto ready = host.Get("/api/health/ready");
    EXPECT_EQ(ready.http_status, 503) << ready.body;
    EXPECT_TRUE(Contains(ready.body, "the metadata store does not answer")) << ready.body;
    const auto asked = Clock::now();
    auto list = host.Get("/api/datasource/query?page=1&pageSize=10");
    EXPECT_LT(Clock::now() - asked, std::chrono::seconds(15)) << "a lost store must not hang requests";
    EXPECT_EQ(list.code(), 503) << list.body;
    EXPECT_TRUE(Contains(list.message(), "metadata store")) << list.body;
    EXPECT_EQ(host.Get("/api/health/live").http_status, 200) << "the process keeps serving";

    proxy = std::make_unique<TcpProxy>(PortOf(db_->url()), port);  // the store is back
    HttpReply again;
    for (int i = 0; i < 50; ++i) {
        again = host.Get("/api/datasource/query?page=1&pageSize=10");
        if (again.code() == 0) {
            break;
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(200));
    }
    EXPECT_EQ(again.code(), 0) << again.body;
    EXPECT_TRUE(Contains(again.body, "\"source_name\":\"pg\"")) << again.body;
    EXPECT_EQ(host.Get("/api/health/ready").http_status, 200);
}

}  // namespace
}  // namespace dbbridge::testing
