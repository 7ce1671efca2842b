#pragma once
// SQL text helpers shared by plugins: bind rewriting that respects literals and comments,
// and identifier validation/quoting. Pure functions, thread-safe.

#include <string>
#include <vector>

#include "dbbridge/sdk/sql_lexicon.h"
#include "dbbridge/sdk/status.h"

namespace dbbridge::sdk::util {

enum class PlaceholderStyle { kQuestion, kDollarNumber, kColonNumber };

// Replaces each "@name" outside string literals, quoted identifiers and comments (as the
// dialect's lexicon defines them, read by the one SQL lexer) with a placeholder of the given
// style; names go to order in placeholder order ("@a ... @a" gives {"a","a"}). "@@name" (MySQL
// system variables) is left alone. Fails on an unterminated literal or comment, naming line:column.
Result<std::string> RewriteNamedBinds(const std::string& sql, PlaceholderStyle style, const SqlLexicon& lexicon,
                                      std::vector<std::string>& order);

// Splits "a.b" or "\"A\".b" into parts (quotes removed). Fails on empty parts or bad quoting.
Result<std::vector<std::string>> SplitQualifiedName(const std::string& name, char quote);

// True for [A-Za-z_][A-Za-z0-9_$#]* (no quoting needed in any dialect we support).
bool IsPlainIdentifier(const std::string& name);

// Validates each part of a qualified name (no NUL, no control characters, at most max_len bytes)
// and quotes it with quote, doubling embedded quotes. The error names the offending part.
Result<std::string> QuoteQualifiedName(const std::string& name, char quote, std::size_t max_len);

// One identifier exactly as the server spells it (a dictionary name: may contain '.' or quote),
// wrapped in quote with embedded quotes doubled.
std::string QuoteIdentifierPart(const std::string& part, char quote);

// ASCII upper/lower case.
std::string ToUpper(std::string s);
std::string ToLower(std::string s);
// Lower-cased type name without "(...)" arguments and extra spaces: "NUMBER(12, 2)" -> "number".
std::string BaseTypeName(const std::string& native_type);

}  // namespace dbbridge::sdk::util
