// MySQL REPLACE INTO on targets without it: an upsert on the table's one unique key.
#include "rewriter.h"

#include <algorithm>

#include "dbbridge/sdk/util/sql_text.h"
#include "tree.h"

namespace dbbridge::sdk::sql {

namespace {

bool Contains(const std::vector<std::string>& names, const std::string& name) {
    const std::string wanted = util::ToLower(name);
    return std::any_of(names.begin(), names.end(), [&](const std::string& n) { return util::ToLower(n) == wanted; });
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

}  // namespace dbbridge::sdk::sql
