// DM dialect pure logic: JDBC URLs, connection strings, type map, DataX blocks, SQL text.
#include <gtest/gtest.h>

#include "dm_dialect.h"
#include "dm_plugin.h"
#include "dm_sql.h"
#include "dm_types.h"
#include "tests/support/sql_target_expect.h"

namespace dbbridge::dm {
namespace {

using sdk::JdbcType;

TEST(DmUrlTest, ParsesPathAndParameterSchemas) {
    DmDialect d;
    auto a = d.ParseJdbcUrl("jdbc:dm://10.1.1.1:5237/SALES");
    ASSERT_TRUE(a.ok()) << a.status().message();
    EXPECT_EQ(a->host, "10.1.1.1");
    EXPECT_EQ(a->port, 5237);
    EXPECT_EQ(a->schema, "SALES");
    auto b = d.ParseJdbcUrl("jdbc:dm://dmhost?schema=HR&compatibleMode=oracle");
    ASSERT_TRUE(b.ok());
    EXPECT_EQ(b->port, 5236);
    EXPECT_EQ(b->schema, "HR");
    EXPECT_EQ(b->Option("compatibleMode"), "oracle");
    auto c = d.ParseJdbcUrl("jdbc:dm://dmhost:5236");
    ASSERT_TRUE(c.ok());
    EXPECT_EQ(c->schema, "");
    EXPECT_FALSE(d.ParseJdbcUrl("jdbc:dm://:5236").ok());
    EXPECT_FALSE(d.ParseJdbcUrl("jdbc:dm://h:port").ok());
    EXPECT_FALSE(d.ParseJdbcUrl("jdbc:oracle:thin:@h:1:X").ok());
    sdk::ConnectionSpec spec;
    spec.host = "h";
    spec.schema = "HR";
    EXPECT_EQ(d.BuildJdbcUrl(spec), "jdbc:dm://h:5236?schema=HR");
    EXPECT_EQ(d.ParseJdbcUrl(d.BuildJdbcUrl(spec))->schema, "HR");
}

TEST(DmConnectionStringTest, UsesDmKeywords) {
    sdk::ConnectionSpec spec;
    spec.host = "dm8";
    spec.user = "SYSDBA";
    spec.password = "SYSDBA001";
    EXPECT_EQ(*BuildDmConnectionString(spec), "DRIVER={DM8 ODBC DRIVER};SERVER=dm8;TCP_PORT=5236;UID=SYSDBA;PWD=SYSDBA001;");
    spec.options["dsn"] = "DM";
    spec.port = 5300;
    EXPECT_EQ(*BuildDmConnectionString(spec), "DSN=DM;SERVER=dm8;TCP_PORT=5300;UID=SYSDBA;PWD=SYSDBA001;");
    spec.options["connection_string"] = "DSN=x";
    EXPECT_EQ(*BuildDmConnectionString(spec), "DSN=x");
    EXPECT_FALSE(BuildDmConnectionString(sdk::ConnectionSpec{}).ok());
}

TEST(DmConnectionStringTest, DsnPathIsRefusedNamingTheOption) {
    DmDialect d;
    sdk::ConnectionSpec spec;
    spec.options["dsn"] = "../dm/odbc.ini";
    auto conn = d.Connect(spec);
    ASSERT_FALSE(conn.ok());
    EXPECT_EQ(conn.status().code(), sdk::StatusCode::kInvalidArgument);
    EXPECT_EQ(conn.status().message().rfind("DM datasource option dsn: DSN '../dm/odbc.ini' is a path; name a DSN "
                                            "registered in odbc.ini",
                                            0),
              0u)
        << conn.status().message();
}

TEST(DmTypesTest, MapsDmTypeNames) {
    EXPECT_EQ(MapDmType("NUMBER(10,2)"), JdbcType::kDecimal);
    EXPECT_EQ(MapDmType("DECIMAL"), JdbcType::kDecimal);
    EXPECT_EQ(MapDmType("VARCHAR2(50)"), JdbcType::kVarchar);
    EXPECT_EQ(MapDmType("VARCHAR(50)"), JdbcType::kVarchar);
    EXPECT_EQ(MapDmType("CHAR(2)"), JdbcType::kChar);
    EXPECT_EQ(MapDmType("TEXT"), JdbcType::kLongVarchar);
    EXPECT_EQ(MapDmType("LONGVARCHAR"), JdbcType::kLongVarchar);
    EXPECT_EQ(MapDmType("CLOB"), JdbcType::kClob);
    EXPECT_EQ(MapDmType("BLOB"), JdbcType::kBlob);
    EXPECT_EQ(MapDmType("IMAGE"), JdbcType::kLongVarBinary);
    EXPECT_EQ(MapDmType("DATETIME(6)"), JdbcType::kTimestamp);
    EXPECT_EQ(MapDmType("TIMESTAMP"), JdbcType::kTimestamp);
    EXPECT_EQ(MapDmType("DATE"), JdbcType::kDate);
    EXPECT_EQ(MapDmType("TIME(0)"), JdbcType::kTime);
    EXPECT_EQ(MapDmType("BIT"), JdbcType::kBit);
    EXPECT_EQ(MapDmType("TINYINT"), JdbcType::kTinyInt);
    EXPECT_EQ(MapDmType("BYTE"), JdbcType::kTinyInt);
    EXPECT_EQ(MapDmType("INT"), JdbcType::kInteger);
    EXPECT_EQ(MapDmType("BIGINT"), JdbcType::kBigInt);
    EXPECT_EQ(MapDmType("REAL"), JdbcType::kReal);
    EXPECT_EQ(MapDmType("FLOAT"), JdbcType::kFloat);
    EXPECT_EQ(MapDmType("DOUBLE"), JdbcType::kDouble);
    EXPECT_EQ(MapDmType("BINARY(8)"), JdbcType::kBinary);
    EXPECT_EQ(MapDmType("VARBINARY(8)"), JdbcType::kVarBinary);
    EXPECT_EQ(MapDmType("GEOMETRY"), JdbcType::kOther);
}

TEST(DmDialectTest, IdentitySqlAndDatax) {
    DmDialect d;
    EXPECT_EQ(d.Name(), "DM");
    EXPECT_EQ(d.DataxReaderNames(), std::vector<std::string>{"rdbmsreader"});
    EXPECT_EQ(d.DataxWriterNames(), std::vector<std::string>{"rdbmswriter"});
    EXPECT_EQ(d.JdbcUrlPrefixes(), std::vector<std::string>{"jdbc:dm://"});
    EXPECT_EQ(d.DefaultPort(), 5236);
    EXPECT_EQ(d.DefaultPingSql(), "SELECT 1 FROM DUAL");
    EXPECT_NE(d.DefaultColumnsSql().find("OWNER = ? AND b.TABLE_NAME = ?"), std::string::npos);
    DmSql sql;
    EXPECT_EQ(sql.SetSchemaSql("\"HR\""), "SET SCHEMA \"HR\"");
    EXPECT_TRUE(sql.DefaultSessionInit().empty());
    EXPECT_EQ(sql.ErrorCode({"42000", -2106, "no such table"}), "-2106");
    std::vector<std::string> order;
    EXPECT_EQ(*d.RewriteBinds("select * from t where id = @id", order), "select * from t where id = ?");
    test::ExpectTranslationLeftToTheHost(d);  // DM runs Oracle SQL natively: same_sql {"ORACLE"}
    EXPECT_FALSE(d.GetCapabilities().oracle_date);
    sdk::DataxSide side;
    side.connection.host = "dm";
    side.connection.schema = "HR";
    side.connection.user = "SYSDBA";
    side.tables = {"EMP"};
    auto r = d.DataxReaderJson(side);
    ASSERT_TRUE(r.ok());
    EXPECT_NE(r->find("\"name\":\"rdbmsreader\""), std::string::npos);
    EXPECT_NE(r->find("\"jdbcUrl\":[\"jdbc:dm://dm:5236?schema=HR\"]"), std::string::npos);
    auto w = d.DataxWriterJson(side);
    ASSERT_TRUE(w.ok());
    EXPECT_NE(w->find("\"name\":\"rdbmswriter\""), std::string::npos);
    EXPECT_NE(w->find("\"jdbcUrl\":\"jdbc:dm://dm:5236?schema=HR\""), std::string::npos);
}

TEST(DmPluginTest, ServesOneDialect) {
    std::unique_ptr<sdk::Plugin> plugin(CreatePlugin());
    ASSERT_NE(plugin, nullptr);
    ASSERT_EQ(plugin->Dialects().size(), 1u);
    EXPECT_EQ(plugin->Dialects()[0]->Name(), "DM");
}

TEST(DmDialectTest, DeclaresItsSqlTargetForCoreToTranslate) {
    test::ExpectDeclaresTarget(DmDialect(), {"DM", "ORACLE"});
    EXPECT_FALSE(DmDialect().SqlTargetProfile()->empty_string_is_null);  // unless COMPATIBLE_MODE=2
}

}  // namespace
}  // namespace dbbridge::dm
