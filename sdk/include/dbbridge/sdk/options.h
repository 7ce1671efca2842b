#pragma once
// Datasource options a dialect declares (Dialect::DatasourceOptions). The declaration is the only
// list core accepts in a datasource's "options": core validates each value against it, the web
// console renders the datasource form from it (GET /api/plugins), and docs/databases.md is
// checked against it by a test. Plain data, standard library only.

#include <cstdint>
#include <limits>
#include <string>
#include <utility>
#include <vector>

namespace dbbridge::sdk {

enum class OptionType : std::int32_t {
    kText = 0,     // any text without control characters (a value may be empty when that means something)
    kInteger = 1,  // decimal digits within [min_value, max_value]
    kBoolean = 2,  // "true" or "false"
    kChoice = 3,   // one of allowed_values (exact spelling)
};

struct OptionSpec {
    std::string name;  // key in ConnectionSpec::options: lower case letters, digits and '_'
    OptionType type = OptionType::kText;
    std::string default_value;  // what applies when the option is absent ("" when nothing does)
    std::vector<std::string> allowed_values;  // kChoice only
    std::int64_t min_value = 0;               // kInteger only
    std::int64_t max_value = std::numeric_limits<std::int32_t>::max();
    bool secret = false;          // may carry a credential: forms mask it (a password in it is stored sealed)
    bool locates_server = false;  // when set on a datasource, host may be empty (a DSN, a full string)
    std::string description;      // one line, shown beside the form field

    // Declaration helpers: OptionSpec::Text("dsn", "an odbc.ini data source").LocatesServer()
    static OptionSpec Text(std::string name, std::string description) {
        OptionSpec o;
        o.name = std::move(name);
        o.description = std::move(description);
        return o;
    }
    static OptionSpec Integer(std::string name, std::string description, std::int64_t min, std::int64_t max) {
        OptionSpec o = Text(std::move(name), std::move(description));
        o.type = OptionType::kInteger;
        o.min_value = min;
        o.max_value = max;
        return o;
    }
    static OptionSpec Boolean(std::string name, std::string description) {
        OptionSpec o = Text(std::move(name), std::move(description));
        o.type = OptionType::kBoolean;
        return o;
    }
    static OptionSpec Choice(std::string name, std::string description, std::vector<std::string> allowed) {
        OptionSpec o = Text(std::move(name), std::move(description));
        o.type = OptionType::kChoice;
        o.allowed_values = std::move(allowed);
        return o;
    }
    OptionSpec Default(std::string value) && {
        default_value = std::move(value);
        return std::move(*this);
    }
    OptionSpec Secret() && {
        secret = true;
        return std::move(*this);
    }
    OptionSpec LocatesServer() && {
        locates_server = true;
        return std::move(*this);
    }
};

// Name of an OptionType as the API spells it: "text", "integer", "boolean", "choice".
inline const char* OptionTypeName(OptionType type) {
    switch (type) {
        case OptionType::kText: return "text";
        case OptionType::kInteger: return "integer";
        case OptionType::kBoolean: return "boolean";
        case OptionType::kChoice: return "choice";
    }
    return "text";
}

}  // namespace dbbridge::sdk
