#pragma once
// Buffered byte input/output over a plain or gzip-compressed file, and CSV field handling for
// txtfilereader / txtfilewriter. Not thread-safe; one object per task.

#include <cstdio>
#include <memory>
#include <string>
#include <vector>

#include "dbbridge/sdk/status.h"

namespace dbbridge::core::engine {

class TextFileInput {
public:
    ~TextFileInput();
    // gzip: the file is gzip-compressed (plain files are also read transparently through zlib).
    static sdk::Result<std::unique_ptr<TextFileInput>> Open(const std::string& path, bool gzip);

    // Next CSV record: fields split at delimiter; "..." quoting with "" escapes, quoted fields may
    // hold delimiters and line breaks. quoted[i] tells whether field i was quoted.
    // Returns false at end of file. Error names the file and line.
    sdk::Result<bool> NextRecord(char delimiter, std::vector<std::string>& fields, std::vector<bool>& quoted);
    std::int64_t line() const { return line_; }

private:
    int Get();  // next byte or -1
    bool Fill();

    std::string path_;
    std::FILE* file_ = nullptr;
    void* gz_ = nullptr;
    std::vector<char> buf_;
    std::size_t pos_ = 0;
    std::size_t len_ = 0;
    bool eof_ = false;
    int error_ = 0;
    std::int64_t line_ = 0;
};

class TextFileOutput {
public:
    ~TextFileOutput();
    static sdk::Result<std::unique_ptr<TextFileOutput>> Open(const std::string& path, bool gzip, bool append);
    sdk::Status Write(const std::string& text);
    sdk::Status Flush();
    sdk::Status Close();

private:
    std::string path_;
    std::FILE* file_ = nullptr;
    void* gz_ = nullptr;
};

// Appends field to line, quoted when it holds the delimiter, a quote or a line break, or when
// force_quote is set (used for a text that equals the null marker).
void AppendCsvField(std::string& line, const std::string& field, char delimiter, bool force_quote);

}  // namespace dbbridge::core::engine
