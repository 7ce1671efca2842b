#include "rewriter.h"

#include "dbbridge/sdk/util/sql_text.h"
#include "tree.h"

namespace dbbridge::sql {

using util::ToLower;
using util::ToUpper;

namespace {

// The first SELECT of a set operation: it names the result columns.
const SelectCore* LeftmostSelect(const QueryBody& b) {
    switch (b.kind) {
        case QueryBody::Kind::kSelect:
            return b.select.get();
        case QueryBody::Kind::kSetOp:
            return LeftmostSelect(*b.left);
        default:
            return b.paren && b.paren->body ? LeftmostSelect(*b.paren->body) : nullptr;
    }
}

// A select item's result column name as a column reference; nullptr when it has none.
ExprPtr ResultColumn(const SelectItem& item) {
    if (item.has_alias) {
        auto c = Make(ExprKind::kColumn);
        c->name = {item.alias};
        return c;
    }
    return item.expr->kind == ExprKind::kColumn ? Col({item.expr->name.back().text}) : nullptr;
}

// q becomes SELECT * FROM (q without ORDER BY / LIMIT) dbb_so, keeping its ORDER BY and LIMIT.
void WrapSetOperation(Query& q) {
    auto inner = std::make_shared<Query>(q);
    inner->order.clear();
    inner->limit = nullptr;
    inner->offset = nullptr;
    auto sub = std::make_shared<TableRef>();
    sub->kind = TableRef::Kind::kSubquery;
    sub->query = inner;
    sub->has_alias = true;
    sub->alias = Ident{"dbb_so", false, '"'};
    auto all = std::make_shared<SelectCore>();
    all->items.push_back({Make(ExprKind::kStar), false, {}});
    all->from = {sub};
    q.ctes.clear();
    q.recursive = false;
    q.body = std::make_shared<QueryBody>();
    q.body->select = all;
}

}  // namespace

Status Rewriter::NullOrdering(Query& q) {
    if (q.order.empty()) {
        return Status::Ok();
    }
    if (from_ == SourceDialect::kMySql && !My()) {
        // MySQL sorts NULL first ascending and last descending; Oracle and PostgreSQL the reverse.
        for (auto& o : q.order) {
            if (o.nulls == 0) {
                o.nulls = o.desc ? 2 : 1;
            }
        }
        Note("MySQL NULL ordering made explicit (NULLS FIRST/LAST)");
        return Status::Ok();
    }
    if (from_ != SourceDialect::kOracle || target_.caps.nulls_ordering) {
        return Status::Ok();
    }
    std::vector<OrderItem> out;
    const SelectCore* sel = q.body->kind == QueryBody::Kind::kSelect ? q.body->select.get() : nullptr;
    // Over a set operation the sort keys can only name result columns: the query is wrapped in a
    // derived table whose columns the IS NULL keys can name.
    const SelectCore* names = sel ? sel : LeftmostSelect(*q.body);
    bool wrap = false;
    for (auto& o : q.order) {
        const bool nulls_last = o.nulls == 2 || (o.nulls == 0 && !o.desc);
        const bool natural_last = o.desc;  // MySQL: NULL is the smallest value
        if (nulls_last != natural_last) {
            ExprPtr key = o.expr;
            if (key->kind == ExprKind::kNumber) {
                DBB_ASSIGN_OR_RETURN(auto n, ParseIntLiteral(*key));
                if (!names || n == 0 || static_cast<unsigned long long>(n) > names->items.size()) {
                    return Refuse(key->pos, "NULLS ordering by position " + key->text +
                                                (names ? " (the select list has " +
                                                             std::to_string(names->items.size()) + " items)"
                                                       : " over a set operation"));
                }
                key = sel ? sel->items[n - 1].expr : ResultColumn(names->items[n - 1]);
            } else if (!sel) {
                key = key->kind == ExprKind::kColumn ? Col({key->name.back().text}) : nullptr;
            }
            if (!key) {
                return Refuse(o.expr->pos, "NULLS FIRST/LAST over a set operation by an expression or an unnamed column");
            }
            wrap = wrap || !sel;
            OrderItem k;
            auto isnull = Make(ExprKind::kIsNull);
            isnull->args = {key};
            k.expr = isnull;
            k.desc = !nulls_last;
            out.push_back(k);
        }
        o.nulls = 0;
        out.push_back(o);
    }
    if (wrap) {
        WrapSetOperation(q);
    }
    q.order = out;
    Note("NULLS FIRST/LAST emulated with IS NULL sort keys");
    return Status::Ok();
}

}  // namespace dbbridge::sql
