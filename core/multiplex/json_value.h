#pragma once
// A small JSON document model and parser for multiplex requests.
// Why not Poco::JSON: the seed's examples carry "//" comments, numbers must keep their exact
// text (a DECIMAL bind must never pass through double), and a syntax error has to name the bad
// token with its line and column ("ture" at line 3, column 22).

#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "dbbridge/sdk/status.h"

namespace dbbridge::core::multiplex {

class JsonValue {
public:
    enum class Type : std::uint8_t { kNull, kBool, kNumber, kString, kArray, kObject };

    JsonValue() = default;
    static JsonValue MakeBool(bool b);
    static JsonValue MakeNumber(std::string text);
    static JsonValue MakeString(std::string s);
    static JsonValue MakeArray();
    static JsonValue MakeObject();

    Type type() const { return type_; }
    bool is_null() const { return type_ == Type::kNull; }
    bool is_bool() const { return type_ == Type::kBool; }
    bool is_number() const { return type_ == Type::kNumber; }
    bool is_string() const { return type_ == Type::kString; }
    bool is_array() const { return type_ == Type::kArray; }
    bool is_object() const { return type_ == Type::kObject; }

    bool bool_value() const { return bool_; }
    // Number: the literal exactly as written ("1", "-12.50", "1e3"); string: the decoded text.
    const std::string& text() const { return text_; }
    const std::vector<JsonValue>& items() const { return items_; }
    // Object members in document order.
    const std::vector<std::pair<std::string, JsonValue>>& members() const { return members_; }

    // Member by exact key; nullptr when absent.
    const JsonValue* Find(const std::string& key) const;
    JsonValue* FindMutable(const std::string& key);
    void Append(JsonValue v) { items_.push_back(std::move(v)); }
    void Set(std::string key, JsonValue v) { members_.emplace_back(std::move(key), std::move(v)); }

    // Compact JSON text of this value (numbers as written).
    std::string Serialize() const;
    static const char* TypeName(Type t);

private:
    Type type_ = Type::kNull;
    bool bool_ = false;
    std::string text_;
    std::vector<JsonValue> items_;
    std::vector<std::pair<std::string, JsonValue>> members_;
};

// Parses JSON text; "//" line comments and "/* */" block comments are allowed (the seed's
// examples use them). The error names the line, column and the offending token. An unpaired
// surrogate escape is an error; require_utf8 (request bodies) also refuses strings that are not
// UTF-8 (reports are read back leniently: database values may hold any bytes).
sdk::Result<JsonValue> ParseJson(const std::string& text, bool require_utf8 = false);

}  // namespace dbbridge::core::multiplex
