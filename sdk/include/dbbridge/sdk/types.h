#pragma once
// The value and type model shared by plugins and core.
// Values cross the plugin boundary in one canonical form; each dialect converts its own wire formats.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace dbbridge::sdk {

// java.sql.Types codes (seed 004 §10.5.1.6 plus the other standard codes plugins report).
enum class JdbcType : std::int32_t {
    kBit = -7,
    kTinyInt = -6,
    kSmallInt = 5,
    kInteger = 4,
    kBigInt = -5,
    kFloat = 6,
    kReal = 7,
    kDouble = 8,
    kNumeric = 2,
    kDecimal = 3,
    kChar = 1,
    kVarchar = 12,
    kLongVarchar = -1,
    kNChar = -15,
    kNVarchar = -9,
    kLongNVarchar = -16,
    kDate = 91,
    kTime = 92,
    kTimestamp = 93,
    kTimeWithTimezone = 2013,
    kTimestampWithTimezone = 2014,
    kBinary = -2,
    kVarBinary = -3,
    kLongVarBinary = -4,
    kNull = 0,
    kOther = 1111,
    kJavaObject = 2000,
    kArray = 2003,
    kBlob = 2004,
    kClob = 2005,
    kNClob = 2011,
    kRowId = -8,
    kBoolean = 16,
    kSqlXml = 2009,
};

// Character types (fixed, varying, long, national, CLOB): their values are text.
inline bool IsCharacterType(JdbcType t) {
    switch (t) {
        case JdbcType::kChar:
        case JdbcType::kVarchar:
        case JdbcType::kLongVarchar:
        case JdbcType::kNChar:
        case JdbcType::kNVarchar:
        case JdbcType::kLongNVarchar:
        case JdbcType::kClob:
        case JdbcType::kNClob:
            return true;
        default:
            return false;
    }
}

// True for the codes seed 004 accepts as a bind variableType (anything else is error 10007).
bool IsSeedBindType(std::int32_t code);
// Name of a java.sql.Types code ("VARCHAR"), or "OTHER" for an unknown code.
const char* JdbcTypeName(JdbcType type);
// True when the code is one of the values of enum JdbcType.
bool IsKnownJdbcType(std::int32_t code);

// DataX's internal column types.
enum class DataxType : std::int32_t { kLong, kDouble, kString, kDate, kBool, kBytes };

// The DataX type a java.sql.Types code travels as (DataX's rdbms reader rules).
DataxType DataxTypeOf(JdbcType type);
const char* DataxTypeName(DataxType type);  // "long", "double", "string", "date", "bool", "bytes"

enum class ValueKind : std::uint8_t {
    kNull,
    kInt,        // i
    kDecimal,    // s: exact decimal text, e.g. "-12.50" (never through double)
    kFloat,      // f, width 4 or 8
    kText,       // s: UTF-8
    kBytes,      // s: raw bytes
    kDate,       // s: "YYYY-MM-DD"
    kTime,       // s: "HH:MM:SS[.ffffff]"
    kTimestamp,  // s: "YYYY-MM-DD HH:MM:SS[.fffffffff]" plus "+HH:MM" when has_zone
    kBool,       // i: 0 or 1
};

// One canonical value. Temporal values are ISO text so every engine can bind them as text
// without a lossy conversion; precision says how many fraction digits the source declared.
struct Value {
    ValueKind kind = ValueKind::kNull;
    std::uint8_t width = 0;      // kFloat: 4 or 8
    std::uint8_t precision = 0;  // kTime/kTimestamp fraction digits declared by the column
    bool has_zone = false;       // kTime/kTimestamp: s carries an offset
    std::int64_t i = 0;
    double f = 0.0;
    std::string s;

    static Value Null() { return {}; }
    static Value Int(std::int64_t v) {
        Value x;
        x.kind = ValueKind::kInt;
        x.i = v;
        return x;
    }
    static Value Bool(bool v) {
        Value x;
        x.kind = ValueKind::kBool;
        x.i = v ? 1 : 0;
        return x;
    }
    static Value Float(double v, std::uint8_t width = 8) {
        Value x;
        x.kind = ValueKind::kFloat;
        x.f = v;
        x.width = width;
        return x;
    }
    static Value OfString(ValueKind kind, std::string v) {
        Value x;
        x.kind = kind;
        x.s = std::move(v);
        return x;
    }
    static Value Text(std::string v) { return OfString(ValueKind::kText, std::move(v)); }
    static Value Decimal(std::string v) { return OfString(ValueKind::kDecimal, std::move(v)); }
    static Value Bytes(std::string v) { return OfString(ValueKind::kBytes, std::move(v)); }
    static Value Date(std::string v) { return OfString(ValueKind::kDate, std::move(v)); }
    static Value Time(std::string v) { return OfString(ValueKind::kTime, std::move(v)); }
    static Value Timestamp(std::string v, bool has_zone = false) {
        Value x = OfString(ValueKind::kTimestamp, std::move(v));
        x.has_zone = has_zone;
        return x;
    }

    bool is_null() const { return kind == ValueKind::kNull; }
    bool operator==(const Value& o) const {
        return kind == o.kind && i == o.i && f == o.f && s == o.s && has_zone == o.has_zone;
    }
    bool operator!=(const Value& o) const { return !(*this == o); }
};

// Renders a value as text the way DataX's streamwriter prints it (NULL -> empty unless told).
std::string ValueToText(const Value& v);
// Approximate in-memory payload size in bytes, used for DataX byte counters and speed limits.
std::size_t ValueByteSize(const Value& v);

using Record = std::vector<Value>;

// A batch of records; reused between calls to avoid reallocations (clear() keeps capacity).
struct RecordBatch {
    std::vector<Record> rows;
    std::size_t size() const { return rows.size(); }
    bool empty() const { return rows.empty(); }
    void clear() { rows.clear(); }
};

struct ColumnInfo {
    std::string name;
    std::string native_type;  // as the server spells it, e.g. "varchar(64)", "numeric(12,2)"
    bool nullable = true;
    JdbcType jdbc_type = JdbcType::kOther;
    int precision = 0;  // length / precision when known, else 0
    int scale = 0;
};

struct TableInfo {
    std::string schema;
    std::string name;
    std::string type;  // "TABLE" or "VIEW"
};

}  // namespace dbbridge::sdk
