#pragma once
// PostgreSQL type knowledge: built-in type OIDs, how their text form becomes a canonical Value,
// and native type name -> java.sql.Types mapping. Pure functions, thread-safe.

#include <cstdint>
#include <string>

#include "dbbridge/sdk/types.h"

namespace dbbridge::postgres {

// OIDs of the built-in types this plugin handles specially (pg_type.dat; stable across versions).
namespace oid {
inline constexpr std::uint32_t kBool = 16;
inline constexpr std::uint32_t kBytea = 17;
inline constexpr std::uint32_t kInt8 = 20;
inline constexpr std::uint32_t kInt2 = 21;
inline constexpr std::uint32_t kInt4 = 23;
inline constexpr std::uint32_t kText = 25;
inline constexpr std::uint32_t kOid = 26;
inline constexpr std::uint32_t kFloat4 = 700;
inline constexpr std::uint32_t kFloat8 = 701;
inline constexpr std::uint32_t kBpchar = 1042;
inline constexpr std::uint32_t kVarchar = 1043;
inline constexpr std::uint32_t kDate = 1082;
inline constexpr std::uint32_t kTime = 1083;
inline constexpr std::uint32_t kTimestamp = 1114;
inline constexpr std::uint32_t kTimestampTz = 1184;
inline constexpr std::uint32_t kTimeTz = 1266;
inline constexpr std::uint32_t kBit = 1560;
inline constexpr std::uint32_t kVarbit = 1562;
inline constexpr std::uint32_t kNumeric = 1700;
}  // namespace oid

// How a column's text output is turned into a canonical Value.
enum class ValueDecoder : std::uint8_t {
    kInt,
    kDecimal,
    kFloat4,
    kFloat8,
    kBool,
    kBytes,
    kDate,
    kTime,
    kTimeTz,
    kTimestamp,
    kTimestampTz,
    kText,
};

// What a value must look like when written into a column (text input form).
enum class TargetClass : std::uint8_t { kNumber, kBool, kBytea, kOther };

struct PgTypeInfo {
    std::uint32_t oid;
    const char* name;  // format_type() spelling without modifiers
    sdk::JdbcType jdbc;
    ValueDecoder decoder;
};

// The built-in type with this OID, or nullptr (extension and user types: look them up).
const PgTypeInfo* FindBuiltinType(std::uint32_t type_oid);

// Decoder / target class for a type OID; unknown OIDs decode as text.
ValueDecoder DecoderOf(std::uint32_t type_oid);
TargetClass TargetClassOf(std::uint32_t type_oid);

// format_type() spelling with modifiers for a built-in type, e.g. "numeric(12,2)",
// "character varying(64)", "timestamp(3) without time zone".
std::string FormatBuiltinType(const PgTypeInfo& type, int typmod);

// Precision and scale from a type modifier: numeric p/s, character lengths, fraction digits of
// time types (in scale, default 6), integer digits. Zero when unknown.
void PrecisionOf(std::uint32_t type_oid, int typmod, int& precision, int& scale);
// Fraction digits declared by a time/timestamp typmod (-1 -> 6).
int FractionDigits(int typmod);

// java.sql.Types code for a PostgreSQL type name in any spelling ("int4", "integer",
// "numeric(12,2)", "character varying(64)", "integer[]", "oracle.date", orafce's "varchar2").
// Dialect-neutral names follow the seed (NUMERIC/DECIMAL -> DECIMAL, BOOLEAN -> BOOLEAN,
// TEXT -> LONGVARCHAR, TIMESTAMP WITH TIME ZONE -> TIMESTAMP); the rest follow pgjdbc.
// Unknown names map to OTHER.
sdk::JdbcType MapPgTypeName(const std::string& native_type);

}  // namespace dbbridge::postgres
