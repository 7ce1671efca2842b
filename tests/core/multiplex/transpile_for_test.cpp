// Which translation multiplex (and `dbbridge transpile`, the API) runs for a target dialect: core's
// translator for the target the plugin declares as data, the plugin's own Transpile() otherwise.
#include "core/transpile/transpile_service.h"

#include <gtest/gtest.h>

#include "tests/core/multiplex/fixture_dialect.h"

namespace dbbridge::core::multiplex {
namespace {

using testing::FixtureDialect;
using testing::FixtureServer;

// A vendor's dialect core knows nothing about: PostgreSQL syntax with its own name for COALESCE.
class DeclaringDialect : public FixtureDialect {
public:
    using FixtureDialect::FixtureDialect;
    std::optional<sdk::SqlTarget> SqlTargetProfile() const noexcept override {
        sdk::SqlTarget t = sdk::SqlTarget::PostgreSql();
        t.function_names = {{"COALESCE", "IFNULL2"}};
        t.same_sql = {"ACME"};
        return t;
    }
};

TEST(TranspileForTest, CoreTranslatesForTheTargetThePluginDeclares) {
    FixtureServer server;
    DeclaringDialect acme("ACME", server);
    auto r = TranspileFor(acme, "ORACLE", "SELECT NVL(a, 0) FROM t WHERE ROWNUM <= 2");
    ASSERT_TRUE(r.ok()) << r.status().message();
    EXPECT_EQ(r->sql, "SELECT IFNULL2(a, 0) FROM t LIMIT 2");  // the fixture's Transpile() would echo it
    auto refused = TranspileFor(acme, "ORACLE", "SELECT SYS_CONNECT_BY_PATH(a, '/') FROM t");
    ASSERT_FALSE(refused.ok());
    EXPECT_EQ(refused.status().code(), sdk::StatusCode::kUnimplemented);
}

TEST(TranspileForTest, ADialectThatDeclaresNothingTranslatesItself) {
    FixtureServer server;
    FixtureDialect old("OLD", server);
    auto r = TranspileFor(old, "ORACLE", "SELECT NVL(a, 0) FROM t");
    ASSERT_TRUE(r.ok()) << r.status().message();
    EXPECT_EQ(r->sql, "SELECT NVL(a, 0) FROM t");
    EXPECT_EQ(r->notes, std::vector<std::string>{"identity from ORACLE"});
}

}  // namespace
}  // namespace dbbridge::core::multiplex
