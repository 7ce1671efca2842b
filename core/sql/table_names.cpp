// TablesOf: the tables a statement names, for catalog-aware translation (CatalogSource).
#include <algorithm>
#include <set>

#include "core/sql/transpiler.h"
#include "dbbridge/sdk/util/sql_text.h"
#include "tree.h"

namespace dbbridge::sql {
namespace {

std::string Dotted(const std::vector<Ident>& name) {
    std::string out;
    for (const auto& part : name) {
        out += (out.empty() ? "" : ".") + part.text;
    }
    return out;
}

class TableCollector {
public:
    std::vector<std::string> tables;

    void Name(const std::vector<Ident>& name) {
        if (name.empty()) {
            return;
        }
        std::string lower = util::ToLower(Dotted(name));
        if (name.size() == 1 && (ctes_.count(lower) || lower == "dual")) {
            return;  // a WITH name or DUAL, not a table
        }
        if (seen_.insert(lower).second) {
            tables.push_back(Dotted(name));
        }
    }
    void Expression(ExprPtr e) {  // a copy: Walk takes a mutable pointer, nothing is changed
        Walk(e, [this](ExprPtr& x) {
            if (x->query) {
                Query(*x->query);
            }
        });
    }
    void From(const TableRefPtr& ref) {
        if (!ref) {
            return;
        }
        if (ref->kind == TableRef::Kind::kTable) {
            Name(ref->name);
        } else if (ref->kind == TableRef::Kind::kSubquery && ref->query) {
            Query(*ref->query);
        } else {
            From(ref->left);
            From(ref->right);
            Expression(ref->on);
        }
    }
    void Body(const QueryBodyPtr& body) {
        if (!body) {
            return;
        }
        if (body->select) {
            const SelectCore& s = *body->select;
            for (const auto& item : s.items) {
                Expression(item.expr);
            }
            for (const auto& ref : s.from) {
                From(ref);
            }
            for (const auto& e : {s.where, s.start_with, s.connect_by, s.having}) {
                Expression(e);
            }
        }
        Body(body->left);
        Body(body->right);
        if (body->paren) {
            Query(*body->paren);
        }
    }
    void Query(const struct Query& q) {
        for (const auto& cte : q.ctes) {
            ctes_.insert(util::ToLower(cte.name.text));
        }
        for (const auto& cte : q.ctes) {
            if (cte.query) {
                Query(*cte.query);
            }
        }
        Body(q.body);
    }

private:
    std::set<std::string> seen_;
    std::set<std::string> ctes_;
};

}  // namespace

std::vector<std::string> TablesOf(const Statement& st) {
    TableCollector c;
    if (st.kind != Statement::Kind::kCreateTable && st.kind != Statement::Kind::kCreateSequence) {
        c.Name(st.table);
    }
    if (st.using_ref) {
        c.From(st.using_ref);
    }
    if (st.query) {
        c.Query(*st.query);
    }
    for (const auto& e : {st.where, st.on}) {
        c.Expression(e);
    }
    for (const auto& row : st.rows) {
        for (const auto& e : row) {
            c.Expression(e);
        }
    }
    return c.tables;
}

}  // namespace dbbridge::sql
