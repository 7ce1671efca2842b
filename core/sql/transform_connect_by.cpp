#include "rewriter.h"

#include <algorithm>
#include <set>

#include "dbbridge/sdk/util/sql_text.h"
#include "tree.h"

namespace dbbridge::sql {

using util::ToLower;
using util::ToUpper;

// CONNECT BY -> recursive CTE over one table (or DUAL as a row generator). LEVEL becomes the
// carried column dbb_level; WHERE still filters after the hierarchy is built, as in Oracle.
Status Rewriter::ConnectBy(SelectCore& s, Query& owner) {
    if (s.nocycle) {
        return Refuse(s.connect_by->pos, "CONNECT BY NOCYCLE");
    }
    if (s.from.size() != 1 || s.from[0]->kind != TableRef::Kind::kTable) {
        return Refuse(s.pos, "CONNECT BY over joins or subqueries");
    }
    TableRefPtr table = s.from[0];
    const bool dual = table->name.size() == 1 && ToUpper(table->name[0].text) == "DUAL";
    const std::string alias = dual ? "dbb_cb" : (table->has_alias ? table->alias.text : table->name.back().text);
    const std::string h = "dbb_h";
    const std::string lvl = "dbb_level";
    for (const auto& it : s.items) {
        if (it.expr->kind == ExprKind::kStar) {
            return Refuse(it.expr->pos, "SELECT * with CONNECT BY (list the columns)");
        }
    }
    Status bad;
    auto check = [&](ExprPtr& e) {
        if (FuncIs(*e, "SYS_CONNECT_BY_PATH") || (e->kind == ExprKind::kUnary && e->text == "PRIOR")) {
            bad = Refuse(e->pos, e->kind == ExprKind::kUnary ? "PRIOR outside CONNECT BY" : "SYS_CONNECT_BY_PATH");
        }
    };
    for (auto& it : s.items) {
        Walk(it.expr, check);
    }
    DBB_RETURN_IF_ERROR(bad);
    // Recursive step condition.
    ExprPtr cond = Clone(s.connect_by);
    std::function<void(ExprPtr&, bool)> requalify = [&](ExprPtr& e, bool prior) {
        if (!e) {
            return;
        }
        if (e->kind == ExprKind::kUnary && e->text == "PRIOR") {
            requalify(e->args[0], true);
            e = e->args[0];
            return;
        }
        if (IsKeyword(*e, "LEVEL")) {
            e = Make(ExprKind::kParen);
            e->args = {Bin("+", Col({h, lvl}), Num("1"))};
            return;
        }
        if (e->kind == ExprKind::kColumn) {
            Ident col = e->name.back();
            e->name = {Ident{prior ? h : alias, false, '"'}, col};
            return;
        }
        for (auto& a : e->args) {
            requalify(a, prior);
        }
        requalify(e->operand, prior);
        requalify(e->else_expr, prior);
    };
    requalify(cond, false);

    auto anchor = std::make_shared<SelectCore>();
    auto step = std::make_shared<SelectCore>();
    auto star = Make(ExprKind::kStar);
    star->name = {Ident{alias, false, '"'}};
    if (!dual) {
        anchor->items.push_back({star, false, {}});
        step->items.push_back({star, false, {}});
    }
    anchor->items.push_back({Num("1"), true, Ident{lvl, false, '"'}});
    step->items.push_back({Bin("+", Col({h, lvl}), Num("1")), true, Ident{lvl, false, '"'}});
    anchor->from = {table};
    anchor->where = s.start_with;
    auto href = std::make_shared<TableRef>();
    href->name = {Ident{h, false, '"'}};
    if (dual) {
        step->from = {href};
    } else {
        auto t2 = std::make_shared<TableRef>(*table);
        t2->has_alias = true;
        t2->alias = Ident{alias, false, '"'};
        anchor->from[0] = std::make_shared<TableRef>(*t2);
        step->from = {t2, href};
    }
    step->where = cond;
    auto union_body = std::make_shared<QueryBody>();
    union_body->kind = QueryBody::Kind::kSetOp;
    union_body->op = "UNION ALL";
    union_body->left = std::make_shared<QueryBody>();
    union_body->left->select = anchor;
    union_body->right = std::make_shared<QueryBody>();
    union_body->right->select = step;
    auto cte_query = std::make_shared<Query>();
    cte_query->body = union_body;

    auto inner = std::make_shared<Query>();
    inner->recursive = true;
    inner->ctes.push_back(CommonTable{Ident{h, false, '"'}, {}, cte_query});
    auto all = std::make_shared<SelectCore>();
    all->items.push_back({Make(ExprKind::kStar), false, {}});
    all->from = {href};
    inner->body = std::make_shared<QueryBody>();
    inner->body->select = all;

    auto sub = std::make_shared<TableRef>();
    sub->kind = TableRef::Kind::kSubquery;
    sub->query = inner;
    sub->has_alias = true;
    sub->alias = Ident{alias, false, '"'};
    s.from = {sub};
    s.start_with = nullptr;
    s.connect_by = nullptr;
    auto level = [&](ExprPtr& e) {
        if (IsKeyword(*e, "LEVEL")) {
            e = Col({alias, lvl});
        }
    };
    for (auto& it : s.items) {
        if (IsKeyword(*it.expr, "LEVEL") && !it.has_alias) {
            it.has_alias = true;  // the result column keeps Oracle's name
            it.alias = Ident{"level", false, '"'};
        }
        Walk(it.expr, level);
    }
    Walk(s.where, level);
    Walk(s.having, level);
    for (auto& g : s.group_by) {
        Walk(g, level);
    }
    for (auto& o : owner.order) {
        Walk(o.expr, level);
    }
    Note("CONNECT BY -> WITH RECURSIVE");
    return Status::Ok();
}

}  // namespace dbbridge::sql
