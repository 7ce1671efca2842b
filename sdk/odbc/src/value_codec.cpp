#include "value_codec.h"

#include <cctype>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <limits>

#include "dbbridge/sdk/util/civil_date.h"
#include "dbbridge/sdk/util/value_text.h"
#include "diag_reader.h"
#include "wide_text.h"

namespace dbbridge::odbc {

namespace {

using sdk::Status;
using sdk::Value;
using sdk::ValueKind;
using sdk::util::CivilFromDays;
using sdk::util::DaysFromCivil;
using sdk::util::IsDecimalText;

constexpr SQLLEN kChunkBytes = 32 * 1024;

std::string Trim(const std::string& s) {
    std::size_t b = 0;
    std::size_t e = s.size();
    while (b < e && std::isspace(static_cast<unsigned char>(s[b]))) {
        ++b;
    }
    while (e > b && std::isspace(static_cast<unsigned char>(s[e - 1]))) {
        --e;
    }
    return s.substr(b, e - b);
}

std::string ShortestDouble(double d) {
    char buf[64];
    auto res = std::to_chars(buf, buf + sizeof(buf), d);
    return std::string(buf, res.ptr);
}

bool IsTextLike(ValueKind k) {
    return k == ValueKind::kText || k == ValueKind::kDecimal || k == ValueKind::kDate || k == ValueKind::kTime ||
           k == ValueKind::kTimestamp || k == ValueKind::kBytes;
}

const char* KindName(ValueKind k) {
    switch (k) {
        case ValueKind::kNull: return "NULL";
        case ValueKind::kInt: return "integer";
        case ValueKind::kDecimal: return "decimal";
        case ValueKind::kFloat: return "float";
        case ValueKind::kText: return "text";
        case ValueKind::kBytes: return "bytes";
        case ValueKind::kDate: return "date";
        case ValueKind::kTime: return "time";
        case ValueKind::kTimestamp: return "timestamp";
        case ValueKind::kBool: return "boolean";
    }
    return "value";
}

std::string Describe(const Value& v) {
    if (IsTextLike(v.kind) && v.kind != ValueKind::kBytes) {
        std::string s = v.s.size() > 40 ? v.s.substr(0, 40) + "..." : v.s;
        return std::string(KindName(v.kind)) + " '" + s + "'";
    }
    return KindName(v.kind);
}

bool ParseInt64(const std::string& text, std::int64_t& out) {
    std::string s = text;
    std::size_t dot = s.find('.');
    if (dot != std::string::npos) {  // "12.000" is an integer, "12.5" is not
        for (std::size_t k = dot + 1; k < s.size(); ++k) {
            if (s[k] != '0') {
                return false;
            }
        }
        s = s.substr(0, dot);
    }
    const char* b = s.data();
    const char* e = s.data() + s.size();
    if (b != e && *b == '+') {
        ++b;
    }
    auto res = std::from_chars(b, e, out);
    return res.ec == std::errc() && res.ptr == e && b != e;
}

template <typename T>
void PutStruct(const T& value, std::string& bytes, SQLLEN& ind) {
    bytes.assign(reinterpret_cast<const char*>(&value), sizeof(T));
    ind = sizeof(T);
}

int ParseDigits(const std::string& s, std::size_t& i, std::size_t min, std::size_t max) {
    std::size_t start = i;
    int v = 0;
    while (i < s.size() && i - start < max && std::isdigit(static_cast<unsigned char>(s[i]))) {
        v = v * 10 + (s[i] - '0');
        ++i;
    }
    return i - start >= min ? v : -1;
}

// Parses "HH:MM[:SS[.f]]" at i into t; returns false on a malformed time.
bool ParseClock(const std::string& s, std::size_t& i, SQL_TIME_STRUCT& t, SQLUINTEGER& fraction_ns) {
    int h = ParseDigits(s, i, 1, 2);
    if (h < 0 || i >= s.size() || s[i] != ':') {
        return false;
    }
    ++i;
    int mi = ParseDigits(s, i, 2, 2);
    if (mi < 0) {
        return false;
    }
    int sec = 0;
    fraction_ns = 0;
    if (i < s.size() && s[i] == ':') {
        ++i;
        sec = ParseDigits(s, i, 2, 2);
        if (sec < 0) {
            return false;
        }
        if (i < s.size() && s[i] == '.') {
            ++i;
            std::size_t start = i;
            SQLUINTEGER scale = 100000000;
            while (i < s.size() && std::isdigit(static_cast<unsigned char>(s[i]))) {
                fraction_ns += static_cast<SQLUINTEGER>(s[i] - '0') * scale;
                scale /= 10;
                ++i;
            }
            if (i == start) {
                return false;
            }
        }
    }
    if (h > 23 || mi > 59 || sec > 60) {
        return false;
    }
    t.hour = static_cast<SQLUSMALLINT>(h);
    t.minute = static_cast<SQLUSMALLINT>(mi);
    t.second = static_cast<SQLUSMALLINT>(sec);
    return true;
}

bool ParseYmd(const std::string& s, std::size_t& i, SQL_DATE_STRUCT& d) {
    int y = ParseDigits(s, i, 4, 4);
    if (y < 0 || i >= s.size() || s[i] != '-') {
        return false;
    }
    ++i;
    int m = ParseDigits(s, i, 1, 2);
    if (m < 1 || m > 12 || i >= s.size() || s[i] != '-') {
        return false;
    }
    ++i;
    int day = ParseDigits(s, i, 1, 2);
    if (day < 1 || day > 31) {
        return false;
    }
    d.year = static_cast<SQLSMALLINT>(y);
    d.month = static_cast<SQLUSMALLINT>(m);
    d.day = static_cast<SQLUSMALLINT>(day);
    return true;
}

// Parses an optional "Z", "+HH", "+HHMM" or "+HH:MM" suffix into minutes east of UTC.
bool ParseOffset(const std::string& s, std::size_t& i, int& minutes) {
    minutes = 0;
    while (i < s.size() && s[i] == ' ') {
        ++i;
    }
    if (i == s.size()) {
        return true;
    }
    if (s[i] == 'Z' || s[i] == 'z') {
        ++i;
        return i == s.size();
    }
    if (s[i] != '+' && s[i] != '-') {
        return false;
    }
    int sign = s[i] == '-' ? -1 : 1;
    ++i;
    int h = ParseDigits(s, i, 2, 2);
    if (h < 0) {
        return false;
    }
    int m = 0;
    if (i < s.size() && s[i] == ':') {
        ++i;
    }
    if (i < s.size()) {
        m = ParseDigits(s, i, 2, 2);
        if (m < 0) {
            return false;
        }
    }
    minutes = sign * (h * 60 + m);
    return i == s.size();
}

// Appends n as exactly `width` digits, zero-padded (hot in reads: no snprintf).
void PutDigits(std::string& out, unsigned n, int width) {
    char digits[10];
    for (int i = width - 1; i >= 0; --i) {
        digits[i] = static_cast<char>('0' + n % 10);
        n /= 10;
    }
    out.append(digits, static_cast<std::size_t>(width));
}

// ".f" with the fraction's nanoseconds, trailing zeros dropped; nothing for zero.
void AppendFraction(std::string& out, SQLUINTEGER ns) {
    if (ns == 0 || ns > 999999999) {
        return;
    }
    int width = 9;
    while (ns % 10 == 0) {
        ns /= 10;
        --width;
    }
    out += '.';
    PutDigits(out, ns, width);
}

// "YYYY-MM-DD", or what snprintf prints for a year outside 0..9999.
void AppendDate(std::string& out, SQLSMALLINT year, SQLUSMALLINT month, SQLUSMALLINT day) {
    if (year < 0 || year > 9999 || month > 99 || day > 99) {
        char buf[32];
        std::snprintf(buf, sizeof(buf), "%04d-%02u-%02u", year, month, day);
        out += buf;
        return;
    }
    PutDigits(out, static_cast<unsigned>(year), 4);
    out += '-';
    PutDigits(out, month, 2);
    out += '-';
    PutDigits(out, day, 2);
}

void AppendClock(std::string& out, SQLUSMALLINT hour, SQLUSMALLINT minute, SQLUSMALLINT second) {
    PutDigits(out, hour % 100, 2);
    out += ':';
    PutDigits(out, minute % 100, 2);
    out += ':';
    PutDigits(out, second % 100, 2);
}

Status FetchError(SQLHSTMT stmt, SQLUSMALLINT col) {
    return HandleError(SQL_HANDLE_STMT, stmt, "reading column " + std::to_string(col));
}

// Long data: repeated SQLGetData until the driver has nothing left.
Status FetchChunks(SQLHSTMT stmt, SQLUSMALLINT col, SQLSMALLINT c_type, std::string& out, bool& is_null) {
    const SQLLEN terminator = c_type == SQL_C_WCHAR ? static_cast<SQLLEN>(sizeof(SQLWCHAR)) : 0;
    char buf[kChunkBytes];
    out.clear();
    is_null = false;
    for (;;) {
        SQLLEN ind = 0;
        SQLRETURN rc = SQLGetData(stmt, col, c_type, buf, kChunkBytes, &ind);
        if (rc == SQL_NO_DATA) {
            break;
        }
        if (!SQL_SUCCEEDED(rc)) {
            return FetchError(stmt, col);
        }
        if (ind == SQL_NULL_DATA) {
            is_null = true;
            return Status::Ok();
        }
        SQLLEN room = kChunkBytes - terminator;
        SQLLEN got = (ind == SQL_NO_TOTAL || ind > room) ? room : ind;
        out.append(buf, static_cast<std::size_t>(got));
        if (rc == SQL_SUCCESS) {
            break;
        }
        if (ind != SQL_NO_TOTAL && ind <= room) {
            break;  // SUCCESS_WITH_INFO for another reason: the piece was complete
        }
    }
    return Status::Ok();
}

}  // namespace

SQLSMALLINT CTypeOf(BindKind kind) {
    switch (kind) {
        case BindKind::kInt64: return SQL_C_SBIGINT;
        case BindKind::kDouble: return SQL_C_DOUBLE;
        case BindKind::kBit: return SQL_C_BIT;
        case BindKind::kDecimalText: return SQL_C_CHAR;
        case BindKind::kWideText: return SQL_C_WCHAR;
        case BindKind::kBinary: return SQL_C_BINARY;
        case BindKind::kDate: return SQL_C_TYPE_DATE;
        case BindKind::kTime: return SQL_C_TYPE_TIME;
        case BindKind::kTimestamp: return SQL_C_TYPE_TIMESTAMP;
    }
    return SQL_C_WCHAR;
}

namespace {
BindPlan Plan(BindKind kind, SQLSMALLINT sql_type, SQLSMALLINT digits = 0) {
    return BindPlan{kind, CTypeOf(kind), sql_type, digits};
}
}  // namespace

BindPlan PlanForJdbcType(sdk::JdbcType type) {
    using sdk::JdbcType;
    switch (type) {
        case JdbcType::kBit: case JdbcType::kBoolean: return Plan(BindKind::kBit, SQL_BIT);
        case JdbcType::kTinyInt: return Plan(BindKind::kInt64, SQL_TINYINT);
        case JdbcType::kSmallInt: return Plan(BindKind::kInt64, SQL_SMALLINT);
        case JdbcType::kInteger: return Plan(BindKind::kInt64, SQL_INTEGER);
        case JdbcType::kBigInt: return Plan(BindKind::kInt64, SQL_BIGINT);
        case JdbcType::kFloat: case JdbcType::kDouble: return Plan(BindKind::kDouble, SQL_DOUBLE);
        case JdbcType::kReal: return Plan(BindKind::kDouble, SQL_REAL);
        case JdbcType::kNumeric: return Plan(BindKind::kDecimalText, SQL_NUMERIC);
        case JdbcType::kDecimal: return Plan(BindKind::kDecimalText, SQL_DECIMAL);
        // Text goes as UTF-16 but is declared as the column's own (non-national) type where the
        // bind says so: an NVARCHAR bind against a VARCHAR2 column makes Oracle skip the index.
        case JdbcType::kChar: return Plan(BindKind::kWideText, SQL_CHAR);
        case JdbcType::kNChar: return Plan(BindKind::kWideText, SQL_WCHAR);
        case JdbcType::kNVarchar: return Plan(BindKind::kWideText, SQL_WVARCHAR);
        case JdbcType::kLongVarchar: case JdbcType::kClob: return Plan(BindKind::kWideText, SQL_LONGVARCHAR);
        case JdbcType::kLongNVarchar: case JdbcType::kNClob: return Plan(BindKind::kWideText, SQL_WLONGVARCHAR);
        case JdbcType::kDate: return Plan(BindKind::kDate, SQL_TYPE_DATE);
        case JdbcType::kTime: return Plan(BindKind::kTime, SQL_TYPE_TIME);
        case JdbcType::kTimestamp: return Plan(BindKind::kTimestamp, SQL_TYPE_TIMESTAMP, 9);
        case JdbcType::kBinary: return Plan(BindKind::kBinary, SQL_BINARY);
        case JdbcType::kVarBinary: return Plan(BindKind::kBinary, SQL_VARBINARY);
        case JdbcType::kLongVarBinary: case JdbcType::kBlob: return Plan(BindKind::kBinary, SQL_LONGVARBINARY);
        default: return Plan(BindKind::kWideText, SQL_VARCHAR);
    }
}

BindPlan PlanForSqlType(SQLSMALLINT sql_type, SQLSMALLINT digits) {
    switch (sql_type) {
        case SQL_BIT: return Plan(BindKind::kBit, SQL_BIT);
        case SQL_TINYINT: case SQL_SMALLINT: case SQL_INTEGER: case SQL_BIGINT: return Plan(BindKind::kInt64, sql_type);
        case SQL_REAL: case SQL_FLOAT: case SQL_DOUBLE: return Plan(BindKind::kDouble, sql_type);
        case SQL_DECIMAL: case SQL_NUMERIC: return Plan(BindKind::kDecimalText, sql_type, digits);
        case SQL_TYPE_DATE: case SQL_DATE: return Plan(BindKind::kDate, SQL_TYPE_DATE);
        case SQL_TYPE_TIME: case SQL_TIME: return Plan(BindKind::kTime, SQL_TYPE_TIME);
        case SQL_TYPE_TIMESTAMP: case SQL_TIMESTAMP: return Plan(BindKind::kTimestamp, SQL_TYPE_TIMESTAMP, digits);
        case SQL_BINARY: case SQL_VARBINARY: case SQL_LONGVARBINARY: return Plan(BindKind::kBinary, sql_type);
        case SQL_CHAR: case SQL_VARCHAR: case SQL_LONGVARCHAR: case SQL_WCHAR: case SQL_WVARCHAR:
        case SQL_WLONGVARCHAR:
            return Plan(BindKind::kWideText, sql_type);
        default: return Plan(BindKind::kWideText, SQL_VARCHAR);
    }
}

Status EncodeValue(const Value& v, BindKind kind, std::string& bytes, SQLLEN& ind) {
    bytes.clear();
    if (v.is_null()) {
        ind = SQL_NULL_DATA;
        return Status::Ok();
    }
    const bool empty_text = v.kind == ValueKind::kText && Trim(v.s).empty();
    if (empty_text && kind != BindKind::kWideText && kind != BindKind::kBinary) {
        ind = SQL_NULL_DATA;
        return Status::Ok();
    }
    auto mismatch = [&](const char* wanted) {
        return Status::DataError(Describe(v) + " cannot be stored as " + wanted);
    };
    switch (kind) {
        case BindKind::kInt64: {
            std::int64_t x = 0;
            if (v.kind == ValueKind::kInt || v.kind == ValueKind::kBool) {
                x = v.i;
            } else if (v.kind == ValueKind::kFloat) {
                if (!(std::trunc(v.f) == v.f && std::fabs(v.f) < 9.2e18)) {
                    return mismatch("an integer");
                }
                x = static_cast<std::int64_t>(v.f);
            } else if ((v.kind == ValueKind::kText || v.kind == ValueKind::kDecimal) && ParseInt64(Trim(v.s), x)) {
            } else {
                return mismatch("an integer");
            }
            PutStruct(x, bytes, ind);
            return Status::Ok();
        }
        case BindKind::kDouble: {
            double x = 0;
            if (v.kind == ValueKind::kFloat) {
                x = v.f;
            } else if (v.kind == ValueKind::kInt || v.kind == ValueKind::kBool) {
                x = static_cast<double>(v.i);
            } else if (v.kind == ValueKind::kText || v.kind == ValueKind::kDecimal) {
                std::string t = Trim(v.s);
                char* end = nullptr;
                x = std::strtod(t.c_str(), &end);
                if (t.empty() || end != t.c_str() + t.size()) {
                    return mismatch("a floating-point number");
                }
            } else {
                return mismatch("a floating-point number");
            }
            PutStruct(x, bytes, ind);
            return Status::Ok();
        }
        case BindKind::kBit: {
            unsigned char b = 0;
            if (v.kind == ValueKind::kBool || v.kind == ValueKind::kInt) {
                b = v.i != 0;
            } else if (v.kind == ValueKind::kText || v.kind == ValueKind::kDecimal) {
                std::string t = Trim(v.s);
                for (auto& c : t) {
                    c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
                }
                if (t == "1" || t == "true" || t == "t" || t == "y" || t == "yes") {
                    b = 1;
                } else if (t == "0" || t == "false" || t == "f" || t == "n" || t == "no") {
                    b = 0;
                } else {
                    return mismatch("a boolean");
                }
            } else {
                return mismatch("a boolean");
            }
            PutStruct(b, bytes, ind);
            return Status::Ok();
        }
        case BindKind::kDecimalText: {
            std::string t;
            if (v.kind == ValueKind::kInt) {
                t = std::to_string(v.i);
            } else if (v.kind == ValueKind::kBool) {
                t = v.i ? "1" : "0";
            } else if (v.kind == ValueKind::kFloat) {
                if (!std::isfinite(v.f)) {
                    return mismatch("a decimal number");
                }
                t = ShortestDouble(v.f);
            } else if (v.kind == ValueKind::kText || v.kind == ValueKind::kDecimal) {
                t = Trim(v.s);
                if (!IsDecimalText(t)) {
                    return mismatch("a decimal number");
                }
            } else {
                return mismatch("a decimal number");
            }
            bytes = t;
            ind = static_cast<SQLLEN>(t.size());
            return Status::Ok();
        }
        case BindKind::kWideText: {
            std::string t;
            if (IsTextLike(v.kind)) {
                t = v.s;
            } else if (v.kind == ValueKind::kInt) {
                t = std::to_string(v.i);
            } else if (v.kind == ValueKind::kBool) {
                t = v.i ? "true" : "false";
            } else if (v.kind == ValueKind::kFloat) {
                t = ShortestDouble(v.f);
            }
            WideString w = Utf8ToWide(t);
            bytes.assign(reinterpret_cast<const char*>(w.data()), w.size() * sizeof(SQLWCHAR));
            ind = static_cast<SQLLEN>(bytes.size());
            return Status::Ok();
        }
        case BindKind::kBinary: {
            if (v.kind != ValueKind::kBytes && v.kind != ValueKind::kText) {
                return mismatch("bytes");
            }
            bytes = v.s;
            ind = static_cast<SQLLEN>(bytes.size());
            return Status::Ok();
        }
        case BindKind::kDate: {
            SQL_TIMESTAMP_STRUCT ts{};
            if (!IsTextLike(v.kind) || !ParseTimestampText(Trim(v.s), ts)) {
                return mismatch("a date (YYYY-MM-DD)");
            }
            SQL_DATE_STRUCT d{ts.year, ts.month, ts.day};
            PutStruct(d, bytes, ind);
            return Status::Ok();
        }
        case BindKind::kTime: {
            SQL_TIME_STRUCT t{};
            std::string text = Trim(v.s);
            std::size_t space = text.find_first_of(" T");
            if (v.kind == ValueKind::kTimestamp && space != std::string::npos) {
                text = text.substr(space + 1);
            }
            if (!IsTextLike(v.kind) || !ParseTimeText(text, t)) {
                return mismatch("a time (HH:MM:SS)");
            }
            PutStruct(t, bytes, ind);
            return Status::Ok();
        }
        case BindKind::kTimestamp: {
            SQL_TIMESTAMP_STRUCT ts{};
            if (!IsTextLike(v.kind) || !ParseTimestampText(Trim(v.s), ts)) {
                return mismatch("a timestamp (YYYY-MM-DD HH:MM:SS[.f])");
            }
            PutStruct(ts, bytes, ind);
            return Status::Ok();
        }
    }
    return Status::Internal("unknown bind kind");
}

SQLULEN ColumnSizeFor(const BindPlan& plan, const std::string& bytes, SQLLEN ind) {
    switch (plan.kind) {
        case BindKind::kWideText: {
            SQLULEN units = ind > 0 ? static_cast<SQLULEN>(ind) / sizeof(SQLWCHAR) : 0;
            return units == 0 ? 1 : units;
        }
        case BindKind::kBinary: return ind > 0 ? static_cast<SQLULEN>(ind) : 1;
        case BindKind::kDecimalText: {
            SQLULEN digits = 0;
            for (char c : bytes) {
                digits += std::isdigit(static_cast<unsigned char>(c)) ? 1 : 0;
            }
            return digits == 0 ? 1 : digits;
        }
        case BindKind::kDate: return 10;
        case BindKind::kTime: return 8;
        case BindKind::kTimestamp: return plan.decimal_digits > 0 ? 20 + plan.decimal_digits : 19;
        case BindKind::kInt64: return 19;
        case BindKind::kDouble: return 15;
        case BindKind::kBit: return 1;
    }
    return 0;
}

FetchPlan PlanForColumn(SQLSMALLINT sql_type, SQLSMALLINT digits) {
    FetchPlan p;
    switch (sql_type) {
        case SQL_TINYINT: case SQL_SMALLINT: case SQL_INTEGER: case SQL_BIGINT: p.kind = FetchKind::kInt; break;
        case SQL_REAL: p.kind = FetchKind::kFloat; break;
        case SQL_FLOAT: case SQL_DOUBLE: p.kind = FetchKind::kDouble; break;
        case SQL_BIT: p.kind = FetchKind::kBit; break;
        case SQL_DECIMAL: case SQL_NUMERIC: p.kind = FetchKind::kDecimal; break;
        case SQL_BINARY: case SQL_VARBINARY: case SQL_LONGVARBINARY: p.kind = FetchKind::kBinary; break;
        case SQL_TYPE_DATE: case SQL_DATE: p.kind = FetchKind::kDate; break;
        case SQL_TYPE_TIME: case SQL_TIME: p.kind = FetchKind::kTime; p.fraction_digits = digits; break;
        case SQL_TYPE_TIMESTAMP: case SQL_TIMESTAMP:
            p.kind = FetchKind::kTimestamp;
            p.fraction_digits = digits;
            break;
        default: p.kind = FetchKind::kText; break;
    }
    if (p.fraction_digits < 0 || p.fraction_digits > 9) {
        p.fraction_digits = 0;
    }
    return p;
}

sdk::JdbcType JdbcTypeForSqlType(SQLSMALLINT sql_type) {
    using sdk::JdbcType;
    switch (sql_type) {
        case SQL_CHAR: return JdbcType::kChar;
        case SQL_VARCHAR: return JdbcType::kVarchar;
        case SQL_LONGVARCHAR: return JdbcType::kLongVarchar;
        case SQL_WCHAR: return JdbcType::kNChar;
        case SQL_WVARCHAR: return JdbcType::kNVarchar;
        case SQL_WLONGVARCHAR: return JdbcType::kLongNVarchar;
        case SQL_DECIMAL: return JdbcType::kDecimal;
        case SQL_NUMERIC: return JdbcType::kNumeric;
        case SQL_TINYINT: return JdbcType::kTinyInt;
        case SQL_SMALLINT: return JdbcType::kSmallInt;
        case SQL_INTEGER: return JdbcType::kInteger;
        case SQL_BIGINT: return JdbcType::kBigInt;
        case SQL_REAL: return JdbcType::kReal;
        case SQL_FLOAT: return JdbcType::kFloat;
        case SQL_DOUBLE: return JdbcType::kDouble;
        case SQL_BIT: return JdbcType::kBit;
        case SQL_TYPE_DATE: case SQL_DATE: return JdbcType::kDate;
        case SQL_TYPE_TIME: case SQL_TIME: return JdbcType::kTime;
        case SQL_TYPE_TIMESTAMP: case SQL_TIMESTAMP: return JdbcType::kTimestamp;
        case SQL_BINARY: return JdbcType::kBinary;
        case SQL_VARBINARY: return JdbcType::kVarBinary;
        case SQL_LONGVARBINARY: return JdbcType::kLongVarBinary;
        default: return JdbcType::kOther;
    }
}

SQLSMALLINT FetchCType(FetchKind kind) {
    switch (kind) {
        case FetchKind::kInt: return SQL_C_SBIGINT;
        case FetchKind::kFloat: return SQL_C_FLOAT;
        case FetchKind::kDouble: return SQL_C_DOUBLE;
        case FetchKind::kBit: return SQL_C_BIT;
        case FetchKind::kDecimal: return SQL_C_CHAR;
        case FetchKind::kText: return SQL_C_WCHAR;
        case FetchKind::kBinary: return SQL_C_BINARY;
        case FetchKind::kDate: return SQL_C_TYPE_DATE;
        case FetchKind::kTime: return SQL_C_TYPE_TIME;
        case FetchKind::kTimestamp: return SQL_C_TYPE_TIMESTAMP;
    }
    return SQL_C_WCHAR;
}

namespace {
template <typename T>
T Load(const char* data) {
    T v;
    std::memcpy(&v, data, sizeof(T));
    return v;
}
}  // namespace

Value DecodeFetched(const FetchPlan& plan, const char* data, SQLLEN bytes) {
    switch (plan.kind) {
        case FetchKind::kInt: return Value::Int(Load<SQLBIGINT>(data));
        case FetchKind::kFloat: return Value::Float(Load<SQLREAL>(data), 4);
        case FetchKind::kDouble: return Value::Float(Load<SQLDOUBLE>(data), 8);
        case FetchKind::kBit: return Value::Bool(Load<unsigned char>(data) != 0);
        case FetchKind::kDecimal: {
            std::size_t n = bytes < 0 ? std::strlen(data) : static_cast<std::size_t>(bytes);
            return Value::Decimal(NormalizeDecimalText(std::string(data, n)));
        }
        case FetchKind::kText:
            return Value::Text(WideToUtf8(reinterpret_cast<const SQLWCHAR*>(data),
                                          static_cast<std::size_t>(bytes) / sizeof(SQLWCHAR)));
        case FetchKind::kBinary: return Value::Bytes(std::string(data, static_cast<std::size_t>(bytes)));
        case FetchKind::kDate: {
            auto d = Load<SQL_DATE_STRUCT>(data);
            std::string text;
            AppendDate(text, d.year, d.month, d.day);
            return Value::Date(std::move(text));
        }
        case FetchKind::kTime: {
            auto t = Load<SQL_TIME_STRUCT>(data);
            std::string text;
            AppendClock(text, t.hour, t.minute, t.second);
            Value out = Value::Time(std::move(text));
            out.precision = static_cast<std::uint8_t>(plan.fraction_digits);
            return out;
        }
        case FetchKind::kTimestamp: {
            auto ts = Load<SQL_TIMESTAMP_STRUCT>(data);
            std::string text;
            text.reserve(29);
            AppendDate(text, ts.year, ts.month, ts.day);
            text += ' ';
            AppendClock(text, ts.hour, ts.minute, ts.second);
            AppendFraction(text, ts.fraction);
            Value out = Value::Timestamp(std::move(text));
            out.precision = static_cast<std::uint8_t>(plan.fraction_digits);
            return out;
        }
    }
    return Value::Null();
}

Status FetchValue(SQLHSTMT stmt, SQLUSMALLINT col, const FetchPlan& plan, Value& out) {
    out = Value::Null();
    const SQLSMALLINT c_type = FetchCType(plan.kind);
    if (plan.kind == FetchKind::kText || plan.kind == FetchKind::kBinary) {
        std::string raw;
        bool is_null = false;
        DBB_RETURN_IF_ERROR(FetchChunks(stmt, col, c_type, raw, is_null));
        if (!is_null) {
            out = DecodeFetched(plan, raw.data(), static_cast<SQLLEN>(raw.size()));
        }
        return Status::Ok();
    }
    // Every fixed C type fits; decimals come as text of at most kDecimalTextBytes - 1 characters.
    alignas(SQL_TIMESTAMP_STRUCT) char buf[kDecimalTextBytes] = {};
    SQLLEN ind = 0;
    SQLRETURN rc = SQLGetData(stmt, col, c_type, buf, sizeof(buf), &ind);
    if (!SQL_SUCCEEDED(rc)) {
        return FetchError(stmt, col);
    }
    if (ind != SQL_NULL_DATA) {
        out = DecodeFetched(plan, buf, ind == SQL_NO_TOTAL || ind >= static_cast<SQLLEN>(sizeof(buf)) ? -1 : ind);
    }
    return Status::Ok();
}

std::string NormalizeDecimalText(std::string t) {
    t = Trim(t);
    if (t.find('.') == std::string::npos) {
        std::size_t comma = t.find(',');
        if (comma != std::string::npos && t.find(',', comma + 1) == std::string::npos) {
            t[comma] = '.';
        }
    }
    if (!t.empty() && t[0] == '.') {
        t.insert(0, "0");
    } else if (t.size() > 1 && (t[0] == '-' || t[0] == '+') && t[1] == '.') {
        t.insert(1, "0");
    }
    if (!t.empty() && t[0] == '+') {
        t.erase(0, 1);
    }
    return t;
}

bool ParseDateText(const std::string& s, SQL_DATE_STRUCT& out) {
    std::size_t i = 0;
    return ParseYmd(s, i, out) && i == s.size();
}

bool ParseTimeText(const std::string& s, SQL_TIME_STRUCT& out) {
    std::size_t i = 0;
    SQLUINTEGER ns = 0;
    return ParseClock(s, i, out, ns) && i == s.size();
}

bool ParseTimestampText(const std::string& s, SQL_TIMESTAMP_STRUCT& out) {
    std::size_t i = 0;
    SQL_DATE_STRUCT d{};
    if (!ParseYmd(s, i, d)) {
        return false;
    }
    out = SQL_TIMESTAMP_STRUCT{};
    out.year = d.year;
    out.month = d.month;
    out.day = d.day;
    if (i == s.size()) {
        return true;
    }
    if (s[i] != ' ' && s[i] != 'T') {
        return false;
    }
    ++i;
    SQL_TIME_STRUCT t{};
    SQLUINTEGER ns = 0;
    if (!ParseClock(s, i, t, ns)) {
        return false;
    }
    int offset = 0;
    if (!ParseOffset(s, i, offset)) {
        return false;
    }
    out.hour = t.hour;
    out.minute = t.minute;
    out.second = t.second;
    out.fraction = ns;
    if (offset != 0) {  // a zoned value: store its UTC wall clock (sessions are pinned to UTC)
        std::int64_t minutes = DaysFromCivil(out.year, out.month, out.day) * 1440 + out.hour * 60 + out.minute - offset;
        std::int64_t days = minutes >= 0 ? minutes / 1440 : -((-minutes + 1439) / 1440);
        std::int64_t rem = minutes - days * 1440;
        std::int64_t y = 0;
        unsigned m = 0;
        unsigned dd = 0;
        CivilFromDays(days, y, m, dd);
        out.year = static_cast<SQLSMALLINT>(y);
        out.month = static_cast<SQLUSMALLINT>(m);
        out.day = static_cast<SQLUSMALLINT>(dd);
        out.hour = static_cast<SQLUSMALLINT>(rem / 60);
        out.minute = static_cast<SQLUSMALLINT>(rem % 60);
    }
    return true;
}

}  // namespace dbbridge::odbc
