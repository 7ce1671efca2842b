#include "core/engine/job_params.h"

#include <algorithm>
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
        if (eq == 0 || item.empty()) {
            return Status::InvalidArgument("-p: expected -Dname=value, got \"" + raw_start + "\"");
        }
        if (eq == std::string::npos) {
            eq = item.size();  // "-Dname": the JVM sets it to "", i.e. undefined for substitution
        }
        std::string name = item.substr(0, eq);
        for (char c : name) {
            if (!IsWordChar(c) && c != '.' && c != '-') {
                return Status::InvalidArgument("-p: invalid parameter name \"" + name + "\"");
            }
        }
        out[name] = eq < item.size() ? item.substr(eq + 1) : std::string();
    }
    return out;
}

namespace {
bool IsBlank(const std::string& s) {
    for (char c : s) {
        if (!std::isspace(static_cast<unsigned char>(c))) {
            return false;
        }
    }
    return true;
}
}  // namespace

std::string SubstituteJobParams(const std::string& text, const JobParams& params,
                                std::vector<std::string>* unresolved) {
    std::string out;
    out.reserve(text.size());
    std::size_t i = 0;
    while (i < text.size()) {
        if (text[i] != '$') {
            out += text[i++];
            continue;
        }
        // (\$)\{?(\w+)\}? : the brace is optional on each side, independently.
        std::size_t j = i + 1;
        if (j < text.size() && text[j] == '{') {
            ++j;
        }
        std::size_t name_begin = j;
        while (j < text.size() && IsWordChar(text[j])) {
            ++j;
        }
        if (j == name_begin) {
            out += text[i++];
            continue;
        }
        std::string name = text.substr(name_begin, j - name_begin);
        if (j < text.size() && text[j] == '}') {
            ++j;
        }
        std::string match = text.substr(i, j - i);
        auto it = params.find(name);
        if (it != params.end() && !IsBlank(it->second)) {
            out += it->second;
        } else {
            out += match;
            if (unresolved && std::find(unresolved->begin(), unresolved->end(), match) == unresolved->end()) {
                unresolved->push_back(match);
            }
        }
        i = j;
    }
    return out;
}

}  // namespace dbbridge::core::engine
