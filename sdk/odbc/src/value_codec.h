#pragma once
// Conversions between canonical sdk::Value and ODBC C buffers, both directions.

#include <sql.h>
#include <sqlext.h>

#include <string>

#include "dbbridge/sdk/status.h"
#include "dbbridge/sdk/types.h"

namespace dbbridge::odbc {

// How a parameter travels to the driver.
enum class BindKind : std::uint8_t {
    kInt64,        // SQL_C_SBIGINT
    kDouble,       // SQL_C_DOUBLE
    kBit,          // SQL_C_BIT
    kDecimalText,  // SQL_C_CHAR, exact decimal text
    kWideText,     // SQL_C_WCHAR (UTF-16)
    kBinary,       // SQL_C_BINARY
    kDate,         // SQL_C_TYPE_DATE
    kTime,         // SQL_C_TYPE_TIME
    kTimestamp,    // SQL_C_TYPE_TIMESTAMP
};

struct BindPlan {
    BindKind kind = BindKind::kWideText;
    SQLSMALLINT c_type = SQL_C_WCHAR;
    SQLSMALLINT sql_type = SQL_VARCHAR;
    SQLSMALLINT decimal_digits = 0;
};

SQLSMALLINT CTypeOf(BindKind kind);
// The plan for a bind typed by java.sql.Types (multiplex binds).
BindPlan PlanForJdbcType(sdk::JdbcType type);
// The plan for writing into a column the driver described with sql_type.
BindPlan PlanForSqlType(SQLSMALLINT sql_type, SQLSMALLINT decimal_digits);

// Encodes v for kind into bytes (the C buffer content) and sets indicator (byte length or
// SQL_NULL_DATA). Empty text becomes NULL for numeric and temporal kinds (DataX's emptyAsNull).
// Errors say what the value is and what was expected; the caller adds the column or bind name.
sdk::Status EncodeValue(const sdk::Value& v, BindKind kind, std::string& bytes, SQLLEN& indicator);

// Column size and digits to declare for one encoded parameter.
SQLULEN ColumnSizeFor(const BindPlan& plan, const std::string& bytes, SQLLEN indicator);

// How a result column is fetched.
enum class FetchKind : std::uint8_t { kInt, kFloat, kDouble, kBit, kDecimal, kText, kBinary, kDate, kTime, kTimestamp };

struct FetchPlan {
    FetchKind kind = FetchKind::kText;
    int fraction_digits = 0;  // declared for time/timestamp
};

FetchPlan PlanForColumn(SQLSMALLINT sql_type, SQLSMALLINT decimal_digits);
sdk::JdbcType JdbcTypeForSqlType(SQLSMALLINT sql_type);

// Room for a decimal fetched as text (the longest value read is one byte shorter).
constexpr std::size_t kDecimalTextBytes = 512;

// The C type a result column of plan travels as (SQLGetData or SQLBindCol).
SQLSMALLINT FetchCType(FetchKind kind);
// The value of `bytes` bytes of plan's C type (not NULL): the same for a bound buffer and SQLGetData.
// A decimal buffer that the driver filled to the brim (bytes < 0) is read up to its terminator.
sdk::Value DecodeFetched(const FetchPlan& plan, const char* data, SQLLEN bytes);

// Reads column col (1-based) of the current row with SQLGetData (long data in chunks).
// On a driver error returns a non-OK status whose message is the driver's diagnostics.
sdk::Status FetchValue(SQLHSTMT stmt, SQLUSMALLINT col, const FetchPlan& plan, sdk::Value& out);

// Exact decimal text as Oracle-family drivers print it, made canonical: ".5" -> "0.5",
// "-.5" -> "-0.5", "1,5" -> "1.5" (a comma decimal separator when there is no '.').
std::string NormalizeDecimalText(std::string text);

// "YYYY-MM-DD[ HH:MM:SS[.f...]]" / "HH:MM:SS[.f]" parsers (a 'T' separator is accepted too).
bool ParseDateText(const std::string& text, SQL_DATE_STRUCT& out);
bool ParseTimeText(const std::string& text, SQL_TIME_STRUCT& out);
bool ParseTimestampText(const std::string& text, SQL_TIMESTAMP_STRUCT& out);

}  // namespace dbbridge::odbc
