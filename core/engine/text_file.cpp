#include "core/engine/text_file.h"

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
}

TextFileInput::~TextFileInput() {
    if (file_) {
        std::fclose(file_);
    }
#ifdef DBB_HAVE_ZLIB
    if (gz_) {
        gzclose(static_cast<gzFile>(gz_));
    }
#endif
}

Result<std::unique_ptr<TextFileInput>> TextFileInput::Open(const std::string& path, bool gzip) {
    auto in = std::unique_ptr<TextFileInput>(new TextFileInput());
    in->path_ = path;
    in->buf_.resize(kBufferSize);
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

bool TextFileInput::Fill() {
    if (eof_) {
        return false;
    }
    std::size_t n = 0;
    if (file_) {
        n = std::fread(buf_.data(), 1, buf_.size(), file_);
        if (n == 0 && std::ferror(file_)) {
            error_ = errno ? errno : EIO;
        }
    }
#ifdef DBB_HAVE_ZLIB
    if (gz_) {
        int r = gzread(static_cast<gzFile>(gz_), buf_.data(), static_cast<unsigned>(buf_.size()));
        if (r < 0) {
            error_ = EIO;
            r = 0;
        }
        n = static_cast<std::size_t>(r);
    }
#endif
    pos_ = 0;
    len_ = n;
    if (n == 0) {
        eof_ = true;
        return false;
    }
    return true;
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
        if (error_) {
            return Status::Internal("cannot read " + path_ + ": " + std::strerror(error_));
        }
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
