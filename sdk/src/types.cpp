#include "dbbridge/sdk/types.h"

#include <cmath>
#include <cstdio>

namespace dbbridge::sdk {

bool IsSeedBindType(std::int32_t code) {
    switch (code) {
        case 6: case 8: case 1: case -15: case -9: case 12: case -6: case 5: case 4: case -5:
        case 2004: case 2005: case 3: case 91: case 92: case 93: case -8: case 16: case -1:
            return true;
        default:
            return false;
    }
}

namespace {
struct TypeName {
    JdbcType type;
    const char* name;
};
constexpr TypeName kTypeNames[] = {
    {JdbcType::kBit, "BIT"},           {JdbcType::kTinyInt, "TINYINT"},
    {JdbcType::kSmallInt, "SMALLINT"}, {JdbcType::kInteger, "INTEGER"},
    {JdbcType::kBigInt, "BIGINT"},     {JdbcType::kFloat, "FLOAT"},
    {JdbcType::kReal, "REAL"},         {JdbcType::kDouble, "DOUBLE"},
    {JdbcType::kNumeric, "NUMERIC"},   {JdbcType::kDecimal, "DECIMAL"},
    {JdbcType::kChar, "CHAR"},         {JdbcType::kVarchar, "VARCHAR"},
    {JdbcType::kLongVarchar, "LONGVARCHAR"}, {JdbcType::kNChar, "NCHAR"},
    {JdbcType::kNVarchar, "NVARCHAR"}, {JdbcType::kLongNVarchar, "LONGNVARCHAR"},
    {JdbcType::kDate, "DATE"},         {JdbcType::kTime, "TIME"},
    {JdbcType::kTimestamp, "TIMESTAMP"}, {JdbcType::kTimeWithTimezone, "TIME_WITH_TIMEZONE"},
    {JdbcType::kTimestampWithTimezone, "TIMESTAMP_WITH_TIMEZONE"}, {JdbcType::kBinary, "BINARY"},
    {JdbcType::kVarBinary, "VARBINARY"}, {JdbcType::kLongVarBinary, "LONGVARBINARY"},
    {JdbcType::kNull, "NULL"},         {JdbcType::kOther, "OTHER"},
    {JdbcType::kJavaObject, "JAVA_OBJECT"}, {JdbcType::kArray, "ARRAY"},
    {JdbcType::kBlob, "BLOB"},         {JdbcType::kClob, "CLOB"},
    {JdbcType::kNClob, "NCLOB"},       {JdbcType::kRowId, "ROWID"},
    {JdbcType::kBoolean, "BOOLEAN"},   {JdbcType::kSqlXml, "SQLXML"},
};
}  // namespace

const char* JdbcTypeName(JdbcType type) {
    for (const auto& t : kTypeNames) {
        if (t.type == type) {
            return t.name;
        }
    }
    return "OTHER";
}

bool IsKnownJdbcType(std::int32_t code) {
    for (const auto& t : kTypeNames) {
        if (static_cast<std::int32_t>(t.type) == code) {
            return true;
        }
    }
    return false;
}

DataxType DataxTypeOf(JdbcType type) {
    switch (type) {
        case JdbcType::kTinyInt: case JdbcType::kSmallInt: case JdbcType::kInteger: case JdbcType::kBigInt:
            return DataxType::kLong;
        case JdbcType::kFloat: case JdbcType::kReal: case JdbcType::kDouble:
            return DataxType::kDouble;
        case JdbcType::kDate: case JdbcType::kTime: case JdbcType::kTimestamp:
        case JdbcType::kTimeWithTimezone: case JdbcType::kTimestampWithTimezone:
            return DataxType::kDate;
        case JdbcType::kBit: case JdbcType::kBoolean:
            return DataxType::kBool;
        case JdbcType::kBinary: case JdbcType::kVarBinary: case JdbcType::kLongVarBinary: case JdbcType::kBlob:
            return DataxType::kBytes;
        default:
            // DataX reads NUMERIC/DECIMAL as its Double column type but keeps the exact text;
            // we keep them as exact strings, which DataX writers accept for numeric columns.
            return DataxType::kString;
    }
}

const char* DataxTypeName(DataxType type) {
    switch (type) {
        case DataxType::kLong: return "long";
        case DataxType::kDouble: return "double";
        case DataxType::kString: return "string";
        case DataxType::kDate: return "date";
        case DataxType::kBool: return "bool";
        case DataxType::kBytes: return "bytes";
    }
    return "string";
}

std::string ValueToText(const Value& v) {
    switch (v.kind) {
        case ValueKind::kNull:
            return {};
        case ValueKind::kInt:
            return std::to_string(v.i);
        case ValueKind::kBool:
            return v.i ? "true" : "false";
        case ValueKind::kFloat: {
            if (std::isnan(v.f)) {
                return "NaN";
            }
            if (std::isinf(v.f)) {
                return v.f > 0 ? "Infinity" : "-Infinity";
            }
            char buf[32];
            // Shortest text that reads back to the same value at the declared width.
            std::snprintf(buf, sizeof buf, "%.*g", v.width == 4 ? 9 : 17, v.f);
            for (int digits = v.width == 4 ? 6 : 15; digits <= 17; ++digits) {
                char tmp[32];
                std::snprintf(tmp, sizeof tmp, "%.*g", digits, v.f);
                double back = std::strtod(tmp, nullptr);
                if ((v.width == 4 && static_cast<float>(back) == static_cast<float>(v.f)) || back == v.f) {
                    return tmp;
                }
            }
            return buf;
        }
        default:
            return v.s;
    }
}

std::size_t ValueByteSize(const Value& v) {
    switch (v.kind) {
        case ValueKind::kNull: return 0;
        case ValueKind::kInt: return 8;
        case ValueKind::kBool: return 1;
        case ValueKind::kFloat: return v.width == 4 ? 4 : 8;
        default: return v.s.size();
    }
}

}  // namespace dbbridge::sdk
