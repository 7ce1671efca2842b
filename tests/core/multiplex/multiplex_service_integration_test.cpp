// The multiplex service against the real MariaDB and PostgreSQL servers through the real plugins.
//
// Routing on these machines: MYSQL -> the MariaDB server (mysql plugin); GAUSSDB500_ORACLE,
// LIGHTDB_ORACLE and GAUSSDB_ORACLE -> PostgreSQL 15 + orafce (the postgres plugin's variants as
// the test-only stand-in plugin declares them: ROWNUM, CONNECT BY, ... rewritten for PostgreSQL). No
// Oracle, DM or OceanBase server runs here, so the ORACLE source, DM and OCEAN_BASE_ORACLE are
// routed by the resolver to PostgreSQL databases standing in for them (datasource db_type
// LIGHTDB_ORACLE / POSTGRESQL): the request still names the seed's dialects, and the report
// shows each target's connection dialect.

#include <gtest/gtest.h>
#include <unistd.h>

#include <fstream>
#include <regex>
#include <sstream>
#include <thread>

#include "core/multiplex/in_memory_report_store.h"
#include "core/multiplex/json_value.h"
#include "core/multiplex/multiplex_codes.h"
#include "core/multiplex/multiplex_service.h"
#include "core/plugin/plugin_registry.h"
#include "tests/core/multiplex/fixture_dialect.h"
#include "tests/support/test_env.h"

namespace dbbridge::core::multiplex {
namespace {

using testing::FixedResolver;

// scheme://user:password@host:port/database
sdk::ConnectionSpec SpecFromUrl(const std::string& url, const std::string& dialect) {
    static const std::regex re(R"(^(\w+)://([^:@/]+)(?::([^@/]*))?@([^:/]+)(?::(\d+))?/([^?]*))");
    std::smatch m;
    sdk::ConnectionSpec s;
    s.dialect = dialect;
    if (std::regex_search(url, m, re)) {
        s.user = m[2];
        s.password = m[3];
        s.host = m[4];
        s.port = m[5].matched ? std::stoi(m[5]) : 0;
        s.database = m[6];
    }
    s.connect_timeout_ms = 5000;
    return s;
}

JsonValue Json(const std::string& text) {
    auto r = ParseJson(text);
    EXPECT_TRUE(r.ok()) << r.status().message();
    return r.ok() ? r.value() : JsonValue();
}

std::string Str(const JsonValue& v, const char* key) {
    const JsonValue* x = v.Find(key);
    return x ? (x->is_string() ? x->text() : x->Serialize()) : "<absent>";
}

class Direct {
public:
    Direct(const PluginRegistry& registry, const sdk::ConnectionSpec& spec) {
        const sdk::Dialect* d = registry.Find(spec.dialect);
        if (!d) {
            error_ = "no plugin for " + spec.dialect;
            return;
        }
        auto c = d->Connect(spec);
        if (!c.ok()) {
            error_ = c.status().message();
            return;
        }
        conn_ = std::move(c).value();
    }
    bool ok() const { return conn_ != nullptr; }
    const std::string& error() const { return error_; }
    // Runs a statement; returns "" or the error text.
    std::string Exec(const std::string& sql) {
        struct Discard : sdk::RowSink {
            sdk::Status OnColumns(const std::vector<sdk::ColumnInfo>&) noexcept override { return sdk::Status::Ok(); }
            bool OnRow(const sdk::Record&) noexcept override { return true; }
        } sink;
        auto r = conn_->Execute(sql, {}, &sink, {});
        if (!r.ok()) return r.status().message();
        if (r.value().failed) return r.value().error_code + " " + r.value().error_message;
        return "";
    }

private:
    std::unique_ptr<sdk::Connection> conn_;
    std::string error_;
};

class MultiplexIntegrationTest : public ::testing::Test {
protected:
    static void SetUpTestSuite() {
        registry_ = new PluginRegistry();
        registry_->LoadDirectory(DBB_STANDIN_PLUGIN_DIR);
    }
    static void TearDownTestSuite() {
        delete registry_;
        registry_ = nullptr;
    }

    std::unique_ptr<MultiplexService> MakeService(MultiplexServiceOptions options) {
        options.statement_timeout_ms = options.statement_timeout_ms ? options.statement_timeout_ms : 10000;
        return std::make_unique<MultiplexService>(options, MultiplexService::LookupFromRegistry(*registry_), resolver_,
                                                  store_);
    }

    static PluginRegistry* registry_;
    FixedResolver resolver_;
    InMemoryReportStore store_;
    std::string suffix_ = std::to_string(getpid());
};

PluginRegistry* MultiplexIntegrationTest::registry_ = nullptr;

TEST_F(MultiplexIntegrationTest, MysqlToGaussdb500OnMariadbAndPostgres) {
    DBB_REQUIRE_ENV(mysql_url, "DBBRIDGE_TEST_MYSQL");
    DBB_REQUIRE_ENV(pg_url, "DBBRIDGE_TEST_PG");
    ASSERT_NE(registry_->Find("MYSQL"), nullptr) << "mysql plugin not loaded from " << DBB_STANDIN_PLUGIN_DIR;
    ASSERT_NE(registry_->Find("GAUSSDB500_ORACLE"), nullptr);
    sdk::ConnectionSpec my = SpecFromUrl(mysql_url, "MYSQL");
    sdk::ConnectionSpec pg = SpecFromUrl(pg_url, "GAUSSDB500_ORACLE");
    resolver_.Add("mux-my", my);
    resolver_.Add("mux-pg", pg);
    std::string table = "mux_it_" + suffix_;
    Direct dmy(*registry_, my);
    Direct dpg(*registry_, pg);
    ASSERT_TRUE(dmy.ok()) << dmy.error();
    ASSERT_TRUE(dpg.ok()) << dpg.error();
    dmy.Exec("DROP TABLE IF EXISTS " + table);
    dpg.Exec("DROP TABLE IF EXISTS " + table);
    ASSERT_EQ(dmy.Exec("CREATE TABLE " + table +
                       " (id INT PRIMARY KEY, name VARCHAR(20), amount DECIMAL(10,2), created DATE, flag TINYINT(1), "
                       "note CHAR(5))"),
              "");
    ASSERT_EQ(dpg.Exec("CREATE TABLE " + table +
                       " (id INT PRIMARY KEY, name VARCHAR(20), amount NUMERIC(10,3), created DATE, flag BOOLEAN, "
                       "note CHAR(5))"),
              "");
    // MySQL keeps '' where the Oracle-compatible target has NULL; amounts differ only in scale.
    ASSERT_EQ(dmy.Exec("INSERT INTO " + table +
                       " VALUES (1,'a',1.50,'2024-01-02',1,'x'),(2,'',2.00,'2024-02-03',0,'yy'),(3,'c',NULL,NULL,NULL,NULL)"),
              "");
    ASSERT_EQ(dpg.Exec("INSERT INTO " + table +
                       " VALUES (1,'a',1.5,'2024-01-02',true,'x'),(2,NULL,2.000,'2024-02-03',false,'yy'),(3,'c',NULL,NULL,NULL,NULL)"),
              "");

    MultiplexServiceOptions o;
    o.targets = {{"MYSQL", "mux-my"}, {"GAUSSDB500_ORACLE", "mux-pg"}};
    auto service = MakeService(o);
    auto request = [&](const std::string& trace, const std::string& sql, const std::string& params) {
        return R"({"sourceDialect":"MYSQL","needTransform":false,"traceId":")" + trace +
               R"(","targetDialectInfos":[{"targetDialect":"MYSQL","sql":")" + sql + R"(","sqlParameters":)" + params +
               R"(},{"targetDialect":"GAUSSDB500_ORACLE","sql":")" + sql + R"(","sqlParameters":)" + params + "}]}";
    };
    std::string select = "select id, name, amount, created, flag, note from " + table + " where id >= @min";
    std::string min = R"([{"name":"min","type":4,"value":1}])";

    MultiplexResponse sel = service->Handle(request("my-sel-" + suffix_, select, min), "");
    EXPECT_EQ(sel.code, 0) << sel.message << "\n" << service->GetReport("my-sel-" + suffix_, "").data_json;
    JsonValue rep = Json(service->GetReport("my-sel-" + suffix_, "").data_json);
    const JsonValue* diff = rep.Find("resultDiff");
    ASSERT_NE(diff, nullptr);
    EXPECT_EQ(Str(*diff, "rowCounts"), R"({"MYSQL":3,"GAUSSDB500_ORACLE":3})");
    std::string rules = Str(*diff, "rules");
    EXPECT_NE(rules.find("oracle_empty_string_is_null"), std::string::npos) << rules;
    EXPECT_NE(rules.find("decimal_trailing_zeros"), std::string::npos) << rules;
    EXPECT_NE(rules.find("bool_as_0_1"), std::string::npos) << rules;

    // DML: same matched-row count on both (CLIENT_FOUND_ROWS), decimal bind exact.
    MultiplexResponse upd = service->Handle(request(
        "my-upd-" + suffix_, "update " + table + " set amount = amount + @d where id <= @id",
        R"([{"name":"d","type":3,"value":"1.25"},{"name":"id","type":4,"value":2}])"), "");
    EXPECT_EQ(upd.code, 0) << upd.message;
    JsonValue urep = Json(service->GetReport("my-upd-" + suffix_, "").data_json);
    EXPECT_EQ(Str(urep.Find("targets")->items()[0], "affectedRows"), "2");
    EXPECT_EQ(Str(urep.Find("targets")->items()[1], "affectedRows"), "2");
    EXPECT_EQ(service->Handle(request("my-sel2-" + suffix_, select, min), "").code, 0);

    // Plant a difference in the target's data: caught and shown.
    ASSERT_EQ(dpg.Exec("UPDATE " + table + " SET name = 'planted' WHERE id = 3"), "");
    MultiplexResponse bad = service->Handle(request("my-bad-" + suffix_, select, min), "");
    EXPECT_EQ(bad.code, kCodeInconsistent) << bad.message;
    JsonValue brep = Json(service->GetReport("my-bad-" + suffix_, "").data_json);
    const JsonValue* data = brep.Find("resultDiff")->Find("data");
    ASSERT_TRUE(data && data->items().size() == 1) << brep.Serialize();
    const JsonValue& name_cell = data->items()[0].items()[1];
    EXPECT_EQ(Str(name_cell, "s"), "c");
    EXPECT_EQ(Str(name_cell, "t0"), "planted");
    EXPECT_EQ(Str(name_cell, "diff"), "1");
    EXPECT_EQ(Str(data->items()[0].items()[0], "diff"), "0");

    // True multiplex: the GAUSSDB500_ORACLE statement comes from the transpiler.
    std::string tm = R"({"sourceDialect":"MYSQL","needTransform":true,"traceId":"my-tm-)" + suffix_ +
                     R"(","targetDialectInfos":[{"targetDialect":"MYSQL","sql":"select id, name from )" + table +
                     R"( where id = @id","sqlParameters":[{"name":"id","type":4,"value":1}]},)"
                     R"({"targetDialect":"GAUSSDB500_ORACLE"}]})";
    MultiplexResponse tmr = service->Handle(tm, "");
    EXPECT_EQ(tmr.code, 0) << tmr.message;
    JsonValue tmrep = Json(service->GetReport("my-tm-" + suffix_, "").data_json);
    // The transpiled SQL keeps the bind; the executed SQL has the plugin's placeholder.
    EXPECT_NE(Str(tmrep, "transformSqls").find("@id"), std::string::npos) << Str(tmrep, "transformSqls");
    std::string executed = Str(tmrep.Find("targets")->items()[1], "executedSql");
    EXPECT_NE(executed.find("$1"), std::string::npos) << executed;

    // Catalog-aware: the upsert's key is read from the target's datasource (refused without one).
    std::string upsert = R"({"sourceDialect":"MYSQL","needTransform":true,"traceId":"my-ups-)" + suffix_ +
                         R"(","targetDialectInfos":[{"targetDialect":"MYSQL","sql":"insert into )" + table +
                         R"j( (id, name) values (@id, 'a') on duplicate key update name = values(name)",)j"
                         R"("sqlParameters":[{"name":"id","type":4,"value":1}]},{"targetDialect":"GAUSSDB500_ORACLE"}]})";
    MultiplexResponse ups = service->Handle(upsert, "");
    EXPECT_EQ(ups.message.find("SQL转换失败"), std::string::npos) << ups.message;
    JsonValue upsrep = Json(service->GetReport("my-ups-" + suffix_, "").data_json);
    EXPECT_NE(Str(upsrep, "transformSqls").find("ON CONFLICT (id) DO UPDATE SET name = EXCLUDED.name"),
              std::string::npos)
        << Str(upsrep, "transformSqls");
    EXPECT_EQ(Str(upsrep.Find("targets")->items()[1], "affectedRows"), "1") << upsrep.Serialize();

    // 50 concurrent requests on the real servers.
    std::vector<std::thread> threads;
    std::vector<int> codes(50, -99);
    for (int i = 0; i < 50; ++i) {
        threads.emplace_back([&, i] {
            codes[static_cast<std::size_t>(i)] =
                service->Handle(request("my-c" + std::to_string(i) + "-" + suffix_, select, min), "").code;
        });
    }
    for (auto& t : threads) t.join();
    for (int i = 0; i < 50; ++i) EXPECT_EQ(codes[static_cast<std::size_t>(i)], kCodeInconsistent) << i;  // still planted

    // Same error class on both engines (unique violation: MySQL 1062, PostgreSQL 23505).
    MultiplexResponse dup = service->Handle(request("my-dup-" + suffix_, "insert into " + table + " (id) values (@id)",
                                                    R"([{"name":"id","type":4,"value":1}])"), "");
    EXPECT_EQ(dup.code, 0) << dup.message;
    dmy.Exec("DROP TABLE IF EXISTS " + table);
    dpg.Exec("DROP TABLE IF EXISTS " + table);
}

TEST_F(MultiplexIntegrationTest, OracleSourceWithFiveDatabasesOnSeparatePostgresDatabases) {
    DBB_REQUIRE_ENV(pg_url, "DBBRIDGE_TEST_PG");
    DBB_REQUIRE_ENV(admin_url, "DBBRIDGE_TEST_PG_ADMIN");
    sdk::ConnectionSpec admin = SpecFromUrl(admin_url, "POSTGRESQL");
    Direct dadmin(*registry_, admin);
    ASSERT_TRUE(dadmin.ok()) << dadmin.error();
    // Dialect -> (stand-in db_type, schema the seed example names).
    struct Db {
        std::string dialect;
        std::string conn_dialect;
        std::string schema;
        std::string db;
    };
    std::vector<Db> dbs = {{"ORACLE", "LIGHTDB_ORACLE", "unisql_test", ""},
                           {"LIGHTDB_ORACLE", "LIGHTDB_ORACLE", "unisql_test1", ""},
                           {"GAUSSDB_ORACLE", "GAUSSDB_ORACLE", "unisql_test2", ""},
                           {"DM", "POSTGRESQL", "unisql_test", ""},
                           {"OCEAN_BASE_ORACLE", "POSTGRESQL", "unisql_test", ""}};
    MultiplexServiceOptions o;
    std::vector<std::unique_ptr<Direct>> direct;
    for (std::size_t i = 0; i < dbs.size(); ++i) {
        dbs[i].db = "mux_" + suffix_ + "_" + std::to_string(i + 1);
        dadmin.Exec("DROP DATABASE IF EXISTS " + dbs[i].db);
        ASSERT_EQ(dadmin.Exec("CREATE DATABASE " + dbs[i].db + " OWNER app"), "");
        sdk::ConnectionSpec s = SpecFromUrl(pg_url, dbs[i].conn_dialect);
        s.database = dbs[i].db;
        resolver_.Add("mux-" + dbs[i].dialect, s);
        o.targets[dbs[i].dialect] = "mux-" + dbs[i].dialect;
        direct.push_back(std::make_unique<Direct>(*registry_, s));
        ASSERT_TRUE(direct.back()->ok()) << direct.back()->error();
        ASSERT_EQ(direct.back()->Exec("CREATE SCHEMA " + dbs[i].schema), "");
        ASSERT_EQ(direct.back()->Exec("CREATE TABLE " + dbs[i].schema +
                                      ".unisql_test (id INT PRIMARY KEY, name VARCHAR(40))"),
                  "");
        ASSERT_EQ(direct.back()->Exec("INSERT INTO " + dbs[i].schema + ".unisql_test VALUES (1,'old'),(2,'two')"), "");
    }
    auto service = MakeService(o);
    auto read = [](const std::string& name) {
        std::ifstream in(std::string(DBB_SOURCE_DIR) + "/tests/core/multiplex/data/" + name, std::ios::binary);
        std::stringstream ss;
        ss << in.rdbuf();
        return ss.str();
    };

    // Seed example 2 unchanged: pseudo multiplex UPDATE on five databases.
    MultiplexResponse two = service->Handle(read("seed_example2.json"), "");
    EXPECT_EQ(two.code, 0) << two.message;
    JsonValue rep = Json(service->GetReport("84cbb67ad75b47b689445f33c3d4cef3", "").data_json);
    ASSERT_EQ(rep.Find("targets")->items().size(), 5u) << rep.Serialize();
    for (const auto& t : rep.Find("targets")->items()) {
        EXPECT_EQ(Str(t, "affectedRows"), "1") << Str(t, "dialect") << " " << t.Serialize();
    }
    EXPECT_EQ(Str(rep.Find("targets")->items()[3], "connectionDialect"), "POSTGRESQL");

    // Seed example 1 (true multiplex; 'ture' fixed): every target's SQL from its transpiler.
    MultiplexResponse one = service->Handle(read("seed_example1_fixed.json"), "");
    EXPECT_EQ(one.code, 0) << one.message;

    // Seed example 3: two calls of one batch, compared by arrival.
    service.reset();
    InMemoryReportStore store3;
    MultiplexService batch_service(o, MultiplexService::LookupFromRegistry(*registry_), resolver_, store3);
    EXPECT_EQ(batch_service.Handle(read("seed_example3_call1.json"), "").message, kMsgBatchWaiting);
    EXPECT_EQ(batch_service.Handle(read("seed_example3_call2.json"), "").message, kMsgBatchWaiting);
    JsonValue brep = Json(batch_service.GetReport("84cbb67ad75b47b689445f33c3d4cef3", "").data_json);
    EXPECT_EQ(Str(brep, "status"), "complete");
    EXPECT_EQ(Str(brep, "verdict"), "CONSISTENT") << Str(brep, "reasons");

    // An inconsistency planted in GAUSSDB_ORACLE's database, caught by an ordered SELECT.
    ASSERT_EQ(direct[2]->Exec("UPDATE unisql_test2.unisql_test SET name = 'planted' WHERE id = 2"), "");
    std::string sel = R"({"sourceDialect":"ORACLE","needTransform":true,"traceId":"ora-sel-)" + suffix_ +
                      R"(","targetDialectInfos":[{"targetDialect":"ORACLE","schemaName":"unisql_test",)"
                      R"("sql":"select id, name from unisql_test order by id"},)"
                      R"({"targetDialect":"LIGHTDB_ORACLE","schemaName":"unisql_test1"},)"
                      R"({"targetDialect":"GAUSSDB_ORACLE","schemaName":"unisql_test2"},)"
                      R"({"targetDialect":"DM","schemaName":"unisql_test"},)"
                      R"({"targetDialect":"OCEAN_BASE_ORACLE","schemaName":"unisql_test"}]})";
    MultiplexResponse planted = batch_service.Handle(sel, "");
    EXPECT_EQ(planted.code, kCodeInconsistent) << planted.message;
    JsonValue prep = Json(batch_service.GetReport("ora-sel-" + suffix_, "").data_json);
    const JsonValue* data = prep.Find("resultDiff") ? prep.Find("resultDiff")->Find("data") : nullptr;
    ASSERT_TRUE(data && data->items().size() == 1) << prep.Serialize();
    const JsonValue& cell = data->items()[0].items()[1];
    EXPECT_EQ(Str(cell, "s"), "two");
    EXPECT_EQ(Str(cell, "t1"), "planted");  // t1 = GAUSSDB_ORACLE in targetDatabases order
    EXPECT_EQ(Str(cell, "t0"), "two");
    EXPECT_EQ(Str(cell, "diff"), "1");
    EXPECT_EQ(Str(prep, "targetDatabases"), R"(["LIGHTDB_ORACLE","GAUSSDB_ORACLE","DM","OCEAN_BASE_ORACLE"])");

    direct.clear();
    for (const auto& d : dbs) dadmin.Exec("DROP DATABASE IF EXISTS " + d.db + " WITH (FORCE)");
}

TEST_F(MultiplexIntegrationTest, StatementTimeoutAndBatchTimeoutOnPostgres) {
    DBB_REQUIRE_ENV(pg_url, "DBBRIDGE_TEST_PG");
    resolver_.Add("mux-a", SpecFromUrl(pg_url, "LIGHTDB_ORACLE"));
    resolver_.Add("mux-b", SpecFromUrl(pg_url, "GAUSSDB_ORACLE"));
    MultiplexServiceOptions o;
    o.targets = {{"ORACLE", "mux-a"}, {"GAUSSDB_ORACLE", "mux-b"}, {"DM", "mux-b"}};
    o.statement_timeout_ms = 300;
    o.batch_wait_ms = 400;
    auto service = MakeService(o);
    std::string slow = R"({"sourceDialect":"ORACLE","needTransform":false,"traceId":"slow-)" + suffix_ +
                       R"(","targetDialectInfos":[{"targetDialect":"ORACLE","sql":"select 1 as x"},)"
                       R"({"targetDialect":"GAUSSDB_ORACLE","sql":"select pg_sleep(5) as x"}]})";
    auto t0 = std::chrono::steady_clock::now();
    MultiplexResponse r = service->Handle(slow, "");
    EXPECT_LT(std::chrono::steady_clock::now() - t0, std::chrono::seconds(3));
    EXPECT_EQ(r.code, kCodeExecution);
    EXPECT_NE(r.message.find("[GAUSSDB_ORACLE]"), std::string::npos) << r.message;
    EXPECT_NE(r.message.find("执行超时"), std::string::npos) << r.message;

    // bulkMode 2: DM never reports; the batch is compared when the wait runs out.
    std::string call = R"({"sourceDialect":"ORACLE","needTransform":false,"bulkMode":2,"traceId":"bt-)" + suffix_ +
                       R"(","targetDialects":["ORACLE","GAUSSDB_ORACLE","DM"],"targetDialectInfos":[)";
    EXPECT_EQ(service->Handle(call + R"({"targetDialect":"ORACLE","sql":"select 1 as x"}]})", "").code, 0);
    EXPECT_EQ(service->Handle(call + R"({"targetDialect":"GAUSSDB_ORACLE","sql":"select 1 as x"}]})", "").code, 0);
    EXPECT_EQ(Str(Json(service->GetReport("bt-" + suffix_, "").data_json), "status"), "pending");
    auto status = [&] { return Str(Json(service->GetReport("bt-" + suffix_, "").data_json), "status"); };
    for (int i = 0; i < 200 && status() == "pending"; ++i) {
        std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
    JsonValue rep = Json(service->GetReport("bt-" + suffix_, "").data_json);
    EXPECT_EQ(Str(rep, "status"), "complete");
    EXPECT_EQ(Str(rep, "verdict"), "CONSISTENT") << Str(rep, "reasons");
    EXPECT_EQ(Str(*rep.Find("batch"), "missing"), R"(["DM"])");
}

// ORACLE through the ODBC oracle plugin (psqlODBC standing in for Oracle's driver) against
// LIGHTDB_ORACLE through the postgres plugin, both on the same PostgreSQL table.
TEST_F(MultiplexIntegrationTest, OracleThroughOdbcPluginAgainstLightdbOracle) {
    DBB_REQUIRE_ENV(pg_url, "DBBRIDGE_TEST_PG");
    DBB_REQUIRE_ENV(driver, "DBBRIDGE_TEST_ODBC_DRIVER");
    if (!registry_->Find("ORACLE")) GTEST_SKIP() << "oracle plugin not built";
    sdk::ConnectionSpec pg = SpecFromUrl(pg_url, "LIGHTDB_ORACLE");
    sdk::ConnectionSpec ora = pg;
    ora.dialect = "ORACLE";
    ora.options["connection_string"] = "DRIVER={" + driver + "};SERVER=" + pg.host + ";PORT=" + std::to_string(pg.port) +
                                       ";DATABASE=" + pg.database + ";UID=" + pg.user + ";PWD=" + pg.password;
    ora.options["session_init"] = "";  // ALTER SESSION does not exist on PostgreSQL
    resolver_.Add("mux-ora-odbc", ora);
    resolver_.Add("mux-lightdb", pg);
    std::string table = "mux_odbc_" + suffix_;
    Direct dpg(*registry_, pg);
    ASSERT_TRUE(dpg.ok()) << dpg.error();
    dpg.Exec("DROP TABLE IF EXISTS " + table);
    ASSERT_EQ(dpg.Exec("CREATE TABLE " + table + " (id NUMERIC(10,0) PRIMARY KEY, name VARCHAR(20), price NUMERIC(12,2), "
                       "created TIMESTAMP(0))"),
              "");
    ASSERT_EQ(dpg.Exec("INSERT INTO " + table + " VALUES (1,'a',1.50,'2024-01-02 10:00:00'),(2,'b',NULL,NULL),"
                       "(3,'c',3.25,'2024-03-04 00:00:00')"),
              "");
    MultiplexServiceOptions o;
    o.targets = {{"ORACLE", "mux-ora-odbc"}, {"LIGHTDB_ORACLE", "mux-lightdb"}};
    auto service = MakeService(o);
    std::string sql = "select id, name, price, created from " + table + " where id >= @min order by id";
    std::string params = R"([{"name":"min","type":3,"value":"2"}])";
    std::string body = R"({"sourceDialect":"ORACLE","needTransform":false,"traceId":"odbc-)" + suffix_ +
                       R"(","targetDialectInfos":[{"targetDialect":"ORACLE","sql":")" + sql + R"(","sqlParameters":)" +
                       params + R"(},{"targetDialect":"LIGHTDB_ORACLE","sql":")" + sql + R"(","sqlParameters":)" +
                       params + "}]}";
    MultiplexResponse r = service->Handle(body, "");
    JsonValue rep = Json(service->GetReport("odbc-" + suffix_, "").data_json);
    EXPECT_EQ(r.code, 0) << r.message << "\n" << rep.Serialize();
    EXPECT_EQ(Str(rep.Find("targets")->items()[0], "connectionDialect"), "ORACLE");
    EXPECT_EQ(Str(rep.Find("targets")->items()[0], "rowCount"), "2");
    EXPECT_EQ(Str(rep.Find("targets")->items()[1], "rowCount"), "2");
    dpg.Exec("DROP TABLE IF EXISTS " + table);
}

TEST_F(MultiplexIntegrationTest, UnreachableTargetIs30000NamingIt) {
    DBB_REQUIRE_ENV(pg_url, "DBBRIDGE_TEST_PG");
    sdk::ConnectionSpec good = SpecFromUrl(pg_url, "LIGHTDB_ORACLE");
    sdk::ConnectionSpec down = SpecFromUrl(pg_url, "POSTGRESQL");
    down.port = 1;  // nothing listens there
    resolver_.Add("mux-good", good);
    resolver_.Add("mux-down", down);
    MultiplexServiceOptions o;
    o.targets = {{"ORACLE", "mux-good"}, {"DM", "mux-down"}};
    auto service = MakeService(o);
    std::string body = R"({"sourceDialect":"ORACLE","needTransform":false,"traceId":"down-)" + suffix_ +
                       R"(","targetDialectInfos":[{"targetDialect":"ORACLE","sql":"select 1 as x"},)"
                       R"({"targetDialect":"DM","sql":"select 1 as x"}]})";
    MultiplexResponse r = service->Handle(body, "");
    EXPECT_EQ(r.code, kCodeExecution);
    EXPECT_EQ(r.message.rfind("多发数据库执行异常", 0), 0u) << r.message;
    EXPECT_NE(r.message.find("[DM] 数据源[mux-down] 连接失败"), std::string::npos) << r.message;
}

// needTransform=true hands user SQL to the real transpilers. A pathological statement must be a
// transpile error per target (30000 naming it), never a crash; nothing connects anywhere.
// Needs the parser's nesting limit (core/sql): without it this test dies with a stack overflow.
TEST_F(MultiplexIntegrationTest, DeeplyNestedStatementIsATranspileErrorPerTarget) {
    ASSERT_NE(registry_->Find("LIGHTDB_ORACLE"), nullptr) << "postgres plugin not loaded from " << DBB_STANDIN_PLUGIN_DIR;
    sdk::ConnectionSpec nowhere;
    nowhere.dialect = "LIGHTDB_ORACLE";
    nowhere.host = "127.0.0.1";
    nowhere.port = 1;  // never reached: routing and transpiling fail first
    resolver_.Add("mux-deep", nowhere);
    MultiplexServiceOptions o;
    o.targets = {{"ORACLE", "mux-deep"}, {"LIGHTDB_ORACLE", "mux-deep"}, {"GAUSSDB_ORACLE", "mux-deep"}};
    auto service = MakeService(o);
    std::string sql = "select " + std::string(20000, '(') + "1" + std::string(20000, ')') + " from dual";
    std::string body = R"({"sourceDialect":"ORACLE","needTransform":true,"targetDialectInfos":[)"
                       R"({"targetDialect":"ORACLE","sql":")" + sql + R"("},)"
                       R"({"targetDialect":"LIGHTDB_ORACLE"},{"targetDialect":"GAUSSDB_ORACLE"}]})";
    MultiplexResponse r = service->Handle(body, "");
    EXPECT_EQ(r.code, kCodeExecution);
    EXPECT_NE(r.message.find("[LIGHTDB_ORACLE] SQL转换失败(ORACLE -> LIGHTDB_ORACLE)"), std::string::npos)
        << r.message.substr(0, 2000);
    EXPECT_NE(r.message.find("[GAUSSDB_ORACLE] SQL转换失败(ORACLE -> GAUSSDB_ORACLE)"), std::string::npos)
        << r.message.substr(0, 2000);
    EXPECT_LT(r.message.size(), 20000u) << "the message should not echo the whole statement";
}

}  // namespace
}  // namespace dbbridge::core::multiplex
