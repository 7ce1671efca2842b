#include "dbbridge/sdk/util/sql_lexer.h"

#include <cctype>
#include <cstring>

namespace dbbridge::sdk::util {

namespace {

bool IsIdentStart(unsigned char c) { return std::isalpha(c) || c == '_' || c >= 0x80; }
bool IsIdentChar(unsigned char c) { return std::isalnum(c) || c == '_' || c == '$' || c == '#' || c >= 0x80; }
bool IsDigit(char c) { return std::isdigit(static_cast<unsigned char>(c)) != 0; }
bool IsSpace(char c) { return std::isspace(static_cast<unsigned char>(c)) != 0; }

char CloseOf(char open) {
    switch (open) {
        case '[': return ']';
        case '{': return '}';
        case '(': return ')';
        case '<': return '>';
        default: return open;
    }
}

class Scanner {
public:
    Scanner(const std::string& s, const SqlLexicon& lex, SqlLexMode mode) : s_(s), lex_(lex), mode_(mode) {}

    Result<std::vector<SqlToken>> Run() {
        std::vector<SqlToken> out;
        out.reserve(s_.size() / 4 + 8);
        while (true) {
            SkipSpace();
            SqlToken t;
            t.pos = {line_, col_};
            t.offset = i_;
            if (i_ >= s_.size()) {
                t.kind = SqlTokenKind::kEnd;
                out.push_back(std::move(t));
                return out;
            }
            DBB_RETURN_IF_ERROR(Next(t));
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
    void AdvanceWhile(bool (*pred)(unsigned char)) {
        while (i_ < s_.size() && pred(static_cast<unsigned char>(s_[i_]))) {
            Advance();
        }
    }
    void SkipSpace() {
        while (i_ < s_.size() && IsSpace(s_[i_])) {
            Advance();
        }
    }
    static Status Error(const SqlToken& t, const std::string& what) {
        return Status::InvalidArgument("line " + t.pos.ToString() + ": " + what);
    }

    Status Next(SqlToken& t) {
        if (ReadComment(t)) {
            return t.kind == SqlTokenKind::kEnd ? Error(t, "unterminated comment /* ... */") : Status::Ok();
        }
        const char c = s_[i_];
        const char n = At(i_ + 1);
        if (auto quoted = ReadQuoted(t); quoted.has_value()) {
            return *quoted;
        }
        if (IsDigit(c) || (c == '.' && IsDigit(n))) {
            ReadNumber(t);
            return Status::Ok();
        }
        if (IsIdentStart(static_cast<unsigned char>(c))) {
            t.kind = SqlTokenKind::kWord;
            AdvanceWhile(IsIdentChar);
            return Status::Ok();
        }
        if (ReadBind(t)) {
            return Status::Ok();
        }
        return ReadOperator(t);
    }

    // Comments; sets t.kind (kEnd for an unterminated block comment) and returns true when one starts here.
    bool ReadComment(SqlToken& t) {
        const char c = s_[i_];
        const char n = At(i_ + 1);
        const bool dash = c == '-' && n == '-' && (!lex_.dash_comment_needs_space || i_ + 2 >= s_.size() || IsSpace(At(i_ + 2)));
        if (dash || (c == '#' && lex_.hash_comments)) {
            t.kind = SqlTokenKind::kComment;
            while (i_ < s_.size() && s_[i_] != '\n') {
                Advance();
            }
            return true;
        }
        if (c == '/' && n == '*') {
            std::size_t end = s_.find("*/", i_ + 2);
            t.kind = end == std::string::npos ? SqlTokenKind::kEnd : SqlTokenKind::kComment;
            if (end != std::string::npos) {
                Advance(end + 2 - i_);
            }
            return true;
        }
        return false;
    }

    // Literals and quoted identifiers: the Status of reading one, or nullopt when none starts here.
    std::optional<Status> ReadQuoted(SqlToken& t) {
        const char c = s_[i_];
        const char n = At(i_ + 1);
        const bool prefix_n = c == 'N' || c == 'n';
        if (lex_.q_quotes) {
            const std::size_t q = prefix_n ? i_ + 1 : i_;
            if ((At(q) == 'q' || At(q) == 'Q') && At(q + 1) == '\'') {
                t.national = prefix_n;
                Advance(q - i_);
                return ReadAltQuote(t);
            }
        }
        if (prefix_n && n == '\'') {
            Advance();
            t.national = true;
            return ReadString(t, '\'', lex_.backslash_escapes);
        }
        if (lex_.escape_strings && (c == 'E' || c == 'e') && n == '\'') {
            Advance();
            return ReadString(t, '\'', true);
        }
        if (c == '\'') {
            return ReadString(t, '\'', lex_.backslash_escapes);
        }
        if (c == '"' && lex_.double_quoted_strings) {
            t.double_quoted = true;
            return ReadString(t, '"', lex_.backslash_escapes);
        }
        if (c == '"') {
            return ReadQuotedIdent(t, '"');
        }
        if (c == '`' && lex_.backtick_identifiers) {
            return ReadQuotedIdent(t, '`');
        }
        if (c == '$' && lex_.dollar_quotes) {
            return ReadDollarQuote(t);
        }
        return std::nullopt;
    }

    Status ReadString(SqlToken& t, char q, bool backslash) {
        t.kind = SqlTokenKind::kString;
        t.backslashes = backslash;
        Advance();  // opening quote
        while (true) {
            if (i_ >= s_.size()) {
                return Error(t, "unterminated string literal");
            }
            const char c = s_[i_];
            if (backslash && c == '\\' && i_ + 1 < s_.size()) {
                t.value += Unescape(s_[i_ + 1]);
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

    static std::string Unescape(char e) {
        switch (e) {
            case 'n': return "\n";
            case 't': return "\t";
            case 'r': return "\r";
            case '0': return std::string(1, '\0');
            case 'b': return "\b";
            case 'Z': return "\x1a";
            case '%': return "\\%";  // MySQL keeps \% and \_ for LIKE
            case '_': return "\\_";
            default: return std::string(1, e);
        }
    }

    Status ReadAltQuote(SqlToken& t) {
        t.kind = SqlTokenKind::kString;
        t.alt_quote = true;
        Advance(2);  // q'
        if (i_ >= s_.size()) {
            return Error(t, "unterminated q'...' literal");
        }
        const char close = CloseOf(s_[i_]);
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

    // $tag$ ... $tag$ (tag may be empty); "$1" and a lone "$" are not quotes.
    std::optional<Status> ReadDollarQuote(SqlToken& t) {
        std::size_t tag_end = i_ + 1;
        while (tag_end < s_.size() && s_[tag_end] != '$' && IsIdentChar(static_cast<unsigned char>(s_[tag_end]))) {
            ++tag_end;
        }
        if (At(tag_end) != '$' || IsDigit(At(i_ + 1))) {
            return std::nullopt;
        }
        const std::string tag = s_.substr(i_, tag_end - i_ + 1);
        const std::size_t close = s_.find(tag, tag_end + 1);
        t.kind = SqlTokenKind::kString;
        t.dollar_quoted = true;
        if (close == std::string::npos) {
            return Error(t, "unterminated dollar-quoted literal " + tag);
        }
        t.value = s_.substr(tag_end + 1, close - tag_end - 1);
        Advance(close + tag.size() - i_);
        return Status::Ok();
    }

    Status ReadQuotedIdent(SqlToken& t, char q) {
        t.kind = SqlTokenKind::kQuotedIdent;
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
                return t.value.empty() && !mode_.lenient ? Error(t, "empty quoted identifier") : Status::Ok();
            }
            t.value += s_[i_];
            Advance();
        }
    }

    void ReadNumber(SqlToken& t) {
        t.kind = SqlTokenKind::kNumber;
        if (s_[i_] == '0' && (At(i_ + 1) == 'x' || At(i_ + 1) == 'X')) {
            Advance(2);
            AdvanceWhile([](unsigned char c) { return std::isxdigit(c) != 0; });
            return;
        }
        auto digits = [](unsigned char c) { return std::isdigit(c) != 0; };
        AdvanceWhile(digits);
        if (At(i_) == '.' && At(i_ + 1) != '.') {
            Advance();
            AdvanceWhile(digits);
        }
        const char e = At(i_);
        if ((e == 'e' || e == 'E') && (IsDigit(At(i_ + 1)) || ((At(i_ + 1) == '+' || At(i_ + 1) == '-') && IsDigit(At(i_ + 2))))) {
            Advance(2);
            AdvanceWhile(digits);
        }
        const char f = At(i_);
        if (lex_.float_suffixes && (f == 'f' || f == 'F' || f == 'd' || f == 'D') &&
            !IsIdentChar(static_cast<unsigned char>(At(i_ + 1)))) {
            Advance();  // Oracle 1.5f / 2d binary float suffix
        }
    }

    bool ReadBind(SqlToken& t) {
        const char c = s_[i_];
        const char n = At(i_ + 1);
        if (c == '?') {
            t.kind = SqlTokenKind::kBind;
            Advance();
            return true;
        }
        const bool named = IsIdentStart(static_cast<unsigned char>(n)) || IsDigit(n);
        if ((c == ':' || c == '@') && (named || (c == '@' && n == '@'))) {
            t.kind = SqlTokenKind::kBind;
            Advance(c == '@' && n == '@' ? 2 : 1);
            AdvanceWhile(IsIdentChar);
            return true;
        }
        if (c == '$' && IsDigit(n) && (mode_.placeholders || lex_.dollar_quotes)) {
            t.kind = mode_.placeholders ? SqlTokenKind::kPlaceholder : SqlTokenKind::kBind;
            Advance();
            AdvanceWhile([](unsigned char d) { return std::isdigit(d) != 0; });
            return true;
        }
        return false;
    }

    Status ReadOperator(SqlToken& t) {
        t.kind = SqlTokenKind::kOperator;
        if (ReadOuterJoinMarker()) {
            return Status::Ok();
        }
        static const char* const kMulti[] = {"<=>", "||", "<>", "!=", "^=", "<=", ">=", ":=",
                                             "=>",  "::", "&&", "<<", ">>"};
        for (const char* op : kMulti) {
            const std::size_t len = std::strlen(op);
            if (s_.compare(i_, len, op) == 0) {
                Advance(len);
                return Status::Ok();
            }
        }
        const char c = s_[i_];
        if (std::strchr("(),.;+-*/%=<>!~&|^[]{}:", c) != nullptr || mode_.lenient) {
            Advance();
            return Status::Ok();
        }
        return Error(t, std::string("unexpected character '") + c + "'");
    }

    // Oracle outer-join marker "(+)", blanks allowed inside.
    bool ReadOuterJoinMarker() {
        if (s_[i_] != '(') {
            return false;
        }
        auto skip_blanks = [&](std::size_t k) {
            while (k < s_.size() && (s_[k] == ' ' || s_[k] == '\t')) {
                ++k;
            }
            return k;
        };
        const std::size_t plus = skip_blanks(i_ + 1);
        if (At(plus) != '+') {
            return false;
        }
        const std::size_t close = skip_blanks(plus + 1);
        if (At(close) != ')') {
            return false;
        }
        Advance(close + 1 - i_);
        return true;
    }

    const std::string& s_;
    const SqlLexicon lex_;
    const SqlLexMode mode_;
    std::size_t i_ = 0;
    int line_ = 1;
    int col_ = 1;
};

}  // namespace

Result<std::vector<SqlToken>> LexSql(const std::string& sql, const SqlLexicon& lexicon, SqlLexMode mode) {
    return Scanner(sql, lexicon, mode).Run();
}

}  // namespace dbbridge::sdk::util
