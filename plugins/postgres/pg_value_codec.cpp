#include "pg_value_codec.h"

#include <charconv>
#include <cmath>
#include <cstdlib>
#include <cstring>

#include "copy_text.h"

namespace dbbridge::postgres {

using sdk::Value;
using sdk::ValueKind;

namespace {

constexpr char kHexDigits[] = "0123456789abcdef";

int Hex(char c) {
    if (c >= '0' && c <= '9') {
        return c - '0';
    }
    if (c >= 'a' && c <= 'f') {
        return c - 'a' + 10;
    }
    if (c >= 'A' && c <= 'F') {
        return c - 'A' + 10;
    }
    return -1;
}

void SetString(Value& v, ValueKind kind, const char* p, std::size_t n) {
    v.kind = kind;
    v.s.assign(p, n);
}

void Reset(Value& v) {
    v.width = 0;
    v.precision = 0;
    v.has_zone = false;
    v.i = 0;
    v.f = 0.0;
}

bool HasAlpha(const char* p, std::size_t n) {
    for (std::size_t i = 0; i < n; ++i) {
        char c = p[i];
        if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')) {
            return true;
        }
    }
    return false;
}

// bytea text output: "\x0a0b" (hex) or the legacy escape format ("a\\000b").
void DecodeBytea(const char* p, std::size_t n, std::string& out) {
    out.clear();
    if (n >= 2 && p[0] == '\\' && p[1] == 'x') {
        out.reserve((n - 2) / 2);
        for (std::size_t i = 2; i + 1 < n; i += 2) {
            out += static_cast<char>(Hex(p[i]) * 16 + Hex(p[i + 1]));
        }
        return;
    }
    for (std::size_t i = 0; i < n; ++i) {
        if (p[i] == '\\' && i + 1 < n && p[i + 1] == '\\') {
            out += '\\';
            ++i;
        } else if (p[i] == '\\' && i + 3 < n) {
            out += static_cast<char>((p[i + 1] - '0') * 64 + (p[i + 2] - '0') * 8 + (p[i + 3] - '0'));
            i += 3;
        } else {
            out += p[i];
        }
    }
}

// Normalises a trailing UTC offset after position from: "+05" -> "+05:00" (seconds kept).
void DecodeZoned(ValueKind kind, const char* p, std::size_t n, std::size_t from, Value& v) {
    v.kind = kind;
    v.has_zone = true;
    v.s.assign(p, n);
    std::size_t sign = v.s.find_last_of("+-");
    if (sign == std::string::npos || sign < from) {
        return;
    }
    if (v.s.size() - sign == 3) {  // "+HH"
        v.s += ":00";
    }
}

}  // namespace

void DecodeText(ValueDecoder decoder, int fraction_digits, const char* p, std::size_t n, Value& v) {
    Reset(v);
    switch (decoder) {
        case ValueDecoder::kInt: {
            std::int64_t x = 0;
            auto r = std::from_chars(p, p + n, x);
            if (r.ec != std::errc() || r.ptr != p + n) {
                SetString(v, ValueKind::kText, p, n);
                return;
            }
            v.kind = ValueKind::kInt;
            v.i = x;
            v.s.clear();
            return;
        }
        case ValueDecoder::kDecimal:
            // NaN and +-Infinity have no exact decimal form: keep them as text.
            SetString(v, HasAlpha(p, n) ? ValueKind::kText : ValueKind::kDecimal, p, n);
            return;
        case ValueDecoder::kFloat4:
        case ValueDecoder::kFloat8: {
            bool f4 = decoder == ValueDecoder::kFloat4;
            double d = 0;
            char buf[64];  // strtod needs a terminator; float text is at most ~25 bytes
            std::size_t len = n < sizeof buf - 1 ? n : sizeof buf - 1;
            std::memcpy(buf, p, len);
            buf[len] = '\0';
            d = f4 ? static_cast<double>(std::strtof(buf, nullptr)) : std::strtod(buf, nullptr);
            v.kind = ValueKind::kFloat;
            v.width = f4 ? 4 : 8;
            v.f = d;
            v.s.clear();
            return;
        }
        case ValueDecoder::kBool:
            v.kind = ValueKind::kBool;
            v.i = (n > 0 && (p[0] == 't' || p[0] == 'T' || p[0] == '1' || p[0] == 'y')) ? 1 : 0;
            v.s.clear();
            return;
        case ValueDecoder::kBytes:
            v.kind = ValueKind::kBytes;
            DecodeBytea(p, n, v.s);
            return;
        case ValueDecoder::kDate:
            // "infinity", "-infinity" and "... BC" do not fit "YYYY-MM-DD".
            SetString(v, HasAlpha(p, n) ? ValueKind::kText : ValueKind::kDate, p, n);
            return;
        case ValueDecoder::kTime:
            SetString(v, ValueKind::kTime, p, n);
            v.precision = static_cast<std::uint8_t>(fraction_digits);
            return;
        case ValueDecoder::kTimeTz:
            DecodeZoned(ValueKind::kTime, p, n, 1, v);
            v.precision = static_cast<std::uint8_t>(fraction_digits);
            return;
        case ValueDecoder::kTimestamp:
            SetString(v, HasAlpha(p, n) ? ValueKind::kText : ValueKind::kTimestamp, p, n);
            v.precision = static_cast<std::uint8_t>(fraction_digits);
            return;
        case ValueDecoder::kTimestampTz: {
            if (HasAlpha(p, n)) {
                SetString(v, ValueKind::kText, p, n);
                return;
            }
            const char* space = static_cast<const char*>(std::memchr(p, ' ', n));
            DecodeZoned(ValueKind::kTimestamp, p, n, space ? static_cast<std::size_t>(space - p) : n, v);
            v.precision = static_cast<std::uint8_t>(fraction_digits);
            return;
        }
        case ValueDecoder::kText:
            SetString(v, ValueKind::kText, p, n);
            return;
    }
}

void AppendFloatText(double f, int width, std::string& out) {
    if (std::isnan(f)) {
        out += "NaN";
        return;
    }
    if (std::isinf(f)) {
        out += f > 0 ? "Infinity" : "-Infinity";
        return;
    }
    char buf[64];
    std::to_chars_result r = width == 4 ? std::to_chars(buf, buf + sizeof buf, static_cast<float>(f))
                                        : std::to_chars(buf, buf + sizeof buf, f);
    out.append(buf, r.ptr);
}

void AppendValueText(const Value& v, TargetClass target, bool copy_escape, std::string& out) {
    switch (v.kind) {
        case ValueKind::kNull:
            if (copy_escape) {
                out += "\\N";
            }
            return;
        case ValueKind::kInt: {
            char buf[24];
            auto r = std::to_chars(buf, buf + sizeof buf, v.i);
            out.append(buf, r.ptr);
            return;
        }
        case ValueKind::kBool:
            if (target == TargetClass::kNumber) {
                out += v.i ? '1' : '0';
            } else {
                out += v.i ? 't' : 'f';
            }
            return;
        case ValueKind::kFloat:
            AppendFloatText(v.f, v.width, out);
            return;
        case ValueKind::kBytes:
            if (target == TargetClass::kBytea) {
                out += copy_escape ? "\\\\x" : "\\x";
                std::size_t at = out.size();
                out.resize(at + v.s.size() * 2);
                for (unsigned char c : v.s) {
                    out[at++] = kHexDigits[c >> 4];
                    out[at++] = kHexDigits[c & 0xf];
                }
                return;
            }
            break;
        case ValueKind::kText:
            if (target == TargetClass::kBytea) {
                // Text into bytea: store its bytes (hex, so a backslash in the text is not an escape).
                Value bytes;
                bytes.kind = ValueKind::kBytes;
                bytes.s = v.s;
                AppendValueText(bytes, target, copy_escape, out);
                return;
            }
            break;
        default:
            break;
    }
    if (copy_escape) {
        AppendCopyEscaped(out, v.s.data(), v.s.size());
    } else {
        out += v.s;
    }
}

}  // namespace dbbridge::postgres
