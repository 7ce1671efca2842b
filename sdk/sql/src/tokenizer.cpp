#include "dbbridge/sdk/sql/tokenizer.h"

#include <cctype>

#include "dbbridge/sdk/util/sql_text.h"

namespace dbbridge::sdk::sql {

Result<SourceDialect> ParseSourceDialect(const std::string& name) {
    const std::string up = util::ToUpper(name);
    if (up == "ORACLE") {
        return SourceDialect::kOracle;
    }
    if (up == "MYSQL") {
        return SourceDialect::kMySql;
    }
    if (up == "POSTGRESQL" || up == "POSTGRES") {
        return SourceDialect::kPostgres;
    }
    return Status::InvalidArgument("unknown source dialect '" + name + "' (expected ORACLE or MYSQL)");
}

namespace {

bool IsIdentStart(unsigned char c) { return std::isalpha(c) || c == '_' || c >= 0x80; }
bool IsIdentChar(unsigned char c) { return std::isalnum(c) || c == '_' || c == '$' || c == '#' || c >= 0x80; }

class Scanner {
public:
    Scanner(const std::string& s, SourceDialect d, bool placeholders)
        : s_(s), dialect_(d), placeholders_(placeholders) {}

    Result<std::vector<Token>> Run() {
        std::vector<Token> out;
        out.reserve(s_.size() / 4 + 8);
        while (true) {
            SkipSpace();
            Token t;
            t.pos = {line_, col_};
            t.offset = i_;
            if (i_ >= s_.size()) {
                t.kind = TokenKind::kEnd;
                out.push_back(std::move(t));
                return out;
            }
            Status st = Next(t);
            if (!st.ok()) {
                return st;
            }
            t.text = s_.substr(t.offset, i_ - t.offset);
            out.push_back(std::move(t));
        }
    }

private:
    char At(std::size_t k) const { return k < s_.size() ? s_[k] : '\0'; }
    void Advance(std::size_t n = 1) {
        for (std::size_t k = 0; k < n && i_ < s_.size(); ++k, ++i_) {
            if (s_[i_] == '\n') {
                ++line_;
                col_ = 1;
            } else {
                ++col_;
            }
        }
    }
    void SkipSpace() {
        while (i_ < s_.size() && std::isspace(static_cast<unsigned char>(s_[i_]))) {
            Advance();
        }
    }
    Status Error(const Token& t, const std::string& what) const {
        return Status::InvalidArgument("line " + t.pos.ToString() + ": " + what);
    }

    Status Next(Token& t) {
        const char c = s_[i_];
        const char n = At(i_ + 1);
        const bool mysql = dialect_ == SourceDialect::kMySql;
        // Comments.
        if (c == '-' && n == '-' &&
            (!mysql || i_ + 2 >= s_.size() || std::isspace(static_cast<unsigned char>(At(i_ + 2))))) {
            t.kind = TokenKind::kComment;
            while (i_ < s_.size() && s_[i_] != '\n') {
                Advance();
            }
            return Status::Ok();
        }
        if (c == '#' && mysql) {
            t.kind = TokenKind::kComment;
            while (i_ < s_.size() && s_[i_] != '\n') {
                Advance();
            }
            return Status::Ok();
        }
        if (c == '/' && n == '*') {
            t.kind = TokenKind::kComment;
            std::size_t end = s_.find("*/", i_ + 2);
            if (end == std::string::npos) {
                return Error(t, "unterminated comment /* ... */");
            }
            Advance(end + 2 - i_);
            return Status::Ok();
        }
        // National and alternative-quote literals: N'..', q'[..]', nq'[..]'.
        if ((c == 'N' || c == 'n') && n == '\'') {
            Advance();
            t.national = true;
            return ReadString(t, '\'');
        }
        if (dialect_ == SourceDialect::kOracle) {
            std::size_t k = i_;
            if ((At(k) == 'N' || At(k) == 'n') && (At(k + 1) == 'q' || At(k + 1) == 'Q') && At(k + 2) == '\'') {
                t.national = true;
                Advance();
                k = i_;
            }
            if ((At(k) == 'q' || At(k) == 'Q') && At(k + 1) == '\'') {
                return ReadAltQuote(t);
            }
        }
        if (c == '\'') {
            return ReadString(t, '\'');
        }
        if (c == '"') {
            if (mysql) {
                t.double_quoted = true;
                return ReadString(t, '"');
            }
            return ReadQuotedIdent(t, '"');
        }
        if (c == '`' && mysql) {
            return ReadQuotedIdent(t, '`');
        }
        if (std::isdigit(static_cast<unsigned char>(c)) || (c == '.' && std::isdigit(static_cast<unsigned char>(n)))) {
            return ReadNumber(t);
        }
        if (IsIdentStart(static_cast<unsigned char>(c))) {
            t.kind = TokenKind::kWord;
            while (i_ < s_.size() && IsIdentChar(static_cast<unsigned char>(s_[i_]))) {
                Advance();
            }
            return Status::Ok();
        }
        // Binds.
        if (c == '?') {
            t.kind = TokenKind::kBind;
            Advance();
            return Status::Ok();
        }
        if ((c == ':' || c == '@') && (IsIdentStart(static_cast<unsigned char>(n)) || std::isdigit(static_cast<unsigned char>(n)) ||
                                       (c == '@' && n == '@'))) {
            t.kind = TokenKind::kBind;
            Advance(c == '@' && n == '@' ? 2 : 1);
            while (i_ < s_.size() && IsIdentChar(static_cast<unsigned char>(s_[i_]))) {
                Advance();
            }
            return Status::Ok();
        }
        if (c == '$' && placeholders_ && std::isdigit(static_cast<unsigned char>(n))) {
            t.kind = TokenKind::kPlaceholder;
            Advance();
            while (i_ < s_.size() && std::isdigit(static_cast<unsigned char>(s_[i_]))) {
                Advance();
            }
            return Status::Ok();
        }
        t.kind = TokenKind::kOperator;
        // Oracle outer-join marker "(+)", spaces allowed inside.
        if (c == '(') {
            std::size_t k = i_ + 1;
            while (k < s_.size() && (s_[k] == ' ' || s_[k] == '\t')) {
                ++k;
            }
            if (At(k) == '+') {
                std::size_t m = k + 1;
                while (m < s_.size() && (s_[m] == ' ' || s_[m] == '\t')) {
                    ++m;
                }
                if (At(m) == ')') {
                    Advance(m + 1 - i_);
                    return Status::Ok();
                }
            }
        }
        static const char* const kMulti[] = {"<=>", "||", "<>", "!=", "^=", "<=", ">=", ":=", "=>", "::", "&&", "<<", ">>"};
        for (const char* op : kMulti) {
            const std::string o(op);
            if (s_.compare(i_, o.size(), o) == 0) {
                Advance(o.size());
                return Status::Ok();
            }
        }
        if (std::string("(),.;+-*/%=<>!~&|^[]{}:").find(c) != std::string::npos) {
            Advance();
            return Status::Ok();
        }
        return Error(t, std::string("unexpected character '") + c + "'");
    }

    Status ReadString(Token& t, char q) {
        t.kind = TokenKind::kString;
        const bool backslash = dialect_ == SourceDialect::kMySql;
        t.backslashes = backslash;
        Advance();  // opening quote
        while (true) {
            if (i_ >= s_.size()) {
                return Error(t, "unterminated string literal");
            }
            char c = s_[i_];
            if (backslash && c == '\\' && i_ + 1 < s_.size()) {
                char e = s_[i_ + 1];
                switch (e) {
                    case 'n': t.value += '\n'; break;
                    case 't': t.value += '\t'; break;
                    case 'r': t.value += '\r'; break;
                    case '0': t.value += '\0'; break;
                    case 'b': t.value += '\b'; break;
                    case 'Z': t.value += '\x1a'; break;
                    case '%': t.value += "\\%"; break;  // MySQL keeps \% and \_ for LIKE
                    case '_': t.value += "\\_"; break;
                    default: t.value += e;
                }
                Advance(2);
                continue;
            }
            if (c == q) {
                if (At(i_ + 1) == q) {
                    t.value += q;
                    Advance(2);
                    continue;
                }
                Advance();
                return Status::Ok();
            }
            t.value += c;
            Advance();
        }
    }

    Status ReadAltQuote(Token& t) {
        t.kind = TokenKind::kString;
        t.alt_quote = true;
        Advance(2);  // q'
        if (i_ >= s_.size()) {
            return Error(t, "unterminated q'...' literal");
        }
        char open = s_[i_];
        char close = open == '[' ? ']' : open == '{' ? '}' : open == '(' ? ')' : open == '<' ? '>' : open;
        Advance();
        while (true) {
            if (i_ >= s_.size()) {
                return Error(t, "unterminated q'...' literal");
            }
            if (s_[i_] == close && At(i_ + 1) == '\'') {
                Advance(2);
                return Status::Ok();
            }
            t.value += s_[i_];
            Advance();
        }
    }

    Status ReadQuotedIdent(Token& t, char q) {
        t.kind = TokenKind::kQuotedIdent;
        Advance();
        while (true) {
            if (i_ >= s_.size()) {
                return Error(t, std::string("unterminated quoted identifier ") + q + "...");
            }
            if (s_[i_] == q) {
                if (At(i_ + 1) == q) {
                    t.value += q;
                    Advance(2);
                    continue;
                }
                Advance();
                if (t.value.empty()) {
                    return Error(t, "empty quoted identifier");
                }
                return Status::Ok();
            }
            t.value += s_[i_];
            Advance();
        }
    }

    Status ReadNumber(Token& t) {
        t.kind = TokenKind::kNumber;
        if (s_[i_] == '0' && (At(i_ + 1) == 'x' || At(i_ + 1) == 'X')) {
            Advance(2);
            while (i_ < s_.size() && std::isxdigit(static_cast<unsigned char>(s_[i_]))) {
                Advance();
            }
            return Status::Ok();
        }
        while (i_ < s_.size() && std::isdigit(static_cast<unsigned char>(s_[i_]))) {
            Advance();
        }
        if (At(i_) == '.' && At(i_ + 1) != '.') {
            Advance();
            while (i_ < s_.size() && std::isdigit(static_cast<unsigned char>(s_[i_]))) {
                Advance();
            }
        }
        if ((At(i_) == 'e' || At(i_) == 'E') &&
            (std::isdigit(static_cast<unsigned char>(At(i_ + 1))) ||
             ((At(i_ + 1) == '+' || At(i_ + 1) == '-') && std::isdigit(static_cast<unsigned char>(At(i_ + 2)))))) {
            Advance(2);
            while (i_ < s_.size() && std::isdigit(static_cast<unsigned char>(s_[i_]))) {
                Advance();
            }
        }
        if (IsIdentStart(static_cast<unsigned char>(At(i_))) && dialect_ == SourceDialect::kOracle &&
            (At(i_) == 'f' || At(i_) == 'F' || At(i_) == 'd' || At(i_) == 'D') &&
            !IsIdentChar(static_cast<unsigned char>(At(i_ + 1)))) {
            Advance();  // Oracle 1.5f / 2d binary float suffix
        }
        return Status::Ok();
    }

    const std::string& s_;
    SourceDialect dialect_;
    bool placeholders_;
    std::size_t i_ = 0;
    int line_ = 1;
    int col_ = 1;
};

}  // namespace

Result<std::vector<Token>> Tokenizer::Tokenize(const std::string& sql) const {
    return Scanner(sql, dialect_, placeholders_).Run();
}

}  // namespace dbbridge::sdk::sql
