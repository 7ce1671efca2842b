// The ORACLE plugin's real ODBC paths through psqlODBC against PostgreSQL, with Oracle's dictionary
// views provided as views over information_schema (no Oracle server can run here).
#include <gtest/gtest.h>

#include "oracle_dialect.h"
#include "tests/sdk/odbc/oracle_over_pg_fixture.h"

namespace dbbridge::oracle {
namespace {

class OracleOverPgTest : public testing::OracleOverPgFixture<OracleDialect> {
protected:
    static void SetUpTestSuite() { CreateScratch("ora"); }
    // ALTER SESSION does not exist on PostgreSQL.
    void SetUp() override { ConnectAs("ORACLE", {{"session_init", ""}}); }
};

TEST_F(OracleOverPgTest, PingsWithTheSeedSql) {
    auto ping = conn_->Ping(dialect_.DefaultPingSql());
    ASSERT_TRUE(ping.ok()) << ping.status().message();
    EXPECT_FALSE(ping->server_version.empty());
}

TEST_F(OracleOverPgTest, ConnectionStringWithADriverPathIsRefused) {
    // psqlODBC by its library path: without the check unixODBC would load it and connect.
    sdk::ConnectionSpec spec = spec_;
    std::string cs = spec.options["connection_string"];
    std::size_t open = cs.find('{');
    cs.replace(open, cs.find('}') - open + 1, "/usr/lib/x86_64-linux-gnu/odbc/psqlodbcw.so");
    spec.options["connection_string"] = cs;
    auto conn = dialect_.Connect(spec);
    ASSERT_FALSE(conn.ok());
    EXPECT_EQ(conn.status().code(), sdk::StatusCode::kInvalidArgument);
    EXPECT_EQ(conn.status().message().rfind("ORACLE datasource option connection_string: DRIVER "
                                            "'/usr/lib/x86_64-linux-gnu/odbc/psqlodbcw.so' is a path",
                                            0),
              0u)
        << conn.status().message();
}

TEST_F(OracleOverPgTest, DefaultSessionInitRunsAndItsFailureIsExplained) {
    sdk::ConnectionSpec spec = spec_;
    spec.options.erase("session_init");
    auto conn = dialect_.Connect(spec);
    ASSERT_FALSE(conn.ok());
    EXPECT_NE(conn.status().message().find("ALTER SESSION SET NLS_DATE_FORMAT"), std::string::npos)
        << conn.status().message();
    EXPECT_NE(conn.status().message().find("session_init"), std::string::npos);
}

TEST_F(OracleOverPgTest, ListsSchemasTablesAndColumnsFromTheDictionary) { ExpectDictionaryListing(); }

TEST_F(OracleOverPgTest, SchemaSwitchUsesAlterSession) {
    auto st = conn_->SetSchema("hr");
    ASSERT_FALSE(st.ok());  // PostgreSQL has no ALTER SESSION; the message shows what was sent
    EXPECT_NE(st.message().find("switching to schema 'HR'"), std::string::npos) << st.message();
}

TEST_F(OracleOverPgTest, ExecutesNamedBindsReadsAndWrites) { ExpectNamedBindsReadsAndWrites(); }

TEST_F(OracleOverPgTest, WriteModeUpdateMergesOnThePrimaryKeyAndIsolatesDirtyRecords) { ExpectMergeUpdate(); }

TEST_F(OracleOverPgTest, WriteModeUpdateFindsAUniqueKeyOrTheNamedOneAndRefusesATableWithout) {
    ExpectMergeKeyChoiceAndRefusals();
}

}  // namespace
}  // namespace dbbridge::oracle
