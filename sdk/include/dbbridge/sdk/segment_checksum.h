#pragma once
// Segment checksums for table compare (`dbbridge diff`): each database computes, in SQL, the row
// count and an order-independent checksum of a canonical text of every row of a key range, so
// two tables on different engines are compared without moving their rows. Only segments whose
// (count, checksum) differ are split further and finally fetched.
//
// The canonical text is the contract between plugins: every dialect renders the same row as the
// same bytes, or the segment is reported as differing and is compared row by row (which costs
// time, never correctness: rows are always judged by core's typed comparator at the end).
//
// Canonical text of one row (UTF-8):
//   the columns in spec order, each as "-" for NULL, else "<length in characters>:<text>", or the
//   bare <text> for the types whose text never holds "|" nor is "-" alone (numbers, dates, times,
//   hex: util/checksum_text.h ChecksumTextHasLength; the row still parses one way and the value is
//   not evaluated a second time for its length), joined by "|". text per type:
//   - integers: decimal digits with '-' when negative; booleans 1 / 0
//   - exact numbers (DECIMAL/NUMERIC): plain notation (no exponent), no trailing fraction zeros,
//     no trailing '.', zero as "0"
//   - floating point: the engine's shortest text that reads back the same value (engines may
//     print these differently; such segments then fall back to row comparison)
//   - character types: the value; CHAR(n) without its trailing blanks; VARCHAR/TEXT unchanged.
//     With empty_string_is_null an empty string is rendered as NULL ("-")
//   - DATE "YYYY-MM-DD"; TIME "HH:MM:SS" and TIMESTAMP "YYYY-MM-DD HH:MM:SS" with
//     timestamp_precision fraction digits (truncated, '.' omitted when 0); values that carry a
//     time zone are rendered in UTC
//   - binary: lowercase hexadecimal
// Row hash: the first 15 hexadecimal digits of MD5(row text) read as an unsigned integer.
// Checksum of a segment: the sum of its row hashes (exact; engines return it as a decimal).

#include <string>
#include <vector>

#include "dbbridge/sdk/types.h"

namespace dbbridge::sdk {

struct SegmentChecksumSpec {
    std::string table;               // as the user wrote it, possibly "schema.table" (the plugin quotes it)
    std::vector<ColumnInfo> columns; // compared columns in order, with the types ListColumns reported
    // A boolean SQL condition built by core (identifiers quoted through this dialect, values as
    // "@name" binds; the user's --where in parentheses), or empty for the whole table. The plugin
    // embeds it verbatim after WHERE; core rewrites the binds with RewriteBinds afterwards.
    std::string filter;
    bool empty_string_is_null = false;  // set when either side treats '' as NULL (Oracle family)
    int timestamp_precision = 6;        // 0..6
};

}  // namespace dbbridge::sdk
