// Seed 004's five-target example (example 1: ORACLE -> LIGHTDB_ORACLE, GAUSSDB_ORACLE, DM,
// OCEAN_BASE_ORACLE) routed to datasources SAVED through DatasourceService, as a user would set
// them up: the ODBC dialects over psqlODBC on PostgreSQL (the stand-in for the vendors' drivers)
// with session_init "" because a PostgreSQL server has no ALTER SESSION. Before plugins declared
// their options, saving such a datasource failed ("options.session_init is not a known option")
// and the example answered 30000.
//
// Stand-in differences: the ODBC entries carry no schemaName (switching schema is ALTER SESSION
// SET CURRENT_SCHEMA there); their connection string sets search_path with psqlODBC's ConnSettings.

#include <gtest/gtest.h>
#include <unistd.h>

#include "core/multiplex/in_memory_report_store.h"
#include "core/multiplex/json_value.h"
#include "core/multiplex/multiplex_service.h"
#include "tests/core/datasource/datasource_from_url.h"
#include "tests/core/datasource/service_fixture.h"
#include "tests/support/test_env.h"

namespace dbbridge::core::multiplex {
namespace {

// The metadata store, secret box, plugins and DatasourceService of the datasource tests.
class SavedDatasourceMultiplexTest : public core::testing::ServiceFixture {
protected:
    // A datasource of db_type reaching the test PostgreSQL database: through psqlODBC for the
    // ODBC dialects (search_path set by the driver), through libpq for the others.
    static Datasource StandIn(const std::string& name, const std::string& db_type, const std::string& pg_url,
                              const std::string& driver, const std::string& schema) {
        Datasource ds = core::testing::DatasourceFromUrl(pg_url, db_type, name);
        ds.uid = "alice";
        if (db_type == "ORACLE" || db_type == "DM" || db_type == "OCEAN_BASE_ORACLE") {
            ds.options["connection_string"] = "DRIVER={" + driver + "};SERVER=" + ds.host + ";PORT=" +
                                              std::to_string(ds.port) + ";DATABASE=" + ds.db_name + ";UID=" +
                                              ds.username + ";ConnSettings={SET search_path TO " + schema + "}";
            ds.options["session_init"] = "";
            ds.host.clear();
            ds.port = 0;
        }
        return ds;
    }

    InMemoryReportStore reports_;
};

std::string Exec(sdk::Connection& conn, const std::string& sql) {
    auto r = conn.Execute(sql, {}, nullptr, {});
    if (!r.ok()) {
        return r.status().message();
    }
    return r->failed ? r->error_message : "";
}

TEST_F(SavedDatasourceMultiplexTest, SeedFiveTargetExampleOverSavedOdbcDatasourcesWithSessionInitDisabled) {
    DBB_REQUIRE_ENV(pg_url, "DBBRIDGE_TEST_PG");
    DBB_REQUIRE_ENV(driver, "DBBRIDGE_TEST_ODBC_DRIVER");
    const std::string suffix = std::to_string(getpid());
    const std::string schemas[] = {"unisql_test", "unisql_test1", "unisql_test2"};

    // The tables of the seed's statement, one per schema, on the stand-in server.
    auto admin = registry_->Find("POSTGRESQL")->Connect(
        service_->ToConnectionSpec(StandIn("admin", "POSTGRESQL", pg_url, driver, "")).value());
    ASSERT_TRUE(admin.ok()) << admin.status().message();
    for (const auto& s : schemas) {
        ASSERT_EQ(Exec(**admin, "CREATE SCHEMA IF NOT EXISTS " + s), "");
        ASSERT_EQ(Exec(**admin, "DROP TABLE IF EXISTS " + s + ".unisql_test"), "");
        ASSERT_EQ(Exec(**admin, "CREATE TABLE " + s + ".unisql_test (id INTEGER PRIMARY KEY, name VARCHAR(64))"), "");
        ASSERT_EQ(Exec(**admin, "INSERT INTO " + s + ".unisql_test VALUES (1, 'before'), (2, 'other')"), "");
    }
    // ORACLE's ping SQL (seed 000: select table_name from user_tables) on the stand-in.
    ASSERT_EQ(Exec(**admin, "CREATE OR REPLACE VIEW unisql_test.user_tables AS SELECT table_name FROM "
                            "information_schema.tables WHERE table_schema = current_schema()"),
              "");

    auto ora = service_->Save(StandIn("ora-" + suffix, "ORACLE", pg_url, driver, "unisql_test"));
    ASSERT_TRUE(ora.ok()) << ora.status().message();
    EXPECT_EQ(ora->options.at("session_init"), "");
    auto ping = service_->Ping(ora->id, "alice");
    ASSERT_TRUE(ping.ok()) << ping.status().message();

    MultiplexServiceOptions options;
    options.targets["ORACLE"] = ora->source_name;
    for (const std::string dialect : {"LIGHTDB_ORACLE", "GAUSSDB_ORACLE", "DM", "OCEAN_BASE_ORACLE"}) {
        const std::string name = "mux-" + dialect + "-" + suffix;
        auto saved = service_->Save(StandIn(name, dialect, pg_url, driver, "unisql_test"));
        ASSERT_TRUE(saved.ok()) << dialect << ": " << saved.status().message();
        options.targets[dialect] = name;
    }
    options.statement_timeout_ms = 10000;
    MultiplexService service(options, MultiplexService::LookupFromRegistry(*registry_), *service_, reports_);

    const std::string trace = "seed5-" + suffix;
    const std::string body = R"({"sourceDialect":"ORACLE","needTransform":true,"bulkMode":1,"traceId":")" + trace +
                             R"(","targetDialectInfos":[
        {"targetDialect":"ORACLE","sql":"update unisql_test set name = @name where id=@id",
         "sqlParameters":[{"name":"id","type":4,"value":1},{"name":"name","type":12,"value":"测试"}]},
        {"targetDialect":"LIGHTDB_ORACLE","schemaName":"unisql_test1"},
        {"targetDialect":"GAUSSDB_ORACLE","schemaName":"unisql_test2"},
        {"targetDialect":"DM"},
        {"targetDialect":"OCEAN_BASE_ORACLE"}]})";
    MultiplexResponse r = service.Handle(body, "alice");
    const std::string report = service.GetReport(trace, "alice").data_json;
    EXPECT_EQ(r.code, 0) << r.message << "\n" << report;
    EXPECT_NE(report.find("\"affectedRows\":1"), std::string::npos) << report;

    for (const auto& s : schemas) {
        (void)Exec(**admin, "DROP SCHEMA IF EXISTS " + s + " CASCADE");
    }
}

}  // namespace
}  // namespace dbbridge::core::multiplex
