#include "core/engine/text_file.h"

#include <iconv.h>

#include <algorithm>
#include <cerrno>
#include <cstring>

#ifdef DBB_HAVE_ZLIB
#include <zlib.h>
#endif

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
    if (file_) {
        std::fclose(file_);
    }
#ifdef DBB_HAVE_ZLIB
    if (gz_) {
        gzclose(static_cast<gzFile>(gz_));
    }
#endif
}

Result<std::unique_ptr<TextFileInput>> TextFileInput::Open(const std::string& path, bool gzip,
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
    if (gzip) {
#ifdef DBB_HAVE_ZLIB
        in->gz_ = gzopen(path.c_str(), "rb");
        if (!in->gz_) {
            return Status::NotFound("cannot open " + path + ": " + std::strerror(errno));
        }
        gzbuffer(static_cast<gzFile>(in->gz_), kBufferSize);
        return in;
#else
        return Status::Unimplemented("compress \"gzip\" needs zlib, which this build does not have");
#endif
    }
    in->file_ = std::fopen(path.c_str(), "rb");
    if (!in->file_) {
        return Status::NotFound("cannot open " + path + ": " + std::strerror(errno));
    }
    return in;
}

std::size_t TextFileInput::ReadRaw(char* dst, std::size_t capacity) {
    std::size_t n = 0;
    if (file_) {
        n = std::fread(dst, 1, capacity, file_);
        if (n == 0 && std::ferror(file_)) {
            error_ = errno ? errno : EIO;
        }
    }
#ifdef DBB_HAVE_ZLIB
    if (gz_) {
        int r = gzread(static_cast<gzFile>(gz_), dst, static_cast<unsigned>(capacity));
        if (r < 0) {
            error_ = EIO;
            r = 0;
        }
        n = static_cast<std::size_t>(r);
    }
#endif
    return n;
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
    if (error_) {
        return Status::Internal("cannot read " + path_ + ": " + std::strerror(error_));
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

Result<bool> TextFileInput::NextRecord(char delimiter, std::vector<std::string>& fields, std::vector<bool>& quoted) {
    fields.clear();
    quoted.clear();
    int c = Get();
    if (c < 0) {
        DBB_RETURN_IF_ERROR(InputError(line_ + 1));
        return false;
    }
    ++line_;
    std::int64_t start_line = line_;
    std::string field;
    bool field_quoted = false;
    while (true) {
        if (c == '"' && field.empty() && !field_quoted) {
            field_quoted = true;
            // quoted field: read to the closing quote
            while (true) {
                c = Get();
                if (c < 0) {
                    DBB_RETURN_IF_ERROR(InputError(line_));
                    return Status::InvalidArgument(path_ + " line " + std::to_string(start_line) +
                                                   ": a quoted field is not closed before the end of the file");
                }
                if (c == '"') {
                    int next = Get();
                    if (next == '"') {
                        field += '"';
                        continue;
                    }
                    c = next;
                    break;
                }
                if (c == '\n') {
                    ++line_;
                }
                field += static_cast<char>(c);
            }
            continue;  // c holds the byte after the closing quote
        }
        if (c < 0 || c == '\n') {
            if (c < 0) {
                DBB_RETURN_IF_ERROR(InputError(line_));
            }
            if (!field.empty() && field.back() == '\r' && !field_quoted) {
                field.pop_back();
            }
            fields.push_back(std::move(field));
            quoted.push_back(field_quoted);
            return true;
        }
        if (c == '\r' && field_quoted) {
            int next = Get();
            if (next == '\n' || next < 0) {
                c = next;
                continue;
            }
            field += '\r';
            c = next;
            continue;
        }
        if (c == static_cast<unsigned char>(delimiter)) {
            fields.push_back(std::move(field));
            quoted.push_back(field_quoted);
            field.clear();
            field_quoted = false;
            c = Get();
            continue;
        }
        field += static_cast<char>(c);
        c = Get();
    }
}

TextFileOutput::~TextFileOutput() {
    Close();
}

Result<std::unique_ptr<TextFileOutput>> TextFileOutput::Open(const std::string& path, bool gzip, bool append) {
    auto out = std::unique_ptr<TextFileOutput>(new TextFileOutput());
    out->path_ = path;
    if (gzip) {
#ifdef DBB_HAVE_ZLIB
        out->gz_ = gzopen(path.c_str(), append ? "ab" : "wb");
        if (!out->gz_) {
            return Status::InvalidArgument("cannot create " + path + ": " + std::strerror(errno));
        }
        gzbuffer(static_cast<gzFile>(out->gz_), kBufferSize);
        return out;
#else
        return Status::Unimplemented("compress \"gzip\" needs zlib, which this build does not have");
#endif
    }
    out->file_ = std::fopen(path.c_str(), append ? "ab" : "wb");
    if (!out->file_) {
        return Status::InvalidArgument("cannot create " + path + ": " + std::strerror(errno));
    }
    return out;
}

Status TextFileOutput::Write(const std::string& text) {
    if (file_) {
        if (std::fwrite(text.data(), 1, text.size(), file_) != text.size()) {
            return Status::Internal("cannot write " + path_ + ": " + std::strerror(errno));
        }
        return Status::Ok();
    }
#ifdef DBB_HAVE_ZLIB
    if (gz_ && !text.empty()) {
        if (gzwrite(static_cast<gzFile>(gz_), text.data(), static_cast<unsigned>(text.size())) == 0) {
            return Status::Internal("cannot write " + path_);
        }
    }
#endif
    return Status::Ok();
}

Status TextFileOutput::Flush() {
    if (file_ && std::fflush(file_) != 0) {
        return Status::Internal("cannot write " + path_ + ": " + std::strerror(errno));
    }
    return Status::Ok();
}

Status TextFileOutput::Close() {
    Status st;
    if (file_) {
        if (std::fclose(file_) != 0) {
            st = Status::Internal("cannot write " + path_ + ": " + std::strerror(errno));
        }
        file_ = nullptr;
    }
#ifdef DBB_HAVE_ZLIB
    if (gz_) {
        if (gzclose(static_cast<gzFile>(gz_)) != Z_OK) {
            st = Status::Internal("cannot write " + path_);
        }
        gz_ = nullptr;
    }
#endif
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

void AppendCsvField(std::string& line, const std::string& field, char delimiter, bool force_quote) {
    bool quote = force_quote || (!field.empty() && field.front() == '"');
    if (!quote) {
        for (char c : field) {
            if (c == delimiter || c == '"' || c == '\n' || c == '\r') {
                quote = true;
                break;
            }
        }
    }
    if (!quote) {
        line += field;
        return;
    }
    line += '"';
    for (char c : field) {
        if (c == '"') {
            line += '"';
        }
        line += c;
    }
    line += '"';
}

}  // namespace dbbridge::core::engine
