// ORACLE dialect pure logic: JDBC URLs, connection strings, type map, DataX blocks, binds, SQL text.
#include <gtest/gtest.h>

#include "oracle_dialect.h"
#include "oracle_plugin.h"
#include "oracle_types.h"
#include "tests/support/sql_target_expect.h"

namespace dbbridge::oracle {
namespace {

using sdk::JdbcType;

TEST(OracleUrlTest, ParsesSidServiceAndDescriptorForms) {
    OracleDialect d;
    auto sid = d.ParseJdbcUrl("jdbc:oracle:thin:@db1:1522:ORCL");
    ASSERT_TRUE(sid.ok()) << sid.status().message();
    EXPECT_EQ(sid->host, "db1");
    EXPECT_EQ(sid->port, 1522);
    EXPECT_EQ(sid->Option("sid"), "ORCL");
    EXPECT_EQ(sid->database, "ORCL");
    EXPECT_EQ(sid->dialect, "ORACLE");
    auto svc = d.ParseJdbcUrl("jdbc:oracle:thin:@//db2:1521/orclpdb1");
    ASSERT_TRUE(svc.ok());
    EXPECT_EQ(svc->host, "db2");
    EXPECT_EQ(svc->Option("service_name"), "orclpdb1");
    EXPECT_EQ(svc->Option("sid"), "");
    auto bare = d.ParseJdbcUrl("jdbc:oracle:thin:scott/tiger@db3/pdb");
    ASSERT_TRUE(bare.ok());
    EXPECT_EQ(bare->port, 1521);
    EXPECT_EQ(bare->Option("service_name"), "pdb");
    auto tns = d.ParseJdbcUrl(
        "jdbc:oracle:thin:@(DESCRIPTION=(ADDRESS=(PROTOCOL=TCP)(HOST=10.0.0.5)(PORT=1530))(CONNECT_DATA=(SERVICE_NAME=svc)))");
    ASSERT_TRUE(tns.ok()) << tns.status().message();
    EXPECT_EQ(tns->host, "10.0.0.5");
    EXPECT_EQ(tns->port, 1530);
    EXPECT_EQ(tns->Option("service_name"), "svc");
}

TEST(OracleUrlTest, RejectsMalformedUrlsNamingTheProblem) {
    OracleDialect d;
    auto no_db = d.ParseJdbcUrl("jdbc:oracle:thin:@db1:1521");
    ASSERT_FALSE(no_db.ok());
    EXPECT_NE(no_db.status().message().find("SID"), std::string::npos);
    EXPECT_NE(d.ParseJdbcUrl("jdbc:oracle:thin:@db1:99999:X").status().message().find("port"), std::string::npos);
    EXPECT_FALSE(d.ParseJdbcUrl("jdbc:mysql://h/db").ok());
    EXPECT_FALSE(d.ParseJdbcUrl("jdbc:oracle:thin:db1:1521:X").ok());  // no '@'
    EXPECT_FALSE(d.ParseJdbcUrl("jdbc:oracle:thin:@//db1:1521/").ok());
    EXPECT_FALSE(d.ParseJdbcUrl("jdbc:oracle:thin:@(DESCRIPTION=(ADDRESS=(PORT=1)))").ok());
}

TEST(OracleUrlTest, BuildsTheFormItParses) {
    OracleDialect d;
    sdk::ConnectionSpec spec;
    spec.host = "h";
    spec.database = "pdb";
    EXPECT_EQ(d.BuildJdbcUrl(spec), "jdbc:oracle:thin:@//h:1521/pdb");
    spec.options["sid"] = "ORCL";
    spec.port = 1600;
    EXPECT_EQ(d.BuildJdbcUrl(spec), "jdbc:oracle:thin:@h:1600:ORCL");
    EXPECT_EQ(d.ParseJdbcUrl(d.BuildJdbcUrl(spec))->Option("sid"), "ORCL");
}

TEST(OracleConnectionStringTest, DriverDsnAndOverride) {
    sdk::ConnectionSpec spec;
    spec.host = "ora";
    spec.database = "pdb1";
    spec.user = "scott";
    spec.password = "ti;ger}";
    auto cs = BuildOracleConnectionString(spec, 1521);
    ASSERT_TRUE(cs.ok());
    EXPECT_EQ(*cs, "DRIVER={Oracle 21 ODBC driver};DBQ=//ora:1521/pdb1;UID=scott;PWD={ti;ger}}};");
    spec.options["odbc_driver"] = "Oracle 19 ODBC driver";
    spec.options["sid"] = "ORCL";
    spec.options["odbc_attributes"] = "FetchBufferSize=1048576";
    cs = BuildOracleConnectionString(spec, 1521);
    ASSERT_TRUE(cs.ok());
    EXPECT_EQ(*cs,
              "DRIVER={Oracle 19 ODBC driver};DBQ={(DESCRIPTION=(ADDRESS=(PROTOCOL=TCP)(HOST=ora)(PORT=1521))"
              "(CONNECT_DATA=(SID=ORCL)))};UID=scott;PWD={ti;ger}}};FetchBufferSize=1048576;");
    sdk::ConnectionSpec dsn;
    dsn.options["dsn"] = "ORA_PROD";
    dsn.user = "u";
    EXPECT_EQ(*BuildOracleConnectionString(dsn, 1521), "DSN=ORA_PROD;UID=u;");
    dsn.options["connection_string"] = "Driver={X};Anything=1";
    EXPECT_EQ(*BuildOracleConnectionString(dsn, 1521), "Driver={X};Anything=1");
    sdk::ConnectionSpec empty;
    EXPECT_EQ(BuildOracleConnectionString(empty, 1521).status().code(), sdk::StatusCode::kInvalidArgument);
    sdk::ConnectionSpec no_service;
    no_service.host = "h";
    EXPECT_NE(BuildOracleConnectionString(no_service, 1521).status().message().find("service_name"),
              std::string::npos);
}

TEST(OracleConnectionStringTest, DriverPathsAreRefusedNamingTheOption) {
    OracleDialect d;
    sdk::ConnectionSpec spec;
    spec.host = "h";
    spec.database = "pdb";
    spec.options["odbc_driver"] = "/tmp/evil.so";
    auto driver = d.Connect(spec);
    ASSERT_FALSE(driver.ok());
    EXPECT_EQ(driver.status().code(), sdk::StatusCode::kInvalidArgument);
    EXPECT_EQ(driver.status().message(), "ORACLE datasource option odbc_driver: DRIVER '/tmp/evil.so' is a path; name "
                                         "a driver registered in odbcinst.ini instead (a path would load any library "
                                         "into dbbridge)");
    spec.options.erase("odbc_driver");
    spec.options["odbc_attributes"] = "Driver=./evil.so";
    auto attrs = d.Connect(spec);
    ASSERT_FALSE(attrs.ok());
    EXPECT_EQ(attrs.status().message().rfind("ORACLE datasource option odbc_attributes: DRIVER './evil.so'", 0), 0u)
        << attrs.status().message();
    spec.options["connection_string"] = "DSN=/etc/odbc.ini;UID=u";
    auto verbatim = d.Connect(spec);
    ASSERT_FALSE(verbatim.ok());
    EXPECT_EQ(verbatim.status().message().rfind("ORACLE datasource option connection_string: DSN '/etc/odbc.ini'", 0),
              0u)
        << verbatim.status().message();
}

TEST(OracleTypesTest, MapsEveryOracleTypeFamily) {
    EXPECT_EQ(MapOracleType("NUMBER(12,2)"), JdbcType::kDecimal);
    EXPECT_EQ(MapOracleType("number"), JdbcType::kDecimal);
    EXPECT_EQ(MapOracleType("NUMBER(10,0)"), JdbcType::kDecimal);
    EXPECT_EQ(MapOracleType("INTEGER"), JdbcType::kInteger);
    EXPECT_EQ(MapOracleType("VARCHAR2(64 CHAR)"), JdbcType::kVarchar);
    EXPECT_EQ(MapOracleType("NVARCHAR2(10)"), JdbcType::kNVarchar);
    EXPECT_EQ(MapOracleType("CHAR(1)"), JdbcType::kChar);
    EXPECT_EQ(MapOracleType("NCHAR(2)"), JdbcType::kNChar);
    EXPECT_EQ(MapOracleType("DATE"), JdbcType::kTimestamp);
    EXPECT_EQ(MapOracleType("TIMESTAMP(6)"), JdbcType::kTimestamp);
    EXPECT_EQ(MapOracleType("TIMESTAMP(9) WITH TIME ZONE"), JdbcType::kTimestamp);
    EXPECT_EQ(MapOracleType("TIMESTAMP(6) WITH LOCAL TIME ZONE"), JdbcType::kTimestamp);
    EXPECT_EQ(MapOracleType("CLOB"), JdbcType::kClob);
    EXPECT_EQ(MapOracleType("NCLOB"), JdbcType::kNClob);
    EXPECT_EQ(MapOracleType("BLOB"), JdbcType::kBlob);
    EXPECT_EQ(MapOracleType("RAW(16)"), JdbcType::kVarBinary);
    EXPECT_EQ(MapOracleType("LONG RAW"), JdbcType::kLongVarBinary);
    EXPECT_EQ(MapOracleType("LONG"), JdbcType::kLongVarchar);
    EXPECT_EQ(MapOracleType("BINARY_FLOAT"), JdbcType::kFloat);
    EXPECT_EQ(MapOracleType("BINARY_DOUBLE"), JdbcType::kDouble);
    EXPECT_EQ(MapOracleType("FLOAT(126)"), JdbcType::kFloat);
    EXPECT_EQ(MapOracleType("ROWID"), JdbcType::kRowId);
    EXPECT_EQ(MapOracleType("UROWID(4000)"), JdbcType::kRowId);
    EXPECT_EQ(MapOracleType("INTERVAL YEAR(2) TO MONTH"), JdbcType::kVarchar);
    EXPECT_EQ(MapOracleType("INTERVAL DAY(2) TO SECOND(6)"), JdbcType::kVarchar);
    EXPECT_EQ(MapOracleType("SYS.XMLTYPE"), JdbcType::kSqlXml);
    EXPECT_EQ(MapOracleType("SDO_GEOMETRY"), JdbcType::kOther);
}

TEST(OracleDialectTest, IdentityBindsSqlAndTranspile) {
    OracleDialect d;
    EXPECT_EQ(d.Name(), "ORACLE");
    EXPECT_EQ(d.DataxReaderNames(), std::vector<std::string>{"oraclereader"});
    EXPECT_EQ(d.DataxWriterNames(), std::vector<std::string>{"oraclewriter"});
    EXPECT_EQ(d.DefaultPort(), 1521);
    EXPECT_EQ(d.DefaultPingSql(), "select table_name from user_tables");
    std::string cols = d.DefaultColumnsSql();
    EXPECT_NE(cols.find("ALL_TAB_COLUMNS"), std::string::npos);
    EXPECT_NE(cols.find("ALL_COL_COMMENTS"), std::string::npos);
    EXPECT_NE(cols.find("OWNER = ?"), std::string::npos);
    EXPECT_NE(cols.find("TABLE_NAME = ?"), std::string::npos);
    std::vector<std::string> order;
    auto sql = d.RewriteBinds("SELECT '@x', q'[@y]' FROM t WHERE a = @a AND b = @b -- @c\n OR a = @a", order);
    ASSERT_TRUE(sql.ok()) << sql.status().message();
    EXPECT_EQ(*sql, "SELECT '@x', q'[@y]' FROM t WHERE a = ? AND b = ? -- @c\n OR a = ?");
    EXPECT_EQ(order, (std::vector<std::string>{"a", "b", "a"}));
    EXPECT_EQ(*d.QuoteIdentifier("HR.EMP"), "\"HR\".\"EMP\"");
    test::ExpectTranslationLeftToTheHost(d);
    sdk::Capabilities caps = d.GetCapabilities();
    EXPECT_TRUE(caps.connect_by && caps.rownum && caps.oracle_outer_join && caps.empty_string_is_null && caps.dual &&
                caps.merge && caps.oracle_date && caps.fetch_first);
    EXPECT_FALSE(caps.limit);
}

TEST(OracleDialectTest, DataxBlocks) {
    OracleDialect d;
    sdk::DataxSide side;
    side.connection.host = "h";
    side.connection.database = "pdb";
    side.connection.user = "scott";
    side.connection.password = "tiger";
    side.tables = {"EMP"};
    auto r = d.DataxReaderJson(side);
    ASSERT_TRUE(r.ok());
    EXPECT_EQ(*r,
              "{\"name\":\"oraclereader\",\"parameter\":{\"username\":\"scott\",\"password\":\"tiger\",\"column\":[\"*\"],"
              "\"fetchSize\":1024,\"connection\":[{\"table\":[\"EMP\"],\"jdbcUrl\":[\"jdbc:oracle:thin:@//h:1521/pdb\"]}]}}");
    side.write_mode = "insert";
    side.batch_size = 512;
    auto w = d.DataxWriterJson(side);
    ASSERT_TRUE(w.ok());
    EXPECT_EQ(*w,
              "{\"name\":\"oraclewriter\",\"parameter\":{\"username\":\"scott\",\"password\":\"tiger\",\"column\":[\"*\"],"
              "\"batchSize\":512,\"connection\":[{\"table\":[\"EMP\"],\"jdbcUrl\":\"jdbc:oracle:thin:@//h:1521/pdb\"}]}}");
    side.write_mode = "replace";
    EXPECT_FALSE(d.DataxWriterJson(side).ok());
}

TEST(OraclePluginTest, ServesOneDialect) {
    std::unique_ptr<sdk::Plugin> plugin(CreatePlugin());
    ASSERT_NE(plugin, nullptr);
    ASSERT_EQ(plugin->Dialects().size(), 1u);
    EXPECT_EQ(plugin->Dialects()[0]->Name(), "ORACLE");
}

TEST(OracleDialectTest, DeclaresItsSqlTargetForCoreToTranslate) {
    test::ExpectDeclaresTarget(OracleDialect(), {"ORACLE"});
}

}  // namespace
}  // namespace dbbridge::oracle
