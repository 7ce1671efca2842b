#pragma once
// Conversions between PostgreSQL text forms and canonical Values (both directions).
// The session runs with DateStyle ISO/YMD, TimeZone UTC, extra_float_digits 3 and
// bytea_output hex (see PgSession), which is what these functions expect.

#include <cstddef>
#include <string>

#include "dbbridge/sdk/types.h"
#include "pg_types.h"

namespace dbbridge::postgres {

// Sets v to the value of one non-NULL field in text output form, reusing v.s's storage.
// fraction_digits: declared precision of time/timestamp columns.
// Choices: numeric NaN/Infinity and infinite or BC dates/timestamps become kText (the canonical
// kinds cannot hold them); timestamptz/timetz offsets are normalised to "+HH:MM".
void DecodeText(ValueDecoder decoder, int fraction_digits, const char* p, std::size_t n, sdk::Value& v);

// Appends v in the text input form a column of class target accepts; copy_escape: escaped for
// a COPY text field (NULL becomes \N), otherwise raw (the caller sends NULL separately).
void AppendValueText(const sdk::Value& v, TargetClass target, bool copy_escape, std::string& out);

// Shortest text that reads back to the same float at the value's width; NaN, Infinity, -Infinity.
void AppendFloatText(double f, int width, std::string& out);

}  // namespace dbbridge::postgres
