// ORACLE segment checksum SQL (sdk/segment_checksum.h) as generated: no Oracle server runs here,
// so these tests pin the SQL text the plugin sends, piece by piece against the canonical row text.
#include <gtest/gtest.h>

#include "oracle_checksum.h"
#include "oracle_dialect.h"

namespace dbbridge::oracle {
namespace {

using sdk::JdbcType;

sdk::ColumnInfo Column(const std::string& name, JdbcType type, const std::string& native) {
    sdk::ColumnInfo c;
    c.name = name;
    c.jdbc_type = type;
    c.native_type = native;
    return c;
}

sdk::SegmentChecksumSpec Spec(std::vector<sdk::ColumnInfo> columns) {
    sdk::SegmentChecksumSpec spec;
    spec.table = "shop.orders";
    spec.columns = std::move(columns);
    spec.empty_string_is_null = true;
    spec.timestamp_precision = 3;
    return spec;
}

TEST(OracleChecksumTest, CountsAndSumsTheFirst15HexDigitsOfTheMd5OfEachRowText) {
    OracleDialect d;
    auto spec = Spec({Column("ID", JdbcType::kDecimal, "NUMBER(10)"), Column("NAME", JdbcType::kVarchar, "VARCHAR2(40)")});
    spec.filter = "\"ID\" >= @dbb_lo0";
    auto sql = d.SegmentChecksumSql(spec);
    ASSERT_TRUE(sql.ok()) << sql.status().message();
    const std::string id = "(CASE WHEN \"ID\" = 0 THEN '0' WHEN ABS(\"ID\") < 1 THEN REPLACE(TO_CHAR(\"ID\", 'TM9'), '.', "
                           "'0.') ELSE TO_CHAR(\"ID\", 'TM9') END)";
    const std::string name = "(TO_CHAR(\"NAME\"))";
    EXPECT_EQ(sql.value(),
              "SELECT COUNT(*), NVL(SUM(TO_NUMBER(SUBSTR(RAWTOHEX(STANDARD_HASH(NVL(" + id + ", '-') || '|' || CASE WHEN " + name +
                  " IS NULL THEN '-' ELSE TO_CHAR(LENGTH(" + name + ")) || ':' || " + name +
                  " END, 'MD5')), 1, 15), 'XXXXXXXXXXXXXXX')), 0) FROM \"shop\".\"orders\" WHERE \"ID\" >= @dbb_lo0");
}

TEST(OracleChecksumTest, TimesInUtcAtThePrecisionCharWithoutPaddingBinaryAsLowercaseHex) {
    OracleDialect d;
    auto sql = d.SegmentChecksumSql(Spec({Column("TS", JdbcType::kTimestamp, "TIMESTAMP(6) WITH TIME ZONE"),
                                          Column("D", JdbcType::kTimestamp, "DATE"),
                                          Column("C", JdbcType::kChar, "CHAR(5)"),
                                          Column("R", JdbcType::kVarBinary, "RAW(16)")}));
    ASSERT_TRUE(sql.ok()) << sql.status().message();
    // 19 characters of date and time, '.', 3 of the 6 fraction digits (truncated).
    EXPECT_NE(sql->find("SUBSTR(TO_CHAR(SYS_EXTRACT_UTC(\"TS\"), 'YYYY-MM-DD HH24:MI:SS.FF6'), 1, 23)"), std::string::npos)
        << sql.value();
    EXPECT_NE(sql->find("SUBSTR(TO_CHAR(CAST(\"D\" AS TIMESTAMP), 'YYYY-MM-DD HH24:MI:SS.FF6'), 1, 23)"), std::string::npos)
        << sql.value();
    EXPECT_NE(sql->find("RTRIM(\"C\", ' ')"), std::string::npos) << sql.value();
    EXPECT_NE(sql->find("LOWER(RAWTOHEX(\"R\"))"), std::string::npos) << sql.value();
}

TEST(OracleChecksumTest, LobColumnsHaveNoChecksumSoTheCompareFetchesRows) {
    OracleDialect d;
    auto sql = d.SegmentChecksumSql(Spec({Column("ID", JdbcType::kDecimal, "NUMBER"), Column("DOC", JdbcType::kClob, "CLOB")}));
    ASSERT_FALSE(sql.ok());
    EXPECT_EQ(sql.status().code(), sdk::StatusCode::kUnimplemented);
    EXPECT_NE(sql.status().message().find("column 'DOC' is CLOB"), std::string::npos) << sql.status().message();
}

}  // namespace
}  // namespace dbbridge::oracle
