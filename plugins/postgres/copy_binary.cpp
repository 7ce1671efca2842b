#include "copy_binary.h"

#include <cmath>
#include <cstring>
#include <limits>

#include "pg_types.h"
#include "pg_value_codec.h"

namespace dbbridge::postgres {

using sdk::Value;
using sdk::ValueKind;

const std::string_view kBinaryCopyHeader("PGCOPY\n\377\r\n\0\0\0\0\0\0\0\0\0", 19);
const std::string_view kBinaryCopyTrailer("\377\377", 2);

namespace {

constexpr std::int64_t kUsPerDay = 86400LL * 1000000;
constexpr std::int64_t kPgEpochDays = 10957;  // 2000-01-01 in days since 1970-01-01
constexpr std::size_t kMaxNumericDigits = 1000;

void SetBe(char* at, std::uint64_t v, int bytes) {
    for (int b = bytes - 1; b >= 0; --b) {
        at[bytes - 1 - b] = static_cast<char>((v >> (8 * b)) & 0xff);
    }
}

void PutBe(std::string& out, std::uint64_t v, int bytes) {
    char buf[8];
    SetBe(buf, v, bytes);
    out.append(buf, static_cast<std::size_t>(bytes));
}

bool TextLike(std::uint32_t type_oid) {
    return type_oid == oid::kText || type_oid == oid::kVarchar || type_oid == oid::kBpchar;
}

bool FasterInBinary(std::uint32_t type_oid) {
    switch (type_oid) {
        case oid::kInt2:
        case oid::kInt4:
        case oid::kInt8:
        case oid::kFloat4:
        case oid::kFloat8:
        case oid::kNumeric:
        case oid::kBool:
        case oid::kDate:
        case oid::kTimestamp:
        case oid::kTimestampTz:
        case oid::kBytea:
            return true;
        default:
            return false;
    }
}

bool IntOf(const Value& v, std::int64_t& out) {
    if (v.kind != ValueKind::kInt && v.kind != ValueKind::kBool) {
        return false;
    }
    out = v.kind == ValueKind::kBool ? (v.i != 0 ? 1 : 0) : v.i;
    return true;
}

// n digits at p as a number; false unless all are digits.
bool Digits(const char* p, int n, int& out) {
    out = 0;
    for (int i = 0; i < n; ++i) {
        if (p[i] < '0' || p[i] > '9') {
            return false;
        }
        out = out * 10 + (p[i] - '0');
    }
    return true;
}

// Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's days_from_civil).
std::int64_t DaysFromCivil(int y, int m, int d) {
    y -= m <= 2 ? 1 : 0;
    const int era = (y >= 0 ? y : y - 399) / 400;
    const int yoe = y - era * 400;
    const int doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    const int doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return static_cast<std::int64_t>(era) * 146097 + doe - 719468;
}

// "YYYY-MM-DD" at p, years 1..9999 (PostgreSQL has no year 0): days since 2000-01-01.
bool ParseDate(const char* p, std::int64_t& days) {
    int y = 0;
    int m = 0;
    int d = 0;
    if (!Digits(p, 4, y) || p[4] != '-' || !Digits(p + 5, 2, m) || p[7] != '-' || !Digits(p + 8, 2, d)) {
        return false;
    }
    static constexpr int kMonthDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    const bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    if (y < 1 || m < 1 || m > 12 || d < 1 || d > kMonthDays[m - 1] + (m == 2 && leap ? 1 : 0)) {
        return false;
    }
    days = DaysFromCivil(y, m, d) - kPgEpochDays;
    return true;
}

// "YYYY-MM-DD HH:MM:SS[.ffffff]" plus "+HH:MM" when zoned: microseconds since 2000-01-01 00:00 UTC
// (an unzoned value is UTC, the session's time zone). apply_offset false: the offset is checked and
// ignored, as timestamp without time zone ignores it in its text form. More than 6 fraction digits
// (the server rounds them), 24:00:00 and leap seconds (the server rolls them over) are left to the
// text form.
bool ParseTimestamp(const std::string& s, bool zoned, bool apply_offset, std::int64_t& us) {
    std::int64_t days = 0;
    int h = 0;
    int mi = 0;
    int sec = 0;
    if (s.size() < 19 || !ParseDate(s.data(), days) || s[10] != ' ' || !Digits(s.data() + 11, 2, h) ||
        s[13] != ':' || !Digits(s.data() + 14, 2, mi) || s[16] != ':' || !Digits(s.data() + 17, 2, sec) || h > 23 ||
        mi > 59 || sec > 59) {
        return false;
    }
    std::size_t at = 19;
    int frac = 0;
    if (at < s.size() && s[at] == '.') {
        int n = 0;
        while (at + 1 + n < s.size() && s[at + 1 + n] >= '0' && s[at + 1 + n] <= '9') {
            ++n;
        }
        if (n == 0 || n > 6 || !Digits(s.data() + at + 1, n, frac)) {
            return false;
        }
        for (int i = n; i < 6; ++i) {
            frac *= 10;
        }
        at += 1 + n;
    }
    std::int64_t offset_s = 0;
    if (zoned) {
        int oh = 0;
        int om = 0;
        if (s.size() != at + 6 || (s[at] != '+' && s[at] != '-') || !Digits(s.data() + at + 1, 2, oh) ||
            s[at + 3] != ':' || !Digits(s.data() + at + 4, 2, om) || oh > 14 || om > 59) {
            return false;
        }
        offset_s = apply_offset ? (s[at] == '-' ? -1 : 1) * (oh * 3600 + om * 60) : 0;
    } else if (at != s.size()) {
        return false;
    }
    us = days * kUsPerDay + ((h * 60LL + mi) * 60 + sec - offset_s) * 1000000 + frac;
    return true;
}

// A plain decimal ([+-]digits[.digits], at least one digit) as a numeric field: base-10000 digits,
// weight, sign and display scale (its fraction digits, as numeric_in counts them; the column's
// typmod is applied by the server in both formats).
bool AppendNumeric(const std::string& s, std::string& out) {
    std::size_t at = 0;
    const bool negative = !s.empty() && s[0] == '-';
    if (!s.empty() && (s[0] == '-' || s[0] == '+')) {
        at = 1;
    }
    const std::size_t int_begin = at;
    while (at < s.size() && s[at] >= '0' && s[at] <= '9') {
        ++at;
    }
    std::string int_part = s.substr(int_begin, at - int_begin);
    std::string frac_part;
    if (at < s.size() && s[at] == '.') {
        const std::size_t frac_begin = ++at;
        while (at < s.size() && s[at] >= '0' && s[at] <= '9') {
            ++at;
        }
        frac_part = s.substr(frac_begin, at - frac_begin);
    }
    if (at != s.size() || int_part.size() + frac_part.size() == 0 ||
        int_part.size() + frac_part.size() > kMaxNumericDigits) {
        return false;
    }
    const std::size_t dscale = frac_part.size();
    int_part.insert(0, (4 - int_part.size() % 4) % 4, '0');
    frac_part.append((4 - frac_part.size() % 4) % 4, '0');
    const std::string all = int_part + frac_part;
    std::vector<int> groups;
    for (std::size_t g = 0; g < all.size(); g += 4) {
        int d = 0;
        Digits(all.data() + g, 4, d);
        groups.push_back(d);
    }
    int weight = static_cast<int>(int_part.size() / 4) - 1;
    std::size_t first = 0;
    while (first < groups.size() && groups[first] == 0) {
        ++first;
        --weight;
    }
    std::size_t last = groups.size();
    while (last > first && groups[last - 1] == 0) {
        --last;
    }
    if (first == last) {
        weight = 0;
    }
    PutBe(out, last - first, 2);
    PutBe(out, static_cast<std::uint16_t>(static_cast<std::int16_t>(weight)), 2);
    PutBe(out, negative && first != last ? 0x4000 : 0x0000, 2);
    PutBe(out, dscale, 2);
    for (std::size_t g = first; g < last; ++g) {
        PutBe(out, static_cast<std::uint64_t>(groups[g]), 2);
    }
    return true;
}

bool AppendFloat(const Value& v, std::uint32_t type_oid, std::string& out) {
    std::int64_t i = 0;
    double d = 0;
    if (IntOf(v, i)) {
        d = type_oid == oid::kFloat4 ? static_cast<double>(static_cast<float>(i)) : static_cast<double>(i);
    } else if (v.kind == ValueKind::kFloat && v.width == (type_oid == oid::kFloat4 ? 4 : 8)) {
        // The text form is the shortest one that reads back to the same value at the value's own
        // width, so only same-width values are certain to be equal.
        d = v.f;
    } else {
        return false;
    }
    if (std::isnan(d)) {
        d = std::numeric_limits<double>::quiet_NaN();  // float8in's NaN
    }
    if (type_oid == oid::kFloat4) {
        const auto f = static_cast<float>(d);
        if (!std::isnan(d) && static_cast<double>(f) != d) {
            return false;
        }
        std::uint32_t bits = 0;
        std::memcpy(&bits, &f, sizeof bits);
        PutBe(out, bits, 4);
        return true;
    }
    std::uint64_t bits = 0;
    std::memcpy(&bits, &d, sizeof bits);
    PutBe(out, bits, 8);
    return true;
}

bool HasNul(const std::string& s) { return std::memchr(s.data(), '\0', s.size()) != nullptr; }

// The field's bytes (without the length word) for one non-NULL value.
bool AppendField(const Value& v, std::uint32_t type_oid, std::string& out) {
    std::int64_t i = 0;
    switch (type_oid) {
        case oid::kInt2:
        case oid::kInt4:
        case oid::kInt8: {
            if (!IntOf(v, i)) {
                return false;
            }
            const int bytes = type_oid == oid::kInt2 ? 2 : type_oid == oid::kInt4 ? 4 : 8;
            if (bytes < 8) {
                const std::int64_t limit = std::int64_t{1} << (8 * bytes - 1);
                if (i < -limit || i >= limit) {
                    return false;  // the server's "out of range" names it
                }
            }
            PutBe(out, static_cast<std::uint64_t>(i), bytes);
            return true;
        }
        case oid::kFloat4:
        case oid::kFloat8:
            return AppendFloat(v, type_oid, out);
        case oid::kNumeric:
            if (IntOf(v, i)) {
                return AppendNumeric(std::to_string(i), out);
            }
            return v.kind == ValueKind::kDecimal && AppendNumeric(v.s, out);
        case oid::kBool:
            if (v.kind != ValueKind::kBool) {
                return false;
            }
            out += static_cast<char>(v.i != 0 ? 1 : 0);
            return true;
        case oid::kDate: {
            std::int64_t days = 0;
            if (v.kind != ValueKind::kDate || v.s.size() != 10 || !ParseDate(v.s.data(), days)) {
                return false;
            }
            PutBe(out, static_cast<std::uint64_t>(days), 4);
            return true;
        }
        case oid::kTimestamp:
        case oid::kTimestampTz: {
            std::int64_t us = 0;
            if (v.kind != ValueKind::kTimestamp ||
                !ParseTimestamp(v.s, v.has_zone, type_oid == oid::kTimestampTz, us)) {
                return false;
            }
            PutBe(out, static_cast<std::uint64_t>(us), 8);
            return true;
        }
        case oid::kBytea:
            if (v.kind != ValueKind::kBytes && v.kind != ValueKind::kText) {
                return false;
            }
            out += v.s;
            return true;
        default:
            if (!TextLike(type_oid) || v.kind == ValueKind::kNull || HasNul(v.s)) {
                return false;
            }
            // Exactly the text the text COPY carries, before its escaping.
            AppendValueText(v, TargetClass::kOther, false, out);
            return true;
    }
}

}  // namespace

bool BinaryCopyPays(const std::vector<std::uint32_t>& column_oids) {
    bool gains = false;
    for (std::uint32_t type_oid : column_oids) {
        if (!FasterInBinary(type_oid) && !TextLike(type_oid)) {
            return false;
        }
        gains = gains || FasterInBinary(type_oid);
    }
    return gains;
}

bool AppendBinaryRow(const sdk::Record& rec, const std::vector<std::uint32_t>& column_oids, std::string& out) {
    const std::size_t start = out.size();
    PutBe(out, rec.size(), 2);
    for (std::size_t c = 0; c < rec.size(); ++c) {
        if (rec[c].kind == ValueKind::kNull) {
            PutBe(out, 0xffffffffu, 4);
            continue;
        }
        const std::size_t length_at = out.size();
        out.append(4, '\0');
        if (!AppendField(rec[c], column_oids[c], out)) {
            out.resize(start);
            return false;
        }
        SetBe(&out[length_at], out.size() - length_at - 4, 4);
    }
    return true;
}

}  // namespace dbbridge::postgres
