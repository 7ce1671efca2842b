#include "dbbridge/sdk/util/sql_text.h"

#include <cctype>

#include "dbbridge/sdk/util/sql_lexer.h"

namespace dbbridge::sdk::util {

namespace {

bool IsIdentStart(unsigned char c) { return std::isalpha(c) || c == '_' || c >= 0x80; }

std::string Placeholder(PlaceholderStyle style, std::size_t n) {
    switch (style) {
        case PlaceholderStyle::kQuestion: return "?";
        case PlaceholderStyle::kDollarNumber: return "$" + std::to_string(n);
        case PlaceholderStyle::kColonNumber: return ":" + std::to_string(n);
    }
    return "?";
}

}  // namespace

Result<std::string> RewriteNamedBinds(const std::string& sql, PlaceholderStyle style, const SqlLexicon& lexicon,
                                      std::vector<std::string>& order) {
    order.clear();
    SqlLexMode mode;
    mode.lenient = true;  // binds are rewritten in any statement a server may accept
    DBB_ASSIGN_OR_RETURN(const std::vector<SqlToken> tokens, LexSql(sql, lexicon, mode));
    std::string out;
    out.reserve(sql.size() + 16);
    std::size_t copied = 0;
    for (const SqlToken& t : tokens) {
        // "@name" only: "@@name" is a MySQL system variable, ":name" / "?" are the user's own.
        if (t.kind != SqlTokenKind::kBind || t.text.size() < 2 || t.text[0] != '@' || t.text[1] == '@' ||
            !IsIdentStart(static_cast<unsigned char>(t.text[1]))) {
            continue;
        }
        out.append(sql, copied, t.offset - copied);
        order.push_back(t.text.substr(1));
        out += Placeholder(style, order.size());
        copied = t.offset + t.text.size();
    }
    out.append(sql, copied, std::string::npos);
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
