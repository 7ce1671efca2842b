#include "core/multiplex/connection_pool.h"

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <thread>
#include <vector>

#include "tests/core/multiplex/fixture_dialect.h"

namespace dbbridge::core::multiplex {
namespace {

using testing::FixtureConnection;
using testing::FixtureDialect;
using testing::FixtureServer;

std::atomic<int> g_open{0};

// Counts connections alive, so a test sees which ones the pool closed.
class CountedConnection : public FixtureConnection {
public:
    CountedConnection(FixtureServer& server, std::string database) : FixtureConnection(server, std::move(database)) {
        ++g_open;
    }
    ~CountedConnection() override { --g_open; }
};

class CountingDialect : public FixtureDialect {
public:
    explicit CountingDialect(FixtureServer& server) : FixtureDialect("POSTGRESQL", server), server_(server) {}
    sdk::Result<std::unique_ptr<sdk::Connection>> Connect(const sdk::ConnectionSpec& spec) const noexcept override {
        ++server_.connects;
        return std::unique_ptr<sdk::Connection>(new CountedConnection(server_, spec.database));
    }

private:
    FixtureServer& server_;
};

sdk::ConnectionSpec Spec() {
    sdk::ConnectionSpec s;
    s.dialect = "POSTGRESQL";
    s.host = "fixture";
    s.database = "app";
    return s;
}

// Five targets of sixteen concurrent requests routed to one server share one key: returning
// their connections must not close most of them (each close was a reconnect next request).
TEST(ConnectionPoolTest, KeepsAsManyIdleConnectionsAsWereInUseAtOnce) {
    g_open = 0;
    FixtureServer server;
    CountingDialect dialect(server);
    ConnectionPool pool;
    for (int round = 0; round < 3; ++round) {
        std::vector<std::unique_ptr<sdk::Connection>> held;
        for (int i = 0; i < 40; ++i) {
            auto c = pool.Acquire(dialect, Spec());
            ASSERT_TRUE(c.ok()) << c.status().message();
            held.push_back(std::move(c).value());
        }
        for (auto& c : held) pool.Release(Spec(), std::move(c));
    }
    EXPECT_EQ(server.connects.load(), 40);  // the first round only
    EXPECT_EQ(pool.IdleCount(), 40u);
    EXPECT_EQ(g_open.load(), 40);
}

TEST(ConnectionPoolTest, ClosesConnectionsIdleLongerThanTheLimitEvenBehindFreshOnes) {
    g_open = 0;
    FixtureServer server;
    CountingDialect dialect(server);
    {
        ConnectionPool pool(64, 50);
        auto a = pool.Acquire(dialect, Spec());
        auto b = pool.Acquire(dialect, Spec());
        ASSERT_TRUE(a.ok() && b.ok());
        pool.Release(Spec(), std::move(a).value());
        std::this_thread::sleep_for(std::chrono::milliseconds(120));
        pool.Release(Spec(), std::move(b).value());  // fresh, on top of the expired one
        auto c = pool.Acquire(dialect, Spec());
        ASSERT_TRUE(c.ok());
        EXPECT_EQ(server.connects.load(), 2);  // the fresh one was reused
        EXPECT_EQ(pool.IdleCount(), 0u);       // the expired one was closed, not kept
        EXPECT_EQ(g_open.load(), 1);
    }
    EXPECT_EQ(g_open.load(), 0);
}

}  // namespace
}  // namespace dbbridge::core::multiplex
