#pragma once
// PostgreSQL identifier rules: splitting "schema.table" (with "quoted" parts), folding unquoted
// parts to lower case as the server does, and quoting for safe use in generated SQL.

#include <cstddef>
#include <string>
#include <vector>

#include "dbbridge/sdk/status.h"

namespace dbbridge::postgres {

// PostgreSQL truncates identifiers to NAMEDATALEN - 1 bytes; we refuse longer ones instead.
inline constexpr std::size_t kMaxIdentifierBytes = 63;

// Splits a possibly qualified name into parts folded the way the server reads them: unquoted
// parts are ASCII lower-cased ("Orders" -> "orders"), "quoted" parts keep their case.
// Fails (InvalidArgument naming the name) on empty parts, bad quoting, control characters,
// parts longer than 63 bytes, or more than max_parts parts.
sdk::Result<std::vector<std::string>> FoldName(const std::string& name, std::size_t max_parts);

// Quotes one already folded identifier: abc -> "abc", a"b -> "a""b".
std::string QuoteIdent(const std::string& folded);

// FoldName + QuoteIdent of every part joined with dots: "Sales.Orders" -> "sales"."orders".
sdk::Result<std::string> QuoteFoldedName(const std::string& name, std::size_t max_parts);

// True when every dotted part is a plain unquoted identifier ([A-Za-z_][A-Za-z0-9_$]*), i.e.
// the text can be put into SQL verbatim.
bool IsPlainQualifiedName(const std::string& name);

}  // namespace dbbridge::postgres
