// The DM plugin's real ODBC paths through psqlODBC against PostgreSQL, with the Oracle-style dictionary DM keeps
// views provided as views over information_schema (no Oracle server can run here).
#include <gtest/gtest.h>

#include "dm_dialect.h"
#include "tests/sdk/odbc/oracle_over_pg_fixture.h"

namespace dbbridge::dm {
namespace {

class DmOverPgTest : public testing::OracleOverPgFixture<DmDialect> {
protected:
    static void SetUpTestSuite() { CreateScratch("dm"); }
    void SetUp() override { ConnectAs("DM"); }
};

TEST_F(DmOverPgTest, PingsWithTheSeedSql) {
    auto ping = conn_->Ping(dialect_.DefaultPingSql());
    ASSERT_TRUE(ping.ok()) << ping.status().message();
    EXPECT_FALSE(ping->server_version.empty());
}

TEST_F(DmOverPgTest, RunsNoSessionSetUpByDefault) {
    sdk::ConnectionSpec spec = spec_;
    spec.options.erase("session_init");
    auto conn = dialect_.Connect(spec);
    EXPECT_TRUE(conn.ok()) << conn.status().message();
}

TEST_F(DmOverPgTest, ListsSchemasTablesAndColumnsFromTheDictionary) { ExpectDictionaryListing(); }

TEST_F(DmOverPgTest, SchemaSwitchUsesSetSchema) {
    auto st = conn_->SetSchema("hr");
    ASSERT_FALSE(st.ok());  // PostgreSQL's SET SCHEMA takes a string, not DM's quoted identifier
    EXPECT_NE(st.message().find("switching to schema 'HR'"), std::string::npos) << st.message();
}

TEST_F(DmOverPgTest, ExecutesNamedBindsReadsAndWrites) { ExpectNamedBindsReadsAndWrites(); }

TEST_F(DmOverPgTest, WriteModeUpdateMergesOnThePrimaryKeyAndIsolatesDirtyRecords) { ExpectMergeUpdate(); }

TEST_F(DmOverPgTest, WriteModeUpdateFindsAUniqueKeyOrTheNamedOneAndRefusesATableWithout) {
    ExpectMergeKeyChoiceAndRefusals();
}

}  // namespace
}  // namespace dbbridge::dm
