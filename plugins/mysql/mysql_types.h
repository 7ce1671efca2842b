#pragma once
// MySQL/MariaDB types: native type names and result fields -> java.sql.Types (MySQL Connector/J's
// rules, the seed's table where it speaks), wire values -> canonical sdk::Value, and canonical values
// -> the text MySQL accepts. Pure functions, thread-safe.
//
// Choices (documented because users see them):
// - TINYINT(1)/BOOL/BOOLEAN report BIT, as Connector/J does by default (tinyInt1isBit=true); the value
//   stays an exact kInt because such a column can hold -128..127.
// - BIT(1) reads as kBool (JDBC BIT); BIT(n>1) as kBytes, big-endian (JDBC BINARY), like Connector/J.
// - FLOAT is REAL (7) as Connector/J reports it; YEAR is DATE (yearIsDateType=true) but reads as kInt.
// - TINYTEXT is VARCHAR and TEXT/MEDIUMTEXT/LONGTEXT LONGVARCHAR (seed 004); BLOB/MEDIUMBLOB/LONGBLOB
//   are BLOB (seed 004), TINYBLOB VARBINARY.
// - Zero dates ("0000-00-00 ...") read as NULL, as Connector/J's zeroDateTimeBehavior=convertToNull
//   which DataX puts on every MySQL URL.
// - TIMESTAMP reads as kTimestamp with has_zone and "+00:00": the session time zone is pinned to UTC.

#include <mysql.h>

#include <cstdint>
#include <string>

#include "dbbridge/sdk/status.h"
#include "dbbridge/sdk/types.h"

namespace dbbridge::mysql {

// COLUMN_TYPE text ("int(10) unsigned", "decimal(12,2)", "tinyint(1)", "enum('a','b')") -> JDBC code.
// Unknown names map to OTHER.
sdk::JdbcType MapNativeType(const std::string& native_type);

// How one result column becomes a canonical Value; computed once per result set.
enum class FieldConv : std::uint8_t {
    kSigned,
    kUnsigned,
    kDecimal,
    kFloat4,
    kFloat8,
    kText,
    kBytes,
    kBit1,  // kBool
    kDate,
    kTime,
    kDatetime,
    kTimestampUtc,
};

struct FieldCodec {
    FieldConv conv = FieldConv::kText;
    std::uint8_t precision = 0;  // fraction digits of TIME/DATETIME/TIMESTAMP
};

FieldCodec CodecForField(const MYSQL_FIELD& field);
// mbmaxlen: bytes per character of the connection character set (4 for utf8mb4).
sdk::ColumnInfo ColumnInfoForField(const MYSQL_FIELD& field, unsigned int mbmaxlen);

// Converts one text-protocol field (data == nullptr: SQL NULL) into out, reusing out's string buffer.
void ConvertTextField(const FieldCodec& codec, const char* data, unsigned long length, sdk::Value& out);

// Formats a binary-protocol temporal value as MySQL's text protocol would send it.
std::string FormatMysqlTime(const MYSQL_TIME& t, enum_field_types type, unsigned int decimals);

// Appends the text MySQL accepts for a canonical value (used for LOAD DATA and string binds):
// timestamps with an offset are converted to UTC and lose the offset (the session is UTC), fraction
// digits beyond MySQL's 6 are cut, floats use their shortest round-trip text, bools are 1/0.
// kNull is not accepted here. Fails with InvalidArgument naming the value when it cannot be converted.
sdk::Status AppendMysqlText(const sdk::Value& value, std::string& out);

// "YYYY-MM-DD HH:MM:SS[.f]+HH:MM" -> UTC "YYYY-MM-DD HH:MM:SS[.f]" (no offset: returned as is).
sdk::Result<std::string> TimestampToUtc(const std::string& text);

}  // namespace dbbridge::mysql
