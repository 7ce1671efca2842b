#include "core/multiplex/sql_traits.h"

#include <cctype>
#include <set>

namespace dbbridge::core::multiplex {

namespace {

struct Token {
    std::string text;   // upper-cased for words; the character for symbols
    std::string raw;    // as written
    bool word = false;
    int depth = 0;      // parenthesis depth where the token starts
    std::size_t begin = 0;
    std::size_t end = 0;
};

bool IsWordChar(unsigned char c) { return std::isalnum(c) || c == '_' || c == '$' || c == '#' || c >= 0x80; }

std::vector<Token> Tokenize(const std::string& sql) {
    std::vector<Token> out;
    int depth = 0;
    std::size_t i = 0;
    const std::size_t n = sql.size();
    while (i < n) {
        unsigned char c = static_cast<unsigned char>(sql[i]);
        if (std::isspace(c)) {
            ++i;
            continue;
        }
        if (c == '-' && i + 1 < n && sql[i + 1] == '-') {
            std::size_t nl = sql.find('\n', i);
            i = nl == std::string::npos ? n : nl + 1;
            continue;
        }
        if (c == '/' && i + 1 < n && sql[i + 1] == '*') {
            std::size_t close = sql.find("*/", i + 2);
            i = close == std::string::npos ? n : close + 2;
            continue;
        }
        Token t;
        t.depth = depth;
        t.begin = i;
        if (c == '\'' || c == '"' || c == '`') {
            std::size_t j = i + 1;
            while (j < n) {
                if (sql[j] == '\\' && c == '\'') {
                    j += 2;
                    continue;
                }
                if (sql[j] == static_cast<char>(c)) {
                    if (j + 1 < n && sql[j + 1] == static_cast<char>(c)) {
                        j += 2;
                        continue;
                    }
                    break;
                }
                ++j;
            }
            t.end = j < n ? j + 1 : n;
            t.raw = sql.substr(i, t.end - i);
            t.text = c == '\'' ? "'" : t.raw;  // a quoted identifier stays as written
            i = t.end;
            out.push_back(t);
            continue;
        }
        if (IsWordChar(c)) {
            std::size_t j = i;
            while (j < n && IsWordChar(static_cast<unsigned char>(sql[j]))) ++j;
            t.raw = sql.substr(i, j - i);
            t.text = t.raw;
            for (auto& ch : t.text) ch = static_cast<char>(std::toupper(static_cast<unsigned char>(ch)));
            t.word = true;
            t.end = j;
            i = j;
            out.push_back(t);
            continue;
        }
        if (c == '(') ++depth;
        if (c == ')' && depth > 0) --depth;
        t.raw = std::string(1, static_cast<char>(c));
        t.text = t.raw;
        t.end = i + 1;
        if (c == ')') t.depth = depth;
        ++i;
        out.push_back(t);
    }
    return out;
}

const std::set<std::string>& VolatileWords() {
    static const std::set<std::string> k = {
        "SYSDATE", "SYSTIMESTAMP", "NOW", "CURRENT_TIMESTAMP", "LOCALTIMESTAMP", "CURRENT_TIME", "CURTIME",
        "CURRENT_DATE", "CURDATE", "UTC_TIMESTAMP", "UTC_DATE", "UTC_TIME", "CLOCK_TIMESTAMP",
        "STATEMENT_TIMESTAMP", "TRANSACTION_TIMESTAMP", "LOCALTIME", "GETDATE", "UNIX_TIMESTAMP", "RANDOM", "RAND",
        "DBMS_RANDOM", "SYS_GUID", "UUID", "UUID_SHORT", "GEN_RANDOM_UUID", "NEWID", "NEXTVAL", "CURRVAL",
        "LAST_INSERT_ID", "CONNECTION_ID", "USERENV"};
    return k;
}

}  // namespace

SqlTraits AnalyzeSql(const std::string& sql) {
    SqlTraits traits;
    std::vector<Token> toks = Tokenize(sql);
    std::size_t first = 0;
    while (first < toks.size() && toks[first].text == "(") ++first;
    if (first < toks.size() && toks[first].word) {
        traits.statement_kind = toks[first].text;
        traits.is_query = traits.statement_kind == "SELECT" || traits.statement_kind == "WITH" ||
                          traits.statement_kind == "VALUES" || traits.statement_kind == "TABLE";
    }

    // Scopes per parenthesis level: did an ORDER BY appear, did ROWNUM, did an ordered child.
    struct Scope {
        bool order = false;
        bool rownum = false;
        bool child_ordered = false;
        bool limit_unordered = false;
    };
    std::vector<Scope> scopes(1);
    auto flag = [&](const std::string& why) {
        if (!traits.non_deterministic) {
            traits.non_deterministic = true;
            traits.non_deterministic_reason = why;
        }
    };
    auto close_scope = [&](const Scope& s) {
        if (s.rownum && !s.child_ordered) flag("ROWNUM without an ordered subquery");
        if (s.limit_unordered) flag("LIMIT/FETCH FIRST without ORDER BY");
    };
    for (std::size_t k = 0; k < toks.size(); ++k) {
        const Token& t = toks[k];
        if (t.text == "(") {
            scopes.emplace_back();
            continue;
        }
        if (t.text == ")") {
            if (scopes.size() > 1) {
                Scope s = scopes.back();
                scopes.pop_back();
                close_scope(s);
                if (s.order) scopes.back().child_ordered = true;
            }
            continue;
        }
        if (!t.word) continue;
        Scope& s = scopes.back();
        bool prev_dot = k > 0 && toks[k - 1].text == ".";
        if (t.text == "ORDER" && k + 1 < toks.size() && toks[k + 1].text == "BY") {
            s.order = true;
            if (t.depth == 0) traits.top_level_order_by = true;
        } else if (t.text == "ROWNUM") {
            s.rownum = true;
        } else if ((t.text == "LIMIT" || t.text == "TOP") && !prev_dot) {
            if (!s.order) s.limit_unordered = true;
        } else if (t.text == "FETCH" && k + 1 < toks.size() &&
                   (toks[k + 1].text == "FIRST" || toks[k + 1].text == "NEXT")) {
            if (!s.order) s.limit_unordered = true;
        } else if (t.text == "NEXT" && k + 2 < toks.size() && toks[k + 1].text == "VALUE" && toks[k + 2].text == "FOR") {
            flag("NEXT VALUE FOR");
        } else if (VolatileWords().count(t.text)) {
            bool is_call = k + 1 < toks.size() && toks[k + 1].text == "(";
            bool bare_ok = t.text == "SYSDATE" || t.text == "SYSTIMESTAMP" || t.text == "CURRENT_TIMESTAMP" ||
                           t.text == "LOCALTIMESTAMP" || t.text == "CURRENT_DATE" || t.text == "CURRENT_TIME" ||
                           t.text == "LOCALTIME" || t.text == "NEXTVAL" || t.text == "CURRVAL" ||
                           t.text == "DBMS_RANDOM";
            if (is_call || bare_ok || prev_dot) flag(t.text);
        }
    }
    while (!scopes.empty()) {
        close_scope(scopes.back());
        scopes.pop_back();
    }

    // Top-level ORDER BY items.
    if (traits.top_level_order_by) {
        std::size_t k = 0;
        std::size_t start = 0;
        for (k = 0; k + 1 < toks.size(); ++k) {
            if (toks[k].depth == 0 && toks[k].text == "ORDER" && toks[k + 1].text == "BY") start = k + 2;
        }
        std::vector<std::string> items;
        std::string cur;
        std::size_t item_begin = std::string::npos;
        std::size_t item_end = 0;
        auto flush = [&]() {
            if (item_begin != std::string::npos) items.push_back(sql.substr(item_begin, item_end - item_begin));
            item_begin = std::string::npos;
        };
        for (k = start; k < toks.size(); ++k) {
            const Token& t = toks[k];
            if (t.depth == 0 && t.word &&
                (t.text == "LIMIT" || t.text == "OFFSET" || t.text == "FETCH" || t.text == "FOR")) {
                break;
            }
            if (t.depth == 0 && t.text == ";") break;
            if (t.depth == 0 && t.text == ",") {
                flush();
                continue;
            }
            if (t.depth == 0 && t.word && (t.text == "ASC" || t.text == "DESC")) continue;
            if (t.depth == 0 && t.word && t.text == "NULLS") {
                ++k;  // FIRST / LAST
                continue;
            }
            if (item_begin == std::string::npos) item_begin = t.begin;
            item_end = t.end;
        }
        flush();
        traits.order_items = items;
    }
    return traits;
}

}  // namespace dbbridge::core::multiplex
