#include "core/multiplex/value_normalizer.h"

#include <cctype>
#include <cmath>
#include <cstdio>
#include <cstdlib>

namespace dbbridge::core::multiplex {

namespace {

using sdk::JdbcType;
using sdk::ValueKind;

struct RuleName {
    std::uint16_t bit;
    const char* name;
};
constexpr RuleName kRuleNames[] = {
    {kRuleEmptyStringNull, "oracle_empty_string_is_null"},
    {kRuleCharTrim, "char_right_trim"},
    {kRuleBoolNumber, "bool_as_0_1"},
    {kRuleOracleDate, "oracle_date_as_timestamp0"},
    {kRuleEmptyLobNull, "empty_lob_is_null"},
    {kRuleDecimalZeros, "decimal_trailing_zeros"},
    {kRuleFloatDigits, "float_significant_digits"},
    {kRuleTimestampFraction, "timestamp_zero_fraction"},
    {kRuleRoundDecimals, "round_decimals"},
    {kRuleIgnoreCase, "ignore_case"},
};

void Put(std::string& out, char tag, const std::string& payload) {
    out += tag;
    std::uint32_t n = static_cast<std::uint32_t>(payload.size());
    out.append(reinterpret_cast<const char*>(&n), sizeof n);
    out += payload;
}

// "10:00:00.500000" -> "10:00:00.5"; "10:00:00.000" -> "10:00:00". changed when digits dropped.
std::string StripFraction(const std::string& s, bool& changed) {
    changed = false;
    std::size_t dot = s.find('.');
    if (dot == std::string::npos) return s;
    std::size_t end = dot + 1;
    while (end < s.size() && std::isdigit(static_cast<unsigned char>(s[end]))) ++end;
    std::string frac = s.substr(dot + 1, end - dot - 1);
    std::size_t last = frac.find_last_not_of('0');
    std::string kept = last == std::string::npos ? "" : frac.substr(0, last + 1);
    changed = kept.size() != frac.size();
    return s.substr(0, dot) + (kept.empty() ? "" : "." + kept) + s.substr(end);
}

bool IsCharType(JdbcType t) { return t == JdbcType::kChar || t == JdbcType::kNChar; }
bool IsLobType(JdbcType t) { return t == JdbcType::kClob || t == JdbcType::kNClob || t == JdbcType::kBlob; }

}  // namespace

std::string RuleNames(std::uint16_t mask) {
    std::string out;
    for (const auto& r : kRuleNames) {
        if (mask & r.bit) {
            if (!out.empty()) out += ',';
            out += r.name;
        }
    }
    return out.empty() ? "NA" : out;
}

bool IsOracleFamily(const std::string& dialect) {
    if (dialect == "ORACLE" || dialect == "DM") return true;
    const std::string suffix = "_ORACLE";
    return dialect.size() > suffix.size() && dialect.compare(dialect.size() - suffix.size(), suffix.size(), suffix) == 0;
}

bool CanonicalDecimal(const std::string& text, bool strip_zeros, std::string& out, int max_exponent) {
    std::size_t i = 0;
    while (i < text.size() && std::isspace(static_cast<unsigned char>(text[i]))) ++i;
    bool neg = false;
    if (i < text.size() && (text[i] == '-' || text[i] == '+')) {
        neg = text[i] == '-';
        ++i;
    }
    std::string digits;
    long long point = -1;
    for (; i < text.size() && (std::isdigit(static_cast<unsigned char>(text[i])) || text[i] == '.'); ++i) {
        if (text[i] == '.') {
            if (point >= 0) return false;
            point = static_cast<long long>(digits.size());
        } else {
            digits += text[i];
        }
    }
    if (digits.empty()) return false;
    if (point < 0) point = static_cast<long long>(digits.size());
    if (i < text.size() && (text[i] == 'e' || text[i] == 'E')) {
        char* end = nullptr;
        long long exp = std::strtoll(text.c_str() + i + 1, &end, 10);
        if (end == text.c_str() + i + 1 || exp > max_exponent || exp < -max_exponent) return false;
        i = static_cast<std::size_t>(end - text.c_str());
        point += exp;
    }
    while (i < text.size() && std::isspace(static_cast<unsigned char>(text[i]))) ++i;
    if (i != text.size()) return false;
    while (point <= 0) {
        digits.insert(digits.begin(), '0');
        ++point;
    }
    while (static_cast<long long>(digits.size()) < point) digits += '0';
    std::string ip = digits.substr(0, static_cast<std::size_t>(point));
    std::string fp = digits.substr(static_cast<std::size_t>(point));
    std::size_t nz = ip.find_first_not_of('0');
    ip = nz == std::string::npos ? "0" : ip.substr(nz);
    if (strip_zeros) {
        std::size_t last = fp.find_last_not_of('0');
        fp = last == std::string::npos ? "" : fp.substr(0, last + 1);
    }
    bool zero = ip == "0" && fp.find_first_not_of('0') == std::string::npos;
    out = (neg && !zero ? "-" : "") + ip + (fp.empty() ? "" : "." + fp);
    return true;
}

std::string RoundDecimalText(const std::string& canonical, int places) {
    bool neg = !canonical.empty() && canonical[0] == '-';
    std::string body = neg ? canonical.substr(1) : canonical;
    std::size_t dot = body.find('.');
    std::string ip = dot == std::string::npos ? body : body.substr(0, dot);
    std::string fp = dot == std::string::npos ? "" : body.substr(dot + 1);
    if (static_cast<int>(fp.size()) <= places) return canonical;
    bool round_up = fp[static_cast<std::size_t>(places)] >= '5';
    std::string digits = ip + fp.substr(0, static_cast<std::size_t>(places));
    if (round_up) {
        int k = static_cast<int>(digits.size()) - 1;
        while (k >= 0) {
            if (digits[static_cast<std::size_t>(k)] == '9') {
                digits[static_cast<std::size_t>(k)] = '0';
                --k;
            } else {
                ++digits[static_cast<std::size_t>(k)];
                break;
            }
        }
        if (k < 0) digits.insert(digits.begin(), '1');
    }
    std::size_t int_len = digits.size() - static_cast<std::size_t>(places);
    std::string text = digits.substr(0, int_len) + (places > 0 ? "." + digits.substr(int_len) : "");
    std::string out;
    CanonicalDecimal((neg ? "-" : "") + text, true, out);
    return out;
}

std::string FloatToDecimalText(double v, int digits) {
    char buf[64];
    std::snprintf(buf, sizeof buf, "%.*e", digits - 1, v);
    std::string out;
    if (!CanonicalDecimal(buf, true, out)) return buf;
    return out;
}

std::uint16_t ValueNormalizer::Encode(const sdk::Value& v, JdbcType jdbc, std::string& out) const {
    const CompareRules& r = options_.rules;
    const bool pair = r.pair_rules;
    std::uint16_t mask = 0;

    auto put_number = [&](std::string canonical) {
        if (r.round_decimals >= 0) {
            std::string rounded = RoundDecimalText(canonical, r.round_decimals);
            if (rounded != canonical) mask |= kRuleRoundDecimals;
            canonical = rounded;
        }
        Put(out, 'D', canonical);
    };

    switch (v.kind) {
        case ValueKind::kNull:
            Put(out, 'N', "");
            return mask;
        case ValueKind::kInt:
            put_number(std::to_string(v.i));
            return mask;
        case ValueKind::kBool:
            if (!pair) {
                Put(out, 'b', v.i ? "1" : "0");
                return mask;
            }
            mask |= kRuleBoolNumber;
            put_number(v.i ? "1" : "0");
            return mask;
        case ValueKind::kDecimal: {
            std::string exact;
            std::string canonical;
            if (!CanonicalDecimal(v.s, false, exact) || !CanonicalDecimal(v.s, pair, canonical)) {
                Put(out, 'T', v.s);  // not a number after all: compare the text
                return mask;
            }
            if (exact != canonical) mask |= kRuleDecimalZeros;
            put_number(canonical);
            return mask;
        }
        case ValueKind::kFloat: {
            if (!std::isfinite(v.f)) {
                Put(out, 'F', std::isnan(v.f) ? "nan" : (v.f > 0 ? "inf" : "-inf"));
                return mask;
            }
            int digits = 17;
            if (pair) {
                digits = v.width == 4 ? 6 : 15;
                mask |= kRuleFloatDigits;
            }
            put_number(FloatToDecimalText(v.f, digits));
            return mask;
        }
        case ValueKind::kText: {
            std::string s = v.s;
            if (pair && IsCharType(jdbc)) {
                std::size_t last = s.find_last_not_of(' ');
                std::string trimmed = last == std::string::npos ? "" : s.substr(0, last + 1);
                if (trimmed.size() != s.size()) mask |= kRuleCharTrim;
                s = std::move(trimmed);
            }
            if (pair && s.empty() && options_.oracle_family) {
                mask |= kRuleEmptyStringNull;
                Put(out, 'N', "");
                return mask;
            }
            if (pair && s.empty() && IsLobType(jdbc)) {
                mask |= kRuleEmptyLobNull;
                Put(out, 'N', "");
                return mask;
            }
            if (r.ignore_case) {
                std::string up = s;
                for (auto& ch : up) ch = static_cast<char>(std::toupper(static_cast<unsigned char>(ch)));
                if (up != s) mask |= kRuleIgnoreCase;
                s = std::move(up);
            }
            Put(out, 'T', s);
            return mask;
        }
        case ValueKind::kBytes:
            if (pair && v.s.empty()) {
                mask |= kRuleEmptyLobNull;
                Put(out, 'N', "");
                return mask;
            }
            Put(out, 'B', v.s);
            return mask;
        case ValueKind::kDate:
            if (!pair) {
                Put(out, 'd', v.s);
                return mask;
            }
            mask |= kRuleOracleDate;
            Put(out, 'S', v.s + " 00:00:00");
            return mask;
        case ValueKind::kTimestamp: {
            bool changed = false;
            std::string s = pair ? StripFraction(v.s, changed) : v.s;
            if (changed) mask |= kRuleTimestampFraction;
            Put(out, 'S', s);
            return mask;
        }
        case ValueKind::kTime: {
            bool changed = false;
            std::string s = pair ? StripFraction(v.s, changed) : v.s;
            if (changed) mask |= kRuleTimestampFraction;
            Put(out, 'M', s);
            return mask;
        }
    }
    Put(out, '?', v.s);
    return mask;
}

bool ValueNormalizer::Equal(const sdk::Value& a, JdbcType ja, const sdk::Value& b, JdbcType jb) const {
    std::string ea;
    std::string eb;
    Encode(a, ja, ea);
    Encode(b, jb, eb);
    return ea == eb;
}

}  // namespace dbbridge::core::multiplex
