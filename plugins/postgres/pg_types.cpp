#include "pg_types.h"

#include <cstdlib>
#include <cstring>

#include "dbbridge/sdk/util/sql_text.h"

namespace dbbridge::postgres {

using sdk::JdbcType;

namespace {

constexpr PgTypeInfo kBuiltins[] = {
    {oid::kBool, "boolean", JdbcType::kBoolean, ValueDecoder::kBool},
    {oid::kBytea, "bytea", JdbcType::kBinary, ValueDecoder::kBytes},
    {18, "\"char\"", JdbcType::kChar, ValueDecoder::kText},
    {19, "name", JdbcType::kVarchar, ValueDecoder::kText},
    {oid::kInt8, "bigint", JdbcType::kBigInt, ValueDecoder::kInt},
    {oid::kInt2, "smallint", JdbcType::kSmallInt, ValueDecoder::kInt},
    {oid::kInt4, "integer", JdbcType::kInteger, ValueDecoder::kInt},
    {oid::kText, "text", JdbcType::kLongVarchar, ValueDecoder::kText},
    {oid::kOid, "oid", JdbcType::kBigInt, ValueDecoder::kInt},
    {114, "json", JdbcType::kOther, ValueDecoder::kText},
    {142, "xml", JdbcType::kSqlXml, ValueDecoder::kText},
    {650, "cidr", JdbcType::kOther, ValueDecoder::kText},
    {705, "unknown", JdbcType::kVarchar, ValueDecoder::kText},
    {oid::kFloat4, "real", JdbcType::kReal, ValueDecoder::kFloat4},
    {oid::kFloat8, "double precision", JdbcType::kDouble, ValueDecoder::kFloat8},
    // money text is locale formatted ("$1,000.00"), so it stays text although pgjdbc says DOUBLE.
    {790, "money", JdbcType::kDouble, ValueDecoder::kText},
    {829, "macaddr", JdbcType::kOther, ValueDecoder::kText},
    {869, "inet", JdbcType::kOther, ValueDecoder::kText},
    {oid::kBpchar, "character", JdbcType::kChar, ValueDecoder::kText},
    {oid::kVarchar, "character varying", JdbcType::kVarchar, ValueDecoder::kText},
    {oid::kDate, "date", JdbcType::kDate, ValueDecoder::kDate},
    {oid::kTime, "time without time zone", JdbcType::kTime, ValueDecoder::kTime},
    {oid::kTimestamp, "timestamp without time zone", JdbcType::kTimestamp, ValueDecoder::kTimestamp},
    {oid::kTimestampTz, "timestamp with time zone", JdbcType::kTimestamp, ValueDecoder::kTimestampTz},
    {1186, "interval", JdbcType::kOther, ValueDecoder::kText},
    {oid::kTimeTz, "time with time zone", JdbcType::kTime, ValueDecoder::kTimeTz},
    {oid::kBit, "bit", JdbcType::kBit, ValueDecoder::kText},
    {oid::kVarbit, "bit varying", JdbcType::kOther, ValueDecoder::kText},
    {oid::kNumeric, "numeric", JdbcType::kDecimal, ValueDecoder::kDecimal},
    {2249, "record", JdbcType::kOther, ValueDecoder::kText},
    {2950, "uuid", JdbcType::kOther, ValueDecoder::kText},
    {3614, "tsvector", JdbcType::kOther, ValueDecoder::kText},
    {3802, "jsonb", JdbcType::kOther, ValueDecoder::kText},
    {1000, "boolean[]", JdbcType::kArray, ValueDecoder::kText},
    {1001, "bytea[]", JdbcType::kArray, ValueDecoder::kText},
    {1005, "smallint[]", JdbcType::kArray, ValueDecoder::kText},
    {1007, "integer[]", JdbcType::kArray, ValueDecoder::kText},
    {1009, "text[]", JdbcType::kArray, ValueDecoder::kText},
    {1014, "character[]", JdbcType::kArray, ValueDecoder::kText},
    {1015, "character varying[]", JdbcType::kArray, ValueDecoder::kText},
    {1016, "bigint[]", JdbcType::kArray, ValueDecoder::kText},
    {1021, "real[]", JdbcType::kArray, ValueDecoder::kText},
    {1022, "double precision[]", JdbcType::kArray, ValueDecoder::kText},
    {1115, "timestamp without time zone[]", JdbcType::kArray, ValueDecoder::kText},
    {1182, "date[]", JdbcType::kArray, ValueDecoder::kText},
    {1231, "numeric[]", JdbcType::kArray, ValueDecoder::kText},
    {2951, "uuid[]", JdbcType::kArray, ValueDecoder::kText},
    {3807, "jsonb[]", JdbcType::kArray, ValueDecoder::kText},
};

struct NameMap {
    const char* name;
    JdbcType jdbc;
};

// Lower-case names without modifiers, as BaseTypeName() leaves them.
constexpr NameMap kNames[] = {
    {"smallint", JdbcType::kSmallInt},
    {"int2", JdbcType::kSmallInt},
    {"smallserial", JdbcType::kSmallInt},
    {"serial2", JdbcType::kSmallInt},
    {"tinyint", JdbcType::kTinyInt},
    {"integer", JdbcType::kInteger},
    {"int", JdbcType::kInteger},
    {"int4", JdbcType::kInteger},
    {"serial", JdbcType::kInteger},
    {"serial4", JdbcType::kInteger},
    {"bigint", JdbcType::kBigInt},
    {"int8", JdbcType::kBigInt},
    {"bigserial", JdbcType::kBigInt},
    {"serial8", JdbcType::kBigInt},
    {"oid", JdbcType::kBigInt},
    {"numeric", JdbcType::kDecimal},
    {"decimal", JdbcType::kDecimal},
    {"number", JdbcType::kDecimal},
    {"real", JdbcType::kReal},
    {"float4", JdbcType::kReal},
    {"binary_float", JdbcType::kReal},
    {"double precision", JdbcType::kDouble},
    {"float8", JdbcType::kDouble},
    {"binary_double", JdbcType::kDouble},
    {"money", JdbcType::kDouble},
    {"boolean", JdbcType::kBoolean},
    {"bool", JdbcType::kBoolean},
    {"bit", JdbcType::kBit},
    {"bit varying", JdbcType::kOther},
    {"varbit", JdbcType::kOther},
    {"character", JdbcType::kChar},
    {"char", JdbcType::kChar},
    {"bpchar", JdbcType::kChar},
    {"\"char\"", JdbcType::kChar},
    {"nchar", JdbcType::kNChar},
    {"national character", JdbcType::kNChar},
    {"character varying", JdbcType::kVarchar},
    {"varchar", JdbcType::kVarchar},
    {"varchar2", JdbcType::kVarchar},
    {"name", JdbcType::kVarchar},
    {"citext", JdbcType::kVarchar},
    {"nvarchar2", JdbcType::kNVarchar},
    {"nvarchar", JdbcType::kNVarchar},
    {"national character varying", JdbcType::kNVarchar},
    {"text", JdbcType::kLongVarchar},
    {"clob", JdbcType::kClob},
    {"nclob", JdbcType::kNClob},
    {"blob", JdbcType::kBlob},
    {"raw", JdbcType::kVarBinary},
    {"long raw", JdbcType::kLongVarBinary},
    {"bytea", JdbcType::kBinary},
    {"date", JdbcType::kDate},
    {"smalldatetime", JdbcType::kTimestamp},
    // pgjdbc reports timetz and timestamptz as TIME / TIMESTAMP (seed: TIMESTAMP WITH TIME ZONE -> 93).
    {"time", JdbcType::kTime},
    {"time without time zone", JdbcType::kTime},
    {"time with time zone", JdbcType::kTime},
    {"timetz", JdbcType::kTime},
    {"timestamp", JdbcType::kTimestamp},
    {"timestamp without time zone", JdbcType::kTimestamp},
    {"timestamp with time zone", JdbcType::kTimestamp},
    {"timestamptz", JdbcType::kTimestamp},
    {"uuid", JdbcType::kOther},
    {"json", JdbcType::kOther},
    {"jsonb", JdbcType::kOther},
    {"xml", JdbcType::kSqlXml},
};

}  // namespace

const PgTypeInfo* FindBuiltinType(std::uint32_t type_oid) {
    for (const auto& t : kBuiltins) {
        if (t.oid == type_oid) {
            return &t;
        }
    }
    return nullptr;
}

ValueDecoder DecoderOf(std::uint32_t type_oid) {
    const PgTypeInfo* t = FindBuiltinType(type_oid);
    return t ? t->decoder : ValueDecoder::kText;
}

TargetClass TargetClassOf(std::uint32_t type_oid) {
    switch (type_oid) {
        case oid::kInt2:
        case oid::kInt4:
        case oid::kInt8:
        case oid::kOid:
        case oid::kFloat4:
        case oid::kFloat8:
        case oid::kNumeric:
            return TargetClass::kNumber;
        case oid::kBool:
            return TargetClass::kBool;
        case oid::kBytea:
            return TargetClass::kBytea;
        default:
            return TargetClass::kOther;
    }
}

int FractionDigits(int typmod) { return typmod >= 0 && typmod <= 6 ? typmod : 6; }

namespace {
constexpr int kVarHeader = 4;  // character and numeric typmods carry a 4-byte header
}

std::string FormatBuiltinType(const PgTypeInfo& type, int typmod) {
    std::string name = type.name;
    if (typmod < 0) {
        return name;
    }
    switch (type.oid) {
        case oid::kNumeric: {
            int v = typmod - kVarHeader;
            return name + "(" + std::to_string((v >> 16) & 0xffff) + "," + std::to_string(v & 0xffff) + ")";
        }
        case oid::kBpchar:
        case oid::kVarchar:
            return name + "(" + std::to_string(typmod - kVarHeader) + ")";
        case oid::kBit:
        case oid::kVarbit:
            return name + "(" + std::to_string(typmod) + ")";
        case oid::kTime:
        case oid::kTimestamp:
        case oid::kTimestampTz:
        case oid::kTimeTz: {
            // "timestamp(3) without time zone": the modifier goes after the first word.
            std::size_t space = name.find(' ');
            return name.substr(0, space) + "(" + std::to_string(typmod) + ")" + name.substr(space);
        }
        default:
            return name;
    }
}

void PrecisionOf(std::uint32_t type_oid, int typmod, int& precision, int& scale) {
    precision = 0;
    scale = 0;
    switch (type_oid) {
        case oid::kInt2:
            precision = 5;
            break;
        case oid::kInt4:
            precision = 10;
            break;
        case oid::kInt8:
            precision = 19;
            break;
        case oid::kNumeric:
            if (typmod >= kVarHeader) {
                precision = ((typmod - kVarHeader) >> 16) & 0xffff;
                scale = (typmod - kVarHeader) & 0xffff;
            }
            break;
        case oid::kBpchar:
        case oid::kVarchar:
            precision = typmod >= kVarHeader ? typmod - kVarHeader : 0;
            break;
        case oid::kTime:
        case oid::kTimeTz:
        case oid::kTimestamp:
        case oid::kTimestampTz:
            scale = FractionDigits(typmod);
            break;
        default:
            break;
    }
}

JdbcType MapPgTypeName(const std::string& native_type) {
    std::string base = sdk::util::BaseTypeName(native_type);
    if (base.size() > 2 && base.compare(base.size() - 2, 2, "[]") == 0) {
        return JdbcType::kArray;
    }
    // orafce's Oracle DATE is a domain over timestamp(0).
    if (base == "oracle.date") {
        return JdbcType::kTimestamp;
    }
    std::size_t dot = base.rfind('.');
    if (dot != std::string::npos && base.find('"') == std::string::npos) {
        base = base.substr(dot + 1);
    }
    if (base.size() > 1 && base[0] == '_') {  // internal array name: _int4
        return JdbcType::kArray;
    }
    if (base.rfind("interval", 0) == 0) {
        return JdbcType::kOther;
    }
    if (base == "float" || base == "double") {
        // float(p): p <= 24 is real, otherwise (and without p) double precision.
        std::size_t open = native_type.find('(');
        if (open != std::string::npos && std::atoi(native_type.c_str() + open + 1) <= 24 &&
            std::atoi(native_type.c_str() + open + 1) > 0) {
            return JdbcType::kReal;
        }
        return JdbcType::kDouble;
    }
    for (const auto& n : kNames) {
        if (base == n.name) {
            return n.jdbc;
        }
    }
    return JdbcType::kOther;
}

}  // namespace dbbridge::postgres
