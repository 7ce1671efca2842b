// Resource attacks of issue 10 §4 that need no database: pings of unsaved datasources at a
// listener that never answers, oversized timeouts, oversized multiplex requests. The server must
// refuse them with an error naming the limit while /api/health keeps answering within a second.
#include <Poco/Net/ServerSocket.h>
#include <Poco/Net/SocketAddress.h>
#include <gtest/gtest.h>

#include <atomic>
#include <string>
#include <thread>
#include <vector>

#include "tests/host/security/health_probe.h"
#include "tests/support/host_process.h"

namespace dbbridge::testing {
namespace {

bool Contains(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

TEST(ResourceAttackTest, PingsOfUnsavedDatasourcesAtASilentListenerAreLimitedPerUser) {
    // The kernel completes the handshakes; nobody ever answers (no accept, no greeting).
    Poco::Net::ServerSocket silent(Poco::Net::SocketAddress("127.0.0.1", 0), 64);
    const std::string port = std::to_string(silent.address().port());
    HostProcess host;
    ASSERT_TRUE(host.Start()) << host.output();
    host.SetUid("mallory");
    HealthProbe probe(host.port());

    auto too_long = host.Post("/api/datasource/ping", R"({"db_type": "MYSQL", "host": "127.0.0.1", "port": )" + port +
                                                          R"(, "username": "u",
        "options": {"connect_timeout_ms": "999999999"}})");
    EXPECT_EQ(too_long.code(), 400) << too_long.body;
    EXPECT_TRUE(Contains(too_long.message(), "options.connect_timeout_ms")) << too_long.body;
    EXPECT_TRUE(Contains(too_long.message(), "30000")) << too_long.body;

    std::vector<HttpReply> replies(16);
    std::vector<std::thread> pings;
    for (std::size_t i = 0; i < replies.size(); ++i) {
        pings.emplace_back([&, i] {
            replies[i] = host.Post("/api/datasource/ping", R"({"db_type": "MYSQL", "host": "127.0.0.1", "port": )" +
                                                               port + R"(, "username": "u",
                "options": {"connect_timeout_ms": "3000"}})");
        });
    }
    for (auto& t : pings) {
        t.join();
    }
    probe.Stop();
    int limited = 0;
    for (const auto& r : replies) {
        if (r.code() == 429) {
            ++limited;
            EXPECT_TRUE(Contains(r.message(), "pings of unsaved datasources")) << r.body;
        } else {
            EXPECT_NE(r.code(), 0) << r.body;  // nobody answers: the ping fails after its timeout
        }
    }
    EXPECT_GE(limited, 14);
    EXPECT_TRUE(probe.problems().empty()) << probe.problems().front();
    EXPECT_GE(probe.checks(), 5);

    // Another user is not held up by mallory's limit.
    host.SetUid("alice");
    auto other = host.Post("/api/datasource/ping", R"({"db_type": "MYSQL", "host": "127.0.0.1", "port": 1,
        "username": "u"})");
    EXPECT_NE(other.code(), 429) << other.body;
}

TEST(ResourceAttackTest, OversizedMultiplexRequestsAreRefusedNamingTheLimit) {
    HostProcess host;
    ASSERT_TRUE(host.Start()) << host.output();
    HealthProbe probe(host.port());
    const std::string big_sql = "select '" + std::string(1100 * 1024, 'x') + "' from dual";
    auto big = host.Post("/multiplex/multiplex", R"({"sourceDialect":"ORACLE","needTransform":true,"bulkMode":1,
        "targetDialectInfos":[{"targetDialect":"ORACLE","sql":")" + big_sql + R"("}]})");
    EXPECT_EQ(big.code(), 10000) << big.body.substr(0, 300);
    EXPECT_TRUE(Contains(big.message(), "at most 1048576")) << big.body.substr(0, 300);

    std::string entries;
    for (int i = 0; i < 17; ++i) {
        entries += std::string(i ? "," : "") + R"({"targetDialect":"ORACLE","sql":"select 1 from dual"})";
    }
    auto many = host.Post("/multiplex/multiplex", R"({"sourceDialect":"ORACLE","needTransform":true,"bulkMode":1,
        "targetDialectInfos":[)" + entries + "]}");
    EXPECT_EQ(many.code(), 10000) << many.body;
    EXPECT_TRUE(Contains(many.message(), "targetDialectInfos最多16项")) << many.body;

    std::string binds;
    for (int i = 0; i < 1001; ++i) {
        binds += std::string(i ? "," : "") + R"({"name":"b)" + std::to_string(i) + R"(","type":4,"value":"1"})";
    }
    auto bound = host.Post("/multiplex/multiplex", R"({"sourceDialect":"ORACLE","needTransform":true,"bulkMode":1,
        "targetDialectInfos":[{"targetDialect":"ORACLE","sql":"select 1 from dual","sqlParameters":[)" + binds +
                                                           "]}]}");
    EXPECT_EQ(bound.code(), 10000) << bound.body.substr(0, 300);
    EXPECT_TRUE(Contains(bound.message(), "最多1000个绑定变量")) << bound.body.substr(0, 300);
    probe.Stop();
    EXPECT_TRUE(probe.problems().empty()) << probe.problems().front();
}

}  // namespace
}  // namespace dbbridge::testing
