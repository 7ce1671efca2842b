#include "core/engine/json_params.h"

#include <cctype>
#include <charconv>
#include <cmath>
#include <cstdint>
#include <cstdlib>

namespace dbbridge::core::engine {

std::string JavaTrim(const std::string& s) {
    std::size_t b = 0;
    std::size_t e = s.size();
    while (b < e && static_cast<unsigned char>(s[b]) <= ' ') {
        ++b;
    }
    while (e > b && static_cast<unsigned char>(s[e - 1]) <= ' ') {
        --e;
    }
    return s.substr(b, e - b);
}

using sdk::Result;
using sdk::Status;

bool IsJsonObject(const Poco::Dynamic::Var& v) {
    return v.type() == typeid(Poco::JSON::Object::Ptr);
}

bool IsJsonArray(const Poco::Dynamic::Var& v) {
    return v.type() == typeid(Poco::JSON::Array::Ptr);
}

std::string DescribeJson(const Poco::Dynamic::Var& v) {
    try {
        if (v.isEmpty()) {
            return "null";
        }
        if (IsJsonObject(v)) {
            return "an object";
        }
        if (IsJsonArray(v)) {
            return "an array";
        }
        if (v.isString()) {
            std::string s = v.convert<std::string>();
            if (s.size() > 40) {
                s = s.substr(0, 40) + "...";
            }
            return "\"" + s + "\"";
        }
        return v.convert<std::string>();
    } catch (const std::exception&) {
        return "a value";
    }
}

JsonParams::JsonParams(Poco::JSON::Object::Ptr object, std::string path)
    : object_(std::move(object)), path_(std::move(path)) {}

Poco::Dynamic::Var JsonParams::Get(const std::string& key) const {
    if (!object_ || !object_->has(key)) {
        return {};
    }
    return object_->get(key);
}

bool JsonParams::Has(const std::string& key) const {
    return !Get(key).isEmpty();
}

Result<std::string> JsonParams::AsString(const Poco::Dynamic::Var& v, const std::string& path) {
    if (v.isString()) {
        return v.convert<std::string>();
    }
    if (!v.isEmpty() && (v.isNumeric() || v.isBoolean())) {
        return v.convert<std::string>();  // DataX accepts 123 where a string is expected
    }
    return Status::InvalidArgument(path + ": expected a string, got " + DescribeJson(v));
}

Result<std::int64_t> JsonParams::AsInt(const Poco::Dynamic::Var& v, const std::string& path) {
    auto out_of_range = [&] {
        return Status::InvalidArgument(path + ": " + v.convert<std::string>() +
                                       " is out of range (an integer from -9223372036854775808 to "
                                       "9223372036854775807)");
    };
    try {
        if (v.isInteger()) {
            if (!v.isSigned() && v.convert<std::uint64_t>() > static_cast<std::uint64_t>(INT64_MAX)) {
                return out_of_range();
            }
            return v.convert<std::int64_t>();
        }
        if (v.isNumeric()) {
            double d = v.convert<double>();
            if (std::isfinite(d) && d == std::floor(d)) {
                // 2^63 is exact as a double; anything at or beyond it does not fit.
                if (d >= 9223372036854775808.0 || d < -9223372036854775808.0) {
                    return out_of_range();
                }
                return static_cast<std::int64_t>(d);
            }
        } else if (v.isString()) {
            std::string s = v.convert<std::string>();
            std::int64_t n = 0;
            bool plus = s.size() > 1 && s[0] == '+' && std::isdigit(static_cast<unsigned char>(s[1]));
            const char* begin = s.data() + (plus ? 1 : 0);  // from_chars takes '-' but not '+'
            auto [end, ec] = std::from_chars(begin, s.data() + s.size(), n);
            if (begin != s.data() + s.size() && end == s.data() + s.size()) {
                if (ec == std::errc::result_out_of_range) {
                    return out_of_range();
                }
                if (ec == std::errc()) {
                    return n;
                }
            }
        }
    } catch (const std::exception&) {
    }
    return Status::InvalidArgument(path + ": expected an integer, got " + DescribeJson(v));
}

Result<double> JsonParams::AsDouble(const Poco::Dynamic::Var& v, const std::string& path) {
    try {
        if (v.isNumeric()) {
            return v.convert<double>();
        }
        if (v.isString()) {
            std::string s = v.convert<std::string>();
            char* end = nullptr;
            double d = std::strtod(s.c_str(), &end);
            if (!s.empty() && end && *end == '\0') {
                return d;
            }
        }
    } catch (const std::exception&) {
    }
    return Status::InvalidArgument(path + ": expected a number, got " + DescribeJson(v));
}

Result<bool> JsonParams::AsBool(const Poco::Dynamic::Var& v, const std::string& path) {
    if (v.isBoolean()) {
        return v.convert<bool>();
    }
    if (v.isString()) {
        std::string s = v.convert<std::string>();
        if (s == "true" || s == "TRUE" || s == "True") {
            return true;
        }
        if (s == "false" || s == "FALSE" || s == "False") {
            return false;
        }
    }
    return Status::InvalidArgument(path + ": expected true or false, got " + DescribeJson(v));
}

Result<std::vector<std::string>> JsonParams::AsStringList(const Poco::Dynamic::Var& v, const std::string& path) {
    std::vector<std::string> out;
    if (v.isEmpty()) {
        return out;
    }
    if (v.isString()) {
        out.push_back(v.convert<std::string>());
        return out;
    }
    if (!IsJsonArray(v)) {
        return Status::InvalidArgument(path + ": expected a string or an array of strings, got " + DescribeJson(v));
    }
    auto arr = v.extract<Poco::JSON::Array::Ptr>();
    for (std::size_t i = 0; i < arr->size(); ++i) {
        Poco::Dynamic::Var item = arr->get(static_cast<unsigned>(i));
        if (!item.isString()) {
            return Status::InvalidArgument(path + "[" + std::to_string(i) + "]: expected a string, got " +
                                           DescribeJson(item));
        }
        out.push_back(item.convert<std::string>());
    }
    return out;
}

Result<std::string> JsonParams::String(const std::string& key, const std::string& fallback) const {
    Poco::Dynamic::Var v = Get(key);
    if (v.isEmpty()) {
        return fallback;
    }
    return AsString(v, PathOf(key));
}

Result<std::string> JsonParams::RequiredString(const std::string& key) const {
    Poco::Dynamic::Var v = Get(key);
    if (v.isEmpty()) {
        return Status::InvalidArgument(PathOf(key) + ": is required");
    }
    auto s = AsString(v, PathOf(key));
    if (s.ok() && s.value().empty()) {
        return Status::InvalidArgument(PathOf(key) + ": must not be empty");
    }
    return s;
}

Result<std::int64_t> JsonParams::Int(const std::string& key, std::int64_t fallback) const {
    Poco::Dynamic::Var v = Get(key);
    if (v.isEmpty()) {
        return fallback;
    }
    return AsInt(v, PathOf(key));
}

Result<std::int64_t> JsonParams::RequiredInt(const std::string& key) const {
    Poco::Dynamic::Var v = Get(key);
    if (v.isEmpty()) {
        return Status::InvalidArgument(PathOf(key) + ": is required");
    }
    return AsInt(v, PathOf(key));
}

Result<double> JsonParams::Double(const std::string& key, double fallback) const {
    Poco::Dynamic::Var v = Get(key);
    if (v.isEmpty()) {
        return fallback;
    }
    return AsDouble(v, PathOf(key));
}

Result<bool> JsonParams::Bool(const std::string& key, bool fallback) const {
    Poco::Dynamic::Var v = Get(key);
    if (v.isEmpty()) {
        return fallback;
    }
    return AsBool(v, PathOf(key));
}

Result<std::vector<std::string>> JsonParams::StringList(const std::string& key) const {
    return AsStringList(Get(key), PathOf(key));
}

Result<Poco::JSON::Array::Ptr> JsonParams::Array(const std::string& key) const {
    Poco::Dynamic::Var v = Get(key);
    if (v.isEmpty()) {
        return Poco::JSON::Array::Ptr();
    }
    if (!IsJsonArray(v)) {
        return Status::InvalidArgument(PathOf(key) + ": expected an array, got " + DescribeJson(v));
    }
    return v.extract<Poco::JSON::Array::Ptr>();
}

Result<std::optional<JsonParams>> JsonParams::Object(const std::string& key) const {
    Poco::Dynamic::Var v = Get(key);
    if (v.isEmpty()) {
        return std::optional<JsonParams>();
    }
    if (!IsJsonObject(v)) {
        return Status::InvalidArgument(PathOf(key) + ": expected an object, got " + DescribeJson(v));
    }
    return std::optional<JsonParams>(JsonParams(v.extract<Poco::JSON::Object::Ptr>(), PathOf(key)));
}

}  // namespace dbbridge::core::engine
