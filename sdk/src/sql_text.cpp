#include "dbbridge/sdk/util/sql_text.h"

#include <cctype>

namespace dbbridge::sdk::util {

namespace {

bool IsIdentStart(unsigned char c) { return std::isalpha(c) || c == '_' || c >= 0x80; }
bool IsIdentChar(unsigned char c) { return std::isalnum(c) || c == '_' || c == '$' || c == '#' || c >= 0x80; }

std::string Placeholder(PlaceholderStyle style, std::size_t n) {
    switch (style) {
        case PlaceholderStyle::kQuestion: return "?";
        case PlaceholderStyle::kDollarNumber: return "$" + std::to_string(n);
        case PlaceholderStyle::kColonNumber: return ":" + std::to_string(n);
    }
    return "?";
}

// Copies a quoted run starting at i (sql[i] == quote) and returns the index after it,
// or npos when unterminated. Doubled quotes stay inside the run.
std::size_t SkipQuoted(const std::string& sql, std::size_t i, char quote, bool backslash) {
    for (std::size_t j = i + 1; j < sql.size(); ++j) {
        if (backslash && sql[j] == '\\') {
            ++j;
            continue;
        }
        if (sql[j] == quote) {
            if (j + 1 < sql.size() && sql[j + 1] == quote) {
                ++j;
                continue;
            }
            return j + 1;
        }
    }
    return std::string::npos;
}

// Oracle alternative quoting q'[...]': returns the index after the closing delimiter or npos.
std::size_t SkipQQuote(const std::string& sql, std::size_t i) {
    // sql[i] is q/Q, sql[i+1] is '\'', sql[i+2] the opening delimiter.
    char open = sql[i + 2];
    char close = open == '[' ? ']' : open == '(' ? ')' : open == '{' ? '}' : open == '<' ? '>' : open;
    for (std::size_t j = i + 3; j + 1 < sql.size(); ++j) {
        if (sql[j] == close && sql[j + 1] == '\'') {
            return j + 2;
        }
    }
    return std::string::npos;
}

}  // namespace

Result<std::string> RewriteNamedBinds(const std::string& sql, PlaceholderStyle style, const SqlLexOptions& lex,
                                      std::vector<std::string>& order) {
    order.clear();
    std::string out;
    out.reserve(sql.size() + 16);
    std::size_t i = 0;
    const std::size_t n = sql.size();
    auto unterminated = [&](const char* what, std::size_t at) {
        return Status::InvalidArgument(std::string("unterminated ") + what + " starting at offset " +
                                       std::to_string(at));
    };
    while (i < n) {
        char c = sql[i];
        std::size_t end = std::string::npos;
        if ((c == 'q' || c == 'Q') && i + 2 < n && sql[i + 1] == '\'' &&
            (i == 0 || !IsIdentChar(static_cast<unsigned char>(sql[i - 1])))) {
            end = SkipQQuote(sql, i);
            if (end == std::string::npos) {
                return unterminated("q-quoted literal", i);
            }
        } else if (c == '\'') {
            end = SkipQuoted(sql, i, '\'', lex.backslash_escapes);
            if (end == std::string::npos) {
                return unterminated("string literal", i);
            }
        } else if (c == '"') {
            end = SkipQuoted(sql, i, '"', lex.backslash_escapes);
            if (end == std::string::npos) {
                return unterminated("quoted identifier", i);
            }
        } else if (c == '`' && lex.backtick_identifiers) {
            end = SkipQuoted(sql, i, '`', false);
            if (end == std::string::npos) {
                return unterminated("quoted identifier", i);
            }
        } else if (c == '-' && i + 1 < n && sql[i + 1] == '-') {
            end = sql.find('\n', i);
            end = end == std::string::npos ? n : end + 1;
        } else if (c == '#' && lex.backtick_identifiers) {  // MySQL '#' comment
            end = sql.find('\n', i);
            end = end == std::string::npos ? n : end + 1;
        } else if (c == '/' && i + 1 < n && sql[i + 1] == '*') {
            std::size_t close = sql.find("*/", i + 2);
            if (close == std::string::npos) {
                return unterminated("comment", i);
            }
            end = close + 2;
        } else if (c == '$' && lex.dollar_quotes && (i == 0 || !IsIdentChar(static_cast<unsigned char>(sql[i - 1])))) {
            std::size_t tag_end = i + 1;
            while (tag_end < n && IsIdentChar(static_cast<unsigned char>(sql[tag_end])) && sql[tag_end] != '$') {
                ++tag_end;
            }
            if (tag_end < n && sql[tag_end] == '$' &&
                (tag_end == i + 1 || !std::isdigit(static_cast<unsigned char>(sql[i + 1])))) {
                std::string tag = sql.substr(i, tag_end - i + 1);
                std::size_t close = sql.find(tag, tag_end + 1);
                if (close == std::string::npos) {
                    return unterminated("dollar-quoted literal", i);
                }
                end = close + tag.size();
            }
        } else if (c == '@' && i + 1 < n && sql[i + 1] == '@') {
            // System variable: copy "@@name" untouched.
            end = i + 2;
            while (end < n && IsIdentChar(static_cast<unsigned char>(sql[end]))) {
                ++end;
            }
        } else if (c == '@' && i + 1 < n && IsIdentStart(static_cast<unsigned char>(sql[i + 1]))) {
            std::size_t j = i + 1;
            while (j < n && IsIdentChar(static_cast<unsigned char>(sql[j]))) {
                ++j;
            }
            order.push_back(sql.substr(i + 1, j - i - 1));
            out += Placeholder(style, order.size());
            i = j;
            continue;
        }
        if (end != std::string::npos) {
            out.append(sql, i, end - i);
            i = end;
            continue;
        }
        out += c;
        ++i;
    }
    return out;
}

Result<std::vector<std::string>> SplitQualifiedName(const std::string& name, char quote) {
    std::vector<std::string> parts;
    std::string cur;
    std::size_t i = 0;
    if (name.empty()) {
        return Status::InvalidArgument("identifier is empty");
    }
    bool part_start = true;
    while (i <= name.size()) {
        // A quote opens a quoted part only at the start of a part; elsewhere it is a character.
        if (i < name.size() && name[i] == quote && part_start) {
            part_start = false;
            std::size_t j = i + 1;
            for (;;) {
                if (j >= name.size()) {
                    return Status::InvalidArgument("unterminated quoted identifier in '" + name + "'");
                }
                if (name[j] == quote) {
                    if (j + 1 < name.size() && name[j + 1] == quote) {
                        cur += quote;
                        j += 2;
                        continue;
                    }
                    break;
                }
                cur += name[j++];
            }
            i = j + 1;
            if (i < name.size() && name[i] != '.') {
                return Status::InvalidArgument("unexpected text after quoted identifier in '" + name + "'");
            }
            continue;
        }
        if (i == name.size() || name[i] == '.') {
            if (cur.empty()) {
                return Status::InvalidArgument("empty name part in '" + name + "'");
            }
            parts.push_back(cur);
            cur.clear();
            part_start = true;
            ++i;
            continue;
        }
        part_start = false;
        cur += name[i++];
    }
    return parts;
}

bool IsPlainIdentifier(const std::string& name) {
    if (name.empty() || !(std::isalpha(static_cast<unsigned char>(name[0])) || name[0] == '_')) {
        return false;
    }
    for (unsigned char c : name) {
        if (!(std::isalnum(c) || c == '_' || c == '$' || c == '#')) {
            return false;
        }
    }
    return true;
}

Result<std::string> QuoteQualifiedName(const std::string& name, char quote, std::size_t max_len) {
    auto parts = SplitQualifiedName(name, quote);
    if (!parts.ok()) {
        return parts.status();
    }
    if (parts->size() > 3) {
        return Status::InvalidArgument("too many name parts in '" + name + "'");
    }
    std::string out;
    for (const auto& part : *parts) {
        if (part.size() > max_len) {
            return Status::InvalidArgument("identifier '" + part + "' is longer than " + std::to_string(max_len) +
                                           " bytes");
        }
        for (unsigned char c : part) {
            if (c < 0x20 || c == 0x7f) {
                return Status::InvalidArgument("identifier '" + part + "' contains a control character");
            }
        }
        if (!out.empty()) {
            out += '.';
        }
        out += QuoteIdentifierPart(part, quote);
    }
    return out;
}

std::string QuoteIdentifierPart(const std::string& part, char quote) {
    std::string out(1, quote);
    for (char c : part) {
        out += c;
        if (c == quote) {
            out += quote;
        }
    }
    out += quote;
    return out;
}

std::string ToUpper(std::string s) {
    for (auto& c : s) {
        c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    }
    return s;
}

std::string ToLower(std::string s) {
    for (auto& c : s) {
        c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    }
    return s;
}

std::string BaseTypeName(const std::string& native_type) {
    std::string out;
    int depth = 0;
    bool space = false;
    for (char ch : native_type) {
        if (ch == '(') {
            ++depth;
            continue;
        }
        if (ch == ')') {
            depth = depth > 0 ? depth - 1 : 0;
            continue;
        }
        if (depth > 0) {
            continue;
        }
        if (std::isspace(static_cast<unsigned char>(ch))) {
            space = !out.empty();
            continue;
        }
        if (space) {
            out += ' ';
            space = false;
        }
        out += static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
    }
    return out;
}

}  // namespace dbbridge::sdk::util
