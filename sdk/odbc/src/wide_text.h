#pragma once
// UTF-8 <-> UTF-16 for the ODBC "W" entry points (unixODBC's SQLWCHAR is 16 bits). Going through
// the W API keeps non-ASCII text intact whatever the process locale and driver charset say.

#include <sql.h>

#include <string>

namespace dbbridge::odbc {

using WideString = std::basic_string<SQLWCHAR>;

// Invalid UTF-8 bytes become U+FFFD.
WideString Utf8ToWide(const std::string& text);
// Unpaired surrogates become U+FFFD.
std::string WideToUtf8(const SQLWCHAR* text, std::size_t units);
inline std::string WideToUtf8(const WideString& text) { return WideToUtf8(text.data(), text.size()); }

}  // namespace dbbridge::odbc
