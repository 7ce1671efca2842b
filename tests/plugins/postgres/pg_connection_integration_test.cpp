// Integration tests against the real PostgreSQL 15 (+ orafce) server: connecting, metadata,
// multiplex execution. Needs DBBRIDGE_TEST_PG (scripts/db-up.sh).
#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <thread>

#include "dbbridge/sdk/util/sql_text.h"
#include "pg_plugin.h"
#include "tests/plugins/postgres/pg_test_env.h"
#include "tests/support/test_env.h"

namespace dbbridge::postgres {
namespace {

using sdk::JdbcType;
using sdk::StatusCode;
using sdk::Value;
using testing::CollectSink;
using testing::SpecFromUrl;
using testing::UniqueName;

const sdk::Dialect* Find(const PgPlugin& plugin, const std::string& name) {
    for (const auto* d : plugin.Dialects()) {
        if (d->Name() == name) {
            return d;
        }
    }
    return nullptr;
}

class PgConnectionTest : public ::testing::Test {
protected:
    void Connect(const std::string& url) {
        auto c = Find(plugin_, "POSTGRESQL")->Connect(SpecFromUrl(url));
        ASSERT_TRUE(c.ok()) << c.status().message();
        conn_ = std::move(c).value();
    }
    // Runs SQL that must succeed; returns the rows.
    std::vector<sdk::Record> Run(const std::string& sql, const std::vector<sdk::BindValue>& binds = {}) {
        CollectSink sink;
        auto r = conn_->Execute(sql, binds, &sink, {});
        EXPECT_TRUE(r.ok()) << r.status().message();
        if (r.ok()) {
            EXPECT_FALSE(r->failed) << sql << ": " << r->error_message;
        }
        return sink.rows_;
    }
    void TearDown() override {
        if (conn_) {
            for (const auto& t : drop_) {
                CollectSink sink;
                (void)conn_->Execute("DROP " + t + " CASCADE", {}, &sink, {});
            }
        }
    }
    PgPlugin plugin_;
    std::unique_ptr<sdk::Connection> conn_;
    std::vector<std::string> drop_;  // "TABLE x" / "SCHEMA y"
};

TEST_F(PgConnectionTest, ConnectsAndPings) {
    DBB_REQUIRE_ENV(url, "DBBRIDGE_TEST_PG");
    Connect(url);
    auto ping = conn_->Ping("");
    ASSERT_TRUE(ping.ok()) << ping.status().message();
    EXPECT_GT(ping->latency_ms, 0.0);
    EXPECT_EQ(ping->server_version.substr(0, 3), "15.");
    EXPECT_EQ(conn_->ServerVersion().value(), ping->server_version);
    // The session is pinned to the formats the codecs expect.
    auto rows =
        Run("SELECT current_setting('TimeZone'), current_setting('DateStyle'), "
            "current_setting('application_name')");
    ASSERT_EQ(rows.size(), 1u);
    EXPECT_EQ(rows[0][0], Value::Text("UTC"));
    EXPECT_EQ(rows[0][1], Value::Text("ISO, YMD"));
    EXPECT_EQ(rows[0][2], Value::Text("dbbridge"));
    auto bad = conn_->Ping("SELEC 1");
    ASSERT_FALSE(bad.ok());
    EXPECT_NE(bad.status().message().find("42601"), std::string::npos);
}

TEST_F(PgConnectionTest, WrongPasswordIsUnauthenticatedWithoutThePassword) {
    DBB_REQUIRE_ENV(url, "DBBRIDGE_TEST_PG");
    sdk::ConnectionSpec spec = SpecFromUrl(url);
    spec.password = "wrong-secret-pw-4711";
    auto c = Find(plugin_, "POSTGRESQL")->Connect(spec);
    ASSERT_FALSE(c.ok());
    EXPECT_EQ(c.status().code(), StatusCode::kUnauthenticated) << c.status().message();
    EXPECT_EQ(c.status().message().find("wrong-secret-pw-4711"), std::string::npos);
    EXPECT_NE(c.status().message().find(spec.host + ":" + std::to_string(spec.port)), std::string::npos);
    EXPECT_NE(c.status().message().find("user '" + spec.user + "'"), std::string::npos);
}

TEST_F(PgConnectionTest, UnreachablePortIsUnavailableQuickly) {
    DBB_REQUIRE_ENV(url, "DBBRIDGE_TEST_PG");
    sdk::ConnectionSpec spec = SpecFromUrl(url);
    spec.port = 1;
    auto start = std::chrono::steady_clock::now();
    auto c = Find(plugin_, "POSTGRESQL")->Connect(spec);
    auto elapsed = std::chrono::steady_clock::now() - start;
    ASSERT_FALSE(c.ok());
    EXPECT_EQ(c.status().code(), StatusCode::kUnavailable) << c.status().message();
    EXPECT_LT(elapsed, std::chrono::seconds(5));
    EXPECT_NE(c.status().message().find(":1,"), std::string::npos) << c.status().message();
    EXPECT_EQ(c.status().message().find(spec.password + "@"), std::string::npos);
}

TEST_F(PgConnectionTest, MissingDatabaseIsNotFound) {
    DBB_REQUIRE_ENV(url, "DBBRIDGE_TEST_PG");
    sdk::ConnectionSpec spec = SpecFromUrl(url);
    spec.database = "pgp_no_such_db";
    auto c = Find(plugin_, "POSTGRESQL")->Connect(spec);
    ASSERT_FALSE(c.ok());
    EXPECT_EQ(c.status().code(), StatusCode::kNotFound) << c.status().message();
}

struct ColumnCase {
    const char* name;
    const char* native;
    JdbcType jdbc;
};

TEST_F(PgConnectionTest, ListsColumnsOfEveryCommonType) {
    DBB_REQUIRE_ENV(url, "DBBRIDGE_TEST_PG");
    Connect(url);
    const std::string table = UniqueName("types");
    drop_.push_back("TABLE IF EXISTS " + table);
    Run("CREATE TABLE " + table +
        " (c_small smallint NOT NULL, c_int integer, c_big bigint, c_num numeric(38,10), c_real real,"
        " c_double double precision, c_bool boolean, c_char char(10), c_varchar varchar(64), c_text text,"
        " c_bytea bytea, c_date date, c_time time, c_ts timestamp(3), c_tstz timestamptz, c_uuid uuid,"
        " c_json json, c_jsonb jsonb, c_interval interval, c_arr int[], c_serial serial, c_odate oracle.date,"
        " c_v2 varchar2(20))");
    const ColumnCase expected[] = {
        {"c_small", "smallint", JdbcType::kSmallInt},
        {"c_int", "integer", JdbcType::kInteger},
        {"c_big", "bigint", JdbcType::kBigInt},
        {"c_num", "numeric(38,10)", JdbcType::kDecimal},
        {"c_real", "real", JdbcType::kReal},
        {"c_double", "double precision", JdbcType::kDouble},
        {"c_bool", "boolean", JdbcType::kBoolean},
        {"c_char", "character(10)", JdbcType::kChar},
        {"c_varchar", "character varying(64)", JdbcType::kVarchar},
        {"c_text", "text", JdbcType::kLongVarchar},
        {"c_bytea", "bytea", JdbcType::kBinary},
        {"c_date", "date", JdbcType::kDate},
        {"c_time", "time without time zone", JdbcType::kTime},
        {"c_ts", "timestamp(3) without time zone", JdbcType::kTimestamp},
        {"c_tstz", "timestamp with time zone", JdbcType::kTimestamp},
        {"c_uuid", "uuid", JdbcType::kOther},
        {"c_json", "json", JdbcType::kOther},
        {"c_jsonb", "jsonb", JdbcType::kOther},
        {"c_interval", "interval", JdbcType::kOther},
        {"c_arr", "integer[]", JdbcType::kArray},
        {"c_serial", "integer", JdbcType::kInteger},
        {"c_odate", "oracle.date", JdbcType::kTimestamp},
        {"c_v2", "varchar2(20)", JdbcType::kVarchar},
    };
    // Unquoted names fold to lower case as on the server.
    auto cols = conn_->ListColumns(sdk::util::ToUpper(table));
    ASSERT_TRUE(cols.ok()) << cols.status().message();
    ASSERT_EQ(cols->size(), std::size(expected));
    for (std::size_t i = 0; i < cols->size(); ++i) {
        const auto& c = (*cols)[i];
        EXPECT_EQ(c.name, expected[i].name);
        EXPECT_EQ(c.native_type, expected[i].native) << c.name;
        EXPECT_EQ(c.jdbc_type, expected[i].jdbc) << c.name;
    }
    EXPECT_FALSE((*cols)[0].nullable);
    EXPECT_TRUE((*cols)[1].nullable);
    EXPECT_EQ((*cols)[3].precision, 38);
    EXPECT_EQ((*cols)[3].scale, 10);
    EXPECT_EQ((*cols)[8].precision, 64);

    auto quoted = conn_->ListColumns("\"" + sdk::util::ToUpper(table) + "\"");
    ASSERT_FALSE(quoted.ok());
    EXPECT_EQ(quoted.status().code(), StatusCode::kNotFound);
    EXPECT_NE(quoted.status().message().find(sdk::util::ToUpper(table)), std::string::npos);
}

TEST_F(PgConnectionTest, SchemaQualifiedNamesAndListings) {
    DBB_REQUIRE_ENV(url, "DBBRIDGE_TEST_PG");
    Connect(url);
    const std::string schema = UniqueName("schema");
    drop_.push_back("SCHEMA IF EXISTS " + schema);
    Run("CREATE SCHEMA " + schema);
    Run("CREATE TABLE " + schema + ".tbl (id int PRIMARY KEY, \"MixedCase\" text)");
    Run("CREATE VIEW " + schema + ".v AS SELECT id FROM " + schema + ".tbl");
    auto cols = conn_->ListColumns(schema + ".tbl");
    ASSERT_TRUE(cols.ok()) << cols.status().message();
    ASSERT_EQ(cols->size(), 2u);
    EXPECT_EQ((*cols)[1].name, "MixedCase");
    EXPECT_EQ(conn_->ListColumns("tbl").status().code(), StatusCode::kNotFound);  // not on the search_path

    auto schemas = conn_->ListSchemas();
    ASSERT_TRUE(schemas.ok());
    EXPECT_NE(std::find(schemas->begin(), schemas->end(), schema), schemas->end());
    EXPECT_EQ(std::find(schemas->begin(), schemas->end(), "pg_catalog"), schemas->end());
    auto tables = conn_->ListTables(schema);
    ASSERT_TRUE(tables.ok()) << tables.status().message();
    ASSERT_EQ(tables->size(), 2u);
    EXPECT_EQ((*tables)[0].name, "tbl");
    EXPECT_EQ((*tables)[0].type, "TABLE");
    EXPECT_EQ((*tables)[1].name, "v");
    EXPECT_EQ((*tables)[1].type, "VIEW");

    ASSERT_TRUE(conn_->SetSchema(schema).ok());
    auto switched = conn_->ListColumns("tbl");  // now on the search_path
    ASSERT_TRUE(switched.ok()) << switched.status().message();
    ASSERT_EQ(switched->size(), 2u);
    EXPECT_EQ((*switched)[0].name, "id");
    EXPECT_EQ((*switched)[1].name, "MixedCase");
    auto current = conn_->ListTables("");
    ASSERT_TRUE(current.ok());
    EXPECT_EQ(current->size(), 2u);
    EXPECT_EQ(conn_->SetSchema("pgp_no_such_schema").code(), StatusCode::kNotFound);
}

TEST_F(PgConnectionTest, InjectionInNamesTouchesNothing) {
    DBB_REQUIRE_ENV(url, "DBBRIDGE_TEST_PG");
    Connect(url);
    const std::string victim = UniqueName("victim");
    drop_.push_back("TABLE IF EXISTS " + victim);
    Run("CREATE TABLE " + victim + " (id int)");
    Run("INSERT INTO " + victim + " VALUES (1), (2)");
    const std::string evil = victim + "; DROP TABLE " + victim + "; --";
    auto cols = conn_->ListColumns(evil);
    ASSERT_FALSE(cols.ok());
    EXPECT_EQ(cols.status().code(), StatusCode::kNotFound);
    sdk::ReadSpec spec;
    spec.table = evil;
    auto reader = conn_->OpenReader(spec);
    EXPECT_FALSE(reader.ok());
    sdk::WriteSpec ws;
    ws.table = evil;
    EXPECT_FALSE(conn_->OpenWriter(ws).ok());
    spec.table = victim;
    spec.split_pk = "id); DROP TABLE " + victim + "; --";
    EXPECT_FALSE(conn_->SplitRange(spec).ok());
    auto rows = Run("SELECT count(*) FROM " + victim);
    ASSERT_EQ(rows.size(), 1u);
    EXPECT_EQ(rows[0][0], Value::Int(2));
}

TEST_F(PgConnectionTest, OracleVariantsReachOrafceFunctions) {
    DBB_REQUIRE_ENV(url, "DBBRIDGE_TEST_PG");
    for (const char* name : {"LIGHTDB_ORACLE", "GAUSSDB_ORACLE", "GAUSSDB500_ORACLE"}) {
        sdk::ConnectionSpec spec = SpecFromUrl(url, name);
        spec.schema = "public";  // a chosen schema must not push orafce's schema off the path
        auto c = Find(plugin_, name)->Connect(spec);
        ASSERT_TRUE(c.ok()) << name << ": " << c.status().message();
        CollectSink sink;
        auto r = (*c)->Execute("SELECT nvl(NULL::text, 'x'), (SELECT dummy FROM dual)", {}, &sink, {});
        ASSERT_TRUE(r.ok()) << r.status().message();
        ASSERT_FALSE(r->failed) << name << ": " << r->error_message;
        ASSERT_EQ(sink.rows_.size(), 1u);
        EXPECT_EQ(sink.rows_[0][0], Value::Text("x")) << name;
        EXPECT_EQ(sink.rows_[0][1].s, "X") << name;
    }
}

TEST_F(PgConnectionTest, ExecutesWithBindsOfEverySeedType) {
    DBB_REQUIRE_ENV(url, "DBBRIDGE_TEST_PG");
    Connect(url);
    struct BindCase {
        JdbcType type;
        Value in;
        Value out;
    };
    const std::string blob("\x00\x01\xff\\'\"", 6);
    const BindCase cases[] = {
        {JdbcType::kFloat, Value::Float(1.5), Value::Float(1.5)},
        {JdbcType::kDouble, Value::Float(0.1 + 0.2), Value::Float(0.1 + 0.2)},
        {JdbcType::kChar, Value::Text("ab"), Value::Text("ab")},
        {JdbcType::kNChar, Value::Text("中"), Value::Text("中")},
        {JdbcType::kNVarchar, Value::Text("😀"), Value::Text("😀")},
        {JdbcType::kVarchar, Value::Text("it's"), Value::Text("it's")},
        {JdbcType::kTinyInt, Value::Int(-7), Value::Int(-7)},
        {JdbcType::kSmallInt, Value::Int(32767), Value::Int(32767)},
        {JdbcType::kInteger, Value::Int(-2147483648LL), Value::Int(-2147483648LL)},
        {JdbcType::kBigInt, Value::Int(INT64_MAX), Value::Int(INT64_MAX)},
        {JdbcType::kBlob, Value::Bytes(blob), Value::Bytes(blob)},
        {JdbcType::kClob, Value::Text("long\ttext"), Value::Text("long\ttext")},
        {JdbcType::kDecimal, Value::Decimal("-12345678901234567890.123456789"),
         Value::Decimal("-12345678901234567890.123456789")},
        {JdbcType::kDate, Value::Date("2024-02-29"), Value::Date("2024-02-29")},
        {JdbcType::kTime, Value::Time("23:59:59.5"), Value::Time("23:59:59.5")},
        {JdbcType::kTimestamp, Value::Timestamp("2020-01-01 00:00:00.123456"),
         Value::Timestamp("2020-01-01 00:00:00.123456")},
        {JdbcType::kRowId, Value::Text("AAAB"), Value::Text("AAAB")},
        {JdbcType::kBoolean, Value::Bool(true), Value::Bool(true)},
        {JdbcType::kLongVarchar, Value::Text("x"), Value::Text("x")},
        {JdbcType::kVarchar, Value::Null(), Value::Null()},
    };
    std::string sql = "SELECT ";
    std::vector<sdk::BindValue> binds;
    for (std::size_t i = 0; i < std::size(cases); ++i) {
        sql += (i ? ", @b" : "@b") + std::to_string(i);
    }
    std::vector<std::string> order;
    auto rewritten = Find(plugin_, "POSTGRESQL")->RewriteBinds(sql, order);
    ASSERT_TRUE(rewritten.ok());
    for (std::size_t i = 0; i < std::size(cases); ++i) {
        binds.push_back({order[i], cases[i].type, cases[i].in});
    }
    auto rows = Run(rewritten.value(), binds);
    ASSERT_EQ(rows.size(), 1u);
    for (std::size_t i = 0; i < std::size(cases); ++i) {
        EXPECT_EQ(rows[0][i], cases[i].out)
            << "bind " << i << " type " << static_cast<int>(cases[i].type) << " got '" << rows[0][i].s << "'";
    }
    // A name used twice is bound twice.
    auto twice = Find(plugin_, "POSTGRESQL")->RewriteBinds("SELECT @x::int + @x::int", order);
    ASSERT_TRUE(twice.ok());
    auto sum =
        Run(twice.value(), {{"x", JdbcType::kInteger, Value::Int(20)}, {"x", JdbcType::kInteger, Value::Int(20)}});
    ASSERT_EQ(sum.size(), 1u);
    EXPECT_EQ(sum[0][0], Value::Int(40));
}

TEST_F(PgConnectionTest, ReportsStatementErrorsAndAffectedRows) {
    DBB_REQUIRE_ENV(url, "DBBRIDGE_TEST_PG");
    Connect(url);
    const std::string table = UniqueName("exec");
    drop_.push_back("TABLE IF EXISTS " + table);
    Run("CREATE TABLE " + table + " (id int PRIMARY KEY, v text)");
    CollectSink sink;
    auto ins = conn_->Execute("INSERT INTO " + table + " VALUES ($1, 'a'), ($1 + 1, 'b'), ($1 + 2, 'c')",
                              {{"id", JdbcType::kInteger, Value::Int(1)}}, &sink, {});
    ASSERT_TRUE(ins.ok());
    EXPECT_FALSE(ins->failed) << ins->error_message;
    EXPECT_FALSE(ins->has_rows);
    EXPECT_EQ(ins->affected_rows, 3);
    auto upd = conn_->Execute("UPDATE " + table + " SET v = 'z' WHERE id >= 2", {}, &sink, {});
    ASSERT_TRUE(upd.ok());
    EXPECT_EQ(upd->affected_rows, 2);
    auto dup = conn_->Execute("INSERT INTO " + table + " VALUES (1, 'dup')", {}, &sink, {});
    ASSERT_TRUE(dup.ok());
    EXPECT_TRUE(dup->failed);
    EXPECT_EQ(dup->sql_state, "23505");
    EXPECT_EQ(dup->error_code, "23505");
    EXPECT_NE(dup->error_message.find("duplicate key"), std::string::npos);
    auto sel = conn_->Execute("SELECT id, v FROM " + table + " WHERE id > 100", {}, &sink, {});
    ASSERT_TRUE(sel.ok());
    EXPECT_TRUE(sel->has_rows);
    EXPECT_EQ(sel->row_count, 0);
    ASSERT_EQ(sink.columns_.size(), 2u);  // columns are reported even without rows
    EXPECT_EQ(sink.columns_[0].jdbc_type, JdbcType::kInteger);
    auto del = conn_->Execute("DELETE FROM " + table, {}, &sink, {});
    ASSERT_TRUE(del.ok());
    EXPECT_EQ(del->affected_rows, 3);
}

TEST_F(PgConnectionTest, TransactionsRollBack) {
    DBB_REQUIRE_ENV(url, "DBBRIDGE_TEST_PG");
    Connect(url);
    const std::string table = UniqueName("txn");
    drop_.push_back("TABLE IF EXISTS " + table);
    Run("CREATE TABLE " + table + " (id int)");
    ASSERT_TRUE(conn_->Begin().ok());
    Run("INSERT INTO " + table + " VALUES (1)");
    ASSERT_TRUE(conn_->Rollback().ok());
    ASSERT_TRUE(conn_->Begin().ok());
    Run("INSERT INTO " + table + " VALUES (2)");
    ASSERT_TRUE(conn_->Commit().ok());
    auto rows = Run("SELECT id FROM " + table);
    ASSERT_EQ(rows.size(), 1u);
    EXPECT_EQ(rows[0][0], Value::Int(2));
}

TEST_F(PgConnectionTest, EarlyStopTimeoutAndCancelLeaveTheConnectionUsable) {
    DBB_REQUIRE_ENV(url, "DBBRIDGE_TEST_PG");
    Connect(url);
    CollectSink five(5);
    auto r = conn_->Execute("SELECT g FROM generate_series(1, 2000000) g", {}, &five, {});
    ASSERT_TRUE(r.ok()) << r.status().message();
    EXPECT_FALSE(r->failed) << r->error_message;
    EXPECT_EQ(five.rows_.size(), 5u);
    EXPECT_EQ(five.rows_[4][0], Value::Int(5));

    // A stopped DML ... RETURNING still completes (only plain queries are cancelled).
    const std::string table = UniqueName("returning");
    drop_.push_back("TABLE IF EXISTS " + table);
    Run("CREATE TABLE " + table + " (id int)");
    CollectSink two(2);
    auto dml =
        conn_->Execute("INSERT INTO " + table + " SELECT g FROM generate_series(1, 5000) g RETURNING id", {}, &two, {});
    ASSERT_TRUE(dml.ok()) << dml.status().message();
    EXPECT_FALSE(dml->failed) << dml->error_message;
    EXPECT_EQ(two.rows_.size(), 2u);
    auto count = Run("SELECT count(*) FROM " + table);
    ASSERT_EQ(count.size(), 1u);
    EXPECT_EQ(count[0][0], Value::Int(5000));

    CollectSink sink;
    sdk::ExecuteOptions opts;
    opts.timeout_ms = 200;
    auto start = std::chrono::steady_clock::now();
    auto slow = conn_->Execute("SELECT pg_sleep(3)", {}, &sink, opts);
    EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::milliseconds(2000));
    ASSERT_TRUE(slow.ok());
    EXPECT_TRUE(slow->failed);
    EXPECT_EQ(slow->sql_state, "57014");
    auto setting = Run("SHOW statement_timeout");
    ASSERT_EQ(setting.size(), 1u);
    EXPECT_EQ(setting[0][0], Value::Text("0"));

    std::thread canceller([&] {
        std::this_thread::sleep_for(std::chrono::milliseconds(200));
        conn_->Cancel();
    });
    start = std::chrono::steady_clock::now();
    auto cancelled = conn_->Execute("SELECT pg_sleep(5)", {}, &sink, {});
    canceller.join();
    EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::milliseconds(3000));
    ASSERT_TRUE(cancelled.ok());
    EXPECT_TRUE(cancelled->failed);
    EXPECT_EQ(cancelled->sql_state, "57014");
    auto after = Run("SELECT 1");
    ASSERT_EQ(after.size(), 1u);
}

}  // namespace
}  // namespace dbbridge::postgres
