// Pure logic of sdk/odbc: connection strings, diagnostics mapping, value encoding, SQL text.
#include <gtest/gtest.h>

#include <cstdlib>

#include "dbbridge/odbc/connection_string.h"
#include "dbbridge/odbc/dialect_sql.h"
#include "dbbridge/odbc/odbc_diagnostics.h"
#include "dbbridge/odbc/oracle_dictionary_sql.h"
#include "sdk/odbc/src/odbc_reader.h"
#include "sdk/odbc/src/value_codec.h"
#include "sdk/odbc/src/wide_text.h"

namespace dbbridge::odbc {
namespace {

using sdk::StatusCode;
using sdk::Value;

// Oracle-family quoting and upper-case folding, no server needed.
struct TestSql final : OracleDictionarySql {
    std::string DialectName() const override { return "T"; }
    sdk::JdbcType MapNativeType(const std::string&) const override { return sdk::JdbcType::kOther; }
};

TEST(ConnectionStringTest, BracesValuesThatWouldBreakTheGrammar) {
    ConnectionStringBuilder b;
    b.AddBraced("DRIVER", "Oracle 21 ODBC driver").Add("UID", "scott").Add("PWD", "a;b}c").Add("EMPTY", "");
    b.Add("X", " padded").AddRaw("Extra=1");
    EXPECT_EQ(b.str(), "DRIVER={Oracle 21 ODBC driver};UID=scott;PWD={a;b}}c};X={ padded};Extra=1;");
}

TEST(ConnectionStringTest, StartsWithTheVerbatimStringOrADsnOrTheDriver) {
    sdk::ConnectionSpec spec;
    spec.options["odbc_driver"] = "Custom";
    ConnectionStringBuilder b;
    EXPECT_FALSE(StartConnectionString(spec, "Default Driver", b).has_value());
    EXPECT_EQ(b.str(), "DRIVER={Custom};");
    spec.options.erase("odbc_driver");
    ConnectionStringBuilder fallback;
    StartConnectionString(spec, "Default Driver", fallback);
    EXPECT_EQ(fallback.str(), "DRIVER={Default Driver};");
    spec.options["dsn"] = "sales";
    ConnectionStringBuilder dsn;
    EXPECT_FALSE(StartConnectionString(spec, "Default Driver", dsn).has_value());
    EXPECT_EQ(dsn.str(), "DSN=sales;");
    spec.options["connection_string"] = "DSN=other;UID=u;";
    ConnectionStringBuilder verbatim;
    EXPECT_EQ(StartConnectionString(spec, "Default Driver", verbatim), "DSN=other;UID=u;");
    EXPECT_EQ(verbatim.str(), "");
}

TEST(ConnectionStringTest, RedactsPasswordsEvenBraced) {
    EXPECT_EQ(RedactConnectionString("DRIVER={x};UID=u;PWD={a;b}}c};Port=1"), "DRIVER={x};UID=u;PWD=***;Port=1");
    EXPECT_EQ(RedactConnectionString("Uid=u;Password=secret;"), "Uid=u;Password=***;");
}

TEST(ConnectionStringTest, DriverAndDsnMustBeRegisteredNamesNotPaths) {
    if (const char* driver = std::getenv("DBBRIDGE_TEST_ODBC_DRIVER")) {  // registered by scripts/db-up.sh
        EXPECT_TRUE(CheckDriverKeywords("DRIVER={" + std::string(driver) + "};Server=h;PWD={a/b};", "o").ok());
    }
    auto unknown = CheckDriverKeywords("DRIVER={libc.so.6};Server=h", "o");
    EXPECT_NE(unknown.message().find("DRIVER 'libc.so.6' is not a driver registered in odbcinst.ini"),
              std::string::npos)
        << unknown.message();
    EXPECT_TRUE(CheckDriverKeywords("DSN=ora;UID=u", "o").ok());
    // As unixODBC reads it: keyword "driver " (a driver might trim it), value " {/tmp/evil.so}".
    auto drv = CheckDriverKeywords("Server=h;driver = {/tmp/evil.so};", "ORACLE datasource option connection_string");
    ASSERT_FALSE(drv.ok());
    EXPECT_EQ(drv.code(), StatusCode::kInvalidArgument);
    EXPECT_EQ(drv.message(), "ORACLE datasource option connection_string: DRIVER ' {/tmp/evil.so}' is a path; name a "
                             "driver registered in odbcinst.ini instead (a path would load any library into dbbridge)");
    auto bypass = CheckDriverKeywords("DSN=x;UID= {x;DRIVER=/tmp/evil.so;x}", "o");
    EXPECT_NE(bypass.message().find("DRIVER '/tmp/evil.so' is a path"), std::string::npos) << bypass.message();
    EXPECT_FALSE(CheckDriverKeywords("DSN=x;DMConnAttr={[105]=/tmp/t.log}", "o").ok());
    EXPECT_FALSE(CheckDriverKeywords("DSN=x;TraceFile=/tmp/t.log", "o").ok());
    EXPECT_FALSE(CheckDriverKeywords("Driver=./lib.so", "o").ok());
    EXPECT_FALSE(CheckDriverKeywords("UID=u;DSN={x}};/y}", "o").ok());
    auto file = CheckDriverKeywords("FILEDSN=/tmp/x.dsn", "o");
    ASSERT_FALSE(file.ok());
    EXPECT_NE(file.message().find("FILEDSN is not allowed"), std::string::npos) << file.message();
    EXPECT_FALSE(CheckDriverKeywords("SaveFile=x", "o").ok());
    auto dsn = CheckDriverValue("DSN", "../x", "DM datasource option dsn");
    ASSERT_FALSE(dsn.ok());
    EXPECT_NE(dsn.message().find("DM datasource option dsn: DSN '../x' is a path; name a DSN registered in odbc.ini"),
              std::string::npos)
        << dsn.message();
}

TEST(DiagnosticsTest, MapsSqlStatesToStatusCodes) {
    EXPECT_EQ(StatusCodeFor({"28000", 1017, "ORA-01017: invalid username/password"}), StatusCode::kUnauthenticated);
    EXPECT_EQ(StatusCodeFor({"08001", 101, "FATAL: password authentication failed for user"}),
              StatusCode::kUnauthenticated);
    EXPECT_EQ(StatusCodeFor({"08001", 0, "could not connect"}), StatusCode::kUnavailable);
    EXPECT_EQ(StatusCodeFor({"08S01", 0, "link failure"}), StatusCode::kUnavailable);
    EXPECT_EQ(StatusCodeFor({"HYT00", 0, "timeout"}), StatusCode::kDeadlineExceeded);
    EXPECT_EQ(StatusCodeFor({"HY008", 0, "cancelled"}), StatusCode::kCancelled);
    EXPECT_EQ(StatusCodeFor({"23000", 1, "ORA-00001"}), StatusCode::kDataError);
    EXPECT_EQ(StatusCodeFor({"42S02", 942, "ORA-00942"}), StatusCode::kInvalidArgument);
    auto st = StatusFromDiagnostics({{"01000", 0, "[unixODBC][Driver Manager]Can't open lib 'X' : file not found"}},
                                    "connecting");
    EXPECT_EQ(st.code(), StatusCode::kUnavailable);
    EXPECT_NE(st.message().find("odbcinst.ini"), std::string::npos);
    EXPECT_TRUE(IsConnectionLost({"08S01", 0, ""}));
    EXPECT_FALSE(IsConnectionLost({"42000", 0, ""}));
}

TEST(OracleDictionarySqlTest, BindsOwnerAndTableNeverConcatenates) {
    struct Sql : OracleDictionarySql {
        std::string DialectName() const override { return "T"; }
        sdk::JdbcType MapNativeType(const std::string&) const override { return sdk::JdbcType::kOther; }
    } sql;
    std::string cols = sql.ListColumnsSql();
    EXPECT_NE(cols.find("ALL_TAB_COLUMNS"), std::string::npos);
    EXPECT_NE(cols.find("b.OWNER = ? AND b.TABLE_NAME = ?"), std::string::npos);
    EXPECT_EQ(cols.find('\''), std::string::npos) << "no literal may appear in the columns SQL";
    std::string tables = sql.ListTablesSql();
    EXPECT_EQ(std::count(tables.begin(), tables.end(), '?'), 2);
    EXPECT_NE(tables.find("ALL_VIEWS WHERE OWNER = ?"), std::string::npos);
    EXPECT_EQ(sql.SetSchemaSql("\"HR\""), "ALTER SESSION SET CURRENT_SCHEMA = \"HR\"");
    EXPECT_EQ(sql.ErrorCode({"42S02", 942, "[Oracle][ODBC][Ora]ORA-00942: table or view does not exist"}), "ORA-00942");
    EXPECT_EQ(sql.ErrorCode({"HY000", 1, "no code in text"}), "ORA-00001");
    EXPECT_EQ(sql.FormatNativeType("NUMBER", 22, 12, 2), "NUMBER(12,2)");
    EXPECT_EQ(sql.FormatNativeType("NUMBER", 22, -1, -1), "NUMBER");
    EXPECT_EQ(sql.FormatNativeType("VARCHAR2", 64, -1, -1), "VARCHAR2(64)");
    EXPECT_EQ(sql.FormatNativeType("TIMESTAMP(6) WITH TIME ZONE", 13, -1, 6), "TIMESTAMP(6) WITH TIME ZONE");
    ASSERT_TRUE(sql.QuoteIdentifier("a\"b").ok());
    EXPECT_EQ(*sql.QuoteIdentifier("a\"b"), "\"a\"\"b\"");
    EXPECT_FALSE(sql.QuoteIdentifier(std::string("a\0b", 3)).ok());
    EXPECT_EQ(sql.DefaultSessionInit().size(), 5u);
}

TEST(SplitObjectNameTest, FoldsUnquotedPartsOnly) {
    auto p = SplitObjectName("hr.\"Mixed\"\"Name\"", true);
    ASSERT_TRUE(p.ok());
    EXPECT_EQ(*p, (std::vector<std::string>{"HR", "Mixed\"Name"}));
    EXPECT_EQ(*SplitObjectName("orders", true), std::vector<std::string>{"ORDERS"});
    EXPECT_EQ(*SplitObjectName("orders", false), std::vector<std::string>{"orders"});
    EXPECT_FALSE(SplitObjectName("a..b", true).ok());
    EXPECT_FALSE(SplitObjectName("\"open", true).ok());
    EXPECT_FALSE(SplitObjectName("a.b.c", true).ok());
    EXPECT_FALSE(SplitObjectName("", true).ok());
}

TEST(ObjectNameSqlTest, PlainNamesVerbatimOthersFoldedAndQuoted) {
    TestSql sql;
    // Plain: left to the server's folding (Oracle upper-cases, as its users expect).
    EXPECT_EQ(*ObjectNameSql(sql, "hr.emp", 2, false, "table"), "hr.emp");
    EXPECT_EQ(*ObjectNameSql(sql, " EMP_1$ ", 2, false, "table"), "EMP_1$");
    // Anything else: every part quoted, unquoted parts folded first.
    EXPECT_EQ(*ObjectNameSql(sql, "hr.\"Mixed.Name\"", 2, false, "table"), "\"HR\".\"Mixed.Name\"");
    EXPECT_EQ(*ObjectNameSql(sql, "\"a\"\"b\"", 1, false, "splitPk"), "\"a\"\"b\"");
    EXPECT_EQ(*ObjectNameSql(sql, "emp; drop table x", 2, false, "table"), "\"EMP; DROP TABLE X\"");
    EXPECT_EQ(*ObjectNameSql(sql, "id) or (1=1", 1, false, "splitPk"), "\"ID) OR (1=1\"");
    auto parts = ObjectNameSql(sql, "a.b.c", 2, false, "table");
    ASSERT_FALSE(parts.ok());
    EXPECT_EQ(parts.status().message(), "table 'a.b.c' has more than 2 parts (owner.table)");
    EXPECT_FALSE(ObjectNameSql(sql, std::string("t\nx"), 2, false, "table").ok());  // control character
    // Writer columns: plain or quoted names only.
    EXPECT_EQ(*ObjectNameSql(sql, "\"Col\"", 1, true, "column"), "\"Col\"");
    auto list = ObjectNameSql(sql, "a, b", 1, true, "column");
    ASSERT_FALSE(list.ok());
    EXPECT_EQ(list.status().message(),
              "column 'a, b' is not a name (write a plain identifier, or quote it with \")");
    auto star = ObjectNameSql(sql, "t.*", 1, true, "column");
    ASSERT_FALSE(star.ok());
    EXPECT_EQ(star.status().message(), "column 't.*' has more than 1 part (a single name)");
    EXPECT_EQ(*QuoteNamePart(sql, "we\"ird.name"), "\"we\"\"ird.name\"");
}

TEST(ValueCodecTest, EncodesByKindAndRejectsWithReasons) {
    std::string bytes;
    SQLLEN ind = 0;
    ASSERT_TRUE(EncodeValue(Value::Text(" 42 "), BindKind::kInt64, bytes, ind).ok());
    EXPECT_EQ(*reinterpret_cast<const SQLBIGINT*>(bytes.data()), 42);
    ASSERT_TRUE(EncodeValue(Value::Decimal("7.000"), BindKind::kInt64, bytes, ind).ok());
    auto bad = EncodeValue(Value::Decimal("7.5"), BindKind::kInt64, bytes, ind);
    EXPECT_EQ(bad.code(), StatusCode::kDataError);
    EXPECT_NE(bad.message().find("7.5"), std::string::npos);
    ASSERT_TRUE(EncodeValue(Value::Text(""), BindKind::kDecimalText, bytes, ind).ok());
    EXPECT_EQ(ind, SQL_NULL_DATA);  // emptyAsNull for numeric columns
    ASSERT_TRUE(EncodeValue(Value::Int(-5), BindKind::kDecimalText, bytes, ind).ok());
    EXPECT_EQ(bytes, "-5");
    EXPECT_FALSE(EncodeValue(Value::Text("1e"), BindKind::kDecimalText, bytes, ind).ok());
    ASSERT_TRUE(EncodeValue(Value::Text("Y"), BindKind::kBit, bytes, ind).ok());
    EXPECT_EQ(bytes[0], 1);
    ASSERT_TRUE(EncodeValue(Value::Text("héllo"), BindKind::kWideText, bytes, ind).ok());
    EXPECT_EQ(ind, 10);  // five UTF-16 units
    ASSERT_TRUE(EncodeValue(Value::Null(), BindKind::kTimestamp, bytes, ind).ok());
    EXPECT_EQ(ind, SQL_NULL_DATA);
    EXPECT_FALSE(EncodeValue(Value::Int(3), BindKind::kDate, bytes, ind).ok());
}

TEST(ValueCodecTest, ParsesTemporalTextIncludingOffsets) {
    SQL_TIMESTAMP_STRUCT ts{};
    ASSERT_TRUE(ParseTimestampText("2024-02-29 23:30:00.5+02:00", ts));
    EXPECT_EQ(ts.year, 2024);
    EXPECT_EQ(ts.month, 2);
    EXPECT_EQ(ts.day, 29);
    EXPECT_EQ(ts.hour, 21);
    EXPECT_EQ(ts.fraction, 500000000u);
    ASSERT_TRUE(ParseTimestampText("2024-01-01T00:15:00-01:30", ts));
    EXPECT_EQ(ts.day, 1);
    EXPECT_EQ(ts.hour, 1);
    EXPECT_EQ(ts.minute, 45);
    ASSERT_TRUE(ParseTimestampText("2023-12-31 23:00:00 -02", ts));
    EXPECT_EQ(ts.year, 2024);
    EXPECT_EQ(ts.hour, 1);
    EXPECT_TRUE(ParseTimestampText("2024-05-06", ts));
    EXPECT_FALSE(ParseTimestampText("2024-13-01", ts));
    EXPECT_FALSE(ParseTimestampText("06/05/2024", ts));
    SQL_TIME_STRUCT t{};
    EXPECT_TRUE(ParseTimeText("07:08:09.123", t));
    EXPECT_FALSE(ParseTimeText("25:00", t));
    EXPECT_EQ(NormalizeDecimalText(".5"), "0.5");
    EXPECT_EQ(NormalizeDecimalText("-.25"), "-0.25");
    EXPECT_EQ(NormalizeDecimalText("1,5"), "1.5");
    EXPECT_EQ(NormalizeDecimalText("12.50"), "12.50");
}

TEST(WideTextTest, RoundTripsAllPlanes) {
    std::string text = "a\xC3\xA9\xE6\xB1\x89\xF0\x9F\x98\x80";
    WideString w = Utf8ToWide(text);
    EXPECT_EQ(w.size(), 5u);  // a, é, 汉, and a surrogate pair
    EXPECT_EQ(WideToUtf8(w), text);
    EXPECT_EQ(WideToUtf8(Utf8ToWide("\xFF")), "\xEF\xBF\xBD");
}

TEST(ReaderSqlTest, BuildsDataxStyleSelectsWithBoundRanges) {
    TestSql sql;
    sdk::ReadSpec spec;
    spec.table = "HR.EMP";
    spec.columns = {"ID", "NAME", "'const'"};
    spec.where = "DEPT = 10；";
    std::vector<sdk::BindValue> binds;
    EXPECT_EQ(*OdbcReader::BuildSelect(sql, spec, binds), "SELECT ID, NAME, 'const' FROM HR.EMP WHERE (DEPT = 10)");
    EXPECT_TRUE(binds.empty());
    spec.split_pk = "ID";
    spec.has_range = true;
    spec.range_lower = 5;
    spec.range_upper = 9;
    EXPECT_EQ(*OdbcReader::BuildSelect(sql, spec, binds),
              "SELECT ID, NAME, 'const' FROM HR.EMP WHERE (DEPT = 10) AND (ID >= ? AND ID < ?)");
    ASSERT_EQ(binds.size(), 2u);
    EXPECT_EQ(binds[1].value, Value::Int(9));
    spec.has_range = false;
    spec.null_range = true;
    spec.columns.clear();
    spec.where.clear();
    EXPECT_EQ(*OdbcReader::BuildSelect(sql, spec, binds), "SELECT * FROM HR.EMP WHERE ID IS NULL");
    sdk::ReadSpec q;
    q.query_sql = "select 1 from dual;";
    EXPECT_EQ(*OdbcReader::BuildSelect(sql, q, binds), "select 1 from dual");
}

TEST(ReaderSqlTest, TableAndSplitPkAreNamesColumnsStayExpressions) {
    TestSql sql;
    sdk::ReadSpec spec;
    spec.table = "hr.\"Emp\"";
    spec.columns = {"id", "upper(name) AS n"};  // DataX: column entries may be expressions
    spec.split_pk = "emp id";
    spec.null_range = true;
    std::vector<sdk::BindValue> binds;
    EXPECT_EQ(*OdbcReader::BuildSelect(sql, spec, binds),
              "SELECT id, upper(name) AS n FROM \"HR\".\"Emp\" WHERE \"EMP ID\" IS NULL");
    spec.table = "emp WHERE 1=1; DELETE FROM emp";
    spec.null_range = false;
    EXPECT_EQ(*OdbcReader::BuildSelect(sql, spec, binds),
              "SELECT id, upper(name) AS n FROM \"EMP WHERE 1=1; DELETE FROM EMP\"");
    spec.table = "a.b.c";
    auto bad = OdbcReader::BuildSelect(sql, spec, binds);
    ASSERT_FALSE(bad.ok());
    EXPECT_EQ(bad.status().message(), "table 'a.b.c' has more than 2 parts (owner.table)");
}

// Bound buffers and SQLGetData decode through DecodeFetched: temporal structs as canonical text.
TEST(DecodeFetchedTest, TemporalStructsBecomeCanonicalText) {
    auto decode = [](FetchKind kind, const auto& value) {
        return DecodeFetched(FetchPlan{kind, 6}, reinterpret_cast<const char*>(&value),
                             static_cast<SQLLEN>(sizeof(value)));
    };
    SQL_TIMESTAMP_STRUCT ts{2024, 2, 29, 23, 59, 58, 500000000};
    EXPECT_EQ(decode(FetchKind::kTimestamp, ts), Value::Timestamp("2024-02-29 23:59:58.5"));
    EXPECT_EQ(decode(FetchKind::kTimestamp, ts).precision, 6);
    ts.fraction = 0;
    EXPECT_EQ(decode(FetchKind::kTimestamp, ts), Value::Timestamp("2024-02-29 23:59:58"));
    ts.fraction = 7919000;
    EXPECT_EQ(decode(FetchKind::kTimestamp, ts).s, "2024-02-29 23:59:58.007919");
    ts.fraction = 123456789;
    ts.year = 1;
    EXPECT_EQ(decode(FetchKind::kTimestamp, ts).s, "0001-02-29 23:59:58.123456789");
    SQL_DATE_STRUCT far{12345, 1, 2};
    EXPECT_EQ(decode(FetchKind::kDate, far), Value::Date("12345-01-02"));
    SQL_TIME_STRUCT t{7, 5, 3};
    EXPECT_EQ(decode(FetchKind::kTime, t), Value::Time("07:05:03"));
    const char decimal[] = "-.5";
    EXPECT_EQ(DecodeFetched(FetchPlan{FetchKind::kDecimal, 0}, decimal, 3), Value::Decimal("-0.5"));
    EXPECT_EQ(DecodeFetched(FetchPlan{FetchKind::kDecimal, 0}, decimal, -1), Value::Decimal("-0.5"));  // to the NUL
}

}  // namespace
}  // namespace dbbridge::odbc
