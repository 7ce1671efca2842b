#include "rewriter.h"

#include <algorithm>
#include <limits>
#include <mutex>
#include <set>
#include <unordered_map>

#include "dbbridge/sdk/util/sql_text.h"
#include "tree.h"

namespace dbbridge::sql {

using util::ToLower;
using util::ToUpper;

Status Rewriter::ReplaceNode(ExprPtr& e, Result<ExprPtr> r, const std::vector<std::string>& comments,
                             const std::string& note) {
    if (!r.ok()) {
        return r.status();
    }
    Position p = e->pos;
    e = *r;
    e->pos = p;
    e->comments.insert(e->comments.begin(), comments.begin(), comments.end());
    Note(note);
    return Status::Ok();
}

Status Call::Replace(Result<ExprPtr> r, const std::string& note) { return rw.ReplaceNode(e, std::move(r), comments, note); }

Status Call::Need(std::size_t lo, std::size_t hi) const {
    if (n < lo || n > hi) {
        return Status::InvalidArgument("line " + e->pos.ToString() + ": " + f + " takes " + std::to_string(lo) +
                                       (hi != lo ? ".." + std::to_string(hi) : "") + " arguments, got " +
                                       std::to_string(n));
    }
    return Status::Ok();
}

const Expr* Call::StrArg(std::size_t i) const {
    return i < n && a[i]->kind == ExprKind::kString ? a[i].get() : nullptr;
}

bool Call::AnyNullArg() const {
    return std::any_of(a.begin(), a.end(), [](const ExprPtr& x) { return x->kind == ExprKind::kNull; });
}

Status Rewriter::ApplyCallRule(const CallRules& rules, ExprPtr& e, TypeClass left) {
    if (e->name.size() != 1 || e->name[0].quoted) {
        return Status::Ok();
    }
    auto it = rules.find(e->text);
    if (it == rules.end()) {
        return Status::Ok();
    }
    const std::string f = e->text;
    Call call{*this, e, f, e->args, e->args.size(), left, e->comments};
    return it->second(call);
}

Result<long long> Rewriter::ParseIntLiteral(const std::string& text, const Position& pos) const {
    long long v = 0;
    if (!ParseDigits(text, v)) {
        return Refuse(pos, "literal " + text + " where an integer (at most " +
                               std::to_string(std::numeric_limits<long long>::max()) + ") is expected");
    }
    return v;
}

Status Rewriter::Refuse(const Position& pos, const std::string& what) const {
    return Status::Unimplemented("line " + pos.ToString() + ": cannot translate " + what + " for " + target_.name);
}

void Rewriter::Note(const std::string& rule) {
    if (std::find(notes_.begin(), notes_.end(), rule) == notes_.end()) {
        notes_.push_back(rule);
    }
}

Result<ExprPtr> Rewriter::Tpl(const std::string& text, const std::vector<ExprPtr>& args) {
    // Templates are parsed once and cloned per use (parsing dominated the translation time).
    static std::mutex mu;
    static std::unordered_map<std::string, ExprPtr> cache;
    ExprPtr root;
    {
        std::lock_guard<std::mutex> lock(mu);
        auto it = cache.find(text);
        if (it == cache.end()) {
            auto parsed = Parser(SourceDialect::kPostgres, true).ParseExpression(text);
            if (!parsed.ok()) {
                return Status::Internal("rule template '" + text + "': " + parsed.status().message());
            }
            it = cache.emplace(text, *parsed).first;
        }
        root = Clone(it->second);
    }
    Status bad;
    Walk(root, [&](ExprPtr& e) {
        if (e->kind == ExprKind::kPlaceholder) {
            long long n = 0;
            if (!ParseDigits(e->text.substr(1), n) || n == 0 || static_cast<std::size_t>(n) > args.size()) {
                bad = Status::Internal("rule template '" + text + "' uses " + e->text);
                return;
            }
            e = args[n - 1];
        }
    });
    if (!bad.ok()) {
        return bad;
    }
    return root;
}

TypeClass Rewriter::TypeOf(const Expr& e) const {
    switch (e.kind) {
        case ExprKind::kNumber:
            return TypeClass::kNumber;
        case ExprKind::kString:
            return TypeClass::kText;
        case ExprKind::kTypedLiteral:
            return TypeClass::kDate;
        case ExprKind::kKeyword:
            if (e.text == "SYSDATE" || e.text == "SYSTIMESTAMP" || e.text == "CURRENT_DATE" ||
                e.text == "CURRENT_TIMESTAMP" || e.text == "LOCALTIMESTAMP") {
                return TypeClass::kDate;
            }
            if (e.text == "ROWNUM" || e.text == "LEVEL") {
                return TypeClass::kNumber;
            }
            return TypeClass::kUnknown;
        case ExprKind::kColumn:
            return catalog_ ? catalog_->ColumnType(e.name.back().text) : TypeClass::kUnknown;
        case ExprKind::kParen:
            return e.args.size() == 1 ? TypeOf(*e.args[0]) : TypeClass::kUnknown;
        case ExprKind::kCase:
            return e.args.size() > 1 ? TypeOf(*e.args[1]) : TypeClass::kUnknown;
        case ExprKind::kCast: {
            const std::string& n = e.type->name;
            if (n == "DATE" || n == "TIMESTAMP" || n == "DATETIME") {
                return TypeClass::kDate;
            }
            if (n == "NUMBER" || n == "NUMERIC" || n == "DECIMAL" || n == "INTEGER" || n == "INT") {
                return TypeClass::kNumber;
            }
            return TypeClass::kText;
        }
        case ExprKind::kBinary: {
            if (e.text == "+" || e.text == "-") {
                TypeClass l = TypeOf(*e.args[0]);
                TypeClass r = TypeOf(*e.args[1]);
                if (l == TypeClass::kDate && r == TypeClass::kDate) {
                    return e.text == "-" ? TypeClass::kNumber : TypeClass::kUnknown;
                }
                if (l == TypeClass::kDate || (r == TypeClass::kDate && e.text == "+")) {
                    return TypeClass::kDate;
                }
                return l == TypeClass::kNumber || r == TypeClass::kNumber ? TypeClass::kNumber : TypeClass::kUnknown;
            }
            if (e.text == "||") {
                return TypeClass::kText;
            }
            if (e.text == "*" || e.text == "/" || e.text == "%") {
                return TypeClass::kNumber;
            }
            return TypeClass::kUnknown;
        }
        case ExprKind::kFunction: {
            static const std::set<std::string> kDates = {"TO_DATE", "TO_TIMESTAMP", "ADD_MONTHS", "LAST_DAY",
                                                         "NEXT_DAY", "SYSDATE", "NOW", "STR_TO_DATE", "DATE_ADD",
                                                         "DATE_SUB", "CURDATE", "LOCALTIMESTAMP"};
            static const std::set<std::string> kNumbers = {"TO_NUMBER", "LENGTH", "INSTR", "MONTHS_BETWEEN", "COUNT",
                                                           "SUM", "AVG", "ABS", "CEIL", "FLOOR", "MOD", "SIGN",
                                                           "POWER", "SQRT", "ROW_NUMBER", "RANK", "DENSE_RANK"};
            static const std::set<std::string> kTexts = {"TO_CHAR", "SUBSTR", "UPPER", "LOWER", "LPAD", "RPAD",
                                                         "LTRIM", "RTRIM", "REPLACE", "INITCAP", "CONCAT", "LISTAGG"};
            if (kDates.count(e.text)) {
                return TypeClass::kDate;
            }
            if (kNumbers.count(e.text)) {
                return TypeClass::kNumber;
            }
            if (kTexts.count(e.text)) {
                return TypeClass::kText;
            }
            if ((e.text == "TRUNC" || e.text == "ROUND" || e.text == "NVL" || e.text == "COALESCE" ||
                 e.text == "MAX" || e.text == "MIN" || e.text == "GREATEST" || e.text == "LEAST") &&
                !e.args.empty()) {
                if (e.args.size() == 2 && (e.text == "TRUNC" || e.text == "ROUND") &&
                    e.args[1]->kind == ExprKind::kString) {
                    return TypeClass::kDate;
                }
                return TypeOf(*e.args[0]);
            }
            return TypeClass::kUnknown;
        }
        default:
            return TypeClass::kUnknown;
    }
}

// ---------------------------------------------------------------------------------------------
// Statements and queries

// MySQL UPDATE t JOIN u ON c SET .. WHERE w: kept for MySQL; PostgreSQL's UPDATE t SET .. FROM u
// WHERE c AND w (the same rows: inner joins only). Only the first table's columns may be set.
// DELETE t FROM t JOIN u ON c WHERE w likewise becomes DELETE FROM t USING u WHERE c AND w.
Status Rewriter::UpdateJoins(Statement& st) {
    if (st.joins.empty()) {
        return Status::Ok();
    }
    const std::string what = st.kind == Statement::Kind::kDelete ? "DELETE" : "UPDATE";
    if (Ora()) {
        return Refuse(st.joins[0]->pos, "multi-table " + what);
    }
    const std::string first = ToLower(st.has_alias ? st.alias.text : st.table.back().text);
    for (const auto& a : st.sets) {
        if (a.column.size() > 1 && ToLower(a.column[a.column.size() - 2].text) != first) {
            return Refuse(a.value->pos, "multi-table UPDATE setting a column of a joined table");
        }
    }
    std::vector<ExprPtr> conditions;
    for (auto& j : st.joins) {
        DBB_RETURN_IF_ERROR(RewriteTable(j));
        if (My()) {
            DBB_RETURN_IF_ERROR(X(j->on));
            MySqlCondition(j->on);
            continue;
        }
        conditions.push_back(j->on);
        j->on = nullptr;
    }
    if (!My()) {
        if (st.where) {
            conditions.push_back(st.where);
        }
        st.where = AndAll(conditions);
        Note(what == "DELETE" ? "DELETE t FROM t JOIN .. ON -> DELETE FROM t USING .. WHERE"
                              : "UPDATE .. JOIN .. ON -> UPDATE .. FROM .. WHERE");
    }
    return Status::Ok();
}

Status Rewriter::RewriteStatement(Statement& st, std::vector<StatementPtr>& extra) {
    const bool pg_family = Pg();
    if (st.kind == Statement::Kind::kUpdate || st.kind == Statement::Kind::kDelete) {
        DBB_RETURN_IF_ERROR(DmlLimit(st));  // before the WHERE is rewritten: it may move into a subquery
    }
    auto strip_qualifier = [&](std::vector<Assignment>& sets) {
        for (auto& a : sets) {
            if (a.column.size() > 1 && !My()) {
                a.column = {a.column.back()};
            }
        }
    };
    for (auto& a : st.sets) {
        if (!a.columns.empty() && My()) {  // MySQL has no row assignment
            return Refuse(a.value->pos, "UPDATE .. SET (a, b) = (subquery)");
        }
        DBB_RETURN_IF_ERROR(X(a.value));
    }
    for (auto& a : st.on_duplicate) {
        DBB_RETURN_IF_ERROR(X(a.value));
    }
    for (auto& row : st.rows) {
        for (auto& v : row) {
            DBB_RETURN_IF_ERROR(X(v));
        }
    }
    DBB_RETURN_IF_ERROR(UpdateJoins(st));  // before the WHERE is rewritten: the ONs may move into it
    for (ExprPtr* p : {&st.where, &st.on, &st.matched_where, &st.matched_delete_where, &st.not_matched_where}) {
        if (*p) {
            DBB_RETURN_IF_ERROR(X(*p));
            MySqlCondition(*p);
        }
    }
    for (auto& v : st.insert_values) {
        DBB_RETURN_IF_ERROR(X(v));
    }
    if (st.query) {
        DBB_RETURN_IF_ERROR(RewriteQuery(*st.query));
    }
    if (st.using_ref) {
        DBB_RETURN_IF_ERROR(RewriteTable(st.using_ref));
    }
    switch (st.kind) {
        case Statement::Kind::kUpdate:
            strip_qualifier(st.sets);
            break;
        case Statement::Kind::kMerge:
            if (!target_.caps.merge && My()) {
                return MergeToMySql(st);
            }
            if (!target_.caps.merge) {
                return Refuse(st.pos, "MERGE (the target has no MERGE; ON DUPLICATE KEY UPDATE needs a unique key "
                                      "matching the ON condition)");
            }
            if (st.matched_delete_where && !Ora()) {
                return Refuse(st.matched_delete_where->pos, "MERGE ... DELETE WHERE");
            }
            if (!Ora()) {
                strip_qualifier(st.sets);
            }
            break;
        case Statement::Kind::kInsert:
            if (st.replace_into && !My()) {
                DBB_RETURN_IF_ERROR(ReplaceInto(st));
            }
            if ((!st.on_duplicate.empty() || st.insert_ignore) && !My() && !st.on_conflict) {
                if (!pg_family) {
                    return Refuse(st.pos, "INSERT ... ON DUPLICATE KEY UPDATE / INSERT IGNORE");
                }
                st.on_conflict = true;
                if (!st.on_duplicate.empty()) {
                    std::vector<std::string> key;
                    if (catalog_) {
                        key = catalog_->UniqueKey(st.table.back().text);
                    }
                    if (key.empty()) {
                        return Refuse(st.pos, "ON DUPLICATE KEY UPDATE: the unique key of table " +
                                                  st.table.back().text + " is unknown (ON CONFLICT needs it)");
                    }
                    for (const auto& k : key) {
                        st.conflict_columns.push_back(Ident{k, false, '"'});
                    }
                    const std::string table = st.has_alias ? st.alias.text : st.table.back().text;
                    for (auto& a : st.on_duplicate) {
                        Walk(a.value, [&](ExprPtr& e) {
                            if (e->kind == ExprKind::kFunction && e->text == "VALUES" && e->args.size() == 1 &&
                                e->args[0]->kind == ExprKind::kColumn) {
                                e = Col({"EXCLUDED", e->args[0]->name.back().text});
                            } else if (e->kind == ExprKind::kColumn && e->name.size() == 1) {
                                e = Col({table, e->name[0].text});
                            }
                        });
                    }
                    strip_qualifier(st.on_duplicate);
                }
                Note("ON DUPLICATE KEY UPDATE / INSERT IGNORE -> ON CONFLICT");
            }
            break;
        case Statement::Kind::kCreateTable: {
            if (catalog_) {
                catalog_->Learn(st);
            }
            const bool same_family = (from_ == SourceDialect::kMySql) == My();
            if (!same_family && !st.table_options.empty()) {
                st.table_options.clear();
                Note("table storage options dropped");
            }
            for (auto& c : st.column_defs) {
                DBB_RETURN_IF_ERROR(MapType(c.type, c.pos));
                auto& cs = c.constraints;
                for (auto& k : cs) {
                    if (k.expr) {
                        DBB_RETURN_IF_ERROR(X(k.expr));
                    }
                }
                if (!My()) {
                    auto it = std::remove_if(cs.begin(), cs.end(), [](const ColumnConstraint& k) {
                        return k.kind == ColumnConstraint::Kind::kComment;
                    });
                    if (it != cs.end()) {
                        cs.erase(it, cs.end());
                        Note("column COMMENT dropped");
                    }
                }
            }
            if (!My()) {
                auto& tc = st.table_constraints;
                for (auto it = tc.begin(); it != tc.end();) {
                    if (it->kind != TableConstraint::Kind::kIndex) {
                        ++it;
                        continue;
                    }
                    auto idx = std::make_shared<Statement>();
                    idx->kind = Statement::Kind::kCreateIndex;
                    idx->table = st.table;
                    std::string name = it->named ? it->name.text : st.table.back().text + "_" + it->columns[0].text + "_idx";
                    idx->index_name = {Ident{name, it->named && it->name.quoted, '"'}};
                    for (const auto& col : it->columns) {
                        OrderItem oi;
                        auto ce = Make(ExprKind::kColumn);
                        ce->name = {col};
                        oi.expr = ce;
                        idx->index_columns.push_back(oi);
                    }
                    extra.push_back(idx);
                    it = tc.erase(it);
                    Note("inline KEY -> CREATE INDEX");
                }
            }
            break;
        }
        case Statement::Kind::kCreateSequence: {
            if (Ora()) {
                break;
            }
            std::vector<std::pair<std::string, std::string>> opts;
            for (auto& [k, v] : st.sequence_options) {
                if (k == "NOCACHE" || k == "ORDER" || k == "NOORDER") {
                    if (k == "NOCACHE" && My()) {
                        opts.emplace_back(k, v);
                    }
                    continue;
                }
                if (v.size() > 18) {
                    continue;  // Oracle's 28-digit MAXVALUE does not fit a 64-bit sequence
                }
                if (k == "NOCYCLE" || k == "NOMINVALUE" || k == "NOMAXVALUE") {
                    opts.emplace_back(My() ? k : "NO " + k.substr(2), "");
                    continue;
                }
                opts.emplace_back(k, v);
            }
            st.sequence_options = opts;
            if (My()) {
                Note("CREATE SEQUENCE needs MariaDB >= 10.3 (MySQL has none)");
            }
            break;
        }
        case Statement::Kind::kCreateIndex:
            for (auto& oi : st.index_columns) {
                DBB_RETURN_IF_ERROR(X(oi.expr));
            }
            break;
        default:
            break;
    }
    return Status::Ok();
}

namespace {

// True when a FROM clause of body (not of its subqueries) names the table `name`.
bool BodyReads(const QueryBody& body, const std::string& name) {
    if (body.kind == QueryBody::Kind::kSetOp) {
        return BodyReads(*body.left, name) || BodyReads(*body.right, name);
    }
    if (body.kind == QueryBody::Kind::kParen) {
        return BodyReads(*body.paren->body, name);
    }
    std::function<bool(const TableRef&)> reads = [&](const TableRef& t) {
        if (t.kind == TableRef::Kind::kJoin) {
            return reads(*t.left) || reads(*t.right);
        }
        return t.kind == TableRef::Kind::kTable && t.name.size() == 1 && ToLower(t.name[0].text) == name;
    };
    return std::any_of(body.select->from.begin(), body.select->from.end(),
                       [&](const TableRefPtr& t) { return reads(*t); });
}

}  // namespace

Status Rewriter::RewriteQuery(Query& q) {
    for (auto& c : q.ctes) {
        // Oracle's recursive subquery factoring has no keyword; PostgreSQL and MySQL need RECURSIVE.
        if (from_ == SourceDialect::kOracle && !Ora() && !q.recursive && BodyReads(*c.query->body, ToLower(c.name.text))) {
            q.recursive = true;
            Note("recursive WITH -> WITH RECURSIVE");
        }
        DBB_RETURN_IF_ERROR(RewriteQuery(*c.query));
    }
    if (q.order_siblings && !target_.caps.connect_by) {
        return Refuse(q.pos, "ORDER SIBLINGS BY");
    }
    DBB_RETURN_IF_ERROR(RewriteBody(*q.body, q, true));
    for (auto& o : q.order) {
        DBB_RETURN_IF_ERROR(X(o.expr));
    }
    if (q.limit) {
        DBB_RETURN_IF_ERROR(X(q.limit));
    }
    if (q.offset) {
        DBB_RETURN_IF_ERROR(X(q.offset));
    }
    if (q.limit || q.offset) {
        if (!q.fetch_syntax && !target_.caps.limit) {
            if (!target_.caps.fetch_first) {
                return Refuse(q.pos, "LIMIT");
            }
            q.fetch_syntax = true;
            Note("LIMIT -> OFFSET/FETCH FIRST");
        } else if (q.fetch_syntax && !target_.caps.fetch_first) {
            q.fetch_syntax = false;
            Note("FETCH FIRST/OFFSET -> LIMIT");
        }
    }
    return NullOrdering(q);
}

Status Rewriter::RewriteBody(QueryBody& b, Query& owner, bool sole) {
    switch (b.kind) {
        case QueryBody::Kind::kSelect:
            return RewriteSelect(*b.select, owner, sole);
        case QueryBody::Kind::kParen:
            return RewriteQuery(*b.paren);
        case QueryBody::Kind::kSetOp:
            if (b.op.rfind("MINUS", 0) == 0 && !target_.features.minus) {
                b.op = "EXCEPT" + b.op.substr(5);
                Note("MINUS -> EXCEPT");
            } else if (b.op.rfind("EXCEPT", 0) == 0 && Ora() && target_.features.minus) {
                b.op = "MINUS" + b.op.substr(6);
                Note("EXCEPT -> MINUS");
            }
            DBB_RETURN_IF_ERROR(RewriteBody(*b.left, owner, false));
            return RewriteBody(*b.right, owner, false);
    }
    return Status::Ok();
}

Status Rewriter::RewriteTable(TableRefPtr& t) {
    if (t->kind == TableRef::Kind::kSubquery) {
        if (!t->has_alias && !Ora()) {
            // Oracle allows an unnamed derived table; PostgreSQL and MySQL require a name.
            t->has_alias = true;
            t->alias = Ident{"dbb_sq" + std::to_string(++subquery_aliases_), false, '"'};
            Note("alias added to a derived table");
        }
        if (My() && !t->query->order.empty() && !t->query->limit) {
            // MariaDB/MySQL drop ORDER BY in a derived table without LIMIT; Oracle's
            // "ORDER BY in a subquery, ROWNUM outside" relies on that order.
            t->query->limit = Num("18446744073709551615");
            Note("derived-table ORDER BY kept with LIMIT");
        }
        return RewriteQuery(*t->query);
    }
    if (t->kind == TableRef::Kind::kJoin) {
        if (My() && t->join_type == "FULL JOIN") {
            return Refuse(t->pos, "FULL OUTER JOIN (MySQL has none)");
        }
        DBB_RETURN_IF_ERROR(RewriteTable(t->left));
        DBB_RETURN_IF_ERROR(RewriteTable(t->right));
        if (t->on) {
            DBB_RETURN_IF_ERROR(X(t->on));
            MySqlCondition(t->on);
        }
    }
    return Status::Ok();
}

// SELECT ROWNUM, ... FROM (SELECT ... ORDER BY k): Oracle numbers the rows in the derived table's
// order. That order, as keys on the derived table's result columns, for row_number() OVER (ORDER
// BY ..); empty when the block has no such derived table or a key is not a result column.
// MySQL's HAVING may name a select-list alias (HAVING c > 1); PostgreSQL and Oracle read only
// columns there, so the alias becomes its expression. A name that is also a grouped column stays.
void Rewriter::HavingAliases(SelectCore& s) {
    auto grouped = [&](const std::string& name) {
        return std::any_of(s.group_by.begin(), s.group_by.end(), [&](const ExprPtr& g) {
            return g->kind == ExprKind::kColumn && ToLower(g->name.back().text) == name;
        });
    };
    std::vector<std::pair<ExprPtr*, const SelectItem*>> uses;  // replaced after the walk: no re-visit
    Walk(s.having, [&](ExprPtr& e) {
        if (e->kind != ExprKind::kColumn || e->name.size() != 1 || grouped(ToLower(e->name[0].text))) {
            return;
        }
        for (const auto& item : s.items) {
            if (item.has_alias && ToLower(item.alias.text) == ToLower(e->name[0].text)) {
                uses.emplace_back(&e, &item);
                return;
            }
        }
    });
    for (auto& [where, item] : uses) {
        *where = Clone(item->expr);
    }
    if (!uses.empty()) {
        Note("HAVING alias -> its select-list expression");
    }
}

std::vector<OrderItem> Rewriter::DerivedTableOrder(const SelectCore& s) const {
    if (from_ != SourceDialect::kOracle || target_.caps.rownum || s.from.size() != 1 ||
        s.from[0]->kind != TableRef::Kind::kSubquery || s.from[0]->query->order.empty() ||
        s.from[0]->query->body->kind != QueryBody::Kind::kSelect) {
        return {};
    }
    const Query& inner = *s.from[0]->query;
    const SelectCore& names = *inner.body->select;
    std::vector<OrderItem> out;
    for (const auto& o : inner.order) {
        ExprPtr key;
        if (o.expr->kind == ExprKind::kNumber) {
            long long n = 0;
            if (ParseDigits(o.expr->text, n) && n >= 1 && static_cast<std::size_t>(n) <= names.items.size()) {
                const SelectItem& item = names.items[n - 1];
                key = item.has_alias ? Col({item.alias.text})
                                     : (item.expr->kind == ExprKind::kColumn ? Col({item.expr->name.back().text}) : nullptr);
            }
        } else if (o.expr->kind == ExprKind::kColumn) {
            const std::string name = ToLower(o.expr->name.back().text);
            for (const auto& item : names.items) {
                const bool named = item.has_alias ? ToLower(item.alias.text) == name
                                                  : item.expr->kind == ExprKind::kStar ||
                                                        (item.expr->kind == ExprKind::kColumn &&
                                                         ToLower(item.expr->name.back().text) == name);
                if (named) {
                    key = Col({o.expr->name.back().text});
                    break;
                }
            }
        }
        if (!key) {
            return {};
        }
        if (My()) {  // Oracle: NULL last ascending, first descending; MySQL the reverse
            auto isnull = Make(ExprKind::kIsNull);
            isnull->args = {key};
            out.push_back(OrderItem{isnull, o.desc, o.desc, 0});
        }
        out.push_back(OrderItem{key, o.desc, o.explicit_dir, 0});
    }
    return out;
}

Status Rewriter::RewriteSelect(SelectCore& s, Query& owner, bool sole) {
    if (s.connect_by && !target_.caps.connect_by) {
        DBB_RETURN_IF_ERROR(ConnectBy(s, owner));
    }
    if (s.where && !target_.caps.oracle_outer_join && from_ == SourceDialect::kOracle) {
        DBB_RETURN_IF_ERROR(OuterJoins(s));
    }
    if (s.where && !target_.caps.rownum && from_ == SourceDialect::kOracle) {
        DBB_RETURN_IF_ERROR(Rownum(s, owner, sole));
    }
    if (!target_.caps.dual && s.from.size() == 1 && s.from[0]->kind == TableRef::Kind::kTable &&
        s.from[0]->name.size() == 1 && ToUpper(s.from[0]->name[0].text) == "DUAL" && !s.from[0]->name[0].quoted) {
        s.from.clear();
        Note("FROM DUAL removed");
    }
    if (s.from.empty() && Ora() && from_ == SourceDialect::kMySql) {
        auto dual = std::make_shared<TableRef>();
        dual->name = {Ident{"DUAL", false, '"'}};
        s.from.push_back(dual);
        Note("FROM DUAL added");
    }
    if (from_ == SourceDialect::kMySql && !My() && s.having) {
        HavingAliases(s);
    }
    std::vector<OrderItem> rownum_order = DerivedTableOrder(s);  // before the derived table is rewritten
    for (auto& t : s.from) {
        DBB_RETURN_IF_ERROR(RewriteTable(t));
    }
    rownum_order_ = rownum_order;
    rownum_order_lost_ = rownum_order.empty() && s.from.size() == 1 && s.from[0]->kind == TableRef::Kind::kSubquery &&
                         !s.from[0]->query->order.empty();
    for (auto& it : s.items) {
        DBB_RETURN_IF_ERROR(X(it.expr));
    }
    rownum_order_.clear();
    rownum_order_lost_ = false;
    for (ExprPtr* p : {&s.where, &s.having, &s.start_with, &s.connect_by}) {
        if (*p) {
            DBB_RETURN_IF_ERROR(X(*p));
            MySqlCondition(*p);
        }
    }
    for (auto& g : s.group_by) {
        if (g->kind == ExprKind::kFunction && g->keyword == "GROUP BY" && My()) {
            // MySQL has WITH ROLLUP over the whole list only: no CUBE, no ROLLUP of a part of it.
            if (g->text != "ROLLUP" || s.group_by.size() != 1) {
                return Refuse(g->pos, "GROUP BY " + g->text + (g->text == "ROLLUP" ? " with other grouping items" : ""));
            }
            if (!owner.order.empty()) {  // MariaDB: "Incorrect usage of CUBE/ROLLUP and ORDER BY"
                return Refuse(g->pos, "GROUP BY ROLLUP with ORDER BY (MariaDB rejects WITH ROLLUP and ORDER BY)");
            }
            g->keyword = "WITH ROLLUP";
            Note("GROUP BY ROLLUP (..) -> GROUP BY .. WITH ROLLUP");
        }
        DBB_RETURN_IF_ERROR(X(g));
    }
    return Status::Ok();
}


// ---------------------------------------------------------------------------------------------
// Expressions

Status Rewriter::X(ExprPtr& e) {
    if (!e) {
        return Status::Ok();
    }
    TypeClass left = TypeClass::kUnknown;
    TypeClass right = TypeClass::kUnknown;
    if (e->kind == ExprKind::kBinary) {
        left = TypeOf(*e->args[0]);
        right = TypeOf(*e->args[1]);
    }
    // Types of DATE/TRUNC arguments must be seen before the arguments are rewritten.
    TypeClass arg0 = e->kind == ExprKind::kFunction && !e->args.empty() ? TypeOf(*e->args[0]) : TypeClass::kUnknown;
    for (auto& a : e->args) {
        DBB_RETURN_IF_ERROR(X(a));
    }
    DBB_RETURN_IF_ERROR(X(e->operand));
    DBB_RETURN_IF_ERROR(X(e->else_expr));
    DBB_RETURN_IF_ERROR(X(e->separator));
    for (auto& o : e->order) {
        DBB_RETURN_IF_ERROR(X(o.expr));
    }
    if (e->over) {
        for (auto& p : e->over->partition) {
            DBB_RETURN_IF_ERROR(X(p));
        }
        for (auto& o : e->over->order) {
            DBB_RETURN_IF_ERROR(X(o.expr));
        }
    }
    if (e->query) {
        DBB_RETURN_IF_ERROR(RewriteQuery(*e->query));
    }
    if (e->type && from_ == SourceDialect::kMySql && !My() && e->kind == ExprKind::kCast &&
        (e->type->name == "SIGNED" || e->type->name == "UNSIGNED")) {
        return MySqlIntegerCast(e);
    }
    if (e->type) {
        DBB_RETURN_IF_ERROR(MapType(*e->type, e->pos));
    }
    if (e->kind == ExprKind::kFunction && (e->text == "TRUNC" || e->text == "ROUND" || e->text == "TO_CHAR")) {
        left = arg0;
    }
    if (from_ == SourceDialect::kOracle) {
        // Oracle has no empty string: TRIM('  '), SUBSTR('abc', 5), REPLACE('aa', 'a') ... are NULL.
        static const std::set<std::string> kMayBeEmpty = {"LTRIM", "RTRIM", "SUBSTR", "REPLACE", "LPAD", "RPAD",
                                                          "REGEXP_REPLACE", "REGEXP_SUBSTR"};
        const bool may_be_empty = !Ora() && !target_.caps.empty_string_is_null &&
                                  (e->kind == ExprKind::kTrim ||
                                   (e->kind == ExprKind::kFunction && e->name.size() == 1 && !e->name[0].quoted &&
                                    kMayBeEmpty.count(e->text)));
        DBB_RETURN_IF_ERROR(OracleExpr(e, left, right));
        if (My()) {
            CaseSensitive(*e);
        }
        if (may_be_empty) {
            Position p = e->pos;
            std::vector<std::string> cmts = std::move(e->comments);
            e->comments.clear();
            e = Func("NULLIF", {e, Str("")});
            e->pos = p;
            e->comments = std::move(cmts);
            Note("empty string result -> NULL");
        }
        return Status::Ok();
    }
    if (from_ == SourceDialect::kMySql) {
        return MySqlExpr(e);
    }
    return Status::Ok();
}

}  // namespace dbbridge::sql
