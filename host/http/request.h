#pragma once
// What a handler sees of an HTTP request: method, path, query parameters and the body,
// with typed accessors whose errors name the parameter or field.

#include <Poco/JSON/Object.h>

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "dbbridge/sdk/status.h"

namespace dbbridge::host {

struct Request {
    std::string method;
    std::string path;
    std::map<std::string, std::string> query;
    std::string body;
    std::string content_type;
    std::string peer;                            // the client's IP address
    std::map<std::string, std::string> headers;  // names in lower case
    // The acting user, set by the authentication in Router::Dispatch (empty on open routes).
    std::string uid;
    std::string role;  // "admin" | "user"

    // A header by its lower-case name; "" when absent.
    std::string Header(const std::string& lower_name) const;
    bool admin() const { return role == "admin"; }

    // Query parameter accessors. Missing and not required: fallback. Errors name the parameter.
    sdk::Result<std::string> QueryString(const std::string& name, bool required, const std::string& fallback = "") const;
    sdk::Result<std::int64_t> QueryInt(const std::string& name, bool required, std::int64_t fallback, std::int64_t min,
                                       std::int64_t max) const;
    // Parses the body as a JSON object; errors say what is wrong and where.
    sdk::Result<Poco::JSON::Object::Ptr> JsonObject() const;
};

// Typed field access on a JSON object; every error names the field (with prefix, e.g. "reader.table").
class JsonFields {
public:
    JsonFields(Poco::JSON::Object::Ptr obj, std::string prefix = "") : obj_(std::move(obj)), prefix_(std::move(prefix)) {}

    bool Has(const std::string& key) const;  // present and not null
    sdk::Result<std::optional<std::string>> String(const std::string& key, bool required, std::size_t max_len = 4096) const;
    // Accepts a JSON number or a numeric string ("3306"), as the seed's ping example sends.
    sdk::Result<std::optional<std::int64_t>> Int(const std::string& key, bool required, std::int64_t min,
                                                 std::int64_t max) const;
    sdk::Result<std::optional<bool>> Bool(const std::string& key, bool required) const;
    sdk::Result<std::optional<std::vector<std::string>>> StringList(const std::string& key, bool required) const;
    // An object of string (or number/bool) values.
    sdk::Result<std::optional<std::map<std::string, std::string>>> StringMap(const std::string& key) const;
    sdk::Result<Poco::JSON::Object::Ptr> Object(const std::string& key, bool required) const;
    // Fails when the object has a key outside allowed (typos should not be ignored silently).
    sdk::Status OnlyKeys(const std::vector<std::string>& allowed) const;

    std::string Path(const std::string& key) const { return prefix_.empty() ? key : prefix_ + "." + key; }
    const Poco::JSON::Object::Ptr& object() const { return obj_; }

private:
    Poco::JSON::Object::Ptr obj_;
    std::string prefix_;
};

}  // namespace dbbridge::host
