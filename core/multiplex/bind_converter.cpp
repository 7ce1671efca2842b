#include "core/multiplex/bind_converter.h"

#include <cctype>
#include <cerrno>
#include <cstdlib>
#include <limits>

#include "core/multiplex/value_normalizer.h"
#include "dbbridge/sdk/types.h"

namespace dbbridge::core::multiplex {

namespace {

using sdk::JdbcType;
using sdk::Value;

sdk::Status Bad(const std::string& name, std::int32_t code, const JsonValue& v, const std::string& why) {
    std::string shown = v.is_string() ? "'" + v.text() + "'" : v.Serialize();
    if (shown.size() > 80) {
        shown = shown.substr(0, 77) + "...";
    }
    return sdk::Status::InvalidArgument("绑定变量[" + name + "]的值" + shown + "不能转换为" +
                                        sdk::JdbcTypeName(static_cast<JdbcType>(code)) + "(" +
                                        std::to_string(code) + "): " + why);
}

std::string Trim(const std::string& s) {
    std::size_t b = 0;
    std::size_t e = s.size();
    while (b < e && std::isspace(static_cast<unsigned char>(s[b]))) ++b;
    while (e > b && std::isspace(static_cast<unsigned char>(s[e - 1]))) --e;
    return s.substr(b, e - b);
}

// Scalar as text: strings as they are, numbers as written, booleans as true/false.
bool ScalarText(const JsonValue& v, std::string& out) {
    if (v.is_string() || v.is_number()) {
        out = v.text();
        return true;
    }
    if (v.is_bool()) {
        out = v.bool_value() ? "true" : "false";
        return true;
    }
    return false;
}

// overflow (when given) tells an integer too large for 64 bits from text that is no integer.
bool ParseInt64(const std::string& text, std::int64_t& out, bool* overflow = nullptr) {
    if (overflow) *overflow = false;
    std::string t = Trim(text);
    if (t.empty()) return false;
    std::size_t i = (t[0] == '-' || t[0] == '+') ? 1 : 0;
    if (i == t.size()) return false;
    for (std::size_t k = i; k < t.size(); ++k) {
        if (!std::isdigit(static_cast<unsigned char>(t[k]))) return false;
    }
    errno = 0;
    char* end = nullptr;
    long long v = std::strtoll(t.c_str(), &end, 10);
    if (errno == ERANGE) {
        if (overflow) *overflow = true;
        return false;
    }
    if (*end != '\0') return false;
    out = v;
    return true;
}

// Exact decimal text "[-]digits[.digits]"; exponents are expanded ("1.5e2" -> "150"). A bind's
// exponent stays within ±1000: a longer digit string would only fail later, inside the database.
bool NormalizeDecimal(const std::string& text, std::string& out) { return CanonicalDecimal(text, false, out, 1000); }

bool Digits(const std::string& s, std::size_t pos, std::size_t n, int& out) {
    if (pos + n > s.size()) return false;
    out = 0;
    for (std::size_t k = 0; k < n; ++k) {
        char c = s[pos + k];
        if (!std::isdigit(static_cast<unsigned char>(c))) return false;
        out = out * 10 + (c - '0');
    }
    return true;
}

bool ValidDate(int y, int m, int d) {
    static const int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    if (y < 1 || y > 9999 || m < 1 || m > 12 || d < 1) return false;
    int max = kDays[m - 1];
    if (m == 2 && ((y % 4 == 0 && y % 100 != 0) || y % 400 == 0)) max = 29;
    return d <= max;
}

std::string Pad(int v, int w) {
    std::string s = std::to_string(v);
    while (static_cast<int>(s.size()) < w) s.insert(s.begin(), '0');
    return s;
}

// 'yyyy-M-d' or 'yyyy-MM-dd' (java.sql.Date.valueOf) -> "YYYY-MM-DD"; pos receives the end.
bool ParseDatePart(const std::string& s, std::size_t& pos, std::string& out) {
    int y = 0;
    if (!Digits(s, 0, 4, y) || s.size() < 5 || s[4] != '-') return false;
    std::size_t i = 5;
    auto num = [&](int& v) {
        std::size_t b = i;
        v = 0;
        while (i < s.size() && i - b < 2 && std::isdigit(static_cast<unsigned char>(s[i]))) v = v * 10 + (s[i++] - '0');
        return i > b;
    };
    int m = 0;
    int d = 0;
    if (!num(m) || i >= s.size() || s[i] != '-') return false;
    ++i;
    if (!num(d) || !ValidDate(y, m, d)) return false;
    out = Pad(y, 4) + "-" + Pad(m, 2) + "-" + Pad(d, 2);
    pos = i;
    return true;
}

// 'HH:mm:ss[.fffffffff]' from pos to the end or to a zone suffix.
bool ParseTimePart(const std::string& s, std::size_t& pos, std::string& out, int& frac_digits) {
    int h = 0;
    int mi = 0;
    int se = 0;
    if (!Digits(s, pos, 2, h) || pos + 2 >= s.size() || s[pos + 2] != ':' || !Digits(s, pos + 3, 2, mi)) {
        return false;
    }
    std::size_t i = pos + 5;
    if (i < s.size() && s[i] == ':') {
        if (!Digits(s, i + 1, 2, se)) return false;
        i += 3;
    }
    if (h > 23 || mi > 59 || se > 59) return false;
    out = Pad(h, 2) + ":" + Pad(mi, 2) + ":" + Pad(se, 2);
    frac_digits = 0;
    if (i < s.size() && s[i] == '.') {
        std::size_t b = ++i;
        while (i < s.size() && std::isdigit(static_cast<unsigned char>(s[i]))) ++i;
        if (i == b || i - b > 9) return false;
        frac_digits = static_cast<int>(i - b);
        out += "." + s.substr(b, i - b);
    }
    pos = i;
    return true;
}

// "+08:00", "-0530", "Z" at pos..end.
bool ParseZone(const std::string& s, std::size_t pos, std::string& out) {
    if (pos >= s.size()) return false;
    if (s.substr(pos) == "Z" || s.substr(pos) == "z") {
        out = "+00:00";
        return true;
    }
    if (s[pos] != '+' && s[pos] != '-') return false;
    int h = 0;
    int m = 0;
    if (!Digits(s, pos + 1, 2, h)) return false;
    std::size_t i = pos + 3;
    if (i < s.size() && s[i] == ':') ++i;
    if (i < s.size() && !Digits(s, i, 2, m)) return false;
    if (i < s.size()) i += 2;
    if (i != s.size() || h > 18 || m > 59) return false;
    out = std::string(1, s[pos]) + Pad(h, 2) + ":" + Pad(m, 2);
    return true;
}

}  // namespace

bool DecodeBase64(const std::string& in, std::string& out) {
    out.clear();
    std::uint32_t acc = 0;
    int bits = 0;
    for (char c : in) {
        int v;
        if (c >= 'A' && c <= 'Z') v = c - 'A';
        else if (c >= 'a' && c <= 'z') v = c - 'a' + 26;
        else if (c >= '0' && c <= '9') v = c - '0' + 52;
        else if (c == '+' || c == '-') v = 62;
        else if (c == '/' || c == '_') v = 63;
        else if (c == '=' || std::isspace(static_cast<unsigned char>(c))) continue;
        else return false;
        acc = (acc << 6) | static_cast<std::uint32_t>(v);
        bits += 6;
        if (bits >= 8) {
            bits -= 8;
            out += static_cast<char>((acc >> bits) & 0xFF);
        }
    }
    return true;
}

std::string EncodeBase64(const std::string& in) {
    static const char* kAlphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    std::string out;
    std::size_t i = 0;
    for (; i + 2 < in.size(); i += 3) {
        std::uint32_t n = (static_cast<unsigned char>(in[i]) << 16) | (static_cast<unsigned char>(in[i + 1]) << 8) |
                          static_cast<unsigned char>(in[i + 2]);
        out += kAlphabet[(n >> 18) & 63];
        out += kAlphabet[(n >> 12) & 63];
        out += kAlphabet[(n >> 6) & 63];
        out += kAlphabet[n & 63];
    }
    if (i + 1 == in.size()) {
        std::uint32_t n = static_cast<unsigned char>(in[i]) << 16;
        out += kAlphabet[(n >> 18) & 63];
        out += kAlphabet[(n >> 12) & 63];
        out += "==";
    } else if (i + 2 == in.size()) {
        std::uint32_t n = (static_cast<unsigned char>(in[i]) << 16) | (static_cast<unsigned char>(in[i + 1]) << 8);
        out += kAlphabet[(n >> 18) & 63];
        out += kAlphabet[(n >> 12) & 63];
        out += kAlphabet[(n >> 6) & 63];
        out += '=';
    }
    return out;
}

sdk::Result<sdk::BindValue> ConvertBind(const std::string& name, std::int32_t code, const JsonValue& value) {
    sdk::BindValue b;
    b.name = name;
    b.type = static_cast<JdbcType>(code);
    if (!sdk::IsSeedBindType(code)) {
        return sdk::Status::InvalidArgument("绑定变量[" + name + "]的类型[" + std::to_string(code) + "]不支持");
    }
    if (value.is_null()) {
        b.value = Value::Null();
        return b;
    }
    std::string text;
    if (!ScalarText(value, text)) {
        return Bad(name, code, value, std::string("expected a scalar, got a JSON ") + JsonValue::TypeName(value.type()));
    }
    switch (b.type) {
        case JdbcType::kTinyInt:
        case JdbcType::kSmallInt:
        case JdbcType::kInteger:
        case JdbcType::kBigInt: {
            std::int64_t v = 0;
            bool overflow = false;
            std::int64_t lo = std::numeric_limits<std::int64_t>::min();
            std::int64_t hi = std::numeric_limits<std::int64_t>::max();
            if (b.type == JdbcType::kTinyInt) { lo = -128; hi = 127; }
            if (b.type == JdbcType::kSmallInt) { lo = -32768; hi = 32767; }
            if (b.type == JdbcType::kInteger) { lo = std::numeric_limits<std::int32_t>::min(); hi = std::numeric_limits<std::int32_t>::max(); }
            if (value.is_bool() || !ParseInt64(text, v, &overflow)) {
                if (overflow) {
                    return Bad(name, code, value,
                               "out of range [" + std::to_string(lo) + ", " + std::to_string(hi) + "]");
                }
                return Bad(name, code, value, "not an integer");
            }
            if (v < lo || v > hi) {
                return Bad(name, code, value, "out of range [" + std::to_string(lo) + ", " + std::to_string(hi) + "]");
            }
            b.value = Value::Int(v);
            return b;
        }
        case JdbcType::kDecimal: {
            std::string dec;
            if (value.is_bool() || !NormalizeDecimal(text, dec)) {
                return Bad(name, code, value, "not a decimal number");
            }
            b.value = Value::Decimal(dec);
            return b;
        }
        case JdbcType::kFloat:
        case JdbcType::kDouble: {
            std::string t = Trim(text);
            char* end = nullptr;
            errno = 0;
            double d = value.is_bool() || t.empty() ? 0 : std::strtod(t.c_str(), &end);
            if (value.is_bool() || t.empty() || *end != '\0' || errno == ERANGE) {
                return Bad(name, code, value, "not a floating-point number");
            }
            b.value = Value::Float(d, 8);
            return b;
        }
        case JdbcType::kChar:
        case JdbcType::kNChar:
        case JdbcType::kNVarchar:
        case JdbcType::kVarchar:
        case JdbcType::kLongVarchar:
        case JdbcType::kClob:
        case JdbcType::kRowId:
            b.value = Value::Text(text);
            return b;
        case JdbcType::kDate: {
            std::string t = Trim(text);
            std::string out;
            std::size_t pos = 0;
            if (!ParseDatePart(t, pos, out) || pos != t.size()) {
                return Bad(name, code, value, "expected 'yyyy-MM-dd'");
            }
            b.value = Value::Date(out);
            return b;
        }
        case JdbcType::kTime: {
            std::string t = Trim(text);
            std::string out;
            std::size_t pos = 0;
            int frac = 0;
            if (!ParseTimePart(t, pos, out, frac) || pos != t.size()) {
                return Bad(name, code, value, "expected 'HH:mm:ss[.fff]'");
            }
            b.value = Value::Time(out);
            b.value.precision = static_cast<std::uint8_t>(frac);
            return b;
        }
        case JdbcType::kTimestamp: {
            std::string t = Trim(text);
            std::string date;
            std::size_t pos = 0;
            if (!ParseDatePart(t, pos, date)) {
                return Bad(name, code, value, "expected 'yyyy-MM-dd HH:mm:ss[.fffffffff]'");
            }
            std::string time = "00:00:00";
            int frac = 0;
            if (pos < t.size()) {
                if (t[pos] != ' ' && t[pos] != 'T') {
                    return Bad(name, code, value, "expected 'yyyy-MM-dd HH:mm:ss[.fffffffff]'");
                }
                ++pos;
                if (!ParseTimePart(t, pos, time, frac)) {
                    return Bad(name, code, value, "expected 'yyyy-MM-dd HH:mm:ss[.fffffffff]'");
                }
            }
            std::string zone;
            if (pos < t.size()) {
                std::size_t zp = pos;
                while (zp < t.size() && t[zp] == ' ') ++zp;
                if (!ParseZone(t, zp, zone)) {
                    return Bad(name, code, value, "unexpected text after the time (a zone is written +08:00)");
                }
            }
            b.value = Value::Timestamp(date + " " + time + zone, !zone.empty());
            b.value.precision = static_cast<std::uint8_t>(frac);
            return b;
        }
        case JdbcType::kBoolean: {
            std::string t = sdk::JdbcTypeName(JdbcType::kBoolean);
            std::string v = Trim(text);
            for (auto& c : v) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
            if (v == "true" || v == "1") {
                b.value = Value::Bool(true);
            } else if (v == "false" || v == "0") {
                b.value = Value::Bool(false);
            } else {
                return Bad(name, code, value, "expected true, false, 1 or 0");
            }
            return b;
        }
        case JdbcType::kBlob: {
            std::string bytes;
            if (!value.is_string() || !DecodeBase64(text, bytes)) {
                return Bad(name, code, value, "expected base64 text");
            }
            b.value = Value::Bytes(bytes);
            return b;
        }
        default:
            break;
    }
    return sdk::Status::InvalidArgument("绑定变量[" + name + "]的类型[" + std::to_string(code) + "]不支持");
}

}  // namespace dbbridge::core::multiplex
