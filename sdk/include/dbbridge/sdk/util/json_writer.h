#pragma once
// A tiny JSON text builder (plugins may not depend on Poco through the SDK).
// Keys keep insertion order, which DataX users expect when reading generated jobs.

#include <cstdint>
#include <string>
#include <vector>

namespace dbbridge::sdk::util {

class JsonWriter {
public:
    JsonWriter& BeginObject();
    JsonWriter& EndObject();
    JsonWriter& BeginArray();
    JsonWriter& EndArray();
    JsonWriter& Key(const std::string& key);
    JsonWriter& String(const std::string& value);
    JsonWriter& Int(std::int64_t value);
    JsonWriter& Double(double value);
    JsonWriter& Bool(bool value);
    JsonWriter& Null();
    JsonWriter& Raw(const std::string& json);  // an already-serialised value
    JsonWriter& StringArray(const std::vector<std::string>& values);

    const std::string& str() const { return out_; }

    // Appends value to out as a JSON string literal (with quotes), escaping as RFC 8259 requires.
    static void AppendEscaped(std::string& out, const std::string& value);

private:
    void Separate();
    std::string out_;
    std::vector<bool> first_;  // per open container: no element written yet
    bool after_key_ = false;
};

}  // namespace dbbridge::sdk::util
