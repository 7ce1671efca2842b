#include "pg_names.h"

#include <cctype>

namespace dbbridge::postgres {

namespace {

bool IsSpace(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }

sdk::Status CheckPart(const std::string& name, const std::string& part) {
    if (part.empty()) {
        return sdk::Status::InvalidArgument("empty name part in identifier '" + name + "'");
    }
    if (part.size() > kMaxIdentifierBytes) {
        return sdk::Status::InvalidArgument("identifier '" + part + "' is longer than " +
                                            std::to_string(kMaxIdentifierBytes) + " bytes");
    }
    for (unsigned char c : part) {
        if (c < 0x20 || c == 0x7f) {
            return sdk::Status::InvalidArgument("identifier '" + name + "' contains a control character");
        }
    }
    return sdk::Status::Ok();
}

}  // namespace

sdk::Result<std::vector<std::string>> FoldName(const std::string& name, std::size_t max_parts) {
    std::vector<std::string> parts;
    std::size_t i = 0;
    const std::size_t n = name.size();
    for (;;) {
        while (i < n && IsSpace(name[i])) {
            ++i;
        }
        std::string part;
        if (i < n && name[i] == '"') {
            std::size_t j = i + 1;
            for (;;) {
                if (j >= n) {
                    return sdk::Status::InvalidArgument("unterminated quoted identifier in '" + name + "'");
                }
                if (name[j] == '"') {
                    if (j + 1 < n && name[j + 1] == '"') {
                        part += '"';
                        j += 2;
                        continue;
                    }
                    break;
                }
                part += name[j++];
            }
            i = j + 1;
            while (i < n && IsSpace(name[i])) {
                ++i;
            }
            if (i < n && name[i] != '.') {
                return sdk::Status::InvalidArgument("unexpected text after quoted identifier in '" + name + "'");
            }
        } else {
            while (i < n && name[i] != '.' && name[i] != '"') {
                part += static_cast<char>(std::tolower(static_cast<unsigned char>(name[i])));
                ++i;
            }
            if (i < n && name[i] == '"') {
                return sdk::Status::InvalidArgument("misplaced quote in identifier '" + name + "'");
            }
            while (!part.empty() && IsSpace(part.back())) {
                part.pop_back();
            }
        }
        DBB_RETURN_IF_ERROR(CheckPart(name, part));
        parts.push_back(std::move(part));
        if (i >= n) {
            break;
        }
        ++i;  // the dot
    }
    if (parts.size() > max_parts) {
        return sdk::Status::InvalidArgument("too many name parts in '" + name + "' (at most " +
                                            std::to_string(max_parts) + ")");
    }
    return parts;
}

std::string QuoteIdent(const std::string& folded) {
    std::string out;
    out.reserve(folded.size() + 2);
    out += '"';
    for (char c : folded) {
        out += c;
        if (c == '"') {
            out += '"';
        }
    }
    out += '"';
    return out;
}

sdk::Result<std::string> QuoteFoldedName(const std::string& name, std::size_t max_parts) {
    DBB_ASSIGN_OR_RETURN(auto parts, FoldName(name, max_parts));
    std::string out;
    for (const auto& p : parts) {
        if (!out.empty()) {
            out += '.';
        }
        out += QuoteIdent(p);
    }
    return out;
}

bool IsPlainQualifiedName(const std::string& name) {
    bool start = true;
    for (unsigned char c : name) {
        if (start) {
            if (!(std::isalpha(c) || c == '_')) {
                return false;
            }
            start = false;
        } else if (c == '.') {
            start = true;
        } else if (!(std::isalnum(c) || c == '_' || c == '$')) {
            return false;
        }
    }
    return !start;
}

}  // namespace dbbridge::postgres
