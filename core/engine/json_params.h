#pragma once
// Typed access to one JSON object of a job file, with errors that name the JSON path
// ("job.content[0].reader.parameter.column[2].value: expected a string, got 12").
// Accepts DataX's habits: numbers and booleans given as strings ("channel": "3").

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <Poco/JSON/Array.h>
#include <Poco/JSON/Object.h>

#include "dbbridge/sdk/status.h"

namespace dbbridge::core::engine {

// Short description of a JSON value for error messages: a string in quotes, a number, "an object".
std::string DescribeJson(const Poco::Dynamic::Var& v);
bool IsJsonObject(const Poco::Dynamic::Var& v);
bool IsJsonArray(const Poco::Dynamic::Var& v);
// Java's String.trim(): drops the characters up to U+0020 at both ends, as DataX does to most
// option values (StringUtils.trim) and to CSV cells.
std::string JavaTrim(const std::string& s);

class JsonParams {
public:
    JsonParams() = default;
    JsonParams(Poco::JSON::Object::Ptr object, std::string path);

    const std::string& path() const { return path_; }
    std::string PathOf(const std::string& key) const { return path_.empty() ? key : path_ + "." + key; }
    bool Has(const std::string& key) const;  // present and not null
    const Poco::JSON::Object::Ptr& object() const { return object_; }
    Poco::Dynamic::Var Get(const std::string& key) const;

    sdk::Result<std::string> String(const std::string& key, const std::string& fallback) const;
    sdk::Result<std::string> RequiredString(const std::string& key) const;
    sdk::Result<std::int64_t> Int(const std::string& key, std::int64_t fallback) const;
    sdk::Result<std::int64_t> RequiredInt(const std::string& key) const;
    sdk::Result<double> Double(const std::string& key, double fallback) const;
    sdk::Result<bool> Bool(const std::string& key, bool fallback) const;
    // A string or an array of strings; missing -> empty.
    sdk::Result<std::vector<std::string>> StringList(const std::string& key) const;
    // Missing -> null pointer; present but not an array -> error.
    sdk::Result<Poco::JSON::Array::Ptr> Array(const std::string& key) const;
    // Missing -> nullopt; present but not an object -> error.
    sdk::Result<std::optional<JsonParams>> Object(const std::string& key) const;

    // Conversions of a single value at an explicit path.
    static sdk::Result<std::string> AsString(const Poco::Dynamic::Var& v, const std::string& path);
    static sdk::Result<std::int64_t> AsInt(const Poco::Dynamic::Var& v, const std::string& path);
    static sdk::Result<double> AsDouble(const Poco::Dynamic::Var& v, const std::string& path);
    static sdk::Result<bool> AsBool(const Poco::Dynamic::Var& v, const std::string& path);
    static sdk::Result<std::vector<std::string>> AsStringList(const Poco::Dynamic::Var& v, const std::string& path);

private:
    Poco::JSON::Object::Ptr object_;
    std::string path_;
};

}  // namespace dbbridge::core::engine
