#include "pg_checksum.h"

#include <algorithm>
#include <utility>
#include <vector>

#include "dbbridge/sdk/util/checksum_text.h"
#include "dbbridge/sdk/util/first_column.h"

namespace dbbridge::postgres {

namespace {

using sdk::JdbcType;

// "US" prints six fraction digits; the canonical text keeps `precision` of them (truncated).
std::string Fraction(const std::string& formatted, int fixed_chars, int precision) {
    const int keep = fixed_chars + (precision > 0 ? 1 + precision : 0);
    return "left(" + formatted + ", " + std::to_string(keep) + ")";
}

// The canonical text of one non-NULL value of column q (NULL stays NULL).
std::string CanonicalText(const std::string& q, const sdk::ColumnInfo& c, const sdk::SegmentChecksumSpec& spec) {
    const int p = std::clamp(spec.timestamp_precision, 0, 6);
    switch (c.jdbc_type) {
        case JdbcType::kBoolean:
            return "CASE WHEN " + q + " THEN '1' WHEN NOT " + q + " THEN '0' END";  // NULL stays NULL
        case JdbcType::kBit:
            return q + "::text";
        case JdbcType::kDecimal:
        case JdbcType::kNumeric:
            // numeric::text never uses an exponent; trim_scale drops the fraction zeros.
            return "CASE WHEN " + q + " = 0 THEN '0' ELSE trim_scale(" + q + ")::text END";
        case JdbcType::kDate:
            return "to_char(" + q + ", 'YYYY-MM-DD')";
        case JdbcType::kTime:
        case JdbcType::kTimeWithTimezone:
            // to_char takes no time: put it on a date. A zoned time reads in the session's zone (UTC).
            return Fraction("to_char(DATE '2000-01-01' + " + q + ", 'HH24:MI:SS.US')", 8, p);
        case JdbcType::kTimestamp:
        case JdbcType::kTimestampWithTimezone:
            // timestamptz renders in the session's zone, which the plugin sets to UTC.
            return Fraction("to_char(" + q + ", 'YYYY-MM-DD HH24:MI:SS.US')", 19, p);
        case JdbcType::kBinary:
        case JdbcType::kVarBinary:
        case JdbcType::kLongVarBinary:
        case JdbcType::kBlob:
            return "encode(" + q + ", 'hex')";
        default:
            break;
    }
    if (sdk::IsCharacterType(c.jdbc_type)) {
        // char(n)::text drops the padding; varchar and text keep trailing blanks.
        const std::string text = q + "::text";
        return spec.empty_string_is_null ? "NULLIF(" + text + ", '')" : text;
    }
    return q + "::text";
}

}  // namespace

sdk::Result<std::string> PgSegmentChecksumSql(const sdk::Dialect& dialect, const sdk::SegmentChecksumSpec& spec) {
    if (spec.columns.empty()) {
        return sdk::Status::InvalidArgument("table '" + spec.table + "': no columns to checksum");
    }
    DBB_ASSIGN_OR_RETURN(auto table, dialect.QuoteIdentifier(spec.table));
    // || rather than concat_ws: functions take at most 100 arguments, tables may have more columns.
    std::string row;
    for (const auto& c : spec.columns) {
        auto q = dialect.QuoteIdentifier(c.name);
        if (!q.ok()) {
            return q.status().WithContext("column '" + c.name + "'");
        }
        const std::string e = "(" + CanonicalText(q.value(), c, spec) + ")";
        const std::string piece = sdk::util::ChecksumTextHasLength(c.jdbc_type) ? "length(" + e + ")::text || ':' || " + e : e;
        row += (row.empty() ? "" : " || '|' || ") + std::string("coalesce(") + piece + ", '-')";
    }
    std::string sql =
        "SELECT count(*), coalesce(sum(('x' || left(md5(" + row + "), 15))::bit(60)::bigint), 0) FROM " + table;
    if (!spec.filter.empty()) {
        sql += " WHERE " + spec.filter;
    }
    return sql;
}

sdk::Result<std::vector<std::string>> PgPrimaryKeyColumns(const sdk::Dialect& dialect, sdk::Connection& connection,
                                                          const std::string& table) {
    DBB_ASSIGN_OR_RETURN(auto quoted, dialect.QuoteIdentifier(table));
    auto columns = sdk::util::QueryFirstColumn(dialect, connection,
                                               "SELECT a.attname::text FROM pg_index i JOIN pg_attribute a"
                                               " ON a.attrelid = i.indrelid AND a.attnum = ANY(i.indkey)"
                                               " WHERE i.indrelid = to_regclass(@table) AND i.indisprimary"
                                               " ORDER BY array_position(i.indkey::int2[], a.attnum)",
                                               {{"table", sdk::Value::Text(quoted)}});
    if (!columns.ok()) {
        return columns.status().WithContext("table '" + table + "': primary key");
    }
    return columns;
}

sdk::Result<std::string> PgByteOrderKey(const sdk::Dialect& dialect, sdk::Connection& connection,
                                        const std::string& table, const sdk::ColumnInfo& column,
                                        const std::string& quoted) {
    if (!sdk::IsCharacterType(column.jdbc_type)) return quoted;
    DBB_ASSIGN_OR_RETURN(auto quoted_table, dialect.QuoteIdentifier(table));
    // "C" and "POSIX" (ucs_basic is "C" too) compare by bytes; "default" is the database's.
    auto bytewise = sdk::util::QueryFirstColumn(
        dialect, connection,
        "SELECT c.collname::text FROM pg_attribute a JOIN pg_collation c ON c.oid = a.attcollation"
        " JOIN pg_database d ON d.datname = current_database()"
        " WHERE a.attrelid = to_regclass(@table) AND a.attname = @column"
        " AND (c.collname IN ('C', 'POSIX', 'ucs_basic')"
        " OR (c.collname = 'default' AND d.datcollate IN ('C', 'POSIX')))",
        {{"table", sdk::Value::Text(quoted_table)}, {"column", sdk::Value::Text(column.name)}});
    if (!bytewise.ok()) return bytewise.status().WithContext("table '" + table + "' column '" + column.name + "'");
    if (!bytewise->empty()) return quoted;
    return quoted + " COLLATE \"C\"";
}

}  // namespace dbbridge::postgres
