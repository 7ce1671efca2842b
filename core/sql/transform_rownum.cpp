#include "rewriter.h"

#include <algorithm>
#include <functional>
#include <map>

#include "dbbridge/sdk/util/sql_text.h"
#include "tree.h"

namespace dbbridge::sql {

using util::ToLower;
using util::ToUpper;

// Takes the conjunct ROWNUM <= n / < n / = 1 out of where (the rest stays) and returns the row
// count; nullptr when there is none. block_check refuses when the block numbers rows before
// something a LIMIT applies after.
Result<ExprPtr> Rewriter::TakeRownumLimit(ExprPtr& where, const std::function<Status(const Expr&)>& block_check) {
    std::vector<ExprPtr> conj;
    Conjuncts(where, conj);
    std::vector<ExprPtr> rest;
    ExprPtr limit;
    for (auto& c : conj) {
        if (c->kind != ExprKind::kBinary || c->args.size() != 2) {
            rest.push_back(c);
            continue;
        }
        std::string op = c->text;
        ExprPtr l = c->args[0];
        ExprPtr r = c->args[1];
        if (IsKeyword(*r, "ROWNUM") && !IsKeyword(*l, "ROWNUM")) {
            std::swap(l, r);
            static const std::map<std::string, std::string> kFlip = {{"<", ">"}, {">", "<"}, {"<=", ">="},
                                                                     {">=", "<="}, {"=", "="}, {"<>", "<>"}};
            op = kFlip.count(op) ? kFlip.at(op) : op;
        }
        if (!IsKeyword(*l, "ROWNUM")) {
            rest.push_back(c);
            continue;
        }
        if (limit) {
            return Refuse(c->pos, "two ROWNUM predicates in one query block");
        }
        DBB_RETURN_IF_ERROR(block_check(*c));
        long long n = 0;
        if (r->kind == ExprKind::kNumber && (op == "<=" || op == "<")) {
            DBB_ASSIGN_OR_RETURN(auto v, ParseIntLiteral(*r));
            n = v;
        }
        if (op == "<=") {
            limit = r;
        } else if (op == "<") {
            limit = r->kind == ExprKind::kNumber ? Num(std::to_string(n > 0 ? n - 1 : 0)) : Bin("-", r, Num("1"));
        } else if (op == "=" && r->kind == ExprKind::kNumber && r->text == "1") {
            limit = r;
        } else {
            return Refuse(c->pos, "ROWNUM " + op + " " + r->text + " (only ROWNUM <= n, < n and = 1 map to LIMIT)");
        }
    }
    if (limit) {
        where = AndAll(rest);
    }
    return limit;
}

namespace {

bool MentionsRownum(ExprPtr e) {  // a copy: Walk takes a mutable pointer, nothing is changed
    bool found = false;
    Walk(e, [&](ExprPtr& x) { found = found || IsKeyword(*x, "ROWNUM") || x->query; });
    return found;
}

// Oracle numbers the rows of FROM / WHERE before GROUP BY, DISTINCT, aggregates and ORDER BY of
// the same block. With one table and ROWNUM nowhere else, that is a derived table with LIMIT.
bool CanNumberInDerivedTable(const SelectCore& s) {
    if (s.from.size() != 1 || s.from[0]->kind != TableRef::Kind::kTable || s.connect_by || s.start_with) {
        return false;
    }
    for (const auto& item : s.items) {
        if (MentionsRownum(item.expr)) {
            return false;
        }
    }
    return std::none_of(s.group_by.begin(), s.group_by.end(), MentionsRownum) && !MentionsRownum(s.having);
}

}  // namespace

// FROM t [a] WHERE rest -> FROM (SELECT * FROM t [a] WHERE rest LIMIT n) a: the block's grouping,
// DISTINCT and ORDER BY then see the same rows Oracle's ROWNUM filter let through.
void Rewriter::NumberInDerivedTable(SelectCore& s, const ExprPtr& limit) {
    const TableRefPtr table = s.from[0];
    auto inner = std::make_shared<SelectCore>();
    inner->items.push_back(SelectItem{Make(ExprKind::kStar), false, {}});
    inner->from = s.from;
    inner->where = s.where;
    auto query = std::make_shared<Query>();
    query->body = std::make_shared<QueryBody>();
    query->body->select = inner;
    query->limit = limit;
    query->fetch_syntax = !target_.caps.limit;
    auto derived = std::make_shared<TableRef>();
    derived->kind = TableRef::Kind::kSubquery;
    derived->pos = table->pos;
    derived->query = query;
    derived->has_alias = true;
    derived->alias = table->has_alias ? table->alias : table->name.back();
    s.from = {derived};
    s.where = nullptr;
    Note("WHERE ROWNUM before GROUP BY / DISTINCT / aggregates / ORDER BY -> derived table with LIMIT");
}

// WHERE ROWNUM <= n / < n / = 1 -> LIMIT, when that keeps Oracle's meaning (ROWNUM is assigned
// before GROUP BY, DISTINCT and ORDER BY of the same block: then a derived table numbers first).
Status Rewriter::Rownum(SelectCore& s, Query& owner, bool sole) {
    const bool numbered_first =
        !owner.order.empty() || s.distinct || !s.group_by.empty() ||
        std::any_of(s.items.begin(), s.items.end(), [](const SelectItem& i) { return IsAggregate(*i.expr); });
    auto limit = TakeRownumLimit(s.where, [&](const Expr& c) {
        if (!sole || (numbered_first && !CanNumberInDerivedTable(s))) {
            return Refuse(c.pos, "ROWNUM filter in a block with ORDER BY, GROUP BY, DISTINCT, aggregates or a set "
                                 "operation (Oracle numbers rows before those; move the filter to an outer query)");
        }
        if (owner.limit) {
            return Refuse(c.pos, "ROWNUM together with FETCH FIRST");
        }
        return Status::Ok();
    });
    if (!limit.ok()) {
        return limit.status();
    }
    if (*limit && numbered_first) {
        NumberInDerivedTable(s, *limit);
    } else if (*limit) {
        owner.limit = *limit;
        owner.fetch_syntax = !target_.caps.limit;
        Note("WHERE ROWNUM -> LIMIT");
    }
    return Status::Ok();
}

// UPDATE / DELETE ... ORDER BY ... LIMIT n (MySQL) or WHERE ROWNUM <= n (Oracle) on a target
// without them: PostgreSQL picks the rows by ctid in a subquery; MySQL takes LIMIT itself.
Status Rewriter::DmlLimit(Statement& st) {
    const char* what = st.kind == Statement::Kind::kUpdate ? "UPDATE" : "DELETE";
    if (from_ == SourceDialect::kOracle && st.where && !target_.caps.rownum) {
        auto limit = TakeRownumLimit(st.where, [](const Expr&) { return Status::Ok(); });
        if (!limit.ok()) {
            return limit.status();
        }
        st.dml_limit = *limit;
    }
    if (!st.dml_limit && st.dml_order.empty()) {
        return Status::Ok();
    }
    if (My()) {
        return Status::Ok();  // MySQL: UPDATE/DELETE ... [ORDER BY ...] LIMIT n as written
    }
    if (!st.dml_limit) {
        st.dml_order.clear();  // without LIMIT the order only sequences the writes
        Note(std::string(what) + " ... ORDER BY dropped (no LIMIT)");
        return Status::Ok();
    }
    if (!Pg()) {
        return Refuse(st.pos, std::string(what) + " with a row limit");
    }
    // WHERE ctid IN (SELECT ctid FROM t [alias] WHERE ... ORDER BY ... LIMIT n)
    auto core = std::make_shared<SelectCore>();
    core->items.push_back(SelectItem{Col({"ctid"}), false, {}});
    auto from = std::make_shared<TableRef>();
    from->name = st.table;
    from->has_alias = st.has_alias;
    from->alias = st.alias;
    core->from.push_back(from);
    core->where = st.where;
    auto sub = std::make_shared<Query>();
    sub->body = std::make_shared<QueryBody>();
    sub->body->select = core;
    sub->order = st.dml_order;
    sub->limit = st.dml_limit;
    auto in = Make(ExprKind::kIn);
    in->args = {Col({"ctid"})};
    in->query = sub;
    st.where = in;
    st.dml_order.clear();
    st.dml_limit = nullptr;
    Note(std::string(what) + " row limit -> WHERE ctid IN (SELECT ... LIMIT n)");
    return Status::Ok();
}

}  // namespace dbbridge::sql
