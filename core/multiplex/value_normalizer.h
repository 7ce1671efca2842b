#pragma once
// Canonical encoding of result values for comparison across engines.
// Each value is turned into a tagged byte string (the hash input) after the pair rules and the
// user's rules; the rules that changed a value are returned as a bit mask so the report can
// name, per column, the rules through which cells matched. Values are never compared as
// rendered strings: numbers become canonical decimal text, temporals ISO text at common
// precision, text stays text.

#include <cstdint>
#include <string>
#include <vector>

#include "core/multiplex/multiplex_request.h"
#include "dbbridge/sdk/types.h"

namespace dbbridge::core::multiplex {

// Rule bits (one per rule named in reports).
enum RuleBit : std::uint16_t {
    kRuleEmptyStringNull = 1u << 0,   // Oracle family: '' is NULL
    kRuleCharTrim = 1u << 1,          // CHAR(n) padding ignored
    kRuleBoolNumber = 1u << 2,        // true/false = 1/0
    kRuleOracleDate = 1u << 3,        // DATE = TIMESTAMP(0) (date-only values at midnight)
    kRuleEmptyLobNull = 1u << 4,      // empty BLOB/CLOB = NULL
    kRuleDecimalZeros = 1u << 5,      // 1.50 = 1.5
    kRuleFloatDigits = 1u << 6,       // floats by significant digits of their width (6 / 15)
    kRuleTimestampFraction = 1u << 7, // 10:00:00.000 = 10:00:00
    kRuleRoundDecimals = 1u << 8,     // user: round to N places
    kRuleIgnoreCase = 1u << 9,        // user: case-insensitive text
};

// Comma-separated rule names of a mask, "NA" when empty (UniSQL's rules[] convention).
std::string RuleNames(std::uint16_t mask);

struct NormalizerOptions {
    CompareRules rules;
    bool oracle_family = false;  // some participant is Oracle-family: '' = NULL applies
};

// True for dialects whose engines treat '' as NULL (ORACLE, DM, *_ORACLE).
bool IsOracleFamily(const std::string& dialect);

class ValueNormalizer {
public:
    explicit ValueNormalizer(NormalizerOptions options) : options_(std::move(options)) {}

    // Appends the canonical encoding of v (from a column of type jdbc) to out; returns the
    // rules that changed it.
    std::uint16_t Encode(const sdk::Value& v, sdk::JdbcType jdbc, std::string& out) const;

    // Canonical encodings equal?
    bool Equal(const sdk::Value& a, sdk::JdbcType ja, const sdk::Value& b, sdk::JdbcType jb) const;

    const NormalizerOptions& options() const { return options_; }

private:
    NormalizerOptions options_;
};

// Numeric text helpers (exposed for tests).
// "[-]ddd[.ddd][e±n]" -> canonical "[-]d[.d]" without leading zeros; strip_zeros drops trailing
// fraction zeros. False when text is not a number or its exponent is beyond ±max_exponent.
bool CanonicalDecimal(const std::string& text, bool strip_zeros, std::string& out, int max_exponent = 4000);
// Half-up rounding of canonical decimal text to places fraction digits.
std::string RoundDecimalText(const std::string& canonical, int places);
// A double as canonical decimal text with digits significant digits.
std::string FloatToDecimalText(double v, int digits);

}  // namespace dbbridge::core::multiplex
