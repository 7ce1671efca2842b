#pragma once
// UTF-8 encoding of one code point, shared by the JSON parser (\u escapes) and the ODBC wide-text
// conversion. Pure function, thread-safe.

#include <string>

namespace dbbridge::sdk::util {

// Appends code_point (at most U+10FFFF; the caller has replaced surrogates) as 1 to 4 UTF-8 bytes.
void AppendUtf8(std::string& out, char32_t code_point);

}  // namespace dbbridge::sdk::util
