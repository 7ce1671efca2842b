#pragma once
// COPY ... FROM STDIN (FORMAT binary) for the column types PostgreSQL reads faster in binary than as
// text: integers, numeric, floats, bool, date, timestamp, timestamptz and bytea (text-like columns
// ride along as their bytes). A value is encoded only when its binary form is certainly what the
// server would make of the text the text COPY sends for it (same rounding, range and time zone: the
// session runs in UTC; timestamp without time zone ignores an offset, as its text input does);
// anything else (text "12" for an integer column, a decimal with an exponent, a timestamp with
// nanoseconds, a date of year 0) makes AppendBinaryRow fail, and the caller sends
// that batch as text, where the server parses it and names the error as it always did.

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "dbbridge/sdk/types.h"

namespace dbbridge::postgres {

// Every column can take binary fields and at least one gains from it: the writer's default choice.
bool BinaryCopyPays(const std::vector<std::uint32_t>& column_oids);

// The file header (signature, flags, extension length) and trailer of binary COPY data.
extern const std::string_view kBinaryCopyHeader;
extern const std::string_view kBinaryCopyTrailer;

// Appends one tuple for rec (one value per column, type OIDs given). Returns false, with out as it
// was, when some value is not certain to mean the same in binary as in text.
bool AppendBinaryRow(const sdk::Record& rec, const std::vector<std::uint32_t>& column_oids, std::string& out);

}  // namespace dbbridge::postgres
