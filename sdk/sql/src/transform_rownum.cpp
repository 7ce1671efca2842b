#include "rewriter.h"

#include <algorithm>

#include "dbbridge/sdk/util/sql_text.h"
#include "tree.h"

namespace dbbridge::sdk::sql {

using util::ToLower;
using util::ToUpper;

// WHERE ROWNUM <= n / < n / = 1 -> LIMIT, when that keeps Oracle's meaning (ROWNUM is assigned
// before GROUP BY, DISTINCT and ORDER BY of the same block).
Status Rewriter::Rownum(SelectCore& s, Query& owner, bool sole) {
    std::vector<ExprPtr> conj;
    Conjuncts(s.where, conj);
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
        if (!sole || !owner.order.empty() || s.distinct || !s.group_by.empty() ||
            std::any_of(s.items.begin(), s.items.end(), [](const SelectItem& i) { return IsAggregate(*i.expr); })) {
            return Refuse(c->pos, "ROWNUM filter in a block with ORDER BY, GROUP BY, DISTINCT, aggregates or a set "
                                  "operation (Oracle numbers rows before those; move the filter to an outer query)");
        }
        if (owner.limit) {
            return Refuse(c->pos, "ROWNUM together with FETCH FIRST");
        }
        long long n = 0;
        if (r->kind == ExprKind::kNumber && (op == "<=" || op == "<")) {
            auto v = ParseIntLiteral(*r);
            if (!v.ok()) {
                return v.status();
            }
            n = *v;
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
        owner.limit = limit;
        owner.fetch_syntax = !target_.caps.limit;
        s.where = AndAll(rest);
        Note("WHERE ROWNUM -> LIMIT");
    }
    return Status::Ok();
}

}  // namespace dbbridge::sdk::sql
