#pragma once
// Text -> canonical value conversions with DataX's column type names, for the built-in plugins
// (streamreader constants, txtfilereader fields).

#include <optional>
#include <string>

#include "core/engine/json_params.h"
#include "dbbridge/sdk/status.h"
#include "dbbridge/sdk/types.h"

namespace dbbridge::core::engine {

// "long", "double", "string", "date", "bool"/"boolean", "bytes" (case-insensitive); error lists them.
sdk::Result<sdk::DataxType> ParseDataxTypeName(const std::string& name);

// Converts text to a value of the DataX type. date_format: a Java pattern made of yyyy MM dd HH mm ss
// SSS and literals ("yyyyMMdd"), or empty for DataX's defaults (yyyy-MM-dd HH:mm:ss, yyyy-MM-dd,
// HH:mm:ss, yyyyMMdd). Decimals keep their exact text. Error: "cannot convert \"x\" to long".
// default_patterns: tried in order for a date without date_format instead of those defaults
// (common.column.*, see ColumnDateFormats::parse_patterns); null or empty: the defaults.
sdk::Result<sdk::Value> ConvertText(sdk::DataxType type, const std::string& text, const std::string& date_format,
                                    const std::vector<std::string>* default_patterns = nullptr);

// DataX's DateColumn is an instant printed as yyyy-MM-dd HH:mm:ss: the text readers' date columns
// are date-times, so a date keeps (or gains) its time part. Other values pass unchanged.
sdk::Value AsDateTime(sdk::Value v);

// One {"type", <format_key>, "value"} column entry of a built-in reader: type defaults to string,
// constant is set when "value" is given (converted with the format). Errors name the JSON path.
struct TypedColumn {
    sdk::DataxType type = sdk::DataxType::kString;
    std::string format;
    std::optional<sdk::Value> constant;
};
sdk::Result<TypedColumn> ParseTypedColumn(const JsonParams& column, const std::string& format_key);

}  // namespace dbbridge::core::engine
