#pragma once
// Formats dates with a java.text.SimpleDateFormat pattern, as txtfilewriter's "dateFormat" does
// (UnstructuredStorageWriterUtil#doWriteToStream: new SimpleDateFormat(dateFormat).format(date)).
// Supported letters: y M d H h k K m s S a E, quoted literals ('T', '' for a quote); any other
// letter is refused when the pattern is compiled, so a job never writes half-formatted dates.
// Immutable after Compile; thread-safe.

#include <optional>
#include <string>
#include <vector>

#include "dbbridge/sdk/status.h"
#include "dbbridge/sdk/types.h"

namespace dbbridge::core::engine {

class JavaDateFormat {
public:
    static sdk::Result<JavaDateFormat> Compile(const std::string& pattern);
    // value: kDate (time 00:00:00), kTime (date 1970-01-01) or kTimestamp text.
    std::string Format(const sdk::Value& value) const;

private:
    struct Part {
        char letter = 0;  // 0: literal
        int width = 0;
        std::string literal;
    };
    std::vector<Part> parts_;
};

// common.column.datetimeFormat / dateFormat / timeFormat (core.json, or the job file, whose keys
// win: ConfigParser#parse merges core.json under the job): how a date column prints as text where
// no plugin format applies (ColumnCast's DateCast.asString). Unset: DataX's defaults
// yyyy-MM-dd HH:mm:ss, yyyy-MM-dd, HH:mm:ss.
struct ColumnDateFormats {
    std::optional<JavaDateFormat> datetime;
    std::optional<JavaDateFormat> date;
    std::optional<JavaDateFormat> time;
    // StringCast.asDate's patterns for text read into a date column without a format of its own:
    // datetime, date, time (each the key's or DataX's default), then common.column.extraFormats.
    // Empty when none of those keys is set: the readers' default patterns apply.
    std::vector<std::string> parse_patterns;

    // value: kDate, kTime or kTimestamp.
    std::string Format(const sdk::Value& value) const;
};

}  // namespace dbbridge::core::engine
