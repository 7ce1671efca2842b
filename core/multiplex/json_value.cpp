#include "core/multiplex/json_value.h"

#include <cctype>

#include "dbbridge/sdk/util/json_writer.h"

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
    explicit Parser(const std::string& text) : s_(text) {}

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
            DBB_RETURN_IF_ERROR(ParseString(key));
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
            DBB_RETURN_IF_ERROR(ParseValue(v, depth + 1));
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

    static void AppendUtf8(std::string& out, std::uint32_t cp) {
        if (cp < 0x80) {
            out += static_cast<char>(cp);
        } else if (cp < 0x800) {
            out += static_cast<char>(0xC0 | (cp >> 6));
            out += static_cast<char>(0x80 | (cp & 0x3F));
        } else if (cp < 0x10000) {
            out += static_cast<char>(0xE0 | (cp >> 12));
            out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
            out += static_cast<char>(0x80 | (cp & 0x3F));
        } else {
            out += static_cast<char>(0xF0 | (cp >> 18));
            out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
            out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
            out += static_cast<char>(0x80 | (cp & 0x3F));
        }
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

    sdk::Status ParseString(std::string& out) {
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
                                       ") inside a string; escape it");
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
                    pos_ += 4;
                    if (cp >= 0xD800 && cp < 0xDC00 && pos_ + 6 <= s_.size() && s_[pos_] == '\\' &&
                        s_[pos_ + 1] == 'u') {
                        std::uint32_t lo = 0;
                        if (Hex4(pos_ + 2, lo) && lo >= 0xDC00 && lo < 0xE000) {
                            cp = 0x10000 + ((cp - 0xD800) << 10) + (lo - 0xDC00);
                            pos_ += 6;
                        }
                    }
                    AppendUtf8(out, cp);
                    break;
                }
                default:
                    return Error(pos_ - 2, std::string("invalid escape '\\") + e + "' in a string");
            }
        }
        return Error(start, "unterminated string");
    }

    const std::string& s_;
    std::size_t pos_ = 0;
};

}  // namespace

sdk::Result<JsonValue> ParseJson(const std::string& text) {
    Parser p(text);
    return p.ParseDocument();
}

}  // namespace dbbridge::core::multiplex
