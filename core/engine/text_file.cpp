#include "core/engine/text_file.h"

#include <iconv.h>

#include <algorithm>
#include <cerrno>
#include <cstring>


namespace dbbridge::core::engine {

using sdk::Result;
using sdk::Status;

namespace {
constexpr std::size_t kBufferSize = 1 << 16;
const iconv_t kNoIconv = reinterpret_cast<iconv_t>(-1);

std::string Hex(const char* p, std::size_t n) {
    static const char* kDigits = "0123456789ABCDEF";
    std::string out;
    for (std::size_t i = 0; i < n; ++i) {
        auto b = static_cast<unsigned char>(p[i]);
        if (i > 0) {
            out += ' ';
        }
        out += kDigits[b >> 4];
        out += kDigits[b & 15];
    }
    return out;
}
}  // namespace

TextFileInput::~TextFileInput() {
    if (decoder_) {
        iconv_close(static_cast<iconv_t>(decoder_));
    }
}

Result<std::unique_ptr<TextFileInput>> TextFileInput::Open(const std::string& path, Compression compression,
                                                           const std::string& encoding) {
    auto in = std::unique_ptr<TextFileInput>(new TextFileInput());
    in->path_ = path;
    in->buf_.resize(kBufferSize);
    if (!encoding.empty()) {
        iconv_t cd = iconv_open("UTF-8", encoding.c_str());
        if (cd == kNoIconv) {
            return Status::InvalidArgument("cannot decode " + encoding + ": " + std::strerror(errno));
        }
        in->decoder_ = cd;
        in->encoding_ = encoding;
        in->raw_.resize(kBufferSize);
        in->buf_.resize(4 * kBufferSize);  // room for the UTF-8 of a full raw buffer
    }
    DBB_ASSIGN_OR_RETURN(auto source, OpenByteSource(path, compression));
    in->source_ = std::move(source);
    return in;
}

std::size_t TextFileInput::ReadRaw(char* dst, std::size_t capacity) {
    if (!read_error_.empty()) {
        return 0;
    }
    auto n = source_->Read(dst, capacity);
    if (!n.ok()) {
        read_error_ = n.status().message();
        return 0;
    }
    return n.value();
}

bool TextFileInput::Fill() {
    if (eof_) {
        return false;
    }
    if (decoder_) {
        return FillDecoded();
    }
    std::size_t n = ReadRaw(buf_.data(), buf_.size());
    pos_ = 0;
    len_ = n;
    if (n == 0) {
        eof_ = true;
        return false;
    }
    return true;
}

// Decodes raw_ into buf_; a multi-byte character cut by the end of a read stays in raw_ and is
// completed by the next read.
bool TextFileInput::FillDecoded() {
    pos_ = 0;
    len_ = 0;
    while (true) {
        if (raw_len_ > 0) {
            char* in = raw_.data();
            std::size_t in_left = raw_len_;
            char* out = buf_.data();
            std::size_t out_left = buf_.size();
            std::size_t r = iconv(static_cast<iconv_t>(decoder_), &in, &in_left, &out, &out_left);
            int err = r == static_cast<std::size_t>(-1) ? errno : 0;
            raw_offset_ += static_cast<std::int64_t>(raw_len_ - in_left);
            std::memmove(raw_.data(), in, in_left);
            raw_len_ = in_left;
            len_ = buf_.size() - out_left;
            if (err == EILSEQ) {
                decode_error_ = EILSEQ;
                bad_bytes_ = Hex(raw_.data(), std::min<std::size_t>(raw_len_, 4));
                eof_ = true;  // deliver what decoded, then stop
                return len_ > 0;
            }
            if (len_ > 0) {
                return true;
            }
        }
        if (raw_eof_) {
            if (raw_len_ > 0) {
                decode_error_ = EINVAL;
                bad_bytes_ = Hex(raw_.data(), std::min<std::size_t>(raw_len_, 4));
            }
            eof_ = true;
            return false;
        }
        std::size_t n = ReadRaw(raw_.data() + raw_len_, raw_.size() - raw_len_);
        if (n == 0) {
            raw_eof_ = true;
        }
        raw_len_ += n;
    }
}

Status TextFileInput::InputError(std::int64_t line) const {
    if (!read_error_.empty()) {
        return Status::Internal(read_error_ + " (line " + std::to_string(line) + ")");
    }
    if (decode_error_) {
        std::string what = decode_error_ == EILSEQ ? "bytes " + bad_bytes_ + " are not valid " + encoding_
                                                   : "the file ends inside a " + encoding_ + " character (bytes " +
                                                         bad_bytes_ + ")";
        return Status::InvalidArgument(path_ + " line " + std::to_string(line) + ", byte offset " +
                                       std::to_string(raw_offset_) + ": " + what +
                                       "; check the reader's \"encoding\" parameter");
    }
    return Status::Ok();
}

inline int TextFileInput::Get() {
    if (pos_ >= len_ && !Fill()) {
        return -1;
    }
    return static_cast<unsigned char>(buf_[pos_++]);
}

inline int TextFileInput::Peek() {
    if (pos_ >= len_ && !Fill()) {
        return -1;
    }
    return static_cast<unsigned char>(buf_[pos_]);
}

// javacsv's backslash escapes (ESCAPE_MODE_BACKSLASH); any other escaped character stands for itself.
int TextFileInput::Unescape(int c) {
    switch (c) {
        case 'n': return '\n';
        case 'r': return '\r';
        case 't': return '\t';
        case 'b': return '\b';
        case 'f': return '\f';
        case 'e': return 27;
        case 'v': return 11;
        case 'a': return 7;
        default: return c;
    }
}

namespace {
constexpr std::size_t kSafetyLimit = 100000;  // javacsv's SafetySwitch limit on column length and count

Status SafetyError(const std::string& path, std::int64_t line, const char* what) {
    return Status::InvalidArgument(path + " line " + std::to_string(line) + ": Maximum " + what +
                                   " of 100,000 exceeded. Set csvReaderConfig.safetySwitch to false if you're "
                                   "expecting it (javacsv's SafetySwitch)");
}
}  // namespace

// Reads a quoted field after its opening qualifier, up to and including the closing one.
Result<bool> TextFileInput::ReadQuoted(const CsvReadOptions& o, std::string& field, std::int64_t start_line) {
    const int q = static_cast<unsigned char>(o.text_qualifier);
    while (true) {
        int c = Get();
        if (c < 0) {
            DBB_RETURN_IF_ERROR(InputError(line_));
            return Status::InvalidArgument(path_ + " line " + std::to_string(start_line) +
                                           ": a quoted field is not closed before the end of the file");
        }
        if (o.escape_backslash && c == '\\') {
            c = Get();
            if (c < 0) {
                continue;  // reported as an unclosed field on the next turn
            }
            field += static_cast<char>(Unescape(c));
            continue;
        }
        if (c == q) {
            if (!o.escape_backslash && Peek() == q) {
                Get();
                field += static_cast<char>(q);
                continue;
            }
            return true;
        }
        if (c == '\n') {
            ++line_;
        }
        field += static_cast<char>(c);
        if (o.safety_switch && field.size() > kSafetyLimit) {
            return SafetyError(path_, start_line, "column length");
        }
    }
}

Result<bool> TextFileInput::NextRecord(const CsvReadOptions& o, std::vector<std::string>& fields,
                                       std::vector<bool>& quoted) {
    const int delimiter = static_cast<unsigned char>(o.delimiter);
    auto blank = [&](int ch) { return o.trim_whitespace && ch != delimiter && (ch == ' ' || ch == '\t'); };
    auto end_of_line = [&](int ch) {
        if (ch == '\r' && Peek() == '\n') {
            Get();
        }
    };
    while (true) {
        fields.clear();
        quoted.clear();
        int c = Get();
        if (c < 0) {
            DBB_RETURN_IF_ERROR(InputError(line_ + 1));
            return false;
        }
        ++line_;
        const std::int64_t start_line = line_;
        if (c == '\n' || c == '\r') {
            end_of_line(c);
            if (o.skip_empty_records) {
                continue;
            }
            fields.emplace_back();
            quoted.push_back(false);
            return true;
        }
        if (o.use_comments && c == static_cast<unsigned char>(o.comment)) {
            while (c >= 0 && c != '\n' && c != '\r') {
                c = Get();
            }
            end_of_line(c);
            continue;
        }
        while (true) {
            std::string field;
            bool field_quoted = false;
            while (blank(c)) {
                c = Get();
            }
            if (o.use_text_qualifier && c == static_cast<unsigned char>(o.text_qualifier)) {
                field_quoted = true;
                auto closed = ReadQuoted(o, field, start_line);
                if (!closed.ok()) {
                    return closed.status();
                }
                // javacsv drops whatever follows the closing quote up to the delimiter.
                do {
                    c = Get();
                } while (c >= 0 && c != delimiter && c != '\n' && c != '\r');
            } else {
                while (c >= 0 && c != delimiter && c != '\n' && c != '\r') {
                    if (o.escape_backslash && c == '\\') {
                        c = Get();
                        if (c < 0) {
                            break;
                        }
                        c = Unescape(c);
                    }
                    field += static_cast<char>(c);
                    if (o.safety_switch && field.size() > kSafetyLimit) {
                        return SafetyError(path_, start_line, "column length");
                    }
                    c = Get();
                }
                while (!field.empty() && blank(static_cast<unsigned char>(field.back()))) {
                    field.pop_back();
                }
            }
            fields.push_back(std::move(field));
            quoted.push_back(field_quoted);
            if (o.safety_switch && fields.size() > kSafetyLimit) {
                return SafetyError(path_, start_line, "column count");
            }
            if (c == delimiter) {
                c = Get();
                continue;
            }
            if (c < 0) {
                DBB_RETURN_IF_ERROR(InputError(line_));
            }
            end_of_line(c);
            return true;
        }
    }
}

Result<bool> TextFileInput::SkipLine() {
    int c = Get();
    if (c < 0) {
        DBB_RETURN_IF_ERROR(InputError(line_ + 1));
        return false;
    }
    ++line_;
    while (c >= 0 && c != '\n' && c != '\r') {
        c = Get();
    }
    if (c == '\r' && Peek() == '\n') {
        Get();
    }
    return true;
}

Result<std::unique_ptr<TextFileOutput>> TextFileOutput::Open(const std::string& path, Compression compression,
                                                             bool append) {
    DBB_ASSIGN_OR_RETURN(auto sink, OpenByteSink(path, compression, append));
    auto out = std::unique_ptr<TextFileOutput>(new TextFileOutput());
    out->sink_ = std::move(sink);
    return out;
}

Status TextFileOutput::Write(const std::string& text) {
    return sink_->Write(text.data(), text.size());
}

Status TextFileOutput::Flush() {
    return sink_ ? sink_->Flush() : Status::Ok();
}

Status TextFileOutput::Close() {
    if (!sink_) {
        return Status::Ok();
    }
    Status st = sink_->Close();
    sink_.reset();
    return st;
}

Result<std::string> ResolveEncoding(const std::string& name) {
    std::string upper;
    for (char c : name) {
        if (c != ' ') {
            upper += static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
        }
    }
    if (upper == "UTF-8" || upper == "UTF8") {
        return std::string();
    }
    if (upper == "LATIN1" || upper == "ISO8859-1" || upper == "ISO8859_1") {
        upper = "ISO-8859-1";
    } else if (upper == "UTF16") {
        upper = "UTF-16";
    }
    if (!upper.empty()) {
        iconv_t to = iconv_open("UTF-8", upper.c_str());
        iconv_t from = iconv_open(upper.c_str(), "UTF-8");
        bool known = to != kNoIconv && from != kNoIconv;
        if (to != kNoIconv) {
            iconv_close(to);
        }
        if (from != kNoIconv) {
            iconv_close(from);
        }
        if (known) {
            return upper;
        }
    }
    return Status::InvalidArgument("unknown encoding \"" + name +
                                   "\" (examples: UTF-8, GBK, GB2312, GB18030, BIG5, ISO-8859-1, UTF-16)");
}

TextEncoder::~TextEncoder() {
    if (cd_) {
        iconv_close(static_cast<iconv_t>(cd_));
    }
}

Result<std::unique_ptr<TextEncoder>> TextEncoder::Open(const std::string& encoding) {
    iconv_t cd = iconv_open(encoding.c_str(), "UTF-8");
    if (cd == kNoIconv) {
        return Status::InvalidArgument("cannot encode " + encoding + ": " + std::strerror(errno));
    }
    auto e = std::unique_ptr<TextEncoder>(new TextEncoder());
    e->cd_ = cd;
    e->encoding_ = encoding;
    return e;
}

std::size_t TextEncoder::Append(const std::string& utf8, std::string& out) {
    std::size_t old_size = out.size();
    char* in = const_cast<char*>(utf8.data());
    std::size_t in_left = utf8.size();
    while (in_left > 0) {
        std::size_t at = out.size();
        out.resize(at + in_left * 2 + 16);
        char* dst = &out[at];
        std::size_t out_left = out.size() - at;
        std::size_t r = iconv(static_cast<iconv_t>(cd_), &in, &in_left, &dst, &out_left);
        out.resize(out.size() - out_left);
        if (r == static_cast<std::size_t>(-1) && errno != E2BIG) {
            out.resize(old_size);
            return utf8.size() - in_left;  // EILSEQ: not representable; EINVAL: cut UTF-8
        }
    }
    return std::string::npos;
}

std::string DescribeCharAt(const std::string& text, std::size_t offset) {
    auto b = static_cast<unsigned char>(text[offset]);
    std::size_t n = b >= 0xF0 ? 4 : b >= 0xE0 ? 3 : b >= 0xC0 ? 2 : 1;
    n = std::min(n, text.size() - offset);
    std::uint32_t cp = n == 1 ? b : (b & (0x3F >> (n - 1)));
    for (std::size_t i = 1; i < n; ++i) {
        cp = (cp << 6) | (static_cast<unsigned char>(text[offset + i]) & 0x3F);
    }
    char code[16];
    std::snprintf(code, sizeof code, "U+%04X", static_cast<unsigned>(cp));
    return std::string(code) + " '" + text.substr(offset, n) + "'";
}

}  // namespace dbbridge::core::engine
