#include "core/engine/job_params.h"

#include <cctype>

namespace dbbridge::core::engine {

using sdk::Result;
using sdk::Status;

namespace {
bool IsWordChar(char c) {
    return std::isalnum(static_cast<unsigned char>(c)) || c == '_';
}
}  // namespace

Result<JobParams> ParseJobParams(const std::string& text) {
    JobParams out;
    std::size_t i = 0;
    while (i < text.size()) {
        while (i < text.size() && std::isspace(static_cast<unsigned char>(text[i]))) {
            ++i;
        }
        if (i >= text.size()) {
            break;
        }
        // One item: read up to the next unquoted blank, removing quotes.
        std::string item;
        std::string raw_start = text.substr(i, 40);
        while (i < text.size() && !std::isspace(static_cast<unsigned char>(text[i]))) {
            char c = text[i];
            if (c == '\'' || c == '"') {
                std::size_t close = text.find(c, i + 1);
                if (close == std::string::npos) {
                    return Status::InvalidArgument("-p: unterminated quote in \"" + raw_start + "\"");
                }
                item += text.substr(i + 1, close - i - 1);
                i = close + 1;
                continue;
            }
            item += c;
            ++i;
        }
        if (item.rfind("-D", 0) == 0) {
            item = item.substr(2);
        }
        auto eq = item.find('=');
        if (eq == std::string::npos || eq == 0) {
            return Status::InvalidArgument("-p: expected -Dname=value, got \"" + raw_start + "\"");
        }
        std::string name = item.substr(0, eq);
        for (char c : name) {
            if (!IsWordChar(c) && c != '.' && c != '-') {
                return Status::InvalidArgument("-p: invalid parameter name \"" + name + "\"");
            }
        }
        out[name] = item.substr(eq + 1);
    }
    return out;
}

Result<std::string> SubstituteJobParams(const std::string& text, const JobParams& params) {
    std::string out;
    out.reserve(text.size());
    int line = 1;
    std::size_t i = 0;
    while (i < text.size()) {
        char c = text[i];
        if (c == '\n') {
            ++line;
        }
        if (c != '$' || i + 1 >= text.size()) {
            out += c;
            ++i;
            continue;
        }
        if (text[i + 1] == '{') {
            std::size_t j = i + 2;
            while (j < text.size() && IsWordChar(text[j])) {
                ++j;
            }
            if (j < text.size() && text[j] == '}' && j > i + 2) {
                std::string name = text.substr(i + 2, j - i - 2);
                auto it = params.find(name);
                if (it == params.end()) {
                    return Status::InvalidArgument("job parameter ${" + name + "} (line " + std::to_string(line) +
                                                   ") is not defined; pass it with -p \"-D" + name + "=value\"");
                }
                out += it->second;
                i = j + 1;
                continue;
            }
            out += c;
            ++i;
            continue;
        }
        std::size_t j = i + 1;
        while (j < text.size() && IsWordChar(text[j])) {
            ++j;
        }
        if (j > i + 1) {
            auto it = params.find(text.substr(i + 1, j - i - 1));
            if (it != params.end()) {
                out += it->second;
                i = j;
                continue;
            }
        }
        out += c;
        ++i;
    }
    return out;
}

}  // namespace dbbridge::core::engine
