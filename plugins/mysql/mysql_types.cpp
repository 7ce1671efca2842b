#include "mysql_types.h"

#include <charconv>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <limits>
#include <sstream>
#include <vector>

#include "dbbridge/sdk/util/civil_date.h"
#include "dbbridge/sdk/util/sql_text.h"

namespace dbbridge::mysql {

using sdk::JdbcType;
using sdk::Value;
using sdk::ValueKind;
using sdk::util::CivilFromDays;
using sdk::util::DaysFromCivil;

namespace {

constexpr unsigned int kBinaryCharset = 63;  // charsetnr of binary strings
constexpr unsigned long kTinyLength = 255;   // TINYTEXT / TINYBLOB byte length
constexpr int kMaxFraction = 6;              // MySQL keeps microseconds at most

std::vector<std::string> Words(const std::string& lower_base) {
    std::vector<std::string> words;
    std::istringstream in(lower_base);
    std::string w;
    while (in >> w) {
        if (w != "unsigned" && w != "signed" && w != "zerofill" && w != "national") {
            words.push_back(w);
        }
    }
    return words;
}

// Text between the first '(' and its ')', trimmed; empty when there is none.
std::string TypeArgs(const std::string& native_type) {
    std::size_t open = native_type.find('(');
    if (open == std::string::npos) {
        return {};
    }
    std::size_t close = native_type.find(')', open);
    std::string args = native_type.substr(open + 1, close == std::string::npos ? std::string::npos : close - open - 1);
    std::string out;
    for (char c : args) {
        if (c != ' ') {
            out += c;
        }
    }
    return out;
}

void SetText(Value& v, ValueKind kind, const char* data, std::size_t length) {
    v.kind = kind;
    v.width = 0;
    v.precision = 0;
    v.has_zone = false;
    v.i = 0;
    v.f = 0.0;
    v.s.assign(data, length);
}

void SetNull(Value& v) {
    v.kind = ValueKind::kNull;
    v.width = 0;
    v.precision = 0;
    v.has_zone = false;
    v.i = 0;
    v.f = 0.0;
    v.s.clear();
}

void SetInt(Value& v, ValueKind kind, std::int64_t i) {
    SetNull(v);
    v.kind = kind;
    v.i = i;
}

bool IsZeroDate(const char* data, unsigned long length) {
    return length >= 10 && std::memcmp(data, "0000-00-00", 10) == 0;
}

bool ParseDigits(const std::string& s, std::size_t pos, std::size_t count, int& out) {
    if (pos + count > s.size()) {
        return false;
    }
    out = 0;
    for (std::size_t i = pos; i < pos + count; ++i) {
        if (s[i] < '0' || s[i] > '9') {
            return false;
        }
        out = out * 10 + (s[i] - '0');
    }
    return true;
}

// Parses "+HH", "+HH:MM", "+HHMM", "+HH:MM:SS" or "Z" at pos (to the end); seconds east of UTC.
bool ParseOffset(const std::string& s, std::size_t pos, int& seconds) {
    if (pos < s.size() && (s[pos] == 'Z' || s[pos] == 'z') && pos + 1 == s.size()) {
        seconds = 0;
        return true;
    }
    if (pos >= s.size() || (s[pos] != '+' && s[pos] != '-')) {
        return false;
    }
    int sign = s[pos] == '-' ? -1 : 1;
    int hh = 0;
    int mm = 0;
    int ss = 0;
    std::size_t p = pos + 1;
    if (!ParseDigits(s, p, 2, hh)) {
        return false;
    }
    p += 2;
    if (p < s.size() && s[p] == ':') {
        ++p;
    }
    if (p < s.size()) {
        if (!ParseDigits(s, p, 2, mm)) {
            return false;
        }
        p += 2;
        if (p < s.size() && s[p] == ':') {
            ++p;
        }
        if (p < s.size()) {
            if (!ParseDigits(s, p, 2, ss)) {
                return false;
            }
            p += 2;
        }
    }
    if (p != s.size() || hh > 23 || mm > 59 || ss > 59) {
        return false;
    }
    seconds = sign * (hh * 3600 + mm * 60 + ss);
    return true;
}

// Keeps at most 6 fraction digits after the '.' that follows position from.
void CutFraction(std::string& s, std::size_t from) {
    std::size_t dot = s.find('.', from);
    if (dot == std::string::npos) {
        return;
    }
    std::size_t end = dot + 1;
    while (end < s.size() && s[end] >= '0' && s[end] <= '9') {
        ++end;
    }
    if (end - dot - 1 > static_cast<std::size_t>(kMaxFraction)) {
        s.erase(dot + 1 + kMaxFraction, end - dot - 1 - kMaxFraction);
    }
}

// Position where a trailing zone starts in "...HH:MM:SS[.f]<zone>", or npos.
std::size_t ZoneStart(const std::string& s, std::size_t time_start) {
    for (std::size_t i = time_start; i < s.size(); ++i) {
        char c = s[i];
        if (c == '+' || c == '-' || c == 'Z' || c == 'z') {
            return i;
        }
    }
    return std::string::npos;
}

sdk::Result<std::string> TimeToUtc(const std::string& text) {
    int hh = 0;
    int mm = 0;
    int ss = 0;
    if (!ParseDigits(text, 0, 2, hh) || text.size() < 8 || text[2] != ':' || !ParseDigits(text, 3, 2, mm) ||
        text[5] != ':' || !ParseDigits(text, 6, 2, ss)) {
        return sdk::Status::InvalidArgument("time '" + text + "' is not HH:MM:SS[.f][+HH:MM]");
    }
    std::size_t zone = ZoneStart(text, 8);
    if (zone == std::string::npos) {
        return text;
    }
    int offset = 0;
    if (!ParseOffset(text, zone, offset)) {
        return sdk::Status::InvalidArgument("time '" + text + "' has an invalid UTC offset");
    }
    constexpr int kDay = 86400;
    int secs = ((hh * 3600 + mm * 60 + ss - offset) % kDay + kDay) % kDay;
    char buf[16];
    std::snprintf(buf, sizeof buf, "%02d:%02d:%02d", secs / 3600, secs / 60 % 60, secs % 60);
    return std::string(buf) + text.substr(8, zone - 8);
}

template <typename T>
void AppendNumber(std::string& out, T value) {
    char buf[64];
    auto res = std::to_chars(buf, buf + sizeof buf, value);
    out.append(buf, res.ptr);
}

}  // namespace

JdbcType MapNativeType(const std::string& native_type) {
    std::string lower = sdk::util::ToLower(native_type);
    std::vector<std::string> words = Words(sdk::util::BaseTypeName(native_type));
    if (words.empty()) {
        return JdbcType::kOther;
    }
    const bool is_unsigned = lower.find("unsigned") != std::string::npos;
    const std::string& w = words[0];
    const std::string second = words.size() > 1 ? words[1] : "";
    const std::string args = TypeArgs(lower);

    if (w == "tinyint" || w == "int1") {
        return args == "1" ? JdbcType::kBit : JdbcType::kTinyInt;
    }
    if (w == "bool" || w == "boolean") {
        return JdbcType::kBit;
    }
    if (w == "smallint" || w == "int2") {
        return is_unsigned ? JdbcType::kInteger : JdbcType::kSmallInt;
    }
    if (w == "mediumint" || w == "int3" || w == "middleint") {
        return JdbcType::kInteger;
    }
    if (w == "int" || w == "integer" || w == "int4") {
        return is_unsigned ? JdbcType::kBigInt : JdbcType::kInteger;
    }
    if (w == "bigint" || w == "int8" || w == "serial") {
        return JdbcType::kBigInt;
    }
    if (w == "float") {
        // FLOAT(p) with p > 24 is a DOUBLE column in MySQL.
        int p = 0;
        if (!args.empty() && args.find(',') == std::string::npos) {
            p = std::atoi(args.c_str());
        }
        return p > 24 ? JdbcType::kDouble : JdbcType::kReal;
    }
    if (w == "double" || w == "real" || w == "float8") {
        return JdbcType::kDouble;
    }
    if (w == "float4") {
        return JdbcType::kReal;
    }
    if (w == "decimal" || w == "dec" || w == "numeric" || w == "fixed" || w == "number") {
        return JdbcType::kDecimal;
    }
    if (w == "bit") {
        return args.empty() || args == "1" ? JdbcType::kBit : JdbcType::kBinary;
    }
    if (w == "char" || w == "character" || w == "nchar") {
        return second == "varying" ? JdbcType::kVarchar : JdbcType::kChar;
    }
    if (w == "varchar" || w == "nvarchar" || w == "varchar2" || w == "varcharacter") {
        return JdbcType::kVarchar;
    }
    if (w == "tinytext") {
        return JdbcType::kVarchar;
    }
    if (w == "text" || w == "mediumtext" || w == "longtext" || w == "json" || w == "clob") {
        return JdbcType::kLongVarchar;
    }
    if (w == "long") {
        return second == "varbinary" ? JdbcType::kBlob : JdbcType::kLongVarchar;
    }
    if (w == "binary") {
        return JdbcType::kBinary;
    }
    if (w == "varbinary" || w == "tinyblob") {
        return JdbcType::kVarBinary;
    }
    if (w == "blob" || w == "mediumblob" || w == "longblob") {
        return JdbcType::kBlob;
    }
    if (w == "date") {
        return JdbcType::kDate;
    }
    if (w == "time") {
        return JdbcType::kTime;
    }
    if (w == "datetime" || w == "timestamp") {
        return JdbcType::kTimestamp;
    }
    if (w == "year") {
        return JdbcType::kDate;
    }
    if (w == "enum" || w == "set" || w == "uuid" || w == "inet4" || w == "inet6") {
        return JdbcType::kChar;
    }
    if (w == "geometry" || w == "point" || w == "linestring" || w == "polygon" || w == "multipoint" ||
        w == "multilinestring" || w == "multipolygon" || w == "geometrycollection" || w == "geomcollection") {
        return JdbcType::kBinary;
    }
    return JdbcType::kOther;
}

FieldCodec CodecForField(const MYSQL_FIELD& field) {
    FieldCodec codec;
    const bool binary = field.charsetnr == kBinaryCharset;
    const auto decimals = static_cast<std::uint8_t>(field.decimals > kMaxFraction ? 0 : field.decimals);
    switch (field.type) {
        case MYSQL_TYPE_TINY:
        case MYSQL_TYPE_SHORT:
        case MYSQL_TYPE_INT24:
        case MYSQL_TYPE_LONG:
        case MYSQL_TYPE_YEAR:
            codec.conv = FieldConv::kSigned;
            break;
        case MYSQL_TYPE_LONGLONG:
            codec.conv = (field.flags & UNSIGNED_FLAG) ? FieldConv::kUnsigned : FieldConv::kSigned;
            break;
        case MYSQL_TYPE_DECIMAL:
        case MYSQL_TYPE_NEWDECIMAL:
            codec.conv = FieldConv::kDecimal;
            break;
        case MYSQL_TYPE_FLOAT:
            codec.conv = FieldConv::kFloat4;
            break;
        case MYSQL_TYPE_DOUBLE:
            codec.conv = FieldConv::kFloat8;
            break;
        case MYSQL_TYPE_BIT:
            codec.conv = field.length == 1 ? FieldConv::kBit1 : FieldConv::kBytes;
            break;
        case MYSQL_TYPE_DATE:
        case MYSQL_TYPE_NEWDATE:
            codec.conv = FieldConv::kDate;
            break;
        case MYSQL_TYPE_TIME:
        case MYSQL_TYPE_TIME2:
            codec.conv = FieldConv::kTime;
            codec.precision = decimals;
            break;
        case MYSQL_TYPE_DATETIME:
        case MYSQL_TYPE_DATETIME2:
            codec.conv = FieldConv::kDatetime;
            codec.precision = decimals;
            break;
        case MYSQL_TYPE_TIMESTAMP:
        case MYSQL_TYPE_TIMESTAMP2:
            codec.conv = FieldConv::kTimestampUtc;
            codec.precision = decimals;
            break;
        case MYSQL_TYPE_GEOMETRY:
            codec.conv = FieldConv::kBytes;
            break;
        default:
            codec.conv = binary ? FieldConv::kBytes : FieldConv::kText;
            break;
    }
    return codec;
}

sdk::ColumnInfo ColumnInfoForField(const MYSQL_FIELD& field, unsigned int mbmaxlen) {
    sdk::ColumnInfo info;
    info.name.assign(field.name, field.name_length);
    info.nullable = (field.flags & NOT_NULL_FLAG) == 0;
    const bool is_unsigned = (field.flags & UNSIGNED_FLAG) != 0;
    const bool binary = field.charsetnr == kBinaryCharset;
    const unsigned long chars = binary || mbmaxlen == 0 ? field.length : field.length / mbmaxlen;
    const std::string uns = is_unsigned ? " unsigned" : "";
    auto with_len = [](const char* name, unsigned long n) { return std::string(name) + "(" + std::to_string(n) + ")"; };
    info.precision = static_cast<int>(field.length > 0x7fffffffUL ? 0x7fffffff : field.length);
    switch (field.type) {
        case MYSQL_TYPE_TINY:
            info.native_type = with_len("tinyint", field.length) + uns;
            info.jdbc_type = field.length == 1 ? JdbcType::kBit : JdbcType::kTinyInt;
            break;
        case MYSQL_TYPE_SHORT:
            info.native_type = "smallint" + uns;
            info.jdbc_type = is_unsigned ? JdbcType::kInteger : JdbcType::kSmallInt;
            break;
        case MYSQL_TYPE_INT24:
            info.native_type = "mediumint" + uns;
            info.jdbc_type = JdbcType::kInteger;
            break;
        case MYSQL_TYPE_LONG:
            info.native_type = "int" + uns;
            info.jdbc_type = is_unsigned ? JdbcType::kBigInt : JdbcType::kInteger;
            break;
        case MYSQL_TYPE_LONGLONG:
            info.native_type = "bigint" + uns;
            info.jdbc_type = JdbcType::kBigInt;
            break;
        case MYSQL_TYPE_YEAR:
            info.native_type = "year";
            info.jdbc_type = JdbcType::kDate;
            break;
        case MYSQL_TYPE_DECIMAL:
        case MYSQL_TYPE_NEWDECIMAL: {
            int precision = static_cast<int>(field.length) - (field.decimals > 0 ? 1 : 0) - (is_unsigned ? 0 : 1);
            info.precision = precision;
            info.scale = static_cast<int>(field.decimals);
            info.native_type = "decimal(" + std::to_string(precision) + "," + std::to_string(field.decimals) + ")" + uns;
            info.jdbc_type = JdbcType::kDecimal;
            break;
        }
        case MYSQL_TYPE_FLOAT:
            info.native_type = "float";
            info.jdbc_type = JdbcType::kReal;
            break;
        case MYSQL_TYPE_DOUBLE:
            info.native_type = "double";
            info.jdbc_type = JdbcType::kDouble;
            break;
        case MYSQL_TYPE_BIT:
            info.native_type = with_len("bit", field.length);
            info.jdbc_type = field.length == 1 ? JdbcType::kBit : JdbcType::kBinary;
            break;
        case MYSQL_TYPE_DATE:
        case MYSQL_TYPE_NEWDATE:
            info.native_type = "date";
            info.jdbc_type = JdbcType::kDate;
            break;
        case MYSQL_TYPE_TIME:
        case MYSQL_TYPE_TIME2:
            info.native_type = field.decimals > 0 && field.decimals <= 6 ? with_len("time", field.decimals) : "time";
            info.scale = field.decimals <= 6 ? static_cast<int>(field.decimals) : 0;
            info.jdbc_type = JdbcType::kTime;
            break;
        case MYSQL_TYPE_DATETIME:
        case MYSQL_TYPE_DATETIME2:
        case MYSQL_TYPE_TIMESTAMP:
        case MYSQL_TYPE_TIMESTAMP2: {
            const char* base =
                field.type == MYSQL_TYPE_TIMESTAMP || field.type == MYSQL_TYPE_TIMESTAMP2 ? "timestamp" : "datetime";
            info.native_type = field.decimals > 0 && field.decimals <= 6 ? with_len(base, field.decimals) : base;
            info.scale = field.decimals <= 6 ? static_cast<int>(field.decimals) : 0;
            info.jdbc_type = JdbcType::kTimestamp;
            break;
        }
        case MYSQL_TYPE_STRING:
            if (field.flags & ENUM_FLAG) {
                info.native_type = "enum";
                info.jdbc_type = JdbcType::kChar;
            } else if (field.flags & SET_FLAG) {
                info.native_type = "set";
                info.jdbc_type = JdbcType::kChar;
            } else {
                info.native_type = with_len(binary ? "binary" : "char", chars);
                info.jdbc_type = binary ? JdbcType::kBinary : JdbcType::kChar;
            }
            info.precision = static_cast<int>(chars);
            break;
        case MYSQL_TYPE_VAR_STRING:
        case MYSQL_TYPE_VARCHAR:
            info.native_type = with_len(binary ? "varbinary" : "varchar", chars);
            info.jdbc_type = binary ? JdbcType::kVarBinary : JdbcType::kVarchar;
            info.precision = static_cast<int>(chars);
            break;
        case MYSQL_TYPE_TINY_BLOB:
        case MYSQL_TYPE_BLOB:
        case MYSQL_TYPE_MEDIUM_BLOB:
        case MYSQL_TYPE_LONG_BLOB: {
            // The text protocol reports every TEXT/BLOB as MYSQL_TYPE_BLOB; the byte length tells which.
            const char* text_names[] = {"tinytext", "text", "mediumtext", "longtext"};
            const char* blob_names[] = {"tinyblob", "blob", "mediumblob", "longblob"};
            unsigned long bytes = binary ? field.length : chars;
            int idx = bytes <= kTinyLength ? 0 : bytes <= 65535UL ? 1 : bytes <= 16777215UL ? 2 : 3;
            info.native_type = binary ? blob_names[idx] : text_names[idx];
            if (binary) {
                info.jdbc_type = idx == 0 ? JdbcType::kVarBinary : JdbcType::kBlob;
            } else {
                info.jdbc_type = idx == 0 ? JdbcType::kVarchar : JdbcType::kLongVarchar;
            }
            break;
        }
        case MYSQL_TYPE_JSON:
            info.native_type = "json";
            info.jdbc_type = JdbcType::kLongVarchar;
            break;
        case MYSQL_TYPE_ENUM:
            info.native_type = "enum";
            info.jdbc_type = JdbcType::kChar;
            break;
        case MYSQL_TYPE_SET:
            info.native_type = "set";
            info.jdbc_type = JdbcType::kChar;
            break;
        case MYSQL_TYPE_GEOMETRY:
            info.native_type = "geometry";
            info.jdbc_type = JdbcType::kBinary;
            break;
        case MYSQL_TYPE_NULL:
            info.native_type = "null";
            info.jdbc_type = JdbcType::kNull;
            break;
        default:
            info.native_type = "unknown";
            info.jdbc_type = JdbcType::kOther;
            break;
    }
    return info;
}

void ConvertTextField(const FieldCodec& codec, const char* data, unsigned long length, Value& out) {
    if (data == nullptr) {
        SetNull(out);
        return;
    }
    switch (codec.conv) {
        case FieldConv::kSigned: {
            std::int64_t v = 0;
            auto res = std::from_chars(data, data + length, v);
            if (res.ec == std::errc() && res.ptr == data + length) {
                SetInt(out, ValueKind::kInt, v);
            } else {
                SetText(out, ValueKind::kDecimal, data, length);
            }
            return;
        }
        case FieldConv::kUnsigned: {
            std::uint64_t v = 0;
            auto res = std::from_chars(data, data + length, v);
            if (res.ec == std::errc() && res.ptr == data + length &&
                v <= static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max())) {
                SetInt(out, ValueKind::kInt, static_cast<std::int64_t>(v));
            } else {
                // Above INT64_MAX: exact text rather than a wrapped integer.
                SetText(out, ValueKind::kDecimal, data, length);
            }
            return;
        }
        case FieldConv::kDecimal:
            SetText(out, ValueKind::kDecimal, data, length);
            return;
        case FieldConv::kFloat4: {
            float v = 0;
            std::from_chars(data, data + length, v);
            SetNull(out);
            out.kind = ValueKind::kFloat;
            out.width = 4;
            out.f = v;
            return;
        }
        case FieldConv::kFloat8: {
            double v = 0;
            std::from_chars(data, data + length, v);
            SetNull(out);
            out.kind = ValueKind::kFloat;
            out.width = 8;
            out.f = v;
            return;
        }
        case FieldConv::kText:
            SetText(out, ValueKind::kText, data, length);
            return;
        case FieldConv::kBytes:
            SetText(out, ValueKind::kBytes, data, length);
            return;
        case FieldConv::kBit1:
            SetInt(out, ValueKind::kBool, length > 0 && data[length - 1] != 0 ? 1 : 0);
            return;
        case FieldConv::kDate:
            if (IsZeroDate(data, length)) {
                SetNull(out);
                return;
            }
            SetText(out, ValueKind::kDate, data, length);
            return;
        case FieldConv::kTime:
            SetText(out, ValueKind::kTime, data, length);
            out.precision = codec.precision;
            return;
        case FieldConv::kDatetime:
            if (IsZeroDate(data, length)) {
                SetNull(out);
                return;
            }
            SetText(out, ValueKind::kTimestamp, data, length);
            out.precision = codec.precision;
            return;
        case FieldConv::kTimestampUtc:
            if (IsZeroDate(data, length)) {
                SetNull(out);
                return;
            }
            SetText(out, ValueKind::kTimestamp, data, length);
            out.s.append("+00:00");
            out.has_zone = true;
            out.precision = codec.precision;
            return;
    }
}

std::string FormatMysqlTime(const MYSQL_TIME& t, enum_field_types type, unsigned int decimals) {
    char buf[64];
    int n = 0;
    if (type == MYSQL_TYPE_DATE || type == MYSQL_TYPE_NEWDATE) {
        n = std::snprintf(buf, sizeof buf, "%04u-%02u-%02u", t.year, t.month, t.day);
        return std::string(buf, n);
    }
    if (type == MYSQL_TYPE_TIME || type == MYSQL_TYPE_TIME2) {
        n = std::snprintf(buf, sizeof buf, "%s%02u:%02u:%02u", t.neg ? "-" : "", t.day * 24 + t.hour, t.minute,
                          t.second);
    } else {
        n = std::snprintf(buf, sizeof buf, "%04u-%02u-%02u %02u:%02u:%02u", t.year, t.month, t.day, t.hour, t.minute,
                          t.second);
    }
    std::string out(buf, n);
    if (decimals > 0 && decimals <= static_cast<unsigned>(kMaxFraction)) {
        char frac[8];
        std::snprintf(frac, sizeof frac, "%06lu", t.second_part);
        out += '.';
        out.append(frac, decimals);
    }
    return out;
}

sdk::Result<std::string> TimestampToUtc(const std::string& input) {
    std::string text = input;
    if (text.size() > 10 && (text[10] == 'T' || text[10] == 't')) {
        text[10] = ' ';
    }
    int y = 0;
    int mo = 0;
    int d = 0;
    int hh = 0;
    int mi = 0;
    int ss = 0;
    if (!ParseDigits(text, 0, 4, y) || text.size() < 19 || text[4] != '-' || !ParseDigits(text, 5, 2, mo) ||
        text[7] != '-' || !ParseDigits(text, 8, 2, d) || text[10] != ' ' || !ParseDigits(text, 11, 2, hh) ||
        text[13] != ':' || !ParseDigits(text, 14, 2, mi) || text[16] != ':' || !ParseDigits(text, 17, 2, ss)) {
        return sdk::Status::InvalidArgument("timestamp '" + input + "' is not YYYY-MM-DD HH:MM:SS[.f][+HH:MM]");
    }
    std::size_t zone = ZoneStart(text, 19);
    if (zone == std::string::npos) {
        return text;
    }
    int offset = 0;
    if (!ParseOffset(text, zone, offset)) {
        return sdk::Status::InvalidArgument("timestamp '" + input + "' has an invalid UTC offset");
    }
    std::int64_t secs = DaysFromCivil(y, static_cast<unsigned>(mo), static_cast<unsigned>(d)) * 86400 + hh * 3600 +
                        mi * 60 + ss - offset;
    std::int64_t days = secs >= 0 ? secs / 86400 : (secs - 86399) / 86400;
    std::int64_t rem = secs - days * 86400;
    std::int64_t yy = 0;
    unsigned mm = 0;
    unsigned dd = 0;
    CivilFromDays(days, yy, mm, dd);
    char buf[40];
    int n = std::snprintf(buf, sizeof buf, "%04lld-%02u-%02u %02lld:%02lld:%02lld", static_cast<long long>(yy), mm, dd,
                          static_cast<long long>(rem / 3600), static_cast<long long>(rem / 60 % 60),
                          static_cast<long long>(rem % 60));
    return std::string(buf, n) + text.substr(19, zone - 19);
}

sdk::Status AppendMysqlText(const Value& value, std::string& out) {
    switch (value.kind) {
        case ValueKind::kNull:
            return sdk::Status::InvalidArgument("NULL has no text form");
        case ValueKind::kInt:
            AppendNumber(out, value.i);
            return sdk::Status::Ok();
        case ValueKind::kBool:
            out += value.i ? '1' : '0';
            return sdk::Status::Ok();
        case ValueKind::kFloat:
            if (!std::isfinite(value.f)) {
                return sdk::Status::InvalidArgument("MySQL cannot store the float value " + sdk::ValueToText(value));
            }
            if (value.width == 4) {
                AppendNumber(out, static_cast<float>(value.f));
            } else {
                AppendNumber(out, value.f);
            }
            return sdk::Status::Ok();
        case ValueKind::kTime: {
            if (!value.has_zone) {
                std::size_t start = out.size();
                out += value.s;
                std::string tail = out.substr(start);
                CutFraction(tail, 0);
                out.resize(start);
                out += tail;
                return sdk::Status::Ok();
            }
            DBB_ASSIGN_OR_RETURN(auto utc, TimeToUtc(value.s));
            CutFraction(utc, 0);
            out += utc;
            return sdk::Status::Ok();
        }
        case ValueKind::kTimestamp: {
            auto utc = TimestampToUtc(value.s);
            if (!utc.ok()) {
                if (value.has_zone) {
                    return utc.status();
                }
                out += value.s;  // let the server judge text it does not recognise
                return sdk::Status::Ok();
            }
            CutFraction(*utc, 19);
            out += *utc;
            return sdk::Status::Ok();
        }
        default:
            out += value.s;
            return sdk::Status::Ok();
    }
}

}  // namespace dbbridge::mysql
