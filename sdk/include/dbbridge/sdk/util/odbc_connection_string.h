#pragma once
// ODBC connection strings read exactly as unixODBC's driver manager reads them (__get_attr and
// __parse_connection_string_ex in DriverManager/SQLDriverConnect.c), so what dbbridge checks is
// what the driver manager acts on. The one parser for core and the ODBC plugins.
//
// unixODBC's rules:
// - blanks and ';' before a keyword are skipped; the keyword is every character up to the next
//   '=' as written (blanks and ';' inside included: the manager compares it whole, ignoring case);
//   text with no '=' left ends the string;
// - a value whose first character (right after '=') is '{' runs to the first '}' not followed by
//   another '}' ("}}" stands for one '}'), or to the end; parsing goes on right after that '}';
// - any other value, blanks included, runs to the next ';': "UID= {x;DRIVER=/a.so;x}" is UID
//   " {x", then DRIVER "/a.so", then "x}" without '=' ends it;
// - a keyword given again replaces the earlier value, except that of DSN and DRIVER/FILEDSN the
//   first kind given wins and later ones of the other kind are dropped.

#include <cstddef>
#include <optional>
#include <string>
#include <vector>

namespace dbbridge::sdk::util {

struct OdbcAttribute {
    std::string keyword;  // as written
    std::string value;    // braces removed, "}}" unescaped
    // The pair in the string: [begin, end), from the keyword to the end of the value (its
    // closing brace included, the ';' after it not).
    std::size_t begin = 0;
    std::size_t end = 0;
    // Where the value is written in the string: [value_begin, value_end), braces excluded.
    std::size_t value_begin = 0;
    std::size_t value_end = 0;
    bool braced = false;
};

// Every keyword=value pair in the order written (duplicates kept). Never fails.
std::vector<OdbcAttribute> ParseOdbcConnectionString(const std::string& connection_string);

// The value the driver manager uses for keyword (case-insensitive), after the replacement and
// DSN-versus-DRIVER rules; nullopt when it is not given.
std::optional<std::string> OdbcAttributeValue(const std::string& connection_string, const std::string& keyword);

// keyword upper-cased with surrounding blanks removed: what a check compares (stricter than the
// manager, which would ignore "DRIVER " but a driver might not).
std::string OdbcKeywordName(const std::string& keyword);

// True for PWD / PASSWORD (any case, blanks around ignored).
bool IsOdbcPasswordKeyword(const std::string& keyword);

// The value as it must be written after "KEY=": in braces ('}' doubled) when it holds ';', '{',
// '}', '=' or blanks at either end, or starts with a blank, so it cannot end early or open
// another keyword.
std::string EscapeOdbcValue(const std::string& value);
std::string BraceOdbcValue(const std::string& value);

// The string with every PWD / PASSWORD value replaced by "***", for messages and logs.
std::string RedactOdbcConnectionString(const std::string& connection_string);

// The string without its PWD / PASSWORD pairs, and the password the manager would pass (the
// last one given). password is nullopt (and rest the string unchanged) when there is none.
struct OdbcPasswordSplit {
    std::string rest;
    std::optional<std::string> password;
};
OdbcPasswordSplit SplitOdbcPassword(const std::string& connection_string);

}  // namespace dbbridge::sdk::util
