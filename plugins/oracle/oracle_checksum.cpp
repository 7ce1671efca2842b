#include "oracle_checksum.h"

#include <algorithm>
#include <cctype>

#include "dbbridge/sdk/util/checksum_text.h"
#include "dbbridge/sdk/util/first_column.h"

namespace dbbridge::oracle {

namespace {

using sdk::JdbcType;

std::string Lower(std::string s) {
    std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return s;
}

bool IsLob(const sdk::ColumnInfo& c) {
    switch (c.jdbc_type) {
        case JdbcType::kClob:
        case JdbcType::kNClob:
        case JdbcType::kBlob:
        case JdbcType::kLongVarchar:
        case JdbcType::kLongVarBinary:
        case JdbcType::kSqlXml:
            return true;
        default:
            return false;
    }
}

// DATE and TIMESTAMP map to kTimestamp; the native type says whether the value carries a zone.
std::string TimestampText(const std::string& q, const sdk::ColumnInfo& c, int precision) {
    const std::string native = Lower(c.native_type);
    const bool zoned = native.find("with time zone") != std::string::npos;
    // WITH LOCAL TIME ZONE reads in the session's zone, which the plugin's session_init sets to UTC.
    const std::string utc = zoned ? "SYS_EXTRACT_UTC(" + q + ")" : "CAST(" + q + " AS TIMESTAMP)";
    const int keep = 19 + (precision > 0 ? 1 + precision : 0);
    return "SUBSTR(TO_CHAR(" + utc + ", 'YYYY-MM-DD HH24:MI:SS.FF6'), 1, " + std::to_string(keep) + ")";
}

// The canonical text of one non-NULL value of column q (NULL stays NULL; '' is NULL in Oracle).
std::string CanonicalText(const std::string& q, const sdk::ColumnInfo& c, const sdk::SegmentChecksumSpec& spec) {
    const int p = std::clamp(spec.timestamp_precision, 0, 6);
    switch (c.jdbc_type) {
        case JdbcType::kTinyInt:
        case JdbcType::kSmallInt:
        case JdbcType::kInteger:
        case JdbcType::kBigInt:
        case JdbcType::kDecimal:
        case JdbcType::kNumeric: {
            // 'TM9' has no trailing fraction zeros and no exponent, but drops the 0 before '.'.
            const std::string t = "TO_CHAR(" + q + ", 'TM9')";
            return "CASE WHEN " + q + " = 0 THEN '0' WHEN ABS(" + q + ") < 1 THEN REPLACE(" + t + ", '.', '0.') ELSE " +
                   t + " END";
        }
        case JdbcType::kBit:
        case JdbcType::kBoolean:
            return "TO_CHAR(" + q + ")";
        case JdbcType::kDate:
            return "TO_CHAR(" + q + ", 'YYYY-MM-DD')";
        case JdbcType::kTimestamp:
        case JdbcType::kTimestampWithTimezone:
            return TimestampText(q, c, p);
        case JdbcType::kBinary:
        case JdbcType::kVarBinary:
            return "LOWER(RAWTOHEX(" + q + "))";
        case JdbcType::kChar:
        case JdbcType::kNChar:
            return "RTRIM(" + q + ", ' ')";  // CHAR(n) without its padding
        default:
            break;
    }
    if (sdk::IsCharacterType(c.jdbc_type)) return "TO_CHAR(" + q + ")";  // NVARCHAR2 in the database charset
    return "TO_CHAR(" + q + ")";  // floating point: Oracle's own text (may differ: such ranges are fetched)
}

}  // namespace

sdk::Result<std::string> OracleSegmentChecksumSql(const sdk::Dialect& dialect, const sdk::SegmentChecksumSpec& spec) {
    if (spec.columns.empty()) {
        return sdk::Status::InvalidArgument("table '" + spec.table + "': no columns to checksum");
    }
    for (const auto& c : spec.columns) {
        if (IsLob(c)) {
            return sdk::Status::Unimplemented("table '" + spec.table + "' column '" + c.name + "' is " + c.native_type +
                                              ", which STANDARD_HASH cannot hash: compared row by row");
        }
    }
    DBB_ASSIGN_OR_RETURN(auto table, dialect.QuoteIdentifier(spec.table));
    std::string row;
    for (const auto& c : spec.columns) {
        auto q = dialect.QuoteIdentifier(c.name);
        if (!q.ok()) return q.status().WithContext("column '" + c.name + "'");
        const std::string e = "(" + CanonicalText(q.value(), c, spec) + ")";
        // CASE, not NVL: Oracle's || reads NULL as '', so NVL(LENGTH(NULL) || ':' || NULL, '-') is ':'.
        const std::string piece = sdk::util::ChecksumTextHasLength(c.jdbc_type)
                                      ? "CASE WHEN " + e + " IS NULL THEN '-' ELSE TO_CHAR(LENGTH(" + e + ")) || ':' || " +
                                            e + " END"
                                      : "NVL(" + e + ", '-')";
        row += (row.empty() ? "" : " || '|' || ") + piece;
    }
    std::string sql = "SELECT COUNT(*), NVL(SUM(TO_NUMBER(SUBSTR(RAWTOHEX(STANDARD_HASH(" + row +
                      ", 'MD5')), 1, 15), 'XXXXXXXXXXXXXXX')), 0) FROM " + table;
    if (!spec.filter.empty()) sql += " WHERE " + spec.filter;
    return sql;
}

sdk::Result<std::vector<std::string>> OraclePrimaryKeyColumns(const sdk::Dialect& dialect, sdk::Connection& connection,
                                                              const std::string& table) {
    const auto dot = table.find('.');
    const sdk::Value owner = dot == std::string::npos ? sdk::Value::Null() : sdk::Value::Text(table.substr(0, dot));
    const std::string name = dot == std::string::npos ? table : table.substr(dot + 1);
    auto columns = sdk::util::QueryFirstColumn(
        dialect, connection,
        "SELECT cc.column_name FROM all_constraints c JOIN all_cons_columns cc"
        " ON cc.owner = c.owner AND cc.constraint_name = c.constraint_name"
        " WHERE c.constraint_type = 'P'"
        " AND c.owner IN (NVL(@owner, SYS_CONTEXT('USERENV', 'CURRENT_SCHEMA')), UPPER(@owner))"
        " AND c.table_name IN (@table, UPPER(@table)) ORDER BY cc.position",
        {{"owner", owner}, {"table", sdk::Value::Text(name)}});
    if (!columns.ok()) return columns.status().WithContext("table '" + table + "': primary key");
    return columns;
}

}  // namespace dbbridge::oracle
