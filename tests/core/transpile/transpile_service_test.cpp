// Core's translator builds each target from the plugin's declaration; the fallback table for names
// no loaded plugin serves must say the same, so SQL does not depend on the plugin directory.
#include <gtest/gtest.h>

#include "core/plugin/plugin_registry.h"
#include "core/transpile/transpile_service.h"
#include "core/sql/target_profile.h"

namespace dbbridge::core {
namespace {

// Oracle constructs whose translation depends on the target's flags (ROWNUM, CONNECT BY, (+),
// '' = NULL, SYSDATE, NVL, MINUS, sequences, ||, DATE arithmetic).
constexpr const char* kOracleScript =
    "SELECT NVL(a, '') || b, SYSDATE, s.NEXTVAL FROM t, u WHERE t.id = u.id(+) AND ROWNUM <= 5;"
    "SELECT LEVEL, id FROM emp START WITH mgr IS NULL CONNECT BY PRIOR id = mgr;"
    "SELECT a FROM t MINUS SELECT a FROM u;"
    "SELECT CAST(x AS NUMBER(10, 2)), TO_DATE('2024-01-31', 'YYYY-MM-DD') + 1 FROM dual";

PluginRegistry& Loaded() {
    static PluginRegistry* registry = [] {
        auto* r = new PluginRegistry();
        r->LoadDirectory(DBB_PLUGIN_BUILD_DIR);
        return r;
    }();
    return *registry;
}

TEST(TranspileServiceTest, EveryPluginDeclaresWhatTheFallbackTableSays) {
    for (const auto& name : sql::BuiltinTargetNames()) {
        const sdk::Dialect* dialect = Loaded().Find(name);
        ASSERT_NE(dialect, nullptr) << name << " not served by a plugin in " << DBB_PLUGIN_BUILD_DIR;
        auto declared = dialect->SqlTargetProfile();
        ASSERT_TRUE(declared.has_value()) << name;
        declared->same_sql.clear();  // which sources run unchanged is the plugin's alone
        EXPECT_TRUE(*declared == *sql::BuiltinSqlTarget(name)) << name << " drifted from the fallback table";
    }
}

TEST(TranspileServiceTest, SameSqlWithAndWithoutThePlugins) {
    const PluginRegistry none;
    for (const auto& name : sql::BuiltinTargetNames()) {
        if (name == "ORACLE" || name == "DM" || name == "OCEAN_BASE_ORACLE") {
            continue;  // their plugins run Oracle SQL unchanged (same_sql); the fallback translates
        }
        auto with = TranspileSql(Loaded(), "ORACLE", name, kOracleScript);
        auto without = TranspileSql(none, "oracle", name, kOracleScript);
        ASSERT_EQ(with.ok(), without.ok()) << name;
        if (with.ok()) {
            EXPECT_EQ(with->sql, without->sql) << name;
        } else {
            EXPECT_EQ(with.status().message(), without.status().message()) << name;
        }
    }
    // The real engines keep ROWNUM and CONNECT BY; PostgreSQL itself gets LIMIT and WITH RECURSIVE.
    auto lightdb = TranspileSql(Loaded(), "ORACLE", "LIGHTDB_ORACLE", "SELECT a FROM t WHERE ROWNUM <= 5");
    ASSERT_TRUE(lightdb.ok()) << lightdb.status().message();
    EXPECT_EQ(lightdb->sql, "SELECT a FROM t WHERE ROWNUM <= 5");
    auto pg = TranspileSql(Loaded(), "ORACLE", "POSTGRESQL", "SELECT a FROM t WHERE ROWNUM <= 5");
    ASSERT_TRUE(pg.ok()) << pg.status().message();
    EXPECT_EQ(pg->sql, "SELECT a FROM t LIMIT 5");
}

TEST(TranspileServiceTest, PluginsThatRunTheSourceUnchangedReturnIt) {
    auto dm = TranspileSql(Loaded(), "ORACLE", "DM", "select rownum from dual");
    ASSERT_TRUE(dm.ok()) << dm.status().message();
    EXPECT_EQ(dm->sql, "select rownum from dual");
    auto ob = TranspileSql(Loaded(), "MYSQL", "OCEAN_BASE_MYSQL", "select `a` from t limit 1, 2");
    ASSERT_TRUE(ob.ok()) << ob.status().message();
    EXPECT_EQ(ob->sql, "select `a` from t limit 1, 2");
    auto from_mysql = TranspileSql(Loaded(), "MYSQL", "DM", "select 1");
    ASSERT_TRUE(from_mysql.ok()) << from_mysql.status().message();
    EXPECT_EQ(from_mysql->sql, "SELECT 1 FROM DUAL");
}

}  // namespace
}  // namespace dbbridge::core
