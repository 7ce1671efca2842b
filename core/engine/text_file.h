#pragma once
// Buffered text input/output over plain or compressed files with character-set conversion, and
// the CSV record reader of txtfilereader. Not thread-safe; one object per task.

#include <cstdio>
#include <memory>
#include <string>
#include <vector>

#include "core/engine/compressed_file.h"
#include "dbbridge/sdk/status.h"

namespace dbbridge::core::engine {

// javacsv CsvReader settings DataX exposes as csvReaderConfig (UnstructuredStorageReaderUtil
// #setCsvReaderConfig). Defaults are javacsv's, with safetySwitch off as DataX sets it when no
// csvReaderConfig is given.
struct CsvReadOptions {
    char delimiter = ',';
    bool trim_whitespace = true;      // blanks and tabs around a field (and before a quote) are dropped
    bool use_text_qualifier = true;
    char text_qualifier = '"';
    bool escape_backslash = false;    // escapeMode 2: \" \\ \n ...; 1 (default): "" inside quotes
    bool skip_empty_records = true;
    bool use_comments = false;
    char comment = '#';
    bool safety_switch = false;       // true: a field over 100,000 characters fails the file
};

class TextFileInput {
public:
    ~TextFileInput();
    // encoding: an iconv name from ResolveEncoding; "" reads the bytes as they are (UTF-8).
    static sdk::Result<std::unique_ptr<TextFileInput>> Open(const std::string& path, Compression compression,
                                                             const std::string& encoding = "");

    // Next record as javacsv's CsvReader splits it: fields at options.delimiter, records at \n,
    // \r\n or \r, quoted fields may hold delimiters and line breaks. quoted[i] tells whether field
    // i was quoted. Returns false at end of file. Error names the file and line.
    sdk::Result<bool> NextRecord(const CsvReadOptions& options, std::vector<std::string>& fields,
                                 std::vector<bool>& quoted);
    // The next line as is, without its line break (skipHeader: DataX reads the header with
    // BufferedReader.readLine before the CSV reader starts). Returns false at end of file.
    sdk::Result<bool> SkipLine();
    std::int64_t line() const { return line_; }

private:
    int Get();  // next byte or -1
    int Peek();
    bool Fill();
    bool FillDecoded();
    std::size_t ReadRaw(char* dst, std::size_t capacity);
    // The read or decoding error that ended the input early, naming line; Ok at a clean end.
    sdk::Status InputError(std::int64_t line) const;
    sdk::Result<bool> ReadQuoted(const CsvReadOptions& o, std::string& field, std::int64_t start_line);
    int Unescape(int c);

    std::string path_;
    std::string encoding_;
    void* decoder_ = nullptr;  // iconv_t to UTF-8; null for UTF-8 input
    std::vector<char> raw_;    // undecoded bytes, an incomplete multi-byte character at the front
    std::size_t raw_len_ = 0;
    std::int64_t raw_offset_ = 0;  // file offset of raw_[0]
    bool raw_eof_ = false;
    int decode_error_ = 0;         // EILSEQ: invalid sequence; EINVAL: file ends inside a character
    std::string bad_bytes_;
    std::unique_ptr<ByteSource> source_;
    std::string read_error_;
    std::vector<char> buf_;
    std::size_t pos_ = 0;
    std::size_t len_ = 0;
    bool eof_ = false;
    std::int64_t line_ = 0;
};

class TextFileOutput {
public:
    static sdk::Result<std::unique_ptr<TextFileOutput>> Open(const std::string& path, Compression compression,
                                                              bool append);
    sdk::Status Write(const std::string& text);
    sdk::Status Flush();
    sdk::Status Close();

private:
    std::unique_ptr<ByteSink> sink_;
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

}  // namespace dbbridge::core::engine
