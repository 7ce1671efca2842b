// Unit tests of the postgres plugin's dialect surface: identity, JDBC URLs, type mapping,
// quoting, bind rewriting, DataX blocks. No server needed.
#include "pg_dialect.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "pg_connection.h"
#include "pg_names.h"
#include "pg_plugin.h"
#include "tests/support/sql_target_expect.h"

namespace dbbridge::postgres {
namespace {

using sdk::JdbcType;

// The value of a Result, or a text naming the error (so a failure shows in the comparison).
std::string V(sdk::Result<std::string> r) { return r.ok() ? r.value() : "<error: " + r.status().message() + ">"; }

const sdk::Dialect* Find(const PgPlugin& plugin, const std::string& name) {
    for (const auto* d : plugin.Dialects()) {
        if (d->Name() == name) {
            return d;
        }
    }
    return nullptr;
}

TEST(PgDialectTest, ServesFourDialectsWithDataxNamesOnlyOnPostgresql) {
    PgPlugin plugin;
    ASSERT_EQ(plugin.Dialects().size(), 4u);
    const auto* pg = Find(plugin, "POSTGRESQL");
    ASSERT_NE(pg, nullptr);
    EXPECT_EQ(pg->DataxReaderNames(), std::vector<std::string>{"postgresqlreader"});
    EXPECT_EQ(pg->DataxWriterNames(), std::vector<std::string>{"postgresqlwriter"});
    EXPECT_EQ(pg->JdbcUrlPrefixes(), std::vector<std::string>{"jdbc:postgresql://"});
    EXPECT_EQ(pg->DefaultPort(), 5432);
    EXPECT_EQ(pg->DefaultPingSql(), "SELECT 1");
    EXPECT_NE(pg->DefaultColumnsSql().find("$2"), std::string::npos);
    for (const char* name : {"LIGHTDB_ORACLE", "GAUSSDB_ORACLE", "GAUSSDB500_ORACLE"}) {
        const auto* d = Find(plugin, name);
        ASSERT_NE(d, nullptr) << name;
        EXPECT_TRUE(d->DataxReaderNames().empty()) << name;
        EXPECT_TRUE(d->DataxWriterNames().empty()) << name;
        EXPECT_TRUE(d->GetCapabilities().oracle_functions) << name;
        EXPECT_TRUE(d->GetCapabilities().dual) << name;
    }
    EXPECT_EQ(Find(plugin, "LIGHTDB_ORACLE")->JdbcUrlPrefixes(),
              std::vector<std::string>{"jdbc:lightdb-postgresql://"});
    EXPECT_EQ(Find(plugin, "GAUSSDB_ORACLE")->JdbcUrlPrefixes(),
              (std::vector<std::string>{"jdbc:gaussdb://", "jdbc:opengauss://"}));
    // Kernel 500 cannot be told from a URL: it announces none, so detection picks GAUSSDB_ORACLE.
    EXPECT_TRUE(Find(plugin, "GAUSSDB500_ORACLE")->JdbcUrlPrefixes().empty());
}

TEST(PgDialectTest, CapabilitiesOfPostgresql) {
    PgPlugin plugin;
    sdk::Capabilities c = Find(plugin, "POSTGRESQL")->GetCapabilities();
    EXPECT_TRUE(c.limit);
    EXPECT_TRUE(c.fetch_first);
    EXPECT_TRUE(c.nulls_ordering);
    EXPECT_FALSE(c.oracle_functions);
    EXPECT_FALSE(c.dual);
    EXPECT_FALSE(c.rownum);
    EXPECT_FALSE(c.connect_by);
}

TEST(PgDialectTest, ParsesJdbcUrls) {
    PgPlugin plugin;
    const auto* pg = Find(plugin, "POSTGRESQL");
    auto spec = pg->ParseJdbcUrl("jdbc:postgresql://db.example:6543/sales?currentSchema=app,public&connectTimeout=7");
    ASSERT_TRUE(spec.ok()) << spec.status().message();
    EXPECT_EQ(spec->dialect, "POSTGRESQL");
    EXPECT_EQ(spec->host, "db.example");
    EXPECT_EQ(spec->port, 6543);
    EXPECT_EQ(spec->database, "sales");
    EXPECT_EQ(spec->schema, "app");
    EXPECT_EQ(spec->connect_timeout_ms, 7000);

    auto no_port = pg->ParseJdbcUrl("JDBC:PostgreSQL://10.0.0.1/db");
    ASSERT_TRUE(no_port.ok());
    EXPECT_EQ(no_port->port, 5432);

    auto wrong = pg->ParseJdbcUrl("jdbc:mysql://h:3306/db");
    ASSERT_FALSE(wrong.ok());
    EXPECT_EQ(wrong.status().code(), sdk::StatusCode::kInvalidArgument);
    EXPECT_NE(wrong.status().message().find("jdbc:postgresql://"), std::string::npos);

    auto bad_port = pg->ParseJdbcUrl("jdbc:postgresql://h:99999/db");
    EXPECT_FALSE(bad_port.ok());

    auto text_copy = pg->ParseJdbcUrl("jdbc:postgresql://h/db?pg_copy_format=text");
    ASSERT_TRUE(text_copy.ok()) << text_copy.status().message();
    EXPECT_EQ(text_copy->options.at("pg_copy_format"), "text");
    auto bad_copy = pg->ParseJdbcUrl("jdbc:postgresql://h/db?pg_copy_format=csv");
    ASSERT_FALSE(bad_copy.ok());
    EXPECT_NE(bad_copy.status().message().find("pg_copy_format"), std::string::npos) << bad_copy.status().message();

    auto gauss = Find(plugin, "GAUSSDB500_ORACLE")->ParseJdbcUrl("jdbc:opengauss://g1:8000/postgres");
    ASSERT_TRUE(gauss.ok());
    EXPECT_EQ(gauss->dialect, "GAUSSDB500_ORACLE");
    EXPECT_EQ(gauss->port, 8000);
    auto light = Find(plugin, "LIGHTDB_ORACLE")->ParseJdbcUrl("jdbc:lightdb-postgresql://l1/lt");
    ASSERT_TRUE(light.ok());
    EXPECT_EQ(light->host, "l1");
    EXPECT_FALSE(Find(plugin, "LIGHTDB_ORACLE")->ParseJdbcUrl("jdbc:postgresql://l1/lt").ok());
}

TEST(PgDialectTest, BuildsJdbcUrls) {
    PgPlugin plugin;
    sdk::ConnectionSpec spec;
    spec.host = "h";
    spec.database = "d";
    EXPECT_EQ(Find(plugin, "POSTGRESQL")->BuildJdbcUrl(spec), "jdbc:postgresql://h:5432/d");
    spec.port = 8000;
    spec.schema = "s";
    EXPECT_EQ(Find(plugin, "GAUSSDB_ORACLE")->BuildJdbcUrl(spec), "jdbc:gaussdb://h:8000/d?currentSchema=s");
    spec.host = "::1";
    EXPECT_EQ(Find(plugin, "LIGHTDB_ORACLE")->BuildJdbcUrl(spec),
              "jdbc:lightdb-postgresql://[::1]:8000/d?currentSchema=s");
}

struct TypeCase {
    const char* native;
    JdbcType jdbc;
};

TEST(PgDialectTest, MapsNativeTypesTheSameWayForEveryDialect) {
    const TypeCase cases[] = {
        {"smallint", JdbcType::kSmallInt},
        {"int2", JdbcType::kSmallInt},
        {"smallserial", JdbcType::kSmallInt},
        {"integer", JdbcType::kInteger},
        {"INT4", JdbcType::kInteger},
        {"serial", JdbcType::kInteger},
        {"bigint", JdbcType::kBigInt},
        {"bigserial", JdbcType::kBigInt},
        {"oid", JdbcType::kBigInt},
        {"numeric(12,2)", JdbcType::kDecimal},
        {"DECIMAL(38, 10)", JdbcType::kDecimal},
        {"number", JdbcType::kDecimal},
        {"real", JdbcType::kReal},
        {"float4", JdbcType::kReal},
        {"float(10)", JdbcType::kReal},
        {"double precision", JdbcType::kDouble},
        {"float8", JdbcType::kDouble},
        {"float", JdbcType::kDouble},
        {"boolean", JdbcType::kBoolean},
        {"bool", JdbcType::kBoolean},
        {"character(10)", JdbcType::kChar},
        {"bpchar", JdbcType::kChar},
        {"char", JdbcType::kChar},
        {"character varying(64)", JdbcType::kVarchar},
        {"varchar", JdbcType::kVarchar},
        {"text", JdbcType::kLongVarchar},
        {"bytea", JdbcType::kBinary},
        {"date", JdbcType::kDate},
        {"time without time zone", JdbcType::kTime},
        {"time(3) with time zone", JdbcType::kTime},
        {"timestamp(3) without time zone", JdbcType::kTimestamp},
        {"timestamp with time zone", JdbcType::kTimestamp},
        {"timestamptz", JdbcType::kTimestamp},
        {"interval", JdbcType::kOther},
        {"interval year to month", JdbcType::kOther},
        {"uuid", JdbcType::kOther},
        {"json", JdbcType::kOther},
        {"jsonb", JdbcType::kOther},
        {"xml", JdbcType::kSqlXml},
        {"integer[]", JdbcType::kArray},
        {"_int4", JdbcType::kArray},
        {"character varying(10)[]", JdbcType::kArray},
        {"bit(1)", JdbcType::kBit},
        {"varchar2(20)", JdbcType::kVarchar},
        {"oracle.varchar2(20)", JdbcType::kVarchar},
        {"nvarchar2(20)", JdbcType::kNVarchar},
        {"oracle.date", JdbcType::kTimestamp},
        {"money", JdbcType::kDouble},
        {"inet", JdbcType::kOther},
        {"geometry", JdbcType::kOther},
    };
    PgPlugin plugin;
    for (const auto* d : plugin.Dialects()) {
        for (const auto& c : cases) {
            EXPECT_EQ(d->MapNativeType(c.native), c.jdbc) << d->Name() << " " << c.native;
        }
    }
}

TEST(PgDialectTest, QuotesIdentifiers) {
    PgPlugin plugin;
    const auto* pg = Find(plugin, "POSTGRESQL");
    EXPECT_EQ(V(pg->QuoteIdentifier("orders")), "\"orders\"");
    EXPECT_EQ(V(pg->QuoteIdentifier("sales.Orders")), "\"sales\".\"Orders\"");
    EXPECT_EQ(V(pg->QuoteIdentifier("x\"; DROP TABLE t; --")), "\"x\"\"; DROP TABLE t; --\"");
    EXPECT_FALSE(pg->QuoteIdentifier(std::string(64, 'a')).ok());
    EXPECT_TRUE(pg->QuoteIdentifier(std::string(63, 'a')).ok());
    EXPECT_FALSE(pg->QuoteIdentifier("a..b").ok());
    EXPECT_FALSE(pg->QuoteIdentifier(std::string("a\nb")).ok());
}

TEST(PgNamesTest, FoldsUnquotedPartsLikeTheServer) {
    auto parts = FoldName("Sales.\"Orders\"", 2);
    ASSERT_TRUE(parts.ok());
    EXPECT_EQ(*parts, (std::vector<std::string>{"sales", "Orders"}));
    EXPECT_EQ(V(QuoteFoldedName("MyTable", 1)), "\"mytable\"");
    EXPECT_EQ(V(QuoteFoldedName("\"a\"\"b\"", 1)), "\"a\"\"b\"");
    EXPECT_FALSE(FoldName("a.b.c", 2).ok());
    EXPECT_FALSE(FoldName("\"open", 1).ok());
    EXPECT_EQ(V(QuoteFoldedName("X; drop", 1)), "\"x; drop\"");  // one odd name, quoted: no injection
    EXPECT_FALSE(FoldName("x\"; drop", 1).ok());
    EXPECT_TRUE(IsPlainQualifiedName("public.t_1"));
    EXPECT_FALSE(IsPlainQualifiedName("t; drop table x"));
    EXPECT_FALSE(IsPlainQualifiedName("public."));
}

TEST(PgDialectTest, RewritesBindsToDollarNumbers) {
    PgPlugin plugin;
    const auto* pg = Find(plugin, "POSTGRESQL");
    std::vector<std::string> order;
    auto sql = pg->RewriteBinds(
        "SELECT '@no', $$ @no $$, $tag$ @no $tag$, \"@no\" -- @no\n"
        "FROM t /* @no */ WHERE a = @a AND b = @b OR a = @a AND c @> '{1}'",
        order);
    ASSERT_TRUE(sql.ok()) << sql.status().message();
    EXPECT_EQ(*sql,
              "SELECT '@no', $$ @no $$, $tag$ @no $tag$, \"@no\" -- @no\n"
              "FROM t /* @no */ WHERE a = $1 AND b = $2 OR a = $3 AND c @> '{1}'");
    EXPECT_EQ(order, (std::vector<std::string>{"a", "b", "a"}));
    EXPECT_FALSE(pg->RewriteBinds("SELECT 'open", order).ok());
}

TEST(PgDialectTest, ReaderJsonTableMode) {
    PgPlugin plugin;
    sdk::DataxSide side;
    side.connection.host = "h";
    side.connection.port = 5433;
    side.connection.database = "d";
    side.connection.user = "u";
    side.connection.password = "p";
    side.tables = {"public.t"};
    side.columns = {"id", "name"};
    side.where = "id > 10";
    side.split_pk = "id";
    side.fetch_size = 500;
    auto json = Find(plugin, "POSTGRESQL")->DataxReaderJson(side);
    ASSERT_TRUE(json.ok()) << json.status().message();
    EXPECT_EQ(*json,
              "{\"name\":\"postgresqlreader\",\"parameter\":{\"username\":\"u\",\"password\":\"p\","
              "\"column\":[\"id\",\"name\"],\"splitPk\":\"id\",\"where\":\"id > 10\",\"fetchSize\":500,"
              "\"connection\":[{\"jdbcUrl\":[\"jdbc:postgresql://h:5433/d\"],\"table\":[\"public.t\"]}]}}");
}

TEST(PgDialectTest, ReaderJsonQueryModeWithDatasourceId) {
    PgPlugin plugin;
    sdk::DataxSide side;
    side.jdbc_url = "jdbc:gaussdb://g:8000/db";
    side.connection.user = "u";
    side.connection.password = "secret";
    side.datasource_id = 42;
    side.query_sql = "select 1";
    auto json = Find(plugin, "GAUSSDB_ORACLE")->DataxReaderJson(side);
    ASSERT_TRUE(json.ok());
    EXPECT_EQ(*json,
              "{\"name\":\"postgresqlreader\",\"parameter\":{\"datasourceId\":42,"
              "\"connection\":[{\"jdbcUrl\":[\"jdbc:gaussdb://g:8000/db\"],\"querySql\":[\"select 1\"]}]}}");
    EXPECT_EQ(json->find("secret"), std::string::npos);
    side.tables = {"t"};
    auto both = Find(plugin, "GAUSSDB_ORACLE")->DataxReaderJson(side);
    ASSERT_FALSE(both.ok());
    EXPECT_NE(both.status().message().find("querySql"), std::string::npos);
}

TEST(PgDialectTest, WriterJson) {
    PgPlugin plugin;
    sdk::DataxSide side;
    side.connection.host = "h";
    side.connection.database = "d";
    side.connection.user = "u";
    side.connection.password = "p";
    side.tables = {"t"};
    side.pre_sql = {"delete from @table"};
    side.batch_size = 1024;
    side.write_mode = "update (id)";
    auto json = Find(plugin, "LIGHTDB_ORACLE")->DataxWriterJson(side);
    ASSERT_TRUE(json.ok());
    // Variants emit postgresqlwriter with a jdbc:postgresql:// URL (what stock DataX can load).
    EXPECT_EQ(*json,
              "{\"name\":\"postgresqlwriter\",\"parameter\":{\"username\":\"u\",\"password\":\"p\","
              "\"column\":[\"*\"],\"preSql\":[\"delete from @table\"],\"batchSize\":1024,"
              "\"writeMode\":\"update (id)\",\"connection\":[{\"jdbcUrl\":\"jdbc:postgresql://h:5432/d\","
              "\"table\":[\"t\"]}]}}");
    side.tables.clear();
    EXPECT_FALSE(Find(plugin, "POSTGRESQL")->DataxWriterJson(side).ok());
}

TEST(PgDialectTest, DeclaresEveryEnginesTargetAndLeavesTranslationToTheHost) {
    PgPlugin plugin;
    // The real engines' SQL (LightDB and GaussDB take ROWNUM and CONNECT BY natively); the
    // PostgreSQL + orafce stand-in the corpus runs on is a test fixture (tests/fixtures/orafce_standin).
    for (const auto& id : {PostgresqlIdentity(), LightdbOracleIdentity(), GaussdbOracleIdentity(),
                           Gaussdb500OracleIdentity()}) {
        test::ExpectDeclaresTarget(*Find(plugin, id.name), {});
        test::ExpectTranslationLeftToTheHost(*Find(plugin, id.name));
    }
    EXPECT_TRUE(Find(plugin, "LIGHTDB_ORACLE")->SqlTargetProfile()->rownum);
    EXPECT_FALSE(Find(plugin, "POSTGRESQL")->SqlTargetProfile()->rownum);
}

TEST(PgSelectSqlTest, BuildsDataxSelects) {
    sdk::ReadSpec spec;
    spec.table = "public.orders";
    spec.columns = {"id", "upper(name)", "'x'"};
    spec.where = "id > 5;";
    EXPECT_EQ(V(BuildSelectSql(spec, true)), "SELECT id, upper(name), 'x' FROM public.orders WHERE (id > 5)");
    spec.split_pk = "ID";
    spec.has_range = true;
    spec.range_lower = -3;
    spec.range_upper = 10;
    EXPECT_EQ(V(BuildSelectSql(spec, true)),
              "SELECT id, upper(name), 'x' FROM public.orders WHERE (id > 5) AND (\"id\" >= -3 AND \"id\" < 10)");
    spec.upper_inclusive = true;
    spec.where.clear();
    spec.columns = {"*"};
    EXPECT_EQ(V(BuildSelectSql(spec, true)), "SELECT * FROM public.orders WHERE \"id\" >= -3 AND \"id\" <= 10");
    spec.null_range = true;
    spec.has_range = false;
    EXPECT_EQ(V(BuildSelectSql(spec, true)), "SELECT * FROM public.orders WHERE \"id\" IS NULL");
    spec.table = "t; DROP TABLE x";
    spec.null_range = false;
    EXPECT_EQ(V(BuildSelectSql(spec, true)), "SELECT * FROM \"t; drop table x\"");
    spec.query_sql = "select 1 ;  ";
    EXPECT_EQ(V(BuildSelectSql(spec, true)), "select 1");
}

TEST(PgBindTypesTest, EverySeedBindTypeHasAServerType) {
    EXPECT_EQ(BindTypeOid(JdbcType::kBigInt), 20u);
    EXPECT_EQ(BindTypeOid(JdbcType::kDecimal), 1700u);
    EXPECT_EQ(BindTypeOid(JdbcType::kVarchar), 1043u);
    EXPECT_EQ(BindTypeOid(JdbcType::kBlob), 17u);
    EXPECT_EQ(BindTypeOid(JdbcType::kTimestamp), 1114u);
    EXPECT_EQ(BindTypeOid(JdbcType::kBoolean), 16u);
    EXPECT_EQ(BindTypeOid(JdbcType::kRowId), 0u);  // inferred by the server
}

}  // namespace
}  // namespace dbbridge::postgres
