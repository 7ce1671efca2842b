#include "rewriter.h"

#include <algorithm>
#include <map>
#include <set>

#include "dbbridge/sdk/util/sql_text.h"
#include "tree.h"

namespace dbbridge::sql {

using util::ToLower;
using util::ToUpper;

// Oracle (+) joins -> ANSI LEFT JOIN. Predicates marked with (+) (join conditions and constant
// filters alike) go into the ON clause of the optional table; the rest stays in WHERE, which Oracle
// also applies after the outer join.
Status Rewriter::OuterJoins(SelectCore& s) {
    bool any = false;
    Walk(s.where, [&](ExprPtr& e) { any = any || (e->kind == ExprKind::kColumn && e->outer_join_mark); });
    if (!any) {
        return Status::Ok();
    }
    std::map<std::string, std::size_t> index;  // lower-case qualifier -> FROM position
    for (std::size_t i = 0; i < s.from.size(); ++i) {
        const auto& t = *s.from[i];
        if (t.kind == TableRef::Kind::kJoin) {
            return Refuse(t.pos, "(+) mixed with ANSI joins");
        }
        std::string key = t.has_alias ? t.alias.text : (t.name.empty() ? "" : t.name.back().text);
        index[ToLower(key)] = i;
    }
    std::vector<ExprPtr> conj;
    Conjuncts(s.where, conj);
    std::vector<ExprPtr> rest;
    std::map<std::size_t, std::vector<ExprPtr>> on;
    std::map<std::size_t, std::set<std::size_t>> deps;
    for (auto& c : conj) {
        std::set<std::size_t> marked;
        std::set<std::size_t> others;
        bool has_or = false;
        Status bad;
        Walk(c, [&](ExprPtr& e) {
            if (e->kind == ExprKind::kBinary && e->text == "OR") {
                has_or = true;
            }
            if (e->kind == ExprKind::kIn && e->query) {
                has_or = true;
            }
            if (e->kind != ExprKind::kColumn) {
                return;
            }
            if (e->name.size() < 2) {
                if (e->outer_join_mark) {
                    bad = Refuse(e->pos, "(+) on an unqualified column (qualify it with its table)");
                }
                return;
            }
            auto it = index.find(ToLower(e->name[e->name.size() - 2].text));
            if (it == index.end()) {
                return;  // outer reference or sequence
            }
            (e->outer_join_mark ? marked : others).insert(it->second);
        });
        DBB_RETURN_IF_ERROR(bad);
        if (marked.empty()) {
            rest.push_back(c);
            continue;
        }
        if (has_or) {
            return Refuse(c->pos, "(+) inside OR or IN (subquery)");
        }
        if (marked.size() > 1) {
            return Refuse(c->pos, "(+) on columns of two tables in one predicate");
        }
        std::size_t opt = *marked.begin();
        Walk(c, [](ExprPtr& e) { e->outer_join_mark = false; });
        on[opt].push_back(c);
        others.erase(opt);
        deps[opt].insert(others.begin(), others.end());
    }
    std::vector<std::size_t> order;
    std::set<std::size_t> placed;
    for (std::size_t i = 0; i < s.from.size(); ++i) {
        if (!on.count(i)) {
            order.push_back(i);
            placed.insert(i);
        }
    }
    if (order.empty()) {
        return Refuse(s.pos, "(+) on every table of the FROM clause");
    }
    while (placed.size() < s.from.size()) {
        bool progress = false;
        for (auto& [opt, conds] : on) {
            if (placed.count(opt)) {
                continue;
            }
            bool ready = std::all_of(deps[opt].begin(), deps[opt].end(), [&](std::size_t d) { return placed.count(d) > 0; });
            if (ready) {
                order.push_back(opt);
                placed.insert(opt);
                progress = true;
            }
        }
        if (!progress) {
            return Refuse(s.pos, "circular (+) outer joins");
        }
    }
    TableRefPtr tree = s.from[order[0]];
    for (std::size_t k = 1; k < order.size(); ++k) {
        auto j = std::make_shared<TableRef>();
        j->kind = TableRef::Kind::kJoin;
        j->left = tree;
        j->right = s.from[order[k]];
        if (on.count(order[k])) {
            j->join_type = "LEFT JOIN";
            j->on = AndAll(on[order[k]]);
        } else {
            j->join_type = "CROSS JOIN";
        }
        tree = j;
    }
    s.from = {tree};
    s.where = AndAll(rest);
    Note("(+) outer join -> LEFT JOIN");
    return Status::Ok();
}

}  // namespace dbbridge::sql
