#include "core/engine/value_convert.h"

#include <cctype>
#include <cmath>
#include <optional>
#include <cerrno>
#include <cstdio>
#include <cstdlib>

#include "dbbridge/sdk/util/value_text.h"
#include "dbbridge/sdk/util/sql_text.h"

namespace dbbridge::core::engine {

using sdk::DataxType;
using sdk::Result;
using sdk::Status;
using sdk::Value;

namespace {

struct DateParts {
    int year = -1, month = -1, day = -1, hour = -1, minute = -1, second = -1;
    std::string fraction;
};

// Matches text against a Java-style pattern of yyyy MM dd HH mm ss SSS and literals.
bool MatchPattern(const std::string& pattern, const std::string& text, DateParts& out) {
    std::size_t p = 0;
    std::size_t t = 0;
    while (p < pattern.size()) {
        char c = pattern[p];
        std::size_t run = 1;
        while (p + run < pattern.size() && pattern[p + run] == c) {
            ++run;
        }
        if (std::string("yMdHmsS").find(c) == std::string::npos) {
            if (t >= text.size() || text[t] != c) {
                return false;
            }
            ++p;
            ++t;
            continue;
        }
        std::size_t width = run;
        if (c == 'S') {
            // fraction: take all digits present (up to 9)
            std::size_t start = t;
            while (t < text.size() && t - start < 9 && std::isdigit(static_cast<unsigned char>(text[t]))) {
                ++t;
            }
            if (t == start) {
                return false;
            }
            out.fraction = text.substr(start, t - start);
            p += run;
            continue;
        }
        if (t + width > text.size()) {
            return false;
        }
        int value = 0;
        for (std::size_t k = 0; k < width; ++k) {
            char d = text[t + k];
            if (!std::isdigit(static_cast<unsigned char>(d))) {
                return false;
            }
            value = value * 10 + (d - '0');
        }
        t += width;
        p += run;
        switch (c) {
            case 'y': out.year = value; break;
            case 'M': out.month = value; break;
            case 'd': out.day = value; break;
            case 'H': out.hour = value; break;
            case 'm': out.minute = value; break;
            case 's': out.second = value; break;
            default: break;
        }
    }
    return t == text.size();
}

bool ValidDate(const DateParts& d) {
    if (d.month < 1 || d.month > 12 || d.day < 1 || d.day > 31) {
        return false;
    }
    static const int kDays[] = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    if (d.day > kDays[d.month - 1]) {
        return false;
    }
    bool leap = (d.year % 4 == 0 && d.year % 100 != 0) || d.year % 400 == 0;
    return !(d.month == 2 && d.day == 29 && !leap);
}

bool ValidTime(const DateParts& d) {
    return d.hour >= 0 && d.hour < 24 && (d.minute < 0 || d.minute < 60) && (d.second < 0 || d.second < 61);
}

std::optional<Value> BuildTemporal(const DateParts& d) {
    char buf[64];
    bool has_date = d.year >= 0 && d.month >= 0 && d.day >= 0;
    bool has_time = d.hour >= 0;
    if (has_date && !ValidDate(d)) {
        return std::nullopt;
    }
    if (has_time && !ValidTime(d)) {
        return std::nullopt;
    }
    std::string frac = d.fraction.empty() ? "" : "." + d.fraction;
    int mi = d.minute < 0 ? 0 : d.minute;
    int ss = d.second < 0 ? 0 : d.second;
    if (has_date && has_time) {
        std::snprintf(buf, sizeof buf, "%04d-%02d-%02d %02d:%02d:%02d", d.year, d.month, d.day, d.hour, mi, ss);
        Value v = Value::Timestamp(buf + frac);
        v.precision = static_cast<std::uint8_t>(d.fraction.size());
        return v;
    }
    if (has_date) {
        std::snprintf(buf, sizeof buf, "%04d-%02d-%02d", d.year, d.month, d.day);
        return Value::Date(buf);
    }
    if (has_time) {
        std::snprintf(buf, sizeof buf, "%02d:%02d:%02d", d.hour, mi, ss);
        Value v = Value::Time(buf + frac);
        v.precision = static_cast<std::uint8_t>(d.fraction.size());
        return v;
    }
    return std::nullopt;
}

Status CannotConvert(const std::string& text, const char* type) {
    std::string shown = text.size() > 64 ? text.substr(0, 64) + "..." : text;
    return Status::DataError("cannot convert \"" + shown + "\" to " + type);
}

}  // namespace

Result<DataxType> ParseDataxTypeName(const std::string& name) {
    std::string n = sdk::util::ToLower(name);
    if (n == "long" || n == "int" || n == "integer" || n == "bigint") {
        return DataxType::kLong;
    }
    if (n == "double" || n == "float" || n == "decimal" || n == "number") {
        return DataxType::kDouble;
    }
    if (n == "string" || n == "" ) {
        return DataxType::kString;
    }
    if (n == "date" || n == "datetime" || n == "timestamp") {
        return DataxType::kDate;
    }
    if (n == "bool" || n == "boolean") {
        return DataxType::kBool;
    }
    if (n == "bytes") {
        return DataxType::kBytes;
    }
    return Status::InvalidArgument("unknown column type \"" + name +
                                   "\"; expected one of long, double, string, date, bool, bytes");
}

Result<Value> ConvertText(DataxType type, const std::string& text, const std::string& date_format,
                          const std::vector<std::string>* default_patterns) {
    switch (type) {
        case DataxType::kString:
            return Value::Text(text);
        case DataxType::kBytes:
            return Value::Bytes(text);
        case DataxType::kLong: {
            std::string s = text;
            errno = 0;
            char* end = nullptr;
            long long n = std::strtoll(s.c_str(), &end, 10);
            if (s.empty() || std::isspace(static_cast<unsigned char>(s[0])) || *end != '\0' || errno == ERANGE) {
                return CannotConvert(text, "long");
            }
            return Value::Int(n);
        }
        case DataxType::kDouble: {
            if (sdk::util::IsDecimalText(text)) {
                return Value::Decimal(text);
            }
            if (text == "NaN") {
                return Value::Float(std::strtod("nan", nullptr));
            }
            if (text == "Infinity" || text == "-Infinity") {
                return Value::Float(text[0] == '-' ? -HUGE_VAL : HUGE_VAL);
            }
            return CannotConvert(text, "double");
        }
        case DataxType::kBool: {
            std::string l = sdk::util::ToLower(text);
            if (l == "true") {
                return Value::Bool(true);
            }
            if (l == "false") {
                return Value::Bool(false);
            }
            return CannotConvert(text, "bool");
        }
        case DataxType::kDate: {
            if (!date_format.empty()) {
                DateParts parts;
                if (MatchPattern(date_format, text, parts)) {
                    if (auto v = BuildTemporal(parts)) {
                        return *v;
                    }
                }
                return CannotConvert(text, ("date with format " + date_format).c_str());
            }
            static const std::vector<std::string> kDefaults = {"yyyy-MM-dd HH:mm:ss.SSS", "yyyy-MM-dd HH:mm:ss",
                                                               "yyyy-MM-dd", "HH:mm:ss.SSS", "HH:mm:ss", "yyyyMMdd"};
            const bool custom = default_patterns && !default_patterns->empty();
            for (const auto& pattern : custom ? *default_patterns : kDefaults) {
                DateParts parts;
                if (MatchPattern(pattern, text, parts)) {
                    if (auto v = BuildTemporal(parts)) {
                        return *v;
                    }
                }
            }
            return CannotConvert(text, "date");
        }
    }
    return CannotConvert(text, "string");
}

Value AsDateTime(Value v) {
    if (v.kind == sdk::ValueKind::kDate) {
        return Value::Timestamp(v.s + " 00:00:00");
    }
    if (v.kind == sdk::ValueKind::kTime) {
        Value t = Value::Timestamp("1970-01-01 " + v.s);
        t.precision = v.precision;
        return t;
    }
    return v;
}

Result<TypedColumn> ParseTypedColumn(const JsonParams& column, const std::string& format_key) {
    DBB_ASSIGN_OR_RETURN(auto type_name, column.String("type", "string"));
    auto type = ParseDataxTypeName(type_name);
    if (!type.ok()) {
        return type.status().WithContext(column.PathOf("type"));
    }
    DBB_ASSIGN_OR_RETURN(auto format, column.String(format_key, ""));
    TypedColumn out;
    out.type = type.value();
    out.format = format;
    if (column.Has("value")) {
        DBB_ASSIGN_OR_RETURN(auto text, column.String("value", ""));
        auto v = ConvertText(out.type, text, out.format);
        if (!v.ok()) {
            return Status::InvalidArgument(column.PathOf("value") + ": " + v.status().message());
        }
        out.constant = v.value();
    }
    return out;
}

}  // namespace dbbridge::core::engine
