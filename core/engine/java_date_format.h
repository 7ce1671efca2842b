#pragma once
// Formats dates with a java.text.SimpleDateFormat pattern, as txtfilewriter's "dateFormat" does
// (UnstructuredStorageWriterUtil#doWriteToStream: new SimpleDateFormat(dateFormat).format(date)).
// Supported letters: y M d H h k K m s S a E, quoted literals ('T', '' for a quote); any other
// letter is refused when the pattern is compiled, so a job never writes half-formatted dates.
// Immutable after Compile; thread-safe.

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

}  // namespace dbbridge::core::engine
