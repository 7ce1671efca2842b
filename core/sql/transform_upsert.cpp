// Upserts a target lacks: MySQL REPLACE INTO elsewhere, Oracle MERGE on MySQL.
#include "rewriter.h"

#include <algorithm>

#include "dbbridge/sdk/util/sql_text.h"
#include "tree.h"

namespace dbbridge::sql {

namespace {

bool Contains(const std::vector<std::string>& names, const std::string& name) {
    const std::string wanted = util::ToLower(name);
    return std::any_of(names.begin(), names.end(), [&](const std::string& n) { return util::ToLower(n) == wanted; });
}

bool SameColumn(const Expr& a, const Expr& b) {
    if (a.kind != ExprKind::kColumn || b.kind != ExprKind::kColumn || a.name.size() != b.name.size()) {
        return false;
    }
    for (std::size_t i = 0; i < a.name.size(); ++i) {
        if (util::ToLower(a.name[i].text) != util::ToLower(b.name[i].text)) {
            return false;
        }
    }
    return true;
}

// The column name when e is alias.column, else "".
std::string ColumnOf(const Expr& e, const std::string& alias) {
    if (e.kind == ExprKind::kColumn && e.name.size() == 2 && util::ToLower(e.name[0].text) == util::ToLower(alias)) {
        return e.name[1].text;
    }
    return "";
}

// Target columns (alias.column) that e reads.
std::vector<std::string> ColumnsRead(ExprPtr e, const std::string& alias) {
    std::vector<std::string> out;
    Walk(e, [&](ExprPtr& x) {
        std::string c = ColumnOf(*x, alias);
        if (!c.empty()) {
            out.push_back(c);
        }
    });
    return out;
}

}  // namespace

// REPLACE deletes the row that has the new row's key and inserts the new row: unlisted columns
// get their defaults. With exactly one unique key that is ON CONFLICT (key) DO UPDATE SET every
// other column (listed: EXCLUDED value, unlisted: DEFAULT). With several unique keys MySQL may
// delete several rows, which no single upsert does: refused.
Status Rewriter::ReplaceInto(Statement& st) {
    const std::string table = st.table.back().text;
    if (!Pg()) {
        return Refuse(st.pos, "REPLACE INTO");
    }
    const auto keys = catalog_ ? catalog_->UniqueKeys(table) : std::vector<std::vector<std::string>>{};
    const auto table_columns = catalog_ ? catalog_->Columns(table) : std::vector<std::string>{};
    if (keys.empty() || table_columns.empty()) {
        return Refuse(st.pos, "REPLACE INTO: the unique key and columns of table " + table +
                                  " are unknown (translate against a datasource, or with its CREATE TABLE)");
    }
    if (keys.size() > 1) {
        return Refuse(st.pos, "REPLACE INTO " + table + ", which has several unique keys (MySQL deletes every row "
                              "that conflicts on any of them)");
    }
    std::vector<std::string> listed;
    for (const auto& c : st.columns) {
        listed.push_back(c.text);
    }
    if (listed.empty()) {
        listed = table_columns;
    }
    const auto& key = keys.front();
    for (const auto& k : key) {
        if (!Contains(listed, k)) {
            return Refuse(st.pos, "REPLACE INTO " + table + " without its key column " + k);
        }
        st.conflict_columns.push_back(Ident{k, false, '"'});
    }
    for (const auto& c : table_columns) {
        if (Contains(key, c)) {
            continue;
        }
        Assignment a;
        a.column = {Ident{c, false, '"'}};
        a.value = Contains(listed, c) ? Col({"EXCLUDED", c}) : Make(ExprKind::kKeyword, "DEFAULT");
        st.on_duplicate.push_back(a);
    }
    if (st.on_duplicate.empty()) {
        st.conflict_columns.clear();  // every column is the key: an existing row already equals the new one
    }
    st.on_conflict = true;
    st.replace_into = false;
    Note("REPLACE INTO -> INSERT ... ON CONFLICT (key) DO UPDATE");
    return Status::Ok();
}

// MERGE on MySQL: INSERT INTO t (cols) SELECT values FROM source [JOIN t ON ..]
// ON DUPLICATE KEY UPDATE col = value. That is MERGE only when the ON condition is equality on
// exactly one unique key of t (target column = source expression) and the INSERT writes the same
// source expressions into the key, so "duplicate key" means "matched". A matched-only MERGE joins
// the target so that no row is inserted. Oracle evaluates every SET value with the old row; MySQL
// assigns left to right, so a value (or the WHEN MATCHED ... WHERE) reading a column assigned
// before it is refused.
Status Rewriter::MergeToMySql(Statement& st) {
    const std::string table = st.table.back().text;
    const std::string talias = st.has_alias ? st.alias.text : table;
    if (st.matched_delete_where) {
        return Refuse(st.matched_delete_where->pos, "MERGE ... DELETE WHERE");
    }
    ExprPtr on = st.on->kind == ExprKind::kParen && st.on->args.size() == 1 ? st.on->args[0] : st.on;
    std::vector<ExprPtr> conj;
    Conjuncts(on, conj);
    std::vector<std::pair<std::string, ExprPtr>> on_key;  // target column, source expression
    for (const auto& c : conj) {
        if (c->kind != ExprKind::kBinary || c->text != "=" || c->args.size() != 2) {
            on_key.clear();
            break;
        }
        for (int side = 0; side < 2; ++side) {
            const std::string col = ColumnOf(*c->args[side], talias);
            if (!col.empty() && ColumnsRead(c->args[1 - side], talias).empty()) {
                on_key.emplace_back(col, c->args[1 - side]);
                break;
            }
        }
    }
    std::vector<std::string> on_columns;
    for (const auto& k : on_key) {
        on_columns.push_back(k.first);
    }
    const auto keys = catalog_ ? catalog_->UniqueKeys(table) : std::vector<std::vector<std::string>>{};
    const bool key_match = on_key.size() == conj.size() &&
                           std::any_of(keys.begin(), keys.end(), [&](const std::vector<std::string>& k) {
                               return k.size() == on_columns.size() &&
                                      std::all_of(k.begin(), k.end(), [&](const std::string& c) { return Contains(on_columns, c); });
                           });
    if (!key_match) {
        return Refuse(st.pos, "MERGE (MySQL has no MERGE; ON DUPLICATE KEY UPDATE needs the ON condition to be "
                              "equality on one unique key of " + table + ", and that key must be known)");
    }
    if (st.when_matched && st.not_matched_where) {
        return Refuse(st.not_matched_where->pos, "MERGE ... WHEN NOT MATCHED ... WHERE together with WHEN MATCHED");
    }
    // Oracle reads the old row for every SET value; MySQL assigns in order.
    std::vector<std::string> assigned;
    for (auto& a : st.sets) {
        const std::string col = a.column.back().text;
        for (const ExprPtr& reader : {a.value, st.matched_where}) {
            for (const auto& read : ColumnsRead(reader, talias)) {
                if (Contains(assigned, read) || (reader == st.matched_where && Contains(on_columns, col))) {
                    return Refuse(a.value->pos, "MERGE SET reading " + read + " after it is assigned (MySQL assigns in order)");
                }
            }
        }
        if (Contains(on_columns, col)) {
            return Refuse(a.value->pos, "MERGE updating a column of the ON condition");
        }
        assigned.push_back(col);
    }
    auto core = std::make_shared<SelectCore>();
    st.columns.clear();
    if (st.when_not_matched) {
        st.columns = st.insert_columns;
        for (const auto& k : on_key) {
            auto it = std::find_if(st.columns.begin(), st.columns.end(),
                                   [&](const Ident& c) { return util::ToLower(c.text) == util::ToLower(k.first); });
            if (it == st.columns.end() || !SameColumn(*st.insert_values[it - st.columns.begin()], *k.second)) {
                return Refuse(st.pos, "MERGE whose INSERT does not write the ON key column " + k.first +
                                          " from the same source value");
            }
        }
        for (const auto& v : st.insert_values) {
            core->items.push_back({v, false, {}});
        }
        core->from = {st.using_ref};
        core->where = st.not_matched_where;
    } else {  // matched only: select the matched rows, insert nothing new
        auto target = std::make_shared<TableRef>();
        target->name = st.table;
        target->has_alias = true;
        target->alias = Ident{talias, false, '"'};
        auto join = std::make_shared<TableRef>();
        join->kind = TableRef::Kind::kJoin;
        join->join_type = "JOIN";
        join->left = st.using_ref;
        join->right = target;
        join->on = st.on;
        for (const auto& k : on_key) {
            st.columns.push_back(Ident{k.first, false, '"'});
            core->items.push_back({k.second, false, {}});
        }
        core->from = {join};
    }
    // Target columns read in ON DUPLICATE KEY UPDATE are the existing row's: qualified by the table.
    auto requalify = [&](ExprPtr e) {
        Walk(e, [&](ExprPtr& x) {
            const std::string col = ColumnOf(*x, talias);
            if (!col.empty()) {
                x = Col({table, col});
            }
        });
        return e;
    };
    st.on_duplicate.clear();
    for (auto& a : st.sets) {
        Assignment u;
        u.column = {a.column.back()};
        u.value = requalify(a.value);
        if (st.matched_where) {
            u.value = Func("IF", {requalify(Clone(st.matched_where)), u.value, Col({table, u.column[0].text})});
        }
        st.on_duplicate.push_back(u);
    }
    if (st.on_duplicate.empty()) {  // insert-only MERGE: a matched row stays as it is
        st.on_duplicate.push_back(Assignment{{Ident{on_key[0].first, false, '"'}}, Col({table, on_key[0].first}), {}});
    }
    auto q = std::make_shared<Query>();
    q->body = std::make_shared<QueryBody>();
    q->body->select = core;
    st.kind = Statement::Kind::kInsert;
    st.query = q;
    st.has_alias = false;
    st.sets.clear();
    st.using_ref = nullptr;
    st.on = nullptr;
    Note("MERGE -> INSERT ... SELECT ... ON DUPLICATE KEY UPDATE (ON matches a unique key)");
    return Status::Ok();
}

}  // namespace dbbridge::sql
