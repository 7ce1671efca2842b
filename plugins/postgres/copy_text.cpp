#include "copy_text.h"

#include <cstring>

namespace dbbridge::postgres {

namespace {

int HexValue(char c) {
    if (c >= '0' && c <= '9') {
        return c - '0';
    }
    if (c >= 'a' && c <= 'f') {
        return c - 'a' + 10;
    }
    if (c >= 'A' && c <= 'F') {
        return c - 'A' + 10;
    }
    return -1;
}

bool NeedsEscape(unsigned char c) { return c == '\\' || c == '\t' || c == '\n' || c == '\r'; }

}  // namespace

void AppendCopyEscaped(std::string& out, const char* p, std::size_t n) {
    std::size_t run = 0;
    for (std::size_t i = 0; i < n; ++i) {
        unsigned char c = static_cast<unsigned char>(p[i]);
        if (!NeedsEscape(c)) {
            continue;
        }
        out.append(p + run, i - run);
        out += '\\';
        out += c == '\\' ? '\\' : c == '\t' ? 't' : c == '\n' ? 'n' : 'r';
        run = i + 1;
    }
    out.append(p + run, n - run);
}

sdk::Status CopyLineParser::Parse(const char* line, std::size_t n, std::size_t expected_fields) {
    if (n > 0 && line[n - 1] == '\n') {
        --n;
    }
    fields_.clear();
    scratch_.clear();
    // Decoded text is never longer than its escaped form, so views into scratch_ stay valid.
    if (scratch_.capacity() < n) {
        scratch_.reserve(n);
    }
    const char* end = line + n;
    const char* p = line;
    for (;;) {
        const char* tab = static_cast<const char*>(std::memchr(p, '\t', static_cast<std::size_t>(end - p)));
        const char* field_end = tab ? tab : end;
        std::size_t len = static_cast<std::size_t>(field_end - p);
        Field f;
        if (len == 2 && p[0] == '\\' && p[1] == 'N') {
            f.null = true;
        } else if (std::memchr(p, '\\', len) == nullptr) {
            f.data = p;
            f.size = len;
        } else {
            std::size_t start = scratch_.size();
            for (const char* q = p; q < field_end; ++q) {
                if (*q != '\\' || q + 1 >= field_end) {
                    scratch_ += *q;
                    continue;
                }
                char e = *++q;
                switch (e) {
                    case 'b':
                        scratch_ += '\b';
                        break;
                    case 'f':
                        scratch_ += '\f';
                        break;
                    case 'n':
                        scratch_ += '\n';
                        break;
                    case 'r':
                        scratch_ += '\r';
                        break;
                    case 't':
                        scratch_ += '\t';
                        break;
                    case 'v':
                        scratch_ += '\v';
                        break;
                    case 'x': {
                        int v = 0;
                        int digits = 0;
                        while (digits < 2 && q + 1 < field_end && HexValue(q[1]) >= 0) {
                            v = v * 16 + HexValue(*++q);
                            ++digits;
                        }
                        scratch_ += digits ? static_cast<char>(v) : 'x';
                        break;
                    }
                    default:
                        if (e >= '0' && e <= '7') {
                            int v = e - '0';
                            for (int k = 0; k < 2 && q + 1 < field_end && q[1] >= '0' && q[1] <= '7'; ++k) {
                                v = v * 8 + (*++q - '0');
                            }
                            scratch_ += static_cast<char>(v);
                        } else {
                            scratch_ += e;  // "\\" and any other escaped character stand for themselves
                        }
                }
            }
            f.data = scratch_.data() + start;
            f.size = scratch_.size() - start;
        }
        fields_.push_back(f);
        if (!tab) {
            break;
        }
        p = tab + 1;
    }
    if (fields_.size() != expected_fields) {
        return sdk::Status::Internal("COPY row has " + std::to_string(fields_.size()) + " fields, expected " +
                                     std::to_string(expected_fields));
    }
    return sdk::Status::Ok();
}

}  // namespace dbbridge::postgres
