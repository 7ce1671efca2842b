#include "mysql_checksum.h"

#include <algorithm>
#include <utility>
#include <vector>

#include "dbbridge/sdk/util/checksum_text.h"
#include "dbbridge/sdk/util/first_column.h"

namespace dbbridge::mysql {

namespace {

using sdk::JdbcType;

// "%f" prints six fraction digits; the canonical text keeps `precision` of them (truncated).
std::string Fraction(const std::string& formatted, int fixed_chars, int precision) {
    const int keep = fixed_chars + (precision > 0 ? 1 + precision : 0);
    return "LEFT(" + formatted + ", " + std::to_string(keep) + ")";
}

// CAST(DECIMAL AS CHAR) never uses an exponent; the canonical text drops fraction zeros, then a
// bare '.'. With the scale known from the column (the usual case) the text is trimmed or not
// without testing it for a '.', which halves the cost of the expression on a large table.
std::string DecimalText(const std::string& q, const sdk::ColumnInfo& c) {
    const std::string s = "CAST(" + q + " AS CHAR)";
    const std::string trimmed = "TRIM(TRAILING '.' FROM TRIM(TRAILING '0' FROM " + s + "))";
    if (c.precision > 0 && c.scale == 0) return s;
    if (c.precision > 0) return "CASE WHEN " + q + " = 0 THEN '0' ELSE " + trimmed + " END";
    return "CASE WHEN " + q + " = 0 THEN '0' WHEN LOCATE('.', " + s + ") > 0 THEN " + trimmed + " ELSE " + s + " END";
}

// The canonical text of one non-NULL value of column q (NULL stays NULL).
std::string CanonicalText(const std::string& q, const sdk::ColumnInfo& c, const sdk::SegmentChecksumSpec& spec) {
    const int p = std::clamp(spec.timestamp_precision, 0, 6);
    switch (c.jdbc_type) {
        case JdbcType::kBit:
        case JdbcType::kBoolean:
            return "CAST(" + q + " + 0 AS CHAR)";  // BIT(1) and TINYINT(1) as 1 / 0
        case JdbcType::kDecimal:
        case JdbcType::kNumeric:
            return DecimalText(q, c);
        case JdbcType::kDate:
            return "DATE_FORMAT(" + q + ", '%Y-%m-%d')";
        case JdbcType::kTime:
        case JdbcType::kTimeWithTimezone:
            return Fraction("TIME_FORMAT(" + q + ", '%H:%i:%s.%f')", 8, p);
        case JdbcType::kTimestamp:
        case JdbcType::kTimestampWithTimezone:
            // TIMESTAMP columns read in the session's zone, which the plugin sets to UTC.
            return Fraction("DATE_FORMAT(" + q + ", '%Y-%m-%d %H:%i:%s.%f')", 19, p);
        case JdbcType::kBinary:
        case JdbcType::kVarBinary:
        case JdbcType::kLongVarBinary:
        case JdbcType::kBlob:
            return "LOWER(HEX(" + q + "))";
        default:
            break;
    }
    if (sdk::IsCharacterType(c.jdbc_type)) {
        // CHAR(n) comes back without its padding (PAD_CHAR_TO_FULL_LENGTH is off by default).
        const std::string text = "CONVERT(" + q + " USING utf8mb4)";
        return spec.empty_string_is_null ? "NULLIF(" + text + ", '')" : text;
    }
    return "CONVERT(CAST(" + q + " AS CHAR) USING utf8mb4)";
}

}  // namespace

sdk::Result<std::string> MysqlSegmentChecksumSql(const sdk::Dialect& dialect, const sdk::SegmentChecksumSpec& spec) {
    if (spec.columns.empty()) {
        return sdk::Status::InvalidArgument("table '" + spec.table + "': no columns to checksum");
    }
    DBB_ASSIGN_OR_RETURN(auto table, dialect.QuoteIdentifier(spec.table));
    std::string row = "CONCAT_WS('|'";
    for (const auto& c : spec.columns) {
        auto q = dialect.QuoteIdentifier(c.name);
        if (!q.ok()) {
            return q.status().WithContext("column '" + c.name + "'");
        }
        const std::string e = CanonicalText(q.value(), c, spec);
        row += sdk::util::ChecksumTextHasLength(c.jdbc_type) ? ", COALESCE(CONCAT(CHAR_LENGTH(" + e + "), ':', " + e + "), '-')"
                                                 : ", COALESCE(" + e + ", '-')";
    }
    row += ")";
    std::string sql =
        "SELECT COUNT(*), COALESCE(SUM(CAST(CONV(LEFT(MD5(" + row + "), 15), 16, 10) AS UNSIGNED)), 0) FROM " + table;
    if (!spec.filter.empty()) {
        sql += " WHERE " + spec.filter;
    }
    return sql;
}

sdk::Result<std::vector<std::string>> MysqlPrimaryKeyColumns(const sdk::Dialect& dialect, sdk::Connection& connection,
                                                             const std::string& table) {
    const auto dot = table.find('.');
    const sdk::Value schema = dot == std::string::npos ? sdk::Value::Null() : sdk::Value::Text(table.substr(0, dot));
    const std::string name = dot == std::string::npos ? table : table.substr(dot + 1);
    auto columns = sdk::util::QueryFirstColumn(
        dialect, connection,
        "SELECT column_name FROM information_schema.key_column_usage"
        " WHERE constraint_name = 'PRIMARY' AND table_schema = COALESCE(@schema, DATABASE())"
        " AND table_name = @table ORDER BY ordinal_position",
        {{"schema", schema}, {"table", sdk::Value::Text(name)}});
    if (!columns.ok()) {
        return columns.status().WithContext("table '" + table + "': primary key");
    }
    return columns;
}

sdk::Result<std::string> MysqlByteOrderKey(const sdk::Dialect& dialect, sdk::Connection& connection,
                                           const std::string& table, const sdk::ColumnInfo& column,
                                           const std::string& quoted) {
    if (!sdk::IsCharacterType(column.jdbc_type)) return quoted;
    const auto dot = table.find('.');
    const sdk::Value schema = dot == std::string::npos ? sdk::Value::Null() : sdk::Value::Text(table.substr(0, dot));
    const std::string name = dot == std::string::npos ? table : table.substr(dot + 1);
    // Only NO PAD binary collations order by bytes: PAD SPACE ones (utf8mb4_bin) compare 'a' with
    // 'a ' as equal and put 'a\t' before 'a'. Other character sets are not UTF-8 bytes.
    auto bytewise = sdk::util::QueryFirstColumn(
        dialect, connection,
        "SELECT collation_name FROM information_schema.columns"
        " WHERE table_schema = COALESCE(@schema, DATABASE()) AND table_name = @table AND column_name = @column"
        " AND collation_name IN ('utf8mb4_nopad_bin', 'utf8mb3_nopad_bin', 'utf8_nopad_bin', 'ascii_nopad_bin')",
        {{"schema", schema}, {"table", sdk::Value::Text(name)}, {"column", sdk::Value::Text(column.name)}});
    if (!bytewise.ok()) return bytewise.status().WithContext("table '" + table + "' column '" + column.name + "'");
    if (!bytewise->empty()) return quoted;
    return "CAST(CONVERT(" + quoted + " USING utf8mb4) AS BINARY)";
}

}  // namespace dbbridge::mysql
