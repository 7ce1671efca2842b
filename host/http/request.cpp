#include "host/http/request.h"

#include <Poco/JSON/JSONException.h>
#include <Poco/JSON/Parser.h>

#include <algorithm>
#include <cerrno>
#include <cstdlib>

namespace dbbridge::host {

std::string Request::Header(const std::string& lower_name) const {
    auto it = headers.find(lower_name);
    return it == headers.end() ? "" : it->second;
}

using sdk::Result;
using sdk::Status;

namespace {

// Strict integer parse of the whole text.
std::optional<std::int64_t> ParseInt(const std::string& text) {
    if (text.empty() || text.size() > 20) {
        return std::nullopt;
    }
    char* end = nullptr;
    errno = 0;
    long long v = std::strtoll(text.c_str(), &end, 10);
    if (errno != 0 || end != text.c_str() + text.size()) {
        return std::nullopt;
    }
    return static_cast<std::int64_t>(v);
}

std::string Range(std::int64_t min, std::int64_t max) {
    return "between " + std::to_string(min) + " and " + std::to_string(max);
}

}  // namespace

Result<std::string> Request::QueryString(const std::string& name, bool required, const std::string& fallback) const {
    auto it = query.find(name);
    if (it == query.end() || it->second.empty()) {
        if (required) {
            return Status::InvalidArgument("query parameter '" + name + "' is required");
        }
        return fallback;
    }
    return it->second;
}

Result<std::int64_t> Request::QueryInt(const std::string& name, bool required, std::int64_t fallback, std::int64_t min,
                                       std::int64_t max) const {
    auto it = query.find(name);
    if (it == query.end() || it->second.empty()) {
        if (required) {
            return Status::InvalidArgument("query parameter '" + name + "' is required");
        }
        return fallback;
    }
    auto v = ParseInt(it->second);
    if (!v || *v < min || *v > max) {
        return Status::InvalidArgument("query parameter '" + name + "' must be an integer " + Range(min, max) +
                                       ", got '" + it->second + "'");
    }
    return *v;
}

Result<Poco::JSON::Object::Ptr> Request::JsonObject() const {
    std::size_t first = body.find_first_not_of(" \t\r\n");
    if (first == std::string::npos) {
        return Status::InvalidArgument("request body is empty; a JSON object is required");
    }
    if (body[first] != '{') {
        return Status::InvalidArgument("request body must be a JSON object ({...})");
    }
    try {
        Poco::JSON::Parser parser;
        Poco::Dynamic::Var v = parser.parse(body);
        if (v.type() != typeid(Poco::JSON::Object::Ptr)) {
            return Status::InvalidArgument("request body must be a JSON object");
        }
        return v.extract<Poco::JSON::Object::Ptr>();
    } catch (const Poco::Exception& e) {
        return Status::InvalidArgument("request body is not valid JSON: " + e.message());
    } catch (const std::exception& e) {
        return Status::InvalidArgument(std::string("request body is not valid JSON: ") + e.what());
    }
}

bool JsonFields::Has(const std::string& key) const { return obj_->has(key) && !obj_->isNull(key); }

Result<std::optional<std::string>> JsonFields::String(const std::string& key, bool required, std::size_t max_len) const {
    if (!Has(key)) {
        if (required) {
            return Status::InvalidArgument("field '" + Path(key) + "' is required");
        }
        return std::optional<std::string>();
    }
    Poco::Dynamic::Var v = obj_->get(key);
    if (!v.isString()) {
        return Status::InvalidArgument("field '" + Path(key) + "' must be a string");
    }
    std::string s = v.extract<std::string>();
    if (required && s.empty()) {
        return Status::InvalidArgument("field '" + Path(key) + "' must not be empty");
    }
    if (s.size() > max_len) {
        return Status::InvalidArgument("field '" + Path(key) + "' is longer than " + std::to_string(max_len) +
                                       " characters");
    }
    return std::optional<std::string>(std::move(s));
}

Result<std::optional<std::int64_t>> JsonFields::Int(const std::string& key, bool required, std::int64_t min,
                                                   std::int64_t max) const {
    if (!Has(key)) {
        if (required) {
            return Status::InvalidArgument("field '" + Path(key) + "' is required");
        }
        return std::optional<std::int64_t>();
    }
    Poco::Dynamic::Var v = obj_->get(key);
    std::optional<std::int64_t> parsed;
    if (v.isString()) {
        parsed = ParseInt(v.extract<std::string>());
    } else if (v.isInteger() && !v.isBoolean()) {
        try {
            parsed = v.convert<std::int64_t>();
        } catch (const Poco::Exception&) {
            parsed.reset();
        }
    }
    if (!parsed || *parsed < min || *parsed > max) {
        return Status::InvalidArgument("field '" + Path(key) + "' must be an integer " + Range(min, max));
    }
    return parsed;
}

Result<std::optional<bool>> JsonFields::Bool(const std::string& key, bool required) const {
    if (!Has(key)) {
        if (required) {
            return Status::InvalidArgument("field '" + Path(key) + "' is required");
        }
        return std::optional<bool>();
    }
    Poco::Dynamic::Var v = obj_->get(key);
    if (!v.isBoolean()) {
        return Status::InvalidArgument("field '" + Path(key) + "' must be true or false");
    }
    return std::optional<bool>(v.extract<bool>());
}

Result<std::optional<std::vector<std::string>>> JsonFields::StringList(const std::string& key, bool required) const {
    if (!Has(key)) {
        if (required) {
            return Status::InvalidArgument("field '" + Path(key) + "' is required");
        }
        return std::optional<std::vector<std::string>>();
    }
    Poco::JSON::Array::Ptr arr = obj_->getArray(key);
    if (!arr) {
        return Status::InvalidArgument("field '" + Path(key) + "' must be an array of strings");
    }
    std::vector<std::string> out;
    for (std::size_t i = 0; i < arr->size(); ++i) {
        Poco::Dynamic::Var v = arr->get(static_cast<unsigned>(i));
        if (!v.isString()) {
            return Status::InvalidArgument("field '" + Path(key) + "[" + std::to_string(i) + "]' must be a string");
        }
        out.push_back(v.extract<std::string>());
    }
    return std::optional<std::vector<std::string>>(std::move(out));
}

Result<std::optional<std::map<std::string, std::string>>> JsonFields::StringMap(const std::string& key) const {
    if (!Has(key)) {
        return std::optional<std::map<std::string, std::string>>();
    }
    Poco::JSON::Object::Ptr o = obj_->getObject(key);
    if (!o) {
        return Status::InvalidArgument("field '" + Path(key) + "' must be an object");
    }
    std::map<std::string, std::string> out;
    for (const auto& name : o->getNames()) {
        Poco::Dynamic::Var v = o->get(name);
        if (v.isEmpty()) {
            continue;
        }
        if (v.isArray() || v.type() == typeid(Poco::JSON::Object::Ptr) || v.type() == typeid(Poco::JSON::Array::Ptr)) {
            return Status::InvalidArgument("field '" + Path(key) + "." + name + "' must be a string");
        }
        out[name] = v.convert<std::string>();
    }
    return std::optional<std::map<std::string, std::string>>(std::move(out));
}

Result<Poco::JSON::Object::Ptr> JsonFields::Object(const std::string& key, bool required) const {
    if (!Has(key)) {
        if (required) {
            return Status::InvalidArgument("field '" + Path(key) + "' is required");
        }
        return Poco::JSON::Object::Ptr();
    }
    Poco::JSON::Object::Ptr o = obj_->getObject(key);
    if (!o) {
        return Status::InvalidArgument("field '" + Path(key) + "' must be an object");
    }
    return o;
}

Status JsonFields::OnlyKeys(const std::vector<std::string>& allowed) const {
    for (const auto& name : obj_->getNames()) {
        if (std::find(allowed.begin(), allowed.end(), name) == allowed.end()) {
            return Status::InvalidArgument("unknown field '" + Path(name) + "'");
        }
    }
    return Status::Ok();
}

}  // namespace dbbridge::host
