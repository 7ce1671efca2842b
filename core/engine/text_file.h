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
    // encoding: an iconv name from ResolveEncoding; "" reads the bytes as they are (UTF-8).
    static sdk::Result<std::unique_ptr<TextFileInput>> Open(const std::string& path, bool gzip,
                                                             const std::string& encoding = "");

    // Next CSV record: fields split at delimiter; "..." quoting with "" escapes, quoted fields may
    // hold delimiters and line breaks. quoted[i] tells whether field i was quoted.
    // Returns false at end of file. Error names the file and line.
    sdk::Result<bool> NextRecord(char delimiter, std::vector<std::string>& fields, std::vector<bool>& quoted);
    std::int64_t line() const { return line_; }

private:
    int Get();  // next byte or -1
    bool Fill();
    bool FillDecoded();
    std::size_t ReadRaw(char* dst, std::size_t capacity);
    // The read or decoding error that ended the input early, naming line; Ok at a clean end.
    sdk::Status InputError(std::int64_t line) const;

    std::string path_;
    std::string encoding_;
    void* decoder_ = nullptr;  // iconv_t to UTF-8; null for UTF-8 input
    std::vector<char> raw_;    // undecoded bytes, an incomplete multi-byte character at the front
    std::size_t raw_len_ = 0;
    std::int64_t raw_offset_ = 0;  // file offset of raw_[0]
    bool raw_eof_ = false;
    int decode_error_ = 0;         // EILSEQ: invalid sequence; EINVAL: file ends inside a character
    std::string bad_bytes_;
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

// Maps an encoding name as DataX users write it (UTF-8, utf8, GBK, GB18030, BIG5, ISO-8859-1,
// UTF-16, ...) to an iconv name; "" for UTF-8, which needs no conversion. Error: unknown name.
sdk::Result<std::string> ResolveEncoding(const std::string& name);

// Converts UTF-8 text to another encoding. One object per task (iconv state is not shared).
class TextEncoder {
public:
    ~TextEncoder();
    static sdk::Result<std::unique_ptr<TextEncoder>> Open(const std::string& encoding);
    // Appends utf8 converted to out. Returns npos, or the byte offset in utf8 of the first character
    // the target cannot represent (out is then left as it was).
    std::size_t Append(const std::string& utf8, std::string& out);
    const std::string& encoding() const { return encoding_; }

private:
    std::string encoding_;
    void* cd_ = nullptr;
};

// "U+1F600 '😀'" for the UTF-8 character at offset of text; used in dirty-record reasons.
std::string DescribeCharAt(const std::string& text, std::size_t offset);

// Appends field to line, quoted when it holds the delimiter, a quote or a line break, or when
// force_quote is set (used for a text that equals the null marker).
void AppendCsvField(std::string& line, const std::string& field, char delimiter, bool force_quote);

}  // namespace dbbridge::core::engine
