#pragma once
// Text -> canonical value conversions with DataX's column type names, for the built-in plugins
// (streamreader constants, txtfilereader fields).

#include <string>

#include "dbbridge/sdk/status.h"
#include "dbbridge/sdk/types.h"

namespace dbbridge::core::engine {

// "long", "double", "string", "date", "bool"/"boolean", "bytes" (case-insensitive); error lists them.
sdk::Result<sdk::DataxType> ParseDataxTypeName(const std::string& name);

// Converts text to a value of the DataX type. date_format: a Java pattern made of yyyy MM dd HH mm ss
// SSS and literals ("yyyyMMdd"), or empty for DataX's defaults (yyyy-MM-dd HH:mm:ss, yyyy-MM-dd,
// HH:mm:ss, yyyyMMdd). Decimals keep their exact text. Error: "cannot convert \"x\" to long".
sdk::Result<sdk::Value> ConvertText(sdk::DataxType type, const std::string& text, const std::string& date_format);

}  // namespace dbbridge::core::engine
