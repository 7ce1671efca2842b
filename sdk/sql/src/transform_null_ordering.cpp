#include "rewriter.h"

#include "dbbridge/sdk/util/sql_text.h"
#include "tree.h"

namespace dbbridge::sdk::sql {

using util::ToLower;
using util::ToUpper;

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
    for (auto& o : q.order) {
        const bool nulls_last = o.nulls == 2 || (o.nulls == 0 && !o.desc);
        const bool natural_last = o.desc;  // MySQL: NULL is the smallest value
        if (nulls_last != natural_last) {
            ExprPtr key = o.expr;
            if (key->kind == ExprKind::kNumber) {
                auto n = ParseIntLiteral(*key);
                if (!n.ok()) {
                    return n.status();
                }
                if (!sel || *n == 0 || static_cast<unsigned long long>(*n) > sel->items.size()) {
                    return Refuse(key->pos, "NULLS ordering by position " + key->text +
                                                (sel ? " (the select list has " + std::to_string(sel->items.size()) +
                                                           " items)"
                                                     : " over a set operation"));
                }
                key = sel->items[*n - 1].expr;
            } else if (!sel) {
                return Refuse(key->pos, "NULLS FIRST/LAST over a set operation");
            }
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
    q.order = out;
    Note("NULLS FIRST/LAST emulated with IS NULL sort keys");
    return Status::Ok();
}

}  // namespace dbbridge::sdk::sql
