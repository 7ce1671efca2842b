#include "core/multiplex/json_value.h"

#include <cctype>

#include "dbbridge/sdk/util/json_writer.h"
#include "dbbridge/sdk/util/utf8.h"

namespace dbbridge::core::multiplex {

JsonValue JsonValue::MakeBool(bool b) {
    JsonValue v;
    v.type_ = Type::kBool;
    v.bool_ = b;
    return v;
}

JsonValue JsonValue::MakeNumber(std::string text) {
    JsonValue v;
    v.type_ = Type::kNumber;
    v.text_ = std::move(text);
    return v;
}

JsonValue JsonValue::MakeString(std::string s) {
    JsonValue v;
    v.type_ = Type::kString;
    v.text_ = std::move(s);
    return v;
}

JsonValue JsonValue::MakeArray() {
    JsonValue v;
    v.type_ = Type::kArray;
    return v;
}

JsonValue JsonValue::MakeObject() {
    JsonValue v;
    v.type_ = Type::kObject;
    return v;
}

const JsonValue* JsonValue::Find(const std::string& key) const {
    for (const auto& m : members_) {
        if (m.first == key) {
            return &m.second;
        }
    }
    return nullptr;
}

JsonValue* JsonValue::FindMutable(const std::string& key) {
    for (auto& m : members_) {
        if (m.first == key) {
            return &m.second;
        }
    }
    return nullptr;
}

const char* JsonValue::TypeName(Type t) {
    switch (t) {
        case Type::kNull: return "null";
        case Type::kBool: return "boolean";
        case Type::kNumber: return "number";
        case Type::kString: return "string";
        case Type::kArray: return "array";
        case Type::kObject: return "object";
    }
    return "?";
}

std::string JsonValue::Serialize() const {
    std::string out;
    switch (type_) {
        case Type::kNull: return "null";
        case Type::kBool: return bool_ ? "true" : "false";
        case Type::kNumber: return text_;
        case Type::kString: sdk::util::JsonWriter::AppendEscaped(out, text_); return out;
        case Type::kArray:
            out += '[';
            for (std::size_t i = 0; i < items_.size(); ++i) {
                if (i) out += ',';
                out += items_[i].Serialize();
            }
            out += ']';
            return out;
        case Type::kObject:
            out += '{';
            for (std::size_t i = 0; i < members_.size(); ++i) {
                if (i) out += ',';
                sdk::util::JsonWriter::AppendEscaped(out, members_[i].first);
                out += ':';
                out += members_[i].second.Serialize();
            }
            out += '}';
            return out;
    }
    return out;
}

namespace {

constexpr int kMaxDepth = 200;

class Parser {
public:
    Parser(const std::string& text, bool require_utf8) : s_(text), require_utf8_(require_utf8) {}

    sdk::Result<JsonValue> ParseDocument() {
        JsonValue v;
        sdk::Status st = SkipSpace();
        if (!st.ok()) return st;
        if (pos_ >= s_.size()) {
            return Error(pos_, "the document is empty");
        }
        st = ParseValue(v, 0);
        if (!st.ok()) return st;
        st = SkipSpace();
        if (!st.ok()) return st;
        if (pos_ < s_.size()) {
            return Error(pos_, "unexpected token '" + TokenAt(pos_) + "' after the end of the document");
        }
        return v;
    }

private:
    sdk::Status Error(std::size_t at, const std::string& what) const {
        std::size_t line = 1;
        std::size_t col = 1;
        for (std::size_t i = 0; i < at && i < s_.size(); ++i) {
            if (s_[i] == '\n') {
                ++line;
                col = 1;
            } else if ((static_cast<unsigned char>(s_[i]) & 0xC0) != 0x80) {
                ++col;  // count UTF-8 characters, not bytes
            }
        }
        return sdk::Status::InvalidArgument("line " + std::to_string(line) + ", column " + std::to_string(col) +
                                            " (offset " + std::to_string(at) + "): " + what);
    }

    // The run of non-delimiter characters at i, for messages ("ture", "'abc'").
    std::string TokenAt(std::size_t i) const {
        std::size_t j = i;
        while (j < s_.size() && j - i < 40) {
            char c = s_[j];
            if (std::isspace(static_cast<unsigned char>(c)) || c == ',' || c == '}' || c == ']' || c == ':' ||
                c == '{' || c == '[' || c == '"') {
                break;
            }
            ++j;
        }
        if (j == i) {
            return i < s_.size() ? std::string(1, s_[i]) : std::string("<end>");
        }
        return s_.substr(i, j - i);
    }

    sdk::Status SkipSpace() {
        while (pos_ < s_.size()) {
            char c = s_[pos_];
            if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
                ++pos_;
            } else if (c == '/' && pos_ + 1 < s_.size() && s_[pos_ + 1] == '/') {
                std::size_t nl = s_.find('\n', pos_);
                pos_ = nl == std::string::npos ? s_.size() : nl + 1;
            } else if (c == '/' && pos_ + 1 < s_.size() && s_[pos_ + 1] == '*') {
                std::size_t close = s_.find("*/", pos_ + 2);
                if (close == std::string::npos) {
                    return Error(pos_, "unterminated /* comment");
                }
                pos_ = close + 2;
            } else if (static_cast<unsigned char>(c) == 0xEF && s_.compare(pos_, 3, "\xEF\xBB\xBF") == 0) {
                pos_ += 3;  // UTF-8 byte order mark
            } else {
                break;
            }
        }
        return sdk::Status::Ok();
    }

    sdk::Status ParseValue(JsonValue& out, int depth) {
        if (depth > kMaxDepth) {
            return Error(pos_, "nesting deeper than " + std::to_string(kMaxDepth) + " levels");
        }
        if (pos_ >= s_.size()) {
            return Error(pos_, "unexpected end of input, expected a value");
        }
        char c = s_[pos_];
        if (c == '{') return ParseObject(out, depth);
        if (c == '[') return ParseArray(out, depth);
        if (c == '"') {
            std::string str;
            DBB_RETURN_IF_ERROR(ParseString(str));
            out = JsonValue::MakeString(std::move(str));
            return sdk::Status::Ok();
        }
        if (c == '-' || std::isdigit(static_cast<unsigned char>(c))) return ParseNumber(out);
        std::string tok = TokenAt(pos_);
        if (tok == "true" || tok == "false" || tok == "null") {
            pos_ += tok.size();
            out = tok == "null" ? JsonValue() : JsonValue::MakeBool(tok == "true");
            return sdk::Status::Ok();
        }
        return Error(pos_, "unexpected token '" + tok + "', expected a value (object, array, string, number, "
                           "true, false or null)");
    }

    sdk::Status ParseObject(JsonValue& out, int depth) {
        out = JsonValue::MakeObject();
        ++pos_;
        DBB_RETURN_IF_ERROR(SkipSpace());
        if (pos_ < s_.size() && s_[pos_] == '}') {
            ++pos_;
            return sdk::Status::Ok();
        }
        for (;;) {
            DBB_RETURN_IF_ERROR(SkipSpace());
            if (pos_ >= s_.size() || s_[pos_] != '"') {
                return Error(pos_, "unexpected token '" + TokenAt(pos_) + "', expected a quoted member name");
            }
            std::string key;
            std::size_t key_at = pos_;
            DBB_RETURN_IF_ERROR(ParseString(key, /*is_key=*/true));
            if (out.Find(key)) {
                return Error(key_at, "duplicate member \"" + key + "\"");
            }
            DBB_RETURN_IF_ERROR(SkipSpace());
            if (pos_ >= s_.size() || s_[pos_] != ':') {
                return Error(pos_, "unexpected token '" + TokenAt(pos_) + "' after member \"" + key +
                                       "\", expected ':'");
            }
            ++pos_;
            DBB_RETURN_IF_ERROR(SkipSpace());
            JsonValue v;
            std::string outer = member_;
            member_ = key;
            DBB_RETURN_IF_ERROR(ParseValue(v, depth + 1));
            member_ = outer;
            out.Set(std::move(key), std::move(v));
            DBB_RETURN_IF_ERROR(SkipSpace());
            if (pos_ < s_.size() && s_[pos_] == ',') {
                ++pos_;
                continue;
            }
            if (pos_ < s_.size() && s_[pos_] == '}') {
                ++pos_;
                return sdk::Status::Ok();
            }
            return Error(pos_, "unexpected token '" + TokenAt(pos_) + "' in an object, expected ',' or '}'");
        }
    }

    sdk::Status ParseArray(JsonValue& out, int depth) {
        out = JsonValue::MakeArray();
        ++pos_;
        DBB_RETURN_IF_ERROR(SkipSpace());
        if (pos_ < s_.size() && s_[pos_] == ']') {
            ++pos_;
            return sdk::Status::Ok();
        }
        for (;;) {
            DBB_RETURN_IF_ERROR(SkipSpace());
            JsonValue v;
            DBB_RETURN_IF_ERROR(ParseValue(v, depth + 1));
            out.Append(std::move(v));
            DBB_RETURN_IF_ERROR(SkipSpace());
            if (pos_ < s_.size() && s_[pos_] == ',') {
                ++pos_;
                continue;
            }
            if (pos_ < s_.size() && s_[pos_] == ']') {
                ++pos_;
                return sdk::Status::Ok();
            }
            return Error(pos_, "unexpected token '" + TokenAt(pos_) + "' in an array, expected ',' or ']'");
        }
    }

    sdk::Status ParseNumber(JsonValue& out) {
        std::size_t start = pos_;
        std::size_t i = pos_;
        if (s_[i] == '-') ++i;
        auto digits = [&]() {
            std::size_t b = i;
            while (i < s_.size() && std::isdigit(static_cast<unsigned char>(s_[i]))) ++i;
            return i - b;
        };
        if (digits() == 0) {
            return Error(start, "unexpected token '" + TokenAt(start) + "', expected a number");
        }
        if (i < s_.size() && s_[i] == '.') {
            ++i;
            if (digits() == 0) return Error(start, "malformed number '" + TokenAt(start) + "'");
        }
        if (i < s_.size() && (s_[i] == 'e' || s_[i] == 'E')) {
            ++i;
            if (i < s_.size() && (s_[i] == '+' || s_[i] == '-')) ++i;
            if (digits() == 0) return Error(start, "malformed number '" + TokenAt(start) + "'");
        }
        if (i < s_.size() && (std::isalpha(static_cast<unsigned char>(s_[i])) || s_[i] == '_')) {
            return Error(start, "malformed number '" + TokenAt(start) + "'");
        }
        out = JsonValue::MakeNumber(s_.substr(start, i - start));
        pos_ = i;
        return sdk::Status::Ok();
    }

    bool Hex4(std::size_t at, std::uint32_t& v) const {
        if (at + 4 > s_.size()) return false;
        v = 0;
        for (std::size_t k = 0; k < 4; ++k) {
            char c = s_[at + k];
            v <<= 4;
            if (c >= '0' && c <= '9') v |= c - '0';
            else if (c >= 'a' && c <= 'f') v |= c - 'a' + 10;
            else if (c >= 'A' && c <= 'F') v |= c - 'A' + 10;
            else return false;
        }
        return true;
    }

    // Length of the well-formed UTF-8 sequence at i (RFC 3629: no overlongs, no surrogates,
    // nothing above U+10FFFF), 0 when it is not one.
    std::size_t Utf8SequenceAt(std::size_t i) const {
        auto byte = [&](std::size_t k) { return k < s_.size() ? static_cast<unsigned char>(s_[k]) : 0u; };
        auto cont = [&](std::size_t k) { return (byte(k) & 0xC0) == 0x80; };
        unsigned char b0 = byte(i);
        if (b0 >= 0xC2 && b0 <= 0xDF) return cont(i + 1) ? 2 : 0;
        if (b0 >= 0xE0 && b0 <= 0xEF) {
            unsigned char b1 = byte(i + 1);
            if (b0 == 0xE0 && b1 < 0xA0) return 0;
            if (b0 == 0xED && b1 > 0x9F) return 0;
            return cont(i + 1) && cont(i + 2) ? 3 : 0;
        }
        if (b0 >= 0xF0 && b0 <= 0xF4) {
            unsigned char b1 = byte(i + 1);
            if (b0 == 0xF0 && b1 < 0x90) return 0;
            if (b0 == 0xF4 && b1 > 0x8F) return 0;
            return cont(i + 1) && cont(i + 2) && cont(i + 3) ? 4 : 0;
        }
        return 0;
    }

    std::string Where(bool is_key) const {
        if (is_key) return " in a member name";
        return member_.empty() ? std::string() : " in the value of \"" + member_ + "\"";
    }

    // An unpaired surrogate escape (and, with require_utf8, an invalid byte) would reach the
    // databases and the report as garbage, so it is refused here, naming where.
    sdk::Status ParseString(std::string& out, bool is_key = false) {
        std::size_t start = pos_;
        ++pos_;
        while (pos_ < s_.size()) {
            char c = s_[pos_];
            if (c == '"') {
                ++pos_;
                return sdk::Status::Ok();
            }
            if (static_cast<unsigned char>(c) < 0x20) {
                return Error(pos_, "control character (code " + std::to_string(static_cast<int>(c)) +
                                       ") inside a string" + Where(is_key) + "; escape it");
            }
            if (require_utf8_ && static_cast<unsigned char>(c) >= 0x80) {
                std::size_t n = Utf8SequenceAt(pos_);
                if (n == 0) {
                    return Error(pos_, "invalid UTF-8 byte 0x" + Hex2(static_cast<unsigned char>(c)) + Where(is_key) +
                                           " (the body must be UTF-8)");
                }
                out.append(s_, pos_, n);
                pos_ += n;
                continue;
            }
            if (c != '\\') {
                out += c;
                ++pos_;
                continue;
            }
            if (pos_ + 1 >= s_.size()) break;
            char e = s_[pos_ + 1];
            pos_ += 2;
            switch (e) {
                case '"': out += '"'; break;
                case '\\': out += '\\'; break;
                case '/': out += '/'; break;
                case 'b': out += '\b'; break;
                case 'f': out += '\f'; break;
                case 'n': out += '\n'; break;
                case 'r': out += '\r'; break;
                case 't': out += '\t'; break;
                case 'u': {
                    std::uint32_t cp = 0;
                    if (!Hex4(pos_, cp)) return Error(pos_ - 2, "malformed \\u escape");
                    std::size_t escape_at = pos_ - 2;
                    pos_ += 4;
                    bool paired = false;
                    if (cp >= 0xD800 && cp < 0xDC00 && pos_ + 6 <= s_.size() && s_[pos_] == '\\' &&
                        s_[pos_ + 1] == 'u') {
                        std::uint32_t lo = 0;
                        if (Hex4(pos_ + 2, lo) && lo >= 0xDC00 && lo < 0xE000) {
                            cp = 0x10000 + ((cp - 0xD800) << 10) + (lo - 0xDC00);
                            pos_ += 6;
                            paired = true;
                        }
                    }
                    if (!paired && cp >= 0xD800 && cp < 0xE000) {
                        return Error(escape_at, "unpaired surrogate \\u" + s_.substr(escape_at + 2, 4) + Where(is_key));
                    }
                    sdk::util::AppendUtf8(out, cp);
                    break;
                }
                default:
                    return Error(pos_ - 2, std::string("invalid escape '\\") + e + "' in a string");
            }
        }
        return Error(start, "unterminated string");
    }

    static std::string Hex2(unsigned char b) {
        static const char* kHex = "0123456789ABCDEF";
        return std::string{kHex[b >> 4], kHex[b & 0xF]};
    }

    const std::string& s_;
    std::size_t pos_ = 0;
    bool require_utf8_;
    std::string member_;  // the member whose value is being parsed, for messages
};

}  // namespace

sdk::Result<JsonValue> ParseJson(const std::string& text, bool require_utf8) {
    Parser p(text, require_utf8);
    return p.ParseDocument();
}

}  // namespace dbbridge::core::multiplex
