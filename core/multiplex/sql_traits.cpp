#include "core/multiplex/sql_traits.h"

#include <set>

#include "dbbridge/sdk/util/sql_lexer.h"
#include "dbbridge/sdk/util/sql_text.h"

namespace dbbridge::core::multiplex {

namespace {

using sdk::util::SqlToken;
using sdk::util::SqlTokenKind;

// A significant token (comments dropped) with its parenthesis depth.
struct Tok {
    std::string up;  // upper-cased word; "'" for a literal; the text otherwise
    const SqlToken* token = nullptr;
    bool word = false;
    int depth = 0;  // depth where the token starts ("(" and its ")" share the outer depth)
};

std::vector<Tok> Significant(const std::vector<SqlToken>& tokens) {
    std::vector<Tok> out;
    int depth = 0;
    for (const SqlToken& t : tokens) {
        if (t.kind == SqlTokenKind::kComment || t.kind == SqlTokenKind::kEnd) {
            continue;
        }
        Tok k;
        k.token = &t;
        k.word = t.kind == SqlTokenKind::kWord;
        k.up = k.word ? sdk::util::ToUpper(t.text) : t.kind == SqlTokenKind::kString ? "'" : t.text;
        if (k.up == ")" && depth > 0) {
            --depth;
        }
        k.depth = depth;
        if (k.up == "(") {
            ++depth;
        }
        out.push_back(std::move(k));
    }
    return out;
}

// The statement's own token range [lo, hi] and its depth: trailing ';' dropped and parentheses
// wrapping the whole statement, "(select ... order by a)", looked through.
struct Body {
    std::size_t lo = 0;
    std::size_t hi = 0;  // inclusive; lo > hi when empty
    int depth = 0;
};

Body StatementBody(const std::vector<Tok>& toks) {
    Body b;
    std::size_t end = toks.size();
    while (end > 0 && toks[end - 1].up == ";") {
        --end;
    }
    if (end == 0) {
        b.lo = 1;
        return b;
    }
    b.hi = end - 1;
    while (b.lo < b.hi && toks[b.lo].up == "(" && toks[b.hi].up == ")" && toks[b.hi].depth == toks[b.lo].depth) {
        bool closes_early = false;  // "(a) union (b)": the first ")" is not the last token
        for (std::size_t k = b.lo + 1; k < b.hi; ++k) {
            if (toks[k].depth == toks[b.lo].depth) {
                closes_early = true;
                break;
            }
        }
        if (closes_early) {
            break;
        }
        ++b.lo;
        --b.hi;
        ++b.depth;
    }
    return b;
}

bool IsOrderBy(const std::vector<Tok>& toks, std::size_t k, std::size_t* items_start) {
    if (toks[k].up != "ORDER" || k + 1 >= toks.size()) {
        return false;
    }
    std::size_t by = toks[k + 1].up == "SIBLINGS" ? k + 2 : k + 1;
    if (by >= toks.size() || toks[by].up != "BY") {
        return false;
    }
    *items_start = by + 1;
    return true;
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

// Volatile words that need no call parentheses to be volatile.
const std::set<std::string>& BareVolatileWords() {
    static const std::set<std::string> k = {"SYSDATE",      "SYSTIMESTAMP", "CURRENT_TIMESTAMP", "LOCALTIMESTAMP",
                                            "CURRENT_DATE", "CURRENT_TIME", "LOCALTIME",         "NEXTVAL",
                                            "CURRVAL",      "DBMS_RANDOM"};
    return k;
}

// Per parenthesis level: did an ORDER BY appear, did ROWNUM, did an ordered child.
struct Scope {
    bool order = false;
    bool rownum = false;
    bool child_ordered = false;
    bool limit_unordered = false;
};

void FindNonDeterminism(const std::vector<Tok>& toks, SqlTraits& traits) {
    auto flag = [&](const std::string& why) {
        if (!traits.non_deterministic) {
            traits.non_deterministic = true;
            traits.non_deterministic_reason = why;
        }
    };
    auto close_scope = [&](const Scope& s) {
        if (s.rownum && !s.child_ordered) {
            flag("ROWNUM without an ordered subquery");
        }
        if (s.limit_unordered) {
            flag("LIMIT/FETCH FIRST without ORDER BY");
        }
    };
    std::vector<Scope> scopes(1);
    for (std::size_t k = 0; k < toks.size(); ++k) {
        const Tok& t = toks[k];
        if (t.up == "(") {
            scopes.emplace_back();
            continue;
        }
        if (t.up == ")" && scopes.size() > 1) {
            Scope s = scopes.back();
            scopes.pop_back();
            close_scope(s);
            scopes.back().child_ordered = scopes.back().child_ordered || s.order;
            continue;
        }
        if (!t.word) {
            continue;
        }
        Scope& s = scopes.back();
        const bool prev_dot = k > 0 && toks[k - 1].up == ".";
        const std::string next = k + 1 < toks.size() ? toks[k + 1].up : "";
        std::size_t unused = 0;
        if (IsOrderBy(toks, k, &unused)) {
            s.order = true;
        } else if (t.up == "ROWNUM") {
            s.rownum = true;
        } else if ((t.up == "LIMIT" || t.up == "TOP") && !prev_dot) {
            s.limit_unordered = s.limit_unordered || !s.order;
        } else if (t.up == "FETCH" && (next == "FIRST" || next == "NEXT")) {
            s.limit_unordered = s.limit_unordered || !s.order;
        } else if (t.up == "NEXT" && next == "VALUE" && k + 2 < toks.size() && toks[k + 2].up == "FOR") {
            flag("NEXT VALUE FOR");
        } else if (VolatileWords().count(t.up) && (next == "(" || BareVolatileWords().count(t.up) || prev_dot)) {
            flag(t.up);
        }
    }
    while (!scopes.empty()) {
        close_scope(scopes.back());
        scopes.pop_back();
    }
}

// Items of the last ORDER BY at the body's own depth, as written, without ASC/DESC/NULLS ...
void FindTopLevelOrder(const std::string& sql, const std::vector<Tok>& toks, const Body& body, SqlTraits& traits) {
    std::size_t start = 0;
    for (std::size_t k = body.lo; k <= body.hi && k < toks.size(); ++k) {
        std::size_t items = 0;
        if (toks[k].depth == body.depth && IsOrderBy(toks, k, &items)) {
            traits.top_level_order_by = true;
            start = items;
        }
    }
    if (!traits.top_level_order_by) {
        return;
    }
    static const std::set<std::string> kEnds = {"LIMIT", "OFFSET", "FETCH", "FOR", ";"};
    std::size_t item_begin = std::string::npos;
    std::size_t item_end = 0;
    auto flush = [&]() {
        if (item_begin != std::string::npos) {
            traits.order_items.push_back(sql.substr(item_begin, item_end - item_begin));
        }
        item_begin = std::string::npos;
    };
    for (std::size_t k = start; k <= body.hi && k < toks.size(); ++k) {
        const Tok& t = toks[k];
        const bool own_level = t.depth == body.depth;
        if (own_level && kEnds.count(t.up)) {
            break;
        }
        if (own_level && t.up == ",") {
            flush();
            continue;
        }
        if (own_level && (t.up == "ASC" || t.up == "DESC")) {
            continue;
        }
        if (own_level && t.up == "NULLS") {
            ++k;  // FIRST / LAST
            continue;
        }
        if (item_begin == std::string::npos) {
            item_begin = t.token->offset;
        }
        item_end = t.token->offset + t.token->text.size();
    }
    flush();
}

}  // namespace

SqlTraits AnalyzeSql(const std::string& sql, const sdk::SqlLexicon& lexicon) {
    SqlTraits traits;
    sdk::util::SqlLexMode mode;
    mode.lenient = true;
    auto lexed = sdk::util::LexSql(sql, lexicon, mode);
    if (!lexed.ok()) {
        return traits;
    }
    const std::vector<Tok> toks = Significant(*lexed);
    const Body body = StatementBody(toks);
    if (body.lo > body.hi || body.lo >= toks.size()) {
        return traits;
    }
    std::size_t first = body.lo;
    while (first < body.hi && toks[first].up == "(") {
        ++first;  // "(select ...) union (select ...)"
    }
    if (toks[first].word) {
        traits.statement_kind = toks[first].up;
        static const std::set<std::string> kQueries = {"SELECT", "WITH", "VALUES", "TABLE"};
        traits.is_query = kQueries.count(traits.statement_kind) > 0;
    }
    FindNonDeterminism(toks, traits);
    FindTopLevelOrder(sql, toks, body, traits);
    return traits;
}

}  // namespace dbbridge::core::multiplex
