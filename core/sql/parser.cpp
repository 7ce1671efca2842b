#include "core/sql/parser.h"

#include <algorithm>
#include <set>
#include <unordered_map>

#include "dbbridge/sdk/util/sql_text.h"
#include "tree.h"

namespace dbbridge::sql {
namespace {

// The parser, printer, rewriter and even the tree's destructor recurse over the tree, so its depth
// bounds their stack use. kMaxNesting caps the parser's own recursion (parentheses, subqueries,
// unary operators); kMaxDepth caps the height of the finished tree, which left-associative chains
// (a + b - c ..., UNION ..., JOIN ...) grow without recursing. AND, OR, XOR and || are built as flat
// lists, so long lists of conditions or concatenations stay shallow.
constexpr int kMaxNesting = 200;
constexpr int kMaxDepth = 1000;

// Words that end an expression or a clause, so they are never taken as an implicit alias.
const std::set<std::string>& Reserved() {
    static const std::set<std::string> k = {
        "SELECT", "FROM", "WHERE", "GROUP", "HAVING", "ORDER", "UNION", "INTERSECT", "MINUS", "EXCEPT",
        "CONNECT", "START", "LIMIT", "OFFSET", "FETCH", "ON", "JOIN", "INNER", "LEFT", "RIGHT", "FULL",
        "CROSS", "NATURAL", "USING", "INTO", "VALUES", "VALUE", "SET", "WHEN", "THEN", "ELSE", "END", "AND",
        "OR", "NOT", "AS", "WITH", "FOR", "WINDOW", "RETURNING", "PARTITION", "BY", "IS", "IN", "LIKE",
        "BETWEEN", "OUTER", "MATCHED", "DELETE", "UPDATE", "INSERT", "MERGE", "NULLS", "ASC", "DESC",
        "SIBLINGS", "REGEXP", "RLIKE", "ESCAPE", "DISTINCT", "ALL", "SEPARATOR", "OVER", "WITHIN",
        "LATERAL", "STRAIGHT_JOIN", "DUPLICATE", "XOR", "DIV", "MOD", "COLLATE", "LOCK", "KEEP"};
    return k;
}

// Words the source database rejects as unquoted identifiers (column, table, alias names). Oracle: the
// documented reserved words (SQL Language Reference, "Oracle SQL Reserved Words"), minus those the
// expression grammar handles itself (NULL, LEVEL, ROWNUM, SYSDATE, USER, ROWID, PRIOR, EXISTS, NOT,
// DEFAULT). MySQL: reserved words of the MySQL 8 / MariaDB keyword lists that end or start a clause;
// some are also function names (LEFT(...), INSERT(...), VALUES(col)), so a following '(' is allowed.
bool IsHardReserved(SourceDialect d, const std::string& up) {
    static const std::set<std::string> oracle = {
        "ACCESS", "ADD", "ALL", "ALTER", "AND", "ANY", "AS", "ASC", "AUDIT", "BETWEEN", "BY", "CHAR", "CHECK",
        "CLUSTER", "COLUMN", "COMMENT", "COMPRESS", "CONNECT", "CREATE", "CURRENT", "DATE", "DECIMAL", "DELETE",
        "DESC", "DISTINCT", "DROP", "ELSE", "EXCLUSIVE", "FILE", "FLOAT", "FOR", "FROM", "GRANT", "GROUP",
        "HAVING", "IDENTIFIED", "IMMEDIATE", "IN", "INCREMENT", "INDEX", "INITIAL", "INSERT", "INTEGER",
        "INTERSECT", "INTO", "IS", "LIKE", "LOCK", "LONG", "MAXEXTENTS", "MINUS", "MLSLABEL", "MODE", "MODIFY",
        "NOAUDIT", "NOCOMPRESS", "NOWAIT", "NUMBER", "OF", "OFFLINE", "ON", "ONLINE", "OPTION", "OR", "ORDER",
        "PCTFREE", "PRIVILEGES", "PUBLIC", "RAW", "RENAME", "RESOURCE", "REVOKE", "ROW", "ROWS", "SELECT",
        "SESSION", "SET", "SHARE", "SIZE", "SMALLINT", "START", "SUCCESSFUL", "SYNONYM", "TABLE", "THEN", "TO",
        "TRIGGER", "UID", "UNION", "UNIQUE", "UPDATE", "VALIDATE", "VALUES", "VARCHAR", "VARCHAR2", "VIEW",
        "WHENEVER", "WHERE", "WITH"};
    static const std::set<std::string> mysql = {
        "ALL", "ALTER", "AND", "AS", "ASC", "BETWEEN", "BY", "CHECK", "CONSTRAINT", "CREATE", "CROSS", "DELETE",
        "DESC", "DISTINCT", "DISTINCTROW", "DIV", "DROP", "ELSE", "EXCEPT", "FOR", "FOREIGN", "FROM", "GROUP",
        "HAVING", "IN", "INDEX", "INNER", "INSERT", "INTERSECT", "INTO", "IS", "JOIN", "KEY", "LEFT", "LIKE",
        "LIMIT", "MOD", "NATURAL", "ON", "OR", "ORDER", "OUTER", "PRIMARY", "REFERENCES", "REGEXP", "RIGHT",
        "RLIKE", "SELECT", "SET", "STRAIGHT_JOIN", "TABLE", "THEN", "UNION", "UNIQUE", "UPDATE", "USING",
        "VALUES", "WHEN", "WHERE", "WITH", "XOR"};
    if (d == SourceDialect::kOracle) {
        return oracle.count(up) > 0;
    }
    return d == SourceDialect::kMySql && mysql.count(up) > 0;
}

class ParserImpl {
public:
    ParserImpl(SourceDialect d, std::vector<Token> all) : dialect_(d) {
        toks_.reserve(all.size());
        comments_.reserve(all.size());
        std::vector<std::string> pending;
        for (auto& t : all) {
            if (t.kind == TokenKind::kComment) {
                pending.push_back(t.text);
                continue;
            }
            comments_.push_back(std::move(pending));
            pending.clear();
            toks_.push_back(std::move(t));
        }
    }

    Result<std::vector<StatementPtr>> Script() {
        std::vector<StatementPtr> out;
        while (true) {
            while (IsOp(";")) {
                Take();
            }
            if (AtEnd()) {
                if (!pending_.empty() && !out.empty()) {
                    auto& tc = out.back()->trailing_comments;
                    tc.insert(tc.end(), pending_.begin(), pending_.end());
                }
                TakeEndComments(out);
                return out;
            }
            DBB_ASSIGN_OR_RETURN(auto st, StatementRule());
            if (!AtEnd() && !IsOp(";")) {
                return Fail("unexpected '" + Cur().text + "' after the end of the statement");
            }
            TakePending((st)->trailing_comments);
            if (AtEnd()) {
                auto& tc = (st)->trailing_comments;
                tc.insert(tc.end(), comments_[pos_].begin(), comments_[pos_].end());
                comments_[pos_].clear();
            }
            out.push_back(std::move(st));
        }
    }

    Result<ExprPtr> SingleExpression() {
        auto e = ExprRule();
        if (!e.ok()) {
            return e;
        }
        if (!AtEnd()) {
            return Fail("unexpected '" + Cur().text + "' after the expression");
        }
        return e;
    }

private:
    // Counts one level of parser recursion for as long as it lives.
    class Nest {
    public:
        explicit Nest(ParserImpl& p) : p_(p) { ++p_.depth_; }
        ~Nest() { --p_.depth_; }
        Nest(const Nest&) = delete;
        Nest& operator=(const Nest&) = delete;
        bool TooDeep() const { return p_.depth_ > kMaxNesting; }

    private:
        ParserImpl& p_;
    };
    Status TooDeep() const { return Fail("nesting deeper than " + std::to_string(kMaxNesting)); }
    Status TooLong(const Position& p) const {
        return Status::InvalidArgument("line " + p.ToString() + ": nesting deeper than " + std::to_string(kMaxDepth) +
                                       " (a chain of operators, set operations or joins that long is not supported)");
    }

    // Height of a parsed subtree, memoised: chain nodes are measured when they are built, so the
    // recursion here only walks nodes that the parser's own (bounded) recursion created.
    int Height(const ExprPtr& e) {
        if (!e) {
            return 0;
        }
        auto it = heights_.find(e.get());
        if (it != heights_.end()) {
            return it->second;
        }
        int h = std::max({Height(e->operand), Height(e->else_expr), Height(e->separator), Height(e->query)});
        for (const auto& a : e->args) {
            h = std::max(h, Height(a));
        }
        for (const auto& o : e->order) {
            h = std::max(h, Height(o.expr));
        }
        if (e->over) {
            for (const auto& p : e->over->partition) {
                h = std::max(h, Height(p));
            }
            for (const auto& o : e->over->order) {
                h = std::max(h, Height(o.expr));
            }
        }
        return heights_[e.get()] = h + 1;
    }
    int Height(const QueryPtr& q) {
        if (!q) {
            return 0;
        }
        auto it = heights_.find(q.get());
        if (it != heights_.end()) {
            return it->second;
        }
        int h = std::max({Height(q->body), Height(q->limit), Height(q->offset)});
        for (const auto& c : q->ctes) {
            h = std::max(h, Height(c.query));
        }
        for (const auto& o : q->order) {
            h = std::max(h, Height(o.expr));
        }
        return heights_[q.get()] = h + 1;
    }
    int Height(const QueryBodyPtr& b) {
        if (!b) {
            return 0;
        }
        auto it = heights_.find(b.get());
        if (it != heights_.end()) {
            return it->second;
        }
        int h = std::max({Height(b->left), Height(b->right), Height(b->paren)});
        if (b->select) {
            const SelectCore& s = *b->select;
            h = std::max({h, Height(s.where), Height(s.start_with), Height(s.connect_by), Height(s.having)});
            for (const auto& i : s.items) {
                h = std::max(h, Height(i.expr));
            }
            for (const auto& t : s.from) {
                h = std::max(h, Height(t));
            }
            for (const auto& g : s.group_by) {
                h = std::max(h, Height(g));
            }
            ++h;
        }
        return heights_[b.get()] = h + 1;
    }
    int Height(const TableRefPtr& t) {
        if (!t) {
            return 0;
        }
        auto it = heights_.find(t.get());
        if (it != heights_.end()) {
            return it->second;
        }
        int h = std::max({Height(t->left), Height(t->right), Height(t->query), Height(t->on)});
        return heights_[t.get()] = h + 1;
    }

    // ---- token helpers ----
    const Token& Cur() const { return toks_[pos_]; }
    const Token& PeekAt(std::size_t k) const { return toks_[std::min(pos_ + k, toks_.size() - 1)]; }
    bool AtEnd() const { return Cur().kind == TokenKind::kEnd; }
    bool IsOp(const char* op) const { return Cur().kind == TokenKind::kOperator && Cur().text == op; }
    static bool WordIs(const Token& t, const char* w) {
        if (t.kind != TokenKind::kWord || t.text.size() != std::char_traits<char>::length(w)) {
            return false;
        }
        for (std::size_t i = 0; i < t.text.size(); ++i) {
            if (std::toupper(static_cast<unsigned char>(t.text[i])) != w[i]) {
                return false;
            }
        }
        return true;
    }
    bool IsWord(const char* w) const { return WordIs(Cur(), w); }
    bool IsWordAt(std::size_t k, const char* w) const { return WordIs(PeekAt(k), w); }
    const Token& Take() {
        auto& c = comments_[pos_];
        pending_.insert(pending_.end(), c.begin(), c.end());
        c.clear();
        const Token& t = toks_[pos_];
        if (pos_ + 1 < toks_.size()) {
            ++pos_;
        }
        return t;
    }
    bool AcceptWord(const char* w) {
        if (IsWord(w)) {
            Take();
            return true;
        }
        return false;
    }
    bool AcceptOp(const char* op) {
        if (IsOp(op)) {
            Take();
            return true;
        }
        return false;
    }
    Status Fail(const std::string& what) const {
        std::string near = AtEnd() ? "end of input" : "'" + Cur().text + "'";
        return Status::InvalidArgument("line " + Cur().pos.ToString() + ": " + what + " (near " + near + ")");
    }
    Status Unsupported(const Token& t, const std::string& what) const {
        return Status::Unimplemented("line " + t.pos.ToString() + ": unsupported construct: " + what + " (near '" +
                                     t.text + "')");
    }
    Status ExpectWord(const char* w) {
        if (!AcceptWord(w)) {
            return Fail(std::string("expected ") + w);
        }
        return Status::Ok();
    }
    Status ExpectOp(const char* op) {
        if (!AcceptOp(op)) {
            return Fail(std::string("expected '") + op + "'");
        }
        return Status::Ok();
    }
    void TakePending(std::vector<std::string>& into) {
        into.insert(into.end(), pending_.begin(), pending_.end());
        pending_.clear();
    }
    void TakeEndComments(std::vector<StatementPtr>& out) {
        auto& c = comments_[pos_];
        if (!c.empty() && !out.empty()) {
            auto& tc = out.back()->trailing_comments;
            tc.insert(tc.end(), c.begin(), c.end());
            c.clear();
        }
    }
    ExprPtr NewExpr(ExprKind kind, const Position& p) {
        auto e = std::make_shared<Expr>();
        e->kind = kind;
        e->pos = p;
        TakePending(e->comments);
        return e;
    }
    bool IsIdentToken(const Token& t) const {
        return t.kind == TokenKind::kQuotedIdent || t.kind == TokenKind::kWord;
    }
    bool IsAliasCandidate() const {
        if (Cur().kind == TokenKind::kQuotedIdent) {
            return true;
        }
        if (Cur().kind != TokenKind::kWord) {
            return false;
        }
        const std::string up = util::ToUpper(Cur().text);
        return Reserved().count(up) == 0 && !IsHardReserved(dialect_, up);
    }
    bool IsReservedWordHere() const {
        if (Cur().kind != TokenKind::kWord) {
            return false;
        }
        const bool next_paren = PeekAt(1).kind == TokenKind::kOperator && PeekAt(1).text == "(";
        return IsHardReserved(dialect_, util::ToUpper(Cur().text)) &&
               !(dialect_ == SourceDialect::kMySql && next_paren);
    }
    // An identifier; a reserved word is rejected (after_dot: the name follows a '.').
    Result<Ident> IdentRule(bool after_dot = false) {
        const Token& t = Cur();
        if (t.kind == TokenKind::kQuotedIdent) {
            Take();
            return Ident{t.value, true, t.text[0]};
        }
        if (t.kind == TokenKind::kWord) {
            // MySQL accepts a reserved word after a '.', Oracle does not (ORA-01747).
            if (!(after_dot && dialect_ == SourceDialect::kMySql) && IsReservedWordHere()) {
                return Fail("reserved word '" + t.text + "' where a name or an expression is expected");
            }
            Take();
            return Ident{t.text, false, '"'};
        }
        return Fail("expected an identifier");
    }
    Result<std::vector<Ident>> QualifiedName() {
        std::vector<Ident> parts;
        DBB_ASSIGN_OR_RETURN(auto first, IdentRule());
        parts.push_back(first);
        while (IsOp(".") && IsIdentToken(PeekAt(1))) {
            Take();
            DBB_ASSIGN_OR_RETURN(auto p, IdentRule(true));
            parts.push_back(p);
        }
        return parts;
    }
    Result<std::vector<Ident>> IdentList() {  // (a, b, c)
        DBB_RETURN_IF_ERROR(ExpectOp("("));
        std::vector<Ident> out;
        do {
            DBB_ASSIGN_OR_RETURN(auto id, IdentRule());
            out.push_back(id);
        } while (AcceptOp(","));
        DBB_RETURN_IF_ERROR(ExpectOp(")"));
        return out;
    }
    bool OptionalAlias(bool& has, Ident& alias) {
        if (AcceptWord("AS")) {
            auto id = IdentRule();
            if (!id.ok()) {
                return false;
            }
            has = true;
            alias = *id;
            return true;
        }
        if (IsAliasCandidate()) {
            has = true;
            alias = *IdentRule();  // IsAliasCandidate excludes reserved words
        }
        return true;
    }

    // ---- statements ----
    Result<StatementPtr> StatementRule() {
        auto st = std::make_shared<Statement>();
        st->pos = Cur().pos;
        // Comments before the first token belong to the statement.
        auto& c = comments_[pos_];
        st->comments.insert(st->comments.end(), pending_.begin(), pending_.end());
        pending_.clear();
        st->comments.insert(st->comments.end(), c.begin(), c.end());
        c.clear();
        Status s;
        if (IsWord("SELECT") || IsWord("WITH") || IsOp("(")) {
            st->kind = Statement::Kind::kSelect;
            DBB_ASSIGN_OR_RETURN(auto q, QueryRule());
            st->query = q;
        } else if (IsWord("INSERT") || IsWord("REPLACE")) {
            s = InsertRule(*st);
        } else if (IsWord("UPDATE")) {
            s = UpdateRule(*st);
        } else if (IsWord("DELETE")) {
            s = DeleteRule(*st);
        } else if (IsWord("MERGE")) {
            s = MergeRule(*st);
        } else if (IsWord("CREATE")) {
            s = CreateRule(*st);
        } else {
            return Unsupported(Cur(), "statement starting with '" + Cur().text + "'");
        }
        if (!s.ok()) {
            return s;
        }
        return st;
    }

    Status InsertRule(Statement& st) {
        if (IsWord("REPLACE") && dialect_ != SourceDialect::kMySql) {
            return Unsupported(Cur(), "REPLACE INTO");
        }
        st.replace_into = IsWord("REPLACE");
        Take();
        st.kind = Statement::Kind::kInsert;
        if (!st.replace_into && AcceptWord("IGNORE")) {
            st.insert_ignore = true;
        }
        if (IsWord("ALL") || IsWord("FIRST")) {
            return Unsupported(Cur(), "multi-table INSERT");
        }
        AcceptWord("INTO");
        DBB_ASSIGN_OR_RETURN(auto name, QualifiedName());
        st.table = name;
        if (!IsOp("(") && !IsWord("VALUES") && !IsWord("VALUE") && !IsWord("SELECT") && !IsWord("WITH") &&
            !IsWord("SET")) {
            OptionalAlias(st.has_alias, st.alias);
        }
        if (IsOp("(") && !(IsWordAt(1, "SELECT") || IsWordAt(1, "WITH"))) {
            DBB_ASSIGN_OR_RETURN(auto cols, IdentList());
            st.columns = cols;
        }
        if (AcceptWord("VALUES") || AcceptWord("VALUE")) {
            do {
                DBB_RETURN_IF_ERROR(ExpectOp("("));
                std::vector<ExprPtr> row;
                do {
                    DBB_ASSIGN_OR_RETURN(auto e, ExprRule());
                    row.push_back(e);
                } while (AcceptOp(","));
                DBB_RETURN_IF_ERROR(ExpectOp(")"));
                st.rows.push_back(std::move(row));
            } while (AcceptOp(","));
        } else if (IsWord("SELECT") || IsWord("WITH") || IsOp("(")) {
            DBB_ASSIGN_OR_RETURN(auto q, QueryRule());
            st.query = q;
        } else if (IsWord("SET")) {
            return Unsupported(Cur(), "INSERT ... SET");
        } else {
            return Fail("expected VALUES or SELECT");
        }
        if (IsWord("ON") && IsWordAt(1, "DUPLICATE") && !st.replace_into) {
            Take();
            Take();
            DBB_RETURN_IF_ERROR(ExpectWord("KEY"));
            DBB_RETURN_IF_ERROR(ExpectWord("UPDATE"));
            DBB_ASSIGN_OR_RETURN(auto sets, Assignments());
            st.on_duplicate = sets;
        }
        if (IsWord("RETURNING")) {
            return Unsupported(Cur(), "RETURNING");
        }
        return Status::Ok();
    }

    // rows: Oracle UPDATE's SET (c1, c2) = (subquery) is accepted.
    Result<std::vector<Assignment>> Assignments(bool rows = false) {
        std::vector<Assignment> out;
        do {
            if (IsOp("(")) {
                if (!rows || dialect_ != SourceDialect::kOracle) {
                    return Unsupported(Cur(), "SET (a, b) = (subquery)");
                }
                DBB_ASSIGN_OR_RETURN(auto a, RowAssignment());
                out.push_back(std::move(a));
                continue;
            }
            Assignment a;
            DBB_ASSIGN_OR_RETURN(auto col, QualifiedName());
            a.column = col;
            DBB_RETURN_IF_ERROR(ExpectOp("="));
            DBB_ASSIGN_OR_RETURN(auto e, ExprRule());
            a.value = e;
            out.push_back(std::move(a));
        } while (AcceptOp(","));
        return out;
    }

    // (c1, c2) = (subquery)
    Result<Assignment> RowAssignment() {
        Assignment a;
        Take();
        do {
            DBB_ASSIGN_OR_RETURN(auto col, QualifiedName());
            a.columns.push_back(col);
        } while (AcceptOp(","));
        DBB_RETURN_IF_ERROR(ExpectOp(")"));
        DBB_RETURN_IF_ERROR(ExpectOp("="));
        if (!IsOp("(") || !(IsWordAt(1, "SELECT") || IsWordAt(1, "WITH"))) {
            return Fail("expected (subquery) after SET (..) =");
        }
        DBB_ASSIGN_OR_RETURN(a.value, ParenRule());
        return a;
    }

    Status UpdateRule(Statement& st) {
        Take();
        st.kind = Statement::Kind::kUpdate;
        DBB_ASSIGN_OR_RETURN(auto name, QualifiedName());
        st.table = name;
        if (!IsWord("SET")) {
            OptionalAlias(st.has_alias, st.alias);
        }
        if (dialect_ == SourceDialect::kMySql) {
            DBB_RETURN_IF_ERROR(UpdateJoins(st));
        }
        if (IsOp(",") || IsWord("JOIN") || IsWord("LEFT") || IsWord("INNER") || IsWord("RIGHT")) {
            return Unsupported(Cur(), "multi-table UPDATE");
        }
        DBB_RETURN_IF_ERROR(ExpectWord("SET"));
        auto sets = Assignments(/*rows=*/true);
        if (!sets.ok()) {
            return sets.status();
        }
        st.sets = *sets;
        DBB_RETURN_IF_ERROR(OptionalWhere(st.where));
        DBB_RETURN_IF_ERROR(MySqlDmlOrderLimit(st));
        return RejectDmlTail("UPDATE");
    }

    // MySQL's multiple-table UPDATE t [INNER] JOIN u [alias] ON cond ...: inner joins only (an
    // outer join also updates unmatched rows, which the PostgreSQL form cannot express).
    Status UpdateJoins(Statement& st) {
        while (IsWord("JOIN") || (IsWord("INNER") && IsWordAt(1, "JOIN"))) {
            AcceptWord("INNER");
            Take();  // JOIN
            DBB_ASSIGN_OR_RETURN(auto table, TablePrimary());
            if (table->kind != TableRef::Kind::kTable) {
                return Unsupported(Cur(), "UPDATE joined with a derived table");
            }
            DBB_RETURN_IF_ERROR(ExpectWord("ON"));
            DBB_ASSIGN_OR_RETURN(table->on, ExprRule());
            st.joins.push_back(table);
        }
        return Status::Ok();
    }

    // [WHERE condition]: fills where when the clause is there.
    Status OptionalWhere(ExprPtr& where) {
        if (!AcceptWord("WHERE")) {
            return Status::Ok();
        }
        DBB_ASSIGN_OR_RETURN(auto w, ExprRule());
        where = w;
        return Status::Ok();
    }

    // MySQL's single-table UPDATE / DELETE ... [ORDER BY ...] [LIMIT n].
    Status MySqlDmlOrderLimit(Statement& st) {
        if (dialect_ != SourceDialect::kMySql) {
            return Status::Ok();
        }
        if (IsWord("ORDER") && IsWordAt(1, "BY")) {
            Take();
            Take();
            DBB_ASSIGN_OR_RETURN(auto items, OrderItems());
            st.dml_order = items;
        }
        if (AcceptWord("LIMIT")) {
            DBB_ASSIGN_OR_RETURN(auto n, PrimaryRule());
            st.dml_limit = n;
        }
        return Status::Ok();
    }

    // MySQL/PostgreSQL tails of UPDATE/DELETE that Oracle lacks and no rule translates.
    Status RejectDmlTail(const char* statement) {
        if (IsWord("ORDER") || IsWord("LIMIT") || IsWord("RETURNING")) {
            return Unsupported(Cur(), std::string(statement) + " ... " + util::ToUpper(Cur().text));
        }
        return Status::Ok();
    }

    Status DeleteRule(Statement& st) {
        Take();
        st.kind = Statement::Kind::kDelete;
        // MySQL's multiple-table DELETE t FROM t JOIN u ON ..: one deleted table, named first.
        std::vector<Ident> deleted;
        if (dialect_ == SourceDialect::kMySql && !IsWord("FROM") && IsWordAt(1, "FROM")) {
            DBB_ASSIGN_OR_RETURN(deleted, QualifiedName());
        }
        AcceptWord("FROM");
        DBB_ASSIGN_OR_RETURN(auto name, QualifiedName());
        st.table = name;
        if (!IsWord("WHERE")) {
            OptionalAlias(st.has_alias, st.alias);
        }
        if (!deleted.empty()) {
            const std::string named = util::ToLower(deleted.back().text);
            if (named != util::ToLower(st.has_alias ? st.alias.text : st.table.back().text)) {
                return Unsupported(Cur(), "multi-table DELETE from a joined table");
            }
            DBB_RETURN_IF_ERROR(UpdateJoins(st));
        }
        if (IsOp(",") || IsWord("USING") || IsWord("JOIN") || IsWord("INNER") || IsWord("LEFT")) {
            return Unsupported(Cur(), "multi-table DELETE");
        }
        DBB_RETURN_IF_ERROR(OptionalWhere(st.where));
        DBB_RETURN_IF_ERROR(MySqlDmlOrderLimit(st));
        return RejectDmlTail("DELETE");
    }

    Status MergeRule(Statement& st) {
        Take();
        st.kind = Statement::Kind::kMerge;
        DBB_RETURN_IF_ERROR(ExpectWord("INTO"));
        DBB_ASSIGN_OR_RETURN(auto name, QualifiedName());
        st.table = name;
        if (!IsWord("USING")) {
            OptionalAlias(st.has_alias, st.alias);
        }
        DBB_RETURN_IF_ERROR(ExpectWord("USING"));
        DBB_ASSIGN_OR_RETURN(auto src, TablePrimary());
        st.using_ref = src;
        DBB_RETURN_IF_ERROR(ExpectWord("ON"));
        auto on = ExprRule();
        if (!on.ok()) {
            return on.status();
        }
        st.on = *on;
        while (AcceptWord("WHEN")) {
            bool negated = AcceptWord("NOT");
            DBB_RETURN_IF_ERROR(ExpectWord("MATCHED"));
            if (IsWord("AND")) {
                return Unsupported(Cur(), "WHEN [NOT] MATCHED AND ...");
            }
            DBB_RETURN_IF_ERROR(ExpectWord("THEN"));
            if (!negated) {
                if (st.when_matched) {
                    return Fail("duplicate WHEN MATCHED");
                }
                st.when_matched = true;
                DBB_RETURN_IF_ERROR(ExpectWord("UPDATE"));
                DBB_RETURN_IF_ERROR(ExpectWord("SET"));
                auto sets = Assignments();
                if (!sets.ok()) {
                    return sets.status();
                }
                st.sets = *sets;
                DBB_RETURN_IF_ERROR(OptionalWhere(st.matched_where));
                if (AcceptWord("DELETE")) {
                    DBB_RETURN_IF_ERROR(ExpectWord("WHERE"));
                    DBB_ASSIGN_OR_RETURN(auto w, ExprRule());
                    st.matched_delete_where = w;
                }
            } else {
                if (st.when_not_matched) {
                    return Fail("duplicate WHEN NOT MATCHED");
                }
                st.when_not_matched = true;
                DBB_RETURN_IF_ERROR(ExpectWord("INSERT"));
                if (IsOp("(")) {
                    DBB_ASSIGN_OR_RETURN(auto cols, IdentList());
                    st.insert_columns = cols;
                }
                DBB_RETURN_IF_ERROR(ExpectWord("VALUES"));
                DBB_RETURN_IF_ERROR(ExpectOp("("));
                do {
                    DBB_ASSIGN_OR_RETURN(auto e, ExprRule());
                    st.insert_values.push_back(e);
                } while (AcceptOp(","));
                DBB_RETURN_IF_ERROR(ExpectOp(")"));
                DBB_RETURN_IF_ERROR(OptionalWhere(st.not_matched_where));
            }
        }
        if (!st.when_matched && !st.when_not_matched) {
            return Fail("expected WHEN MATCHED or WHEN NOT MATCHED");
        }
        return Status::Ok();
    }

    Status CreateRule(Statement& st) {
        Take();
        if (AcceptWord("OR")) {
            return Unsupported(Cur(), "CREATE OR REPLACE");
        }
        if (AcceptWord("GLOBAL") || IsWord("TEMPORARY")) {
            DBB_RETURN_IF_ERROR(ExpectWord("TEMPORARY"));
            st.temporary = true;
        }
        if (AcceptWord("UNIQUE")) {
            st.unique = true;
        }
        if (AcceptWord("INDEX")) {
            return IndexRule(st);
        }
        if (st.unique) {
            return Fail("expected INDEX after CREATE UNIQUE");
        }
        if (AcceptWord("SEQUENCE")) {
            return SequenceRule(st);
        }
        if (!AcceptWord("TABLE")) {
            return Unsupported(Cur(), "CREATE " + Cur().text);
        }
        st.kind = Statement::Kind::kCreateTable;
        if (IsWord("IF")) {
            Take();
            DBB_RETURN_IF_ERROR(ExpectWord("NOT"));
            DBB_RETURN_IF_ERROR(ExpectWord("EXISTS"));
            st.if_not_exists = true;
        }
        DBB_ASSIGN_OR_RETURN(auto name, QualifiedName());
        st.table = name;
        if (AcceptWord("AS")) {
            DBB_ASSIGN_OR_RETURN(auto q, QueryRule());
            st.query = q;
            return Status::Ok();
        }
        DBB_RETURN_IF_ERROR(ExpectOp("("));
        do {
            if (IsWord("CONSTRAINT") || IsWord("PRIMARY") || IsWord("UNIQUE") || IsWord("FOREIGN") ||
                IsWord("CHECK") || IsWord("KEY") || IsWord("INDEX")) {
                DBB_RETURN_IF_ERROR(TableConstraintRule(st));
            } else {
                DBB_RETURN_IF_ERROR(ColumnDefRule(st));
            }
        } while (AcceptOp(","));
        DBB_RETURN_IF_ERROR(ExpectOp(")"));
        while (!AtEnd() && !IsOp(";")) {
            // Storage options (ENGINE=InnoDB, TABLESPACE x, ...): kept verbatim, printed only for
            // a target of the same family.
            std::string opt = Take().text;
            if (IsOp("=")) {
                opt += Take().text;
                if (AtEnd()) {
                    return Fail("expected an option value");
                }
                opt += Take().text;
            }
            st.table_options.push_back(opt);
        }
        return Status::Ok();
    }

    Status ColumnDefRule(Statement& st) {
        ColumnDef col;
        col.pos = Cur().pos;
        auto name = IdentRule();
        if (!name.ok()) {
            return name.status();
        }
        col.name = *name;
        auto type = TypeRule();
        if (!type.ok()) {
            return type.status();
        }
        col.type = *type;
        while (!IsOp(",") && !IsOp(")") && !AtEnd()) {
            ColumnConstraint c;
            if (AcceptWord("CONSTRAINT")) {
                DBB_ASSIGN_OR_RETURN(auto cn, IdentRule());
                c.named = true;
                c.name = cn;
            }
            const Token& t = Cur();
            if (AcceptWord("NOT")) {
                DBB_RETURN_IF_ERROR(ExpectWord("NULL"));
                c.kind = ColumnConstraint::Kind::kNotNull;
            } else if (AcceptWord("NULL")) {
                c.kind = ColumnConstraint::Kind::kNull;
            } else if (AcceptWord("DEFAULT")) {
                c.kind = ColumnConstraint::Kind::kDefault;
                DBB_ASSIGN_OR_RETURN(auto e, AdditiveRule());
                c.expr = e;
                if (IsWord("ON") && IsWordAt(1, "UPDATE")) {
                    return Unsupported(Cur(), "DEFAULT ... ON UPDATE");
                }
            } else if (AcceptWord("PRIMARY")) {
                DBB_RETURN_IF_ERROR(ExpectWord("KEY"));
                c.kind = ColumnConstraint::Kind::kPrimaryKey;
            } else if (AcceptWord("UNIQUE")) {
                AcceptWord("KEY");
                c.kind = ColumnConstraint::Kind::kUnique;
            } else if (AcceptWord("AUTO_INCREMENT")) {
                c.kind = ColumnConstraint::Kind::kAutoIncrement;
            } else if (AcceptWord("CHECK")) {
                c.kind = ColumnConstraint::Kind::kCheck;
                DBB_RETURN_IF_ERROR(ExpectOp("("));
                DBB_ASSIGN_OR_RETURN(auto e, ExprRule());
                c.expr = e;
                DBB_RETURN_IF_ERROR(ExpectOp(")"));
            } else if (AcceptWord("REFERENCES")) {
                c.kind = ColumnConstraint::Kind::kReferences;
                DBB_ASSIGN_OR_RETURN(auto rt, QualifiedName());
                c.ref_table = rt;
                if (IsOp("(")) {
                    c.ref_columns = *IdentList();
                }
                if (IsWord("ON")) {
                    return Unsupported(Cur(), "REFERENCES ... ON DELETE/UPDATE");
                }
            } else if (AcceptWord("COMMENT")) {
                c.kind = ColumnConstraint::Kind::kComment;
                DBB_ASSIGN_OR_RETURN(auto e, PrimaryRule());
                c.expr = e;
            } else {
                return Unsupported(t, "column attribute '" + t.text + "'");
            }
            col.constraints.push_back(std::move(c));
        }
        st.column_defs.push_back(std::move(col));
        return Status::Ok();
    }

    Status TableConstraintRule(Statement& st) {
        TableConstraint c;
        if (AcceptWord("CONSTRAINT")) {
            DBB_ASSIGN_OR_RETURN(auto cn, IdentRule());
            c.named = true;
            c.name = cn;
        }
        if (AcceptWord("PRIMARY")) {
            DBB_RETURN_IF_ERROR(ExpectWord("KEY"));
            c.kind = TableConstraint::Kind::kPrimaryKey;
        } else if (AcceptWord("UNIQUE")) {
            c.kind = TableConstraint::Kind::kUnique;
            if (AcceptWord("KEY") || AcceptWord("INDEX")) {
                if (!IsOp("(")) {
                    DBB_ASSIGN_OR_RETURN(auto n, IdentRule());
                    c.named = true;
                    c.name = n;
                }
            }
        } else if (AcceptWord("FOREIGN")) {
            DBB_RETURN_IF_ERROR(ExpectWord("KEY"));
            c.kind = TableConstraint::Kind::kForeignKey;
        } else if (AcceptWord("CHECK")) {
            c.kind = TableConstraint::Kind::kCheck;
            DBB_RETURN_IF_ERROR(ExpectOp("("));
            DBB_ASSIGN_OR_RETURN(auto e, ExprRule());
            c.check = e;
            DBB_RETURN_IF_ERROR(ExpectOp(")"));
            st.table_constraints.push_back(std::move(c));
            return Status::Ok();
        } else if (AcceptWord("KEY") || AcceptWord("INDEX")) {
            c.kind = TableConstraint::Kind::kIndex;
            if (!IsOp("(")) {
                DBB_ASSIGN_OR_RETURN(auto n, IdentRule());
                c.named = true;
                c.name = n;
            }
        } else {
            return Fail("expected a table constraint");
        }
        DBB_ASSIGN_OR_RETURN(auto cols, IdentList());
        c.columns = cols;
        if (c.kind == TableConstraint::Kind::kForeignKey) {
            DBB_RETURN_IF_ERROR(ExpectWord("REFERENCES"));
            DBB_ASSIGN_OR_RETURN(auto rt, QualifiedName());
            c.ref_table = rt;
            if (IsOp("(")) {
                c.ref_columns = *IdentList();
            }
            if (IsWord("ON")) {
                return Unsupported(Cur(), "REFERENCES ... ON DELETE/UPDATE");
            }
        }
        st.table_constraints.push_back(std::move(c));
        return Status::Ok();
    }

    Status IndexRule(Statement& st) {
        st.kind = Statement::Kind::kCreateIndex;
        DBB_ASSIGN_OR_RETURN(auto name, QualifiedName());
        st.index_name = name;
        DBB_RETURN_IF_ERROR(ExpectWord("ON"));
        auto table = QualifiedName();
        if (!table.ok()) {
            return table.status();
        }
        st.table = *table;
        DBB_RETURN_IF_ERROR(ExpectOp("("));
        DBB_ASSIGN_OR_RETURN(auto items, OrderItems());
        st.index_columns = items;
        DBB_RETURN_IF_ERROR(ExpectOp(")"));
        return Status::Ok();
    }

    Status SequenceRule(Statement& st) {
        st.kind = Statement::Kind::kCreateSequence;
        DBB_ASSIGN_OR_RETURN(auto name, QualifiedName());
        st.table = name;
        auto number = [this](std::string& out) -> Status {
            if (IsOp("-")) {
                out = Take().text;
            }
            if (Cur().kind != TokenKind::kNumber) {
                return Fail("expected a number");
            }
            out += Take().text;
            return Status::Ok();
        };
        while (!AtEnd() && !IsOp(";")) {
            std::string opt;
            std::string val;
            if (AcceptWord("START")) {
                DBB_RETURN_IF_ERROR(ExpectWord("WITH"));
                opt = "START WITH";
            } else if (AcceptWord("INCREMENT")) {
                DBB_RETURN_IF_ERROR(ExpectWord("BY"));
                opt = "INCREMENT BY";
            } else if (IsWord("MINVALUE") || IsWord("MAXVALUE") || IsWord("CACHE")) {
                opt = util::ToUpper(Take().text);
            } else if (IsWord("NOMINVALUE") || IsWord("NOMAXVALUE") || IsWord("NOCACHE") || IsWord("CYCLE") ||
                       IsWord("NOCYCLE") || IsWord("ORDER") || IsWord("NOORDER")) {
                st.sequence_options.emplace_back(util::ToUpper(Take().text), "");
                continue;
            } else {
                return Unsupported(Cur(), "sequence option '" + Cur().text + "'");
            }
            DBB_RETURN_IF_ERROR(number(val));
            st.sequence_options.emplace_back(opt, val);
        }
        return Status::Ok();
    }

    Result<TypeName> TypeRule() {
        TypeName t;
        if (Cur().kind != TokenKind::kWord) {
            return Fail("expected a data type");
        }
        t.name = util::ToUpper(Take().text);
        if (t.name == "DOUBLE" && AcceptWord("PRECISION")) {
            t.name = "DOUBLE PRECISION";
        } else if (t.name == "LONG" && AcceptWord("RAW")) {
            t.name = "LONG RAW";
        } else if ((t.name == "CHARACTER" || t.name == "CHAR") && AcceptWord("VARYING")) {
            t.name = "VARCHAR";
        } else if (t.name == "INTERVAL") {
            return Unsupported(Cur(), "INTERVAL data type");
        } else if ((t.name == "SIGNED" || t.name == "UNSIGNED") && (IsWord("INTEGER") || IsWord("INT"))) {
            Take();  // MySQL CAST(x AS UNSIGNED INTEGER) is CAST(x AS UNSIGNED)
        }
        if (AcceptOp("(")) {
            do {
                if (Cur().kind == TokenKind::kNumber || IsOp("*")) {
                    t.args.push_back(Take().text);
                } else if (Cur().kind == TokenKind::kString) {
                    return Unsupported(Cur(), t.name + " value list");
                } else {
                    return Fail("expected a type length");
                }
                if (IsWord("BYTE") || IsWord("CHAR")) {
                    t.suffix.push_back(util::ToUpper(Take().text));
                }
            } while (AcceptOp(","));
            DBB_RETURN_IF_ERROR(ExpectOp(")"));
        }
        while (true) {
            if (IsWord("UNSIGNED") || IsWord("SIGNED") || IsWord("ZEROFILL")) {
                t.suffix.push_back(util::ToUpper(Take().text));
            } else if (IsWord("WITH") && (IsWordAt(1, "TIME") || IsWordAt(1, "LOCAL"))) {
                Take();
                std::string s = "WITH";
                while (!IsWord("ZONE") && !AtEnd()) {
                    s += " " + util::ToUpper(Take().text);
                }
                DBB_RETURN_IF_ERROR(ExpectWord("ZONE"));
                t.suffix.push_back(s + " ZONE");
            } else if (IsWord("CHARACTER") && IsWordAt(1, "SET")) {
                Take();
                Take();
                Take();  // charset name: dropped, every target here is UTF-8
            } else if (IsWord("CHARSET") || IsWord("COLLATE")) {
                Take();
                Take();
            } else {
                break;
            }
        }
        return t;
    }

    // ---- queries ----
    Result<QueryPtr> QueryRule() {
        Nest nest(*this);
        if (nest.TooDeep()) {
            return TooDeep();
        }
        auto q = std::make_shared<Query>();
        q->pos = Cur().pos;
        if (AcceptWord("WITH")) {
            if (AcceptWord("RECURSIVE")) {
                q->recursive = true;
            }
            do {
                CommonTable ct;
                DBB_ASSIGN_OR_RETURN(auto n, IdentRule());
                ct.name = n;
                if (IsOp("(")) {
                    DBB_ASSIGN_OR_RETURN(auto cols, IdentList());
                    ct.columns = cols;
                }
                DBB_RETURN_IF_ERROR(ExpectWord("AS"));
                DBB_RETURN_IF_ERROR(ExpectOp("("));
                DBB_ASSIGN_OR_RETURN(auto sub, QueryRule());
                ct.query = sub;
                DBB_RETURN_IF_ERROR(ExpectOp(")"));
                q->ctes.push_back(std::move(ct));
            } while (AcceptOp(","));
        }
        auto body = SetExpr();
        if (!body.ok()) {
            return body.status();
        }
        q->body = *body;
        if (IsWord("ORDER")) {
            Take();
            if (AcceptWord("SIBLINGS")) {
                q->order_siblings = true;
            }
            DBB_RETURN_IF_ERROR(ExpectWord("BY"));
            DBB_ASSIGN_OR_RETURN(auto items, OrderItems());
            q->order = items;
        }
        const bool oracle = dialect_ == SourceDialect::kOracle;
        while (true) {
            if ((IsWord("LIMIT") || IsWord("OFFSET")) && (q->offset || (q->limit && !IsWord("OFFSET")))) {
                return Fail("unexpected '" + Cur().text + "': row limit already given");
            }
            if (IsWord("FETCH") && q->limit) {
                return Fail("unexpected 'FETCH': row limit already given");
            }
            if (oracle && IsWord("LIMIT")) {
                return Fail("LIMIT is not Oracle syntax (use OFFSET n ROWS / FETCH FIRST n ROWS ONLY)");
            }
            if (AcceptWord("LIMIT")) {
                DBB_ASSIGN_OR_RETURN(auto a, AdditiveRule());
                if (AcceptOp(",")) {
                    DBB_ASSIGN_OR_RETURN(auto b, AdditiveRule());
                    q->offset = a;
                    q->limit = b;
                } else {
                    q->limit = a;
                }
            } else if (AcceptWord("OFFSET")) {
                DBB_ASSIGN_OR_RETURN(auto a, AdditiveRule());
                q->offset = a;
                if (AcceptWord("ROWS") || AcceptWord("ROW")) {
                    q->fetch_syntax = true;
                } else if (oracle) {
                    return Fail("expected ROWS after OFFSET n");
                }
            } else if (AcceptWord("FETCH")) {
                q->fetch_syntax = true;
                if (!AcceptWord("FIRST")) {
                    DBB_RETURN_IF_ERROR(ExpectWord("NEXT"));
                }
                DBB_ASSIGN_OR_RETURN(auto a, AdditiveRule());
                q->limit = a;
                if (IsWord("PERCENT")) {
                    return Unsupported(Cur(), "FETCH ... PERCENT");
                }
                if (!AcceptWord("ROWS")) {
                    DBB_RETURN_IF_ERROR(ExpectWord("ROW"));
                }
                if (IsWord("WITH")) {
                    return Unsupported(Cur(), "FETCH ... WITH TIES");
                }
                DBB_RETURN_IF_ERROR(ExpectWord("ONLY"));
            } else if (IsWord("FOR") && IsWordAt(1, "UPDATE")) {
                auto lock = ForUpdateRule();
                if (!lock.ok()) {
                    return lock.status();
                }
                q->lock = *lock;
            } else {
                break;
            }
        }
        return q;
    }

    // FOR UPDATE [OF col, ...] [NOWAIT | WAIT n | SKIP LOCKED], kept as text in a canonical spelling.
    Result<std::string> ForUpdateRule() {
        Take();
        Take();
        std::string lock = "FOR UPDATE";
        if (AcceptWord("OF")) {
            std::string sep = " OF ";
            do {
                const std::size_t from = pos_;
                auto n = QualifiedName();
                if (!n.ok()) {
                    return n.status();
                }
                lock += sep;
                for (std::size_t i = from; i < pos_; ++i) {
                    lock += toks_[i].text;
                }
                sep = ", ";
            } while (AcceptOp(","));
        }
        if (AcceptWord("NOWAIT")) {
            lock += " NOWAIT";
        } else if (AcceptWord("WAIT")) {
            if (Cur().kind != TokenKind::kNumber) {
                return Fail("expected a number of seconds after WAIT");
            }
            lock += " WAIT " + Take().text;
        } else if (AcceptWord("SKIP")) {
            DBB_RETURN_IF_ERROR(ExpectWord("LOCKED"));
            lock += " SKIP LOCKED";
        }
        return lock;
    }

    Result<QueryBodyPtr> SetExpr() {
        auto left = SetTerm();
        if (!left.ok()) {
            return left;
        }
        QueryBodyPtr cur = *left;
        while (IsWord("UNION") || IsWord("INTERSECT") || IsWord("MINUS") || IsWord("EXCEPT")) {
            auto node = std::make_shared<QueryBody>();
            node->kind = QueryBody::Kind::kSetOp;
            node->op_pos = Cur().pos;
            node->op = util::ToUpper(Take().text);
            if (AcceptWord("ALL")) {
                node->op += " ALL";
            } else {
                AcceptWord("DISTINCT");
            }
            auto right = SetTerm();
            if (!right.ok()) {
                return right;
            }
            node->left = cur;
            node->right = *right;
            cur = node;
            if (Height(cur) > kMaxDepth) {
                return TooLong(node->op_pos);
            }
        }
        return cur;
    }

    Result<QueryBodyPtr> SetTerm() {
        auto b = std::make_shared<QueryBody>();
        if (IsOp("(")) {
            Take();
            DBB_ASSIGN_OR_RETURN(auto q, QueryRule());
            DBB_RETURN_IF_ERROR(ExpectOp(")"));
            b->kind = QueryBody::Kind::kParen;
            b->paren = q;
            return b;
        }
        DBB_ASSIGN_OR_RETURN(auto s, SelectRule());
        b->select = s;
        return b;
    }

    Result<std::shared_ptr<SelectCore>> SelectRule() {
        auto s = std::make_shared<SelectCore>();
        s->pos = Cur().pos;
        DBB_RETURN_IF_ERROR(ExpectWord("SELECT"));
        TakePending(s->comments);
        if (AcceptWord("DISTINCT") || AcceptWord("UNIQUE")) {
            s->distinct = true;
        } else {
            AcceptWord("ALL");
        }
        do {
            SelectItem item;
            DBB_ASSIGN_OR_RETURN(auto e, ExprRule());
            item.expr = e;
            if ((e)->kind != ExprKind::kStar) {
                if (AcceptWord("AS")) {
                    if (Cur().kind == TokenKind::kString) {
                        const Token& t = Take();
                        item.alias = Ident{t.value, true, '"'};
                        item.has_alias = true;
                    } else {
                        DBB_ASSIGN_OR_RETURN(auto a, IdentRule());
                        item.alias = a;
                        item.has_alias = true;
                    }
                } else if (IsAliasCandidate()) {
                    item.alias = *IdentRule();
                    item.has_alias = true;
                }
            }
            s->items.push_back(std::move(item));
        } while (AcceptOp(","));
        if (IsWord("INTO")) {
            return Unsupported(Cur(), "SELECT ... INTO");
        }
        if (AcceptWord("FROM")) {
            do {
                DBB_ASSIGN_OR_RETURN(auto t, TableRefRule());
                s->from.push_back(t);
            } while (AcceptOp(","));
        }
        DBB_RETURN_IF_ERROR(OptionalWhere(s->where));
        for (int k = 0; k < 2; ++k) {
            if (IsWord("START") && IsWordAt(1, "WITH")) {
                Take();
                Take();
                DBB_ASSIGN_OR_RETURN(auto e, ExprRule());
                s->start_with = e;
            } else if (IsWord("CONNECT") && IsWordAt(1, "BY")) {
                Take();
                Take();
                if (AcceptWord("NOCYCLE")) {
                    s->nocycle = true;
                }
                DBB_ASSIGN_OR_RETURN(auto e, ExprRule());
                s->connect_by = e;
            }
        }
        if (s->start_with && !s->connect_by) {
            return Fail("START WITH without CONNECT BY");
        }
        if (IsWord("GROUP")) {
            Take();
            DBB_RETURN_IF_ERROR(ExpectWord("BY"));
            do {
                DBB_ASSIGN_OR_RETURN(auto e, GroupingRule());
                s->group_by.push_back(e);
            } while (AcceptOp(","));
            if (IsWord("WITH") && dialect_ == SourceDialect::kMySql && IsWordAt(1, "ROLLUP")) {
                // MySQL's GROUP BY a, b WITH ROLLUP is ROLLUP (a, b): one node, printed back as
                // written for MySQL targets.
                auto rollup = NewExpr(ExprKind::kFunction, Cur().pos);
                rollup->text = "ROLLUP";
                rollup->name = {Ident{"ROLLUP", false, '"'}};
                rollup->keyword = "WITH ROLLUP";
                rollup->args = std::move(s->group_by);
                s->group_by = {rollup};
                Take();
                Take();
            }
            if (IsWord("WITH")) {
                return Unsupported(Cur(), "GROUP BY ... WITH");
            }
        }
        if (AcceptWord("HAVING")) {
            DBB_ASSIGN_OR_RETURN(auto e, ExprRule());
            s->having = e;
        }
        if (IsWord("WINDOW") || IsWord("MODEL") || IsWord("PIVOT") || IsWord("UNPIVOT")) {
            return Unsupported(Cur(), util::ToUpper(Cur().text) + " clause");
        }
        return s;
    }

    // A GROUP BY item: an expression, or Oracle's ROLLUP (..) / CUBE (..), kept as a function node
    // marked keyword = "GROUP BY" (targets without them refuse it). GROUPING SETS is not parsed.
    Result<ExprPtr> GroupingRule() {
        const bool grouping = (IsWord("ROLLUP") || IsWord("CUBE")) && dialect_ == SourceDialect::kOracle &&
                              PeekAt(1).kind == TokenKind::kOperator && PeekAt(1).text == "(";
        if (IsWord("GROUPING")) {
            return Unsupported(Cur(), "GROUP BY GROUPING SETS");
        }
        if (!grouping) {
            return ExprRule();
        }
        const Token& t = Take();
        auto e = NewExpr(ExprKind::kFunction, t.pos);
        e->text = util::ToUpper(t.text);
        e->name = {Ident{e->text, false, '"'}};
        e->keyword = "GROUP BY";
        DBB_RETURN_IF_ERROR(ExpectOp("("));
        do {
            DBB_ASSIGN_OR_RETURN(auto a, ExprRule());
            e->args.push_back(a);
        } while (AcceptOp(","));
        DBB_RETURN_IF_ERROR(ExpectOp(")"));
        return e;
    }

    Result<std::vector<OrderItem>> OrderItems() {
        std::vector<OrderItem> out;
        do {
            OrderItem it;
            DBB_ASSIGN_OR_RETURN(auto e, ExprRule());
            it.expr = e;
            if (AcceptWord("ASC")) {
                it.explicit_dir = true;
            } else if (AcceptWord("DESC")) {
                it.explicit_dir = true;
                it.desc = true;
            }
            if (AcceptWord("NULLS")) {
                if (AcceptWord("FIRST")) {
                    it.nulls = 1;
                } else {
                    DBB_RETURN_IF_ERROR(ExpectWord("LAST"));
                    it.nulls = 2;
                }
            }
            out.push_back(std::move(it));
        } while (AcceptOp(","));
        return out;
    }

    Result<TableRefPtr> TableRefRule() {
        auto left = TablePrimary();
        if (!left.ok()) {
            return left;
        }
        TableRefPtr cur = *left;
        while (true) {
            std::string type;
            const Token& start = Cur();
            if (IsWord("JOIN")) {
                type = "JOIN";
            } else if (IsWord("INNER") && IsWordAt(1, "JOIN")) {
                Take();
                type = "JOIN";
            } else if ((IsWord("LEFT") || IsWord("RIGHT") || IsWord("FULL")) &&
                       (IsWordAt(1, "JOIN") || (IsWordAt(1, "OUTER") && IsWordAt(2, "JOIN")))) {
                type = util::ToUpper(Take().text) + " JOIN";
                AcceptWord("OUTER");
            } else if (IsWord("CROSS") && IsWordAt(1, "JOIN")) {
                Take();
                type = "CROSS JOIN";
            } else if (IsWord("NATURAL")) {
                return Unsupported(start, "NATURAL JOIN");
            } else if (IsWord("CROSS") || IsWord("OUTER") || IsWord("STRAIGHT_JOIN")) {
                return Unsupported(start, util::ToUpper(start.text) + " join");
            } else {
                break;
            }
            Take();  // JOIN
            auto right = TablePrimary();
            if (!right.ok()) {
                return right;
            }
            auto j = std::make_shared<TableRef>();
            j->kind = TableRef::Kind::kJoin;
            j->pos = start.pos;
            j->join_type = type;
            j->left = cur;
            j->right = *right;
            if (type != "CROSS JOIN") {
                if (AcceptWord("ON")) {
                    auto on = ExprRule();
                    if (!on.ok()) {
                        return on.status();
                    }
                    j->on = *on;
                } else if (AcceptWord("USING")) {
                    DBB_ASSIGN_OR_RETURN(auto cols, IdentList());
                    j->using_cols = cols;
                } else {
                    return Fail("expected ON or USING after " + type);
                }
            }
            cur = j;
            if (Height(cur) > kMaxDepth) {
                return TooLong(j->pos);
            }
        }
        return cur;
    }

    Result<TableRefPtr> TablePrimary() {
        auto t = std::make_shared<TableRef>();
        t->pos = Cur().pos;
        if (IsOp("(")) {
            if (!(IsWordAt(1, "SELECT") || IsWordAt(1, "WITH") || (PeekAt(1).text == "("))) {
                return Unsupported(Cur(), "parenthesised join");
            }
            Take();
            DBB_ASSIGN_OR_RETURN(auto q, QueryRule());
            DBB_RETURN_IF_ERROR(ExpectOp(")"));
            t->kind = TableRef::Kind::kSubquery;
            t->query = q;
        } else if (IsWord("LATERAL") || IsWord("TABLE") || IsWord("UNNEST")) {
            return Unsupported(Cur(), util::ToUpper(Cur().text) + " in FROM");
        } else {
            auto name = QualifiedName();
            if (!name.ok()) {
                return name.status();
            }
            t->name = *name;
            if (IsOp("(")) {
                return Unsupported(Cur(), "table function in FROM");
            }
            if (IsOp("@")) {
                return Unsupported(Cur(), "database link");
            }
        }
        TakePending(t->comments);
        if (!OptionalAlias(t->has_alias, t->alias)) {
            return Fail("expected an alias");
        }
        if (t->kind == TableRef::Kind::kTable && (IsWord("PARTITION") || IsWord("SAMPLE") || IsWord("AS"))) {
            return Unsupported(Cur(), util::ToUpper(Cur().text) + " after a table name");
        }
        return t;
    }

    // ---- expressions ----
    Result<ExprPtr> ExprRule() { return OrRule(); }

    // Left-associative chain link. AND, OR, XOR and || are associative: a run of the same operator
    // becomes one node with all operands (chain = the node this loop built last). Other operators
    // nest, and the height of the result is checked.
    Result<ExprPtr> Binary(const std::string& op, ExprPtr l, ExprPtr r, const Position& p, ExprPtr& chain) {
        const bool flat = op == "AND" || op == "OR" || op == "XOR" || op == "||";
        if (flat && chain && chain == l && chain->text == op) {
            chain->args.push_back(std::move(r));
            return chain;
        }
        auto e = NewExpr(ExprKind::kBinary, l ? l->pos : p);  // errors point at the predicate's start
        e->text = op;
        e->args = {std::move(l), std::move(r)};
        chain = e;
        if (!flat && Height(e) > kMaxDepth) {
            return TooLong(p);
        }
        return e;
    }

    // The binary operators by precedence, loosest first. NOT and the comparisons sit between AND
    // and the additive level; each level's operands are parsed at the next level.
    enum class Level { kOr, kAnd, kAdditive, kMultiplicative };
    struct BinaryOp {
        const char* token;  // upper-case word or operator text
        bool word;
        bool oracle;  // accepted when the source dialect is Oracle (and PostgreSQL templates)
        bool mysql;   // accepted when the source dialect is MySQL
        const char* node;   // the operator as the tree spells it
    };
    static const std::vector<BinaryOp>& OperatorsOf(Level level) {
        static const std::vector<BinaryOp> kOr = {
            {"OR", true, true, true, "OR"}, {"XOR", true, true, true, "XOR"}, {"||", false, false, true, "OR"}};
        static const std::vector<BinaryOp> kAnd = {{"AND", true, true, true, "AND"}, {"&&", false, false, true, "AND"}};
        static const std::vector<BinaryOp> kAdditive = {
            {"+", false, true, true, "+"}, {"-", false, true, true, "-"}, {"||", false, true, false, "||"}};
        static const std::vector<BinaryOp> kMultiplicative = {{"*", false, true, true, "*"},
                                                               {"/", false, true, true, "/"},
                                                               {"%", false, true, true, "%"},
                                                               {"DIV", true, false, true, "DIV"},
                                                               {"MOD", true, false, true, "%"}};
        switch (level) {
            case Level::kOr:
                return kOr;
            case Level::kAnd:
                return kAnd;
            case Level::kAdditive:
                return kAdditive;
            default:
                return kMultiplicative;
        }
    }
    // The operator of level at the cursor, or nullptr.
    const BinaryOp* OperatorAt(Level level) const {
        const bool mysql = dialect_ == SourceDialect::kMySql;
        for (const auto& op : OperatorsOf(level)) {
            if ((mysql ? op.mysql : op.oracle) && (op.word ? IsWord(op.token) : IsOp(op.token))) {
                return &op;
            }
        }
        return nullptr;
    }
    Result<ExprPtr> OperandOf(Level level) {
        switch (level) {
            case Level::kOr:
                return BinaryLevel(Level::kAnd);
            case Level::kAnd:
                return NotRule();
            case Level::kAdditive:
                return BinaryLevel(Level::kMultiplicative);
            default:
                return UnaryRule();
        }
    }
    Result<ExprPtr> BinaryLevel(Level level) {
        auto l = OperandOf(level);
        if (!l.ok()) {
            return l;
        }
        ExprPtr cur = *l;
        ExprPtr chain;
        while (const BinaryOp* op = OperatorAt(level)) {
            const Token& t = Take();
            auto r = OperandOf(level);
            if (!r.ok()) {
                return r;
            }
            auto b = Binary(op->node, cur, *r, t.pos, chain);
            if (!b.ok()) {
                return b;
            }
            cur = *b;
        }
        return cur;
    }
    Result<ExprPtr> OrRule() { return BinaryLevel(Level::kOr); }
    Result<ExprPtr> AdditiveRule() { return BinaryLevel(Level::kAdditive); }

    Result<ExprPtr> NotRule() {
        if (IsWord("NOT") && !IsWordAt(1, "EXISTS")) {
            Nest nest(*this);
            if (nest.TooDeep()) {
                return TooDeep();
            }
            const Token& t = Take();
            auto inner = NotRule();
            if (!inner.ok()) {
                return inner;
            }
            auto e = NewExpr(ExprKind::kUnary, t.pos);
            e->text = "NOT";
            e->args = {*inner};
            return e;
        }
        return ComparisonRule();
    }

    // l op ANY|SOME|ALL (subquery): the same words and meaning in Oracle, MySQL and PostgreSQL, so
    // the node is a comparison whose operator carries the quantifier. Oracle's list form is what
    // its documentation equates it with: l op ANY (a, b) = (l op a OR l op b), ALL with AND.
    Result<ExprPtr> QuantifiedComparison(const std::string& op, ExprPtr l, const Position& pos) {
        const Token& quantifier = Take();
        const std::string word = util::ToUpper(quantifier.text);
        const Token& open = Cur();
        if (!AcceptOp("(")) {
            return Fail("expected ( after " + word);
        }
        if (!(IsWord("SELECT") || IsWord("WITH"))) {
            if (dialect_ != SourceDialect::kOracle) {
                return Unsupported(quantifier, "comparison with " + word + " and a list of values");
            }
            bool has_query = false;  // rules rewrite a subquery in place: it may not appear twice
            Walk(l, [&](ExprPtr& x) { has_query = has_query || x->query; });
            if (has_query) {
                return Unsupported(quantifier, "comparison of a subquery with " + word + " and a list of values");
            }
            auto paren = NewExpr(ExprKind::kParen, open.pos);
            ExprPtr chain;
            ExprPtr all;
            do {
                DBB_ASSIGN_OR_RETURN(auto v, ExprRule());
                ExprPtr none;
                DBB_ASSIGN_OR_RETURN(auto one, Binary(op, all ? Clone(l) : l, v, pos, none));
                if (!all) {
                    all = one;
                    continue;
                }
                DBB_ASSIGN_OR_RETURN(all, Binary(word == "ALL" ? "AND" : "OR", all, one, pos, chain));
            } while (AcceptOp(","));
            DBB_RETURN_IF_ERROR(ExpectOp(")"));
            paren->args = {all};
            return paren;
        }
        DBB_ASSIGN_OR_RETURN(auto q, QueryRule());
        DBB_RETURN_IF_ERROR(ExpectOp(")"));
        auto sub = NewExpr(ExprKind::kSubquery, open.pos);
        sub->query = q;
        ExprPtr chain;
        return Binary(op + " " + word, std::move(l), sub, pos, chain);
    }

    Result<ExprPtr> ComparisonRule() {
        auto l = AdditiveRule();
        if (!l.ok()) {
            return l;
        }
        ExprPtr cur = *l;
        while (true) {
            const Token& t = Cur();
            if (t.kind == TokenKind::kOperator &&
                (t.text == "=" || t.text == "<>" || t.text == "!=" || t.text == "^=" || t.text == "<" ||
                 t.text == ">" || t.text == "<=" || t.text == ">=" || t.text == "<=>")) {
                Take();
                std::string op = t.text == "^=" ? "<>" : t.text;
                if (IsWord("ANY") || IsWord("SOME") || IsWord("ALL")) {
                    DBB_ASSIGN_OR_RETURN(cur, QuantifiedComparison(op, cur, t.pos));
                    continue;
                }
                auto r = AdditiveRule();
                if (!r.ok()) {
                    return r;
                }
                ExprPtr chain;
                auto b = Binary(op, cur, *r, t.pos, chain);
                if (!b.ok()) {
                    return b;
                }
                cur = *b;
                continue;
            }
            if (IsWord("IS")) {
                Take();
                bool is_not = AcceptWord("NOT");
                if (AcceptWord("DISTINCT")) {  // rule templates: a IS [NOT] DISTINCT FROM b
                    DBB_RETURN_IF_ERROR(ExpectWord("FROM"));
                    auto r = AdditiveRule();
                    if (!r.ok()) {
                        return r;
                    }
                    ExprPtr chain;
                    auto b = Binary(is_not ? "IS NOT DISTINCT FROM" : "IS DISTINCT FROM", cur, *r, t.pos, chain);
                    if (!b.ok()) {
                        return b;
                    }
                    cur = *b;
                    continue;
                }
                auto e = NewExpr(ExprKind::kIsNull, t.pos);
                e->negated = is_not;
                if (!AcceptWord("NULL")) {
                    return Unsupported(Cur(), "IS " + Cur().text);
                }
                e->args = {cur};
                cur = e;
                if (Height(cur) > kMaxDepth) {
                    return TooLong(t.pos);
                }
                continue;
            }
            bool negated = false;
            std::size_t k = 0;
            if (IsWord("NOT")) {
                negated = true;
                k = 1;
            }
            if (IsWordAt(k, "IN")) {
                if (negated) {
                    Take();
                }
                Take();
                auto e = NewExpr(ExprKind::kIn, t.pos);
                e->negated = negated;
                e->args = {cur};
                DBB_RETURN_IF_ERROR(ExpectOp("("));
                if (IsWord("SELECT") || IsWord("WITH")) {
                    DBB_ASSIGN_OR_RETURN(auto q, QueryRule());
                    e->query = q;
                } else {
                    do {
                        auto a = ExprRule();
                        if (!a.ok()) {
                            return a;
                        }
                        e->args.push_back(*a);
                    } while (AcceptOp(","));
                }
                DBB_RETURN_IF_ERROR(ExpectOp(")"));
                cur = e;
                if (Height(cur) > kMaxDepth) {
                    return TooLong(t.pos);
                }
                continue;
            }
            if (IsWordAt(k, "BETWEEN")) {
                if (negated) {
                    Take();
                }
                Take();
                auto lo = AdditiveRule();
                if (!lo.ok()) {
                    return lo;
                }
                DBB_RETURN_IF_ERROR(ExpectWord("AND"));
                auto hi = AdditiveRule();
                if (!hi.ok()) {
                    return hi;
                }
                auto e = NewExpr(ExprKind::kBetween, t.pos);
                e->negated = negated;
                e->args = {cur, *lo, *hi};
                cur = e;
                if (Height(cur) > kMaxDepth) {
                    return TooLong(t.pos);
                }
                continue;
            }
            if (IsWordAt(k, "LIKE") || IsWordAt(k, "REGEXP") || IsWordAt(k, "RLIKE")) {
                if (negated) {
                    Take();
                }
                std::string op = util::ToUpper(Take().text);
                auto pat = AdditiveRule();
                if (!pat.ok()) {
                    return pat;
                }
                auto e = NewExpr(ExprKind::kLike, t.pos);
                e->text = op == "RLIKE" ? "REGEXP" : op;
                e->negated = negated;
                e->args = {cur, *pat};
                if (AcceptWord("ESCAPE")) {
                    auto esc = AdditiveRule();
                    if (!esc.ok()) {
                        return esc;
                    }
                    e->args.push_back(*esc);
                }
                cur = e;
                if (Height(cur) > kMaxDepth) {
                    return TooLong(t.pos);
                }
                continue;
            }
            break;
        }
        return cur;
    }

    Result<ExprPtr> UnaryRule() {
        if (IsOp("-") || IsOp("+") || IsOp("~") || (dialect_ == SourceDialect::kOracle && IsWord("PRIOR")) ||
            (dialect_ == SourceDialect::kMySql && IsOp("!"))) {
            Nest nest(*this);
            if (nest.TooDeep()) {
                return TooDeep();
            }
            const Token& t = Take();
            auto inner = UnaryRule();
            if (!inner.ok()) {
                return inner;
            }
            auto e = NewExpr(ExprKind::kUnary, t.pos);
            e->text = t.text == "!" ? "NOT" : util::ToUpper(t.text);
            e->args = {*inner};
            return e;
        }
        auto p = PrimaryRule();
        if (!p.ok()) {
            return p;
        }
        if (IsOp("::")) {
            const Token& t = Take();
            auto type = TypeRule();
            if (!type.ok()) {
                return type.status();
            }
            auto e = NewExpr(ExprKind::kCast, t.pos);
            e->args = {*p};
            e->type = std::make_shared<TypeName>(*type);
            return e;
        }
        if (IsWord("COLLATE")) {
            return Unsupported(Cur(), "COLLATE");
        }
        return p;
    }

    Result<ExprPtr> PrimaryRule() {
        Nest nest(*this);
        if (nest.TooDeep()) {
            return TooDeep();
        }
        const Token& t = Cur();
        switch (t.kind) {
            case TokenKind::kNumber: {
                Take();
                auto e = NewExpr(ExprKind::kNumber, t.pos);
                e->text = t.text;
                return e;
            }
            case TokenKind::kString: {
                Take();
                auto e = NewExpr(ExprKind::kString, t.pos);
                e->text = t.text;
                e->value = t.value;
                e->national = t.national;
                e->alt_quote = t.alt_quote;
                e->backslashes = t.backslashes;
                e->double_quoted = t.double_quoted;
                return e;
            }
            case TokenKind::kBind: {
                Take();
                if (t.text.rfind("@@", 0) == 0 || (dialect_ == SourceDialect::kMySql && t.text[0] == ':')) {
                    return Unsupported(t, "system or session variable");
                }
                auto e = NewExpr(ExprKind::kBind, t.pos);
                e->text = t.text;
                return e;
            }
            case TokenKind::kPlaceholder: {
                Take();
                auto e = NewExpr(ExprKind::kPlaceholder, t.pos);
                e->text = t.text;
                return e;
            }
            case TokenKind::kOperator:
                if (t.text == "(") {
                    return ParenRule();
                }
                if (t.text == "*") {
                    Take();
                    return NewExpr(ExprKind::kStar, t.pos);
                }
                return Fail("expected an expression");
            case TokenKind::kQuotedIdent:
                return NameRule();
            case TokenKind::kWord:
                return WordRule();
            default:
                return Fail("expected an expression");
        }
    }

    Result<ExprPtr> ParenRule() {
        const Token& t = Take();
        if (IsWord("SELECT") || IsWord("WITH")) {
            DBB_ASSIGN_OR_RETURN(auto q, QueryRule());
            DBB_RETURN_IF_ERROR(ExpectOp(")"));
            auto e = NewExpr(ExprKind::kSubquery, t.pos);
            e->query = q;
            return e;
        }
        auto e = NewExpr(ExprKind::kParen, t.pos);
        do {
            auto a = ExprRule();
            if (!a.ok()) {
                return a;
            }
            e->args.push_back(*a);
        } while (AcceptOp(","));
        DBB_RETURN_IF_ERROR(ExpectOp(")"));
        return e;
    }

    Result<ExprPtr> WordRule() {
        const Token& t = Cur();
        const std::string up = util::ToUpper(t.text);
        const bool oracle = dialect_ == SourceDialect::kOracle;
        const Token& next = PeekAt(1);
        const bool next_paren = next.kind == TokenKind::kOperator && next.text == "(";
        const bool next_dot = next.kind == TokenKind::kOperator && next.text == ".";
        if (up == "NULL") {
            Take();
            return NewExpr(ExprKind::kNull, t.pos);
        }
        if (up == "CASE") {
            return CaseRule();
        }
        // MySQL's CONVERT(x, type) is CAST(x AS type).
        const bool convert = up == "CONVERT" && dialect_ == SourceDialect::kMySql;
        if ((up == "CAST" || convert) && next_paren) {
            Take();
            Take();
            auto inner = ExprRule();
            if (!inner.ok()) {
                return inner;
            }
            DBB_RETURN_IF_ERROR(convert ? ExpectOp(",") : ExpectWord("AS"));
            auto type = TypeRule();
            if (!type.ok()) {
                return type.status();
            }
            DBB_RETURN_IF_ERROR(ExpectOp(")"));
            auto e = NewExpr(ExprKind::kCast, t.pos);
            e->args = {*inner};
            e->type = std::make_shared<TypeName>(*type);
            return e;
        }
        if (up == "EXISTS" || (up == "NOT" && WordIs(next, "EXISTS"))) {
            Take();
            bool negated = up == "NOT";
            if (negated) {
                Take();
            }
            DBB_RETURN_IF_ERROR(ExpectOp("("));
            DBB_ASSIGN_OR_RETURN(auto q, QueryRule());
            DBB_RETURN_IF_ERROR(ExpectOp(")"));
            auto e = NewExpr(ExprKind::kExists, t.pos);
            e->negated = negated;
            e->query = q;
            return e;
        }
        if (up == "INTERVAL" && !next_paren) {
            Take();
            auto v = AdditiveRule();
            if (!v.ok()) {
                return v;
            }
            if (Cur().kind != TokenKind::kWord) {
                return Fail("expected an interval unit");
            }
            auto e = NewExpr(ExprKind::kInterval, t.pos);
            e->args = {*v};
            e->keyword = util::ToUpper(Take().text);
            if (AcceptWord("TO")) {
                e->keyword += " TO " + util::ToUpper(Take().text);
            }
            return e;
        }
        if ((up == "DATE" || up == "TIMESTAMP") && next.kind == TokenKind::kString) {
            Take();
            auto e = NewExpr(ExprKind::kTypedLiteral, t.pos);
            e->keyword = up;
            auto s = PrimaryRule();
            e->args = {*s};
            return e;
        }
        if (up == "EXTRACT" && next_paren) {
            Take();
            Take();
            if (Cur().kind != TokenKind::kWord) {
                return Fail("expected a date part");
            }
            auto e = NewExpr(ExprKind::kExtract, t.pos);
            e->keyword = util::ToUpper(Take().text);
            DBB_RETURN_IF_ERROR(ExpectWord("FROM"));
            auto inner = ExprRule();
            if (!inner.ok()) {
                return inner;
            }
            e->args = {*inner};
            DBB_RETURN_IF_ERROR(ExpectOp(")"));
            return e;
        }
        if (up == "TRIM" && next_paren) {
            Take();
            Take();
            auto e = NewExpr(ExprKind::kTrim, t.pos);
            if (IsWord("LEADING") || IsWord("TRAILING") || IsWord("BOTH")) {
                e->keyword = util::ToUpper(Take().text);
            }
            ExprPtr chars;
            if (!IsWord("FROM")) {
                auto a = ExprRule();
                if (!a.ok()) {
                    return a;
                }
                chars = *a;
            }
            if (AcceptWord("FROM")) {
                auto src = ExprRule();
                if (!src.ok()) {
                    return src;
                }
                e->args = {*src};
                if (chars) {
                    e->args.push_back(chars);
                }
            } else {
                if (!e->keyword.empty() || !chars) {
                    return Fail("expected FROM in TRIM");
                }
                e->args = {chars};
            }
            DBB_RETURN_IF_ERROR(ExpectOp(")"));
            return e;
        }
        static const std::set<std::string> kOracleKeywords = {"SYSDATE", "SYSTIMESTAMP", "ROWNUM", "LEVEL",
                                                              "CURRENT_DATE", "CURRENT_TIMESTAMP", "LOCALTIMESTAMP",
                                                              "TRUE", "FALSE", "DEFAULT", "CONNECT_BY_ISLEAF",
                                                              "ROWID", "USER"};
        static const std::set<std::string> kMySqlKeywords = {"CURRENT_DATE", "CURRENT_TIMESTAMP", "LOCALTIMESTAMP",
                                                             "CURRENT_TIME", "TRUE", "FALSE", "DEFAULT"};
        const auto& kw = oracle ? kOracleKeywords : kMySqlKeywords;
        if (kw.count(up) && !next_dot && !(next_paren && up != "DEFAULT" && !oracle) &&
            !(next_paren && oracle && (up == "CURRENT_TIMESTAMP" || up == "LOCALTIMESTAMP"))) {
            if (up == "ROWID" || up == "CONNECT_BY_ISLEAF" || up == "USER") {
                return Unsupported(t, up);
            }
            Take();
            auto e = NewExpr(ExprKind::kKeyword, t.pos);
            e->text = up;
            return e;
        }
        if (dialect_ == SourceDialect::kMySql && !next_paren && !next_dot &&
            (up == "CURRENT_USER" || up == "UTC_TIMESTAMP" || up == "UTC_DATE")) {
            return Unsupported(t, up);
        }
        return NameRule();
    }

    Result<ExprPtr> CaseRule() {
        const Token& t = Take();
        auto e = NewExpr(ExprKind::kCase, t.pos);
        if (!IsWord("WHEN")) {
            auto op = ExprRule();
            if (!op.ok()) {
                return op;
            }
            e->operand = *op;
        }
        while (AcceptWord("WHEN")) {
            auto w = ExprRule();
            if (!w.ok()) {
                return w;
            }
            DBB_RETURN_IF_ERROR(ExpectWord("THEN"));
            auto th = ExprRule();
            if (!th.ok()) {
                return th;
            }
            e->args.push_back(*w);
            e->args.push_back(*th);
        }
        if (e->args.empty()) {
            return Fail("expected WHEN");
        }
        if (AcceptWord("ELSE")) {
            auto el = ExprRule();
            if (!el.ok()) {
                return el;
            }
            e->else_expr = *el;
        }
        DBB_RETURN_IF_ERROR(ExpectWord("END"));
        return e;
    }

    Result<ExprPtr> NameRule() {
        const Token& t = Cur();
        std::vector<Ident> parts;
        DBB_ASSIGN_OR_RETURN(auto first, IdentRule());
        parts.push_back(first);
        bool star = false;
        while (IsOp(".")) {
            Take();
            if (IsOp("*")) {
                Take();
                star = true;
                break;
            }
            DBB_ASSIGN_OR_RETURN(auto p, IdentRule(true));
            parts.push_back(p);
        }
        if (star) {
            auto e = NewExpr(ExprKind::kStar, t.pos);
            e->name = parts;
            return e;
        }
        if (IsOp("(")) {
            return FunctionRule(t, std::move(parts));
        }
        auto e = NewExpr(ExprKind::kColumn, t.pos);
        e->name = std::move(parts);
        if (IsOp("(+)")) {
            if (dialect_ != SourceDialect::kOracle) {
                return Fail("'(+)' outer join marker outside Oracle SQL");
            }
            Take();
            e->outer_join_mark = true;
        }
        return e;
    }

    Result<ExprPtr> FunctionRule(const Token& t, std::vector<Ident> parts) {
        Take();  // (
        auto e = NewExpr(ExprKind::kFunction, t.pos);
        e->name = std::move(parts);
        std::string fname = util::ToUpper(e->name.back().text);
        e->text = fname;
        if (IsOp("*")) {
            e->args.push_back(NewExpr(ExprKind::kStar, Take().pos));
        } else if (!IsOp(")")) {
            if (AcceptWord("DISTINCT") || AcceptWord("UNIQUE")) {
                e->distinct = true;
            } else {
                AcceptWord("ALL");
            }
            do {
                auto a = ExprRule();
                if (!a.ok()) {
                    return a;
                }
                e->args.push_back(*a);
            } while (AcceptOp(","));
            if (e->args.size() == 1 && IsWord("FROM") && dialect_ == SourceDialect::kMySql &&
                (fname == "SUBSTRING" || fname == "SUBSTR")) {
                // MySQL's SUBSTRING(s FROM pos [FOR len]) is SUBSTRING(s, pos[, len]).
                Take();
                DBB_ASSIGN_OR_RETURN(auto pos, ExprRule());
                e->args.push_back(pos);
                if (AcceptWord("FOR")) {
                    DBB_ASSIGN_OR_RETURN(auto len, ExprRule());
                    e->args.push_back(len);
                }
            }
            if (IsWord("ORDER")) {
                Take();
                DBB_RETURN_IF_ERROR(ExpectWord("BY"));
                DBB_ASSIGN_OR_RETURN(auto items, OrderItems());
                e->order = items;
            }
            if (AcceptWord("SEPARATOR")) {
                auto s = PrimaryRule();
                if (!s.ok()) {
                    return s;
                }
                e->separator = *s;
            }
            if (IsWord("USING") || IsWord("AS") || IsWord("IGNORE") || IsWord("RESPECT")) {
                return Unsupported(Cur(), fname + "(... " + util::ToUpper(Cur().text) + " ...)");
            }
        }
        DBB_RETURN_IF_ERROR(ExpectOp(")"));
        if (IsWord("WITHIN")) {
            Take();
            DBB_RETURN_IF_ERROR(ExpectWord("GROUP"));
            DBB_RETURN_IF_ERROR(ExpectOp("("));
            DBB_RETURN_IF_ERROR(ExpectWord("ORDER"));
            DBB_RETURN_IF_ERROR(ExpectWord("BY"));
            DBB_ASSIGN_OR_RETURN(auto items, OrderItems());
            e->order = items;
            e->within_group = true;
            DBB_RETURN_IF_ERROR(ExpectOp(")"));
        }
        if (IsWord("KEEP") || IsWord("FILTER")) {
            return Unsupported(Cur(), fname + " " + util::ToUpper(Cur().text) + " (...)");
        }
        if (AcceptWord("OVER")) {
            if (!IsOp("(")) {
                return Unsupported(Cur(), "named window");
            }
            Take();
            auto w = std::make_shared<Window>();
            if (AcceptWord("PARTITION")) {
                DBB_RETURN_IF_ERROR(ExpectWord("BY"));
                do {
                    auto p = ExprRule();
                    if (!p.ok()) {
                        return p;
                    }
                    w->partition.push_back(*p);
                } while (AcceptOp(","));
            }
            if (AcceptWord("ORDER")) {
                DBB_RETURN_IF_ERROR(ExpectWord("BY"));
                DBB_ASSIGN_OR_RETURN(auto items, OrderItems());
                w->order = items;
            }
            if (IsWord("ROWS") || IsWord("RANGE")) {
                int depth = 0;
                while (!AtEnd() && !(depth == 0 && IsOp(")"))) {
                    if (IsOp("(")) {
                        ++depth;
                    } else if (IsOp(")")) {
                        --depth;
                    }
                    w->frame += (w->frame.empty() ? "" : " ") + util::ToUpper(Take().text);
                }
            }
            DBB_RETURN_IF_ERROR(ExpectOp(")"));
            e->over = w;
        }
        if (dialect_ == SourceDialect::kOracle && IsOp(".")) {
            return Unsupported(Cur(), "member access on a function result");
        }
        return e;
    }

    SourceDialect dialect_;
    std::vector<Token> toks_;
    std::vector<std::vector<std::string>> comments_;  // comments before toks_[i]
    std::vector<std::string> pending_;
    std::size_t pos_ = 0;
    int depth_ = 0;
    std::unordered_map<const void*, int> heights_;
};

}  // namespace

Result<std::vector<StatementPtr>> Parser::ParseScript(const std::string& sql) const {
    DBB_ASSIGN_OR_RETURN(auto toks, Tokenizer(dialect_, placeholders_).Tokenize(sql));
    return ParserImpl(dialect_, std::move(toks)).Script();
}

Result<ExprPtr> Parser::ParseExpression(const std::string& sql) const {
    DBB_ASSIGN_OR_RETURN(auto toks, Tokenizer(dialect_, placeholders_).Tokenize(sql));
    return ParserImpl(dialect_, std::move(toks)).SingleExpression();
}

}  // namespace dbbridge::sql
