#pragma once
// PostgreSQL COPY text format: escaping values for COPY FROM STDIN and splitting COPY TO STDOUT
// lines into fields. Tab-separated, "\N" is NULL, backslash escapes as the server documents.

#include <cstddef>
#include <string>
#include <vector>

#include "dbbridge/sdk/status.h"

namespace dbbridge::postgres {

// Appends p[0..n) escaped for a COPY text field (backslash, tab, newline, carriage return).
void AppendCopyEscaped(std::string& out, const char* p, std::size_t n);

// Splits COPY text lines into fields. Fields without escapes point into the line (no copy);
// escaped ones are decoded into an internal buffer. Views stay valid until the next Parse().
class CopyLineParser {
public:
    struct Field {
        const char* data = nullptr;
        std::size_t size = 0;
        bool null = false;
    };

    // Parses one line (a trailing '\n' is ignored). Fails when the field count is not expected.
    sdk::Status Parse(const char* line, std::size_t n, std::size_t expected_fields);
    const std::vector<Field>& fields() const { return fields_; }

private:
    std::vector<Field> fields_;
    std::string scratch_;
};

}  // namespace dbbridge::postgres
