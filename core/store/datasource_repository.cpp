#include "core/store/datasource_repository.h"

#include "core/store/store_query.h"
#include "core/store/store_time.h"

namespace dbbridge::core {

namespace {

constexpr const char* kColumns =
    "id, source_name, description, db_type, host, port, db_name, username, password, project, uid, options, "
    "insert_time, update_time";

DatasourceRow ToRow(const StoreRow& r) {
    DatasourceRow d;
    d.id = r.Int(0);
    d.source_name = r.Text(1);
    d.description = r.Text(2);
    d.db_type = r.Text(3);
    d.host = r.Text(4);
    d.port = static_cast<int>(r.Int(5));
    d.db_name = r.Text(6);
    d.username = r.Text(7);
    d.password = r.Text(8);
    d.project = r.Text(9);
    d.uid = r.Text(10);
    d.options = r.Text(11);
    d.insert_time = r.Text(12);
    d.update_time = r.Text(13);
    return d;
}

sdk::Status Duplicate(const sdk::Status& st, const std::string& source_name) {
    if (st.code() == sdk::StatusCode::kAlreadyExists) {
        return sdk::Status::AlreadyExists("source_name: a datasource named '" + source_name + "' already exists");
    }
    return st;
}

std::string SelectSql(const std::string& where) {
    return std::string("SELECT ") + kColumns + " FROM datasource " + where;
}

sdk::Result<std::vector<DatasourceRow>> Select(MetadataStore& store, const std::string& where,
                                               const std::vector<StoreValue>& params) {
    return SelectRows(store, SelectSql(where), params, ToRow);
}

sdk::Status NotFound(const std::string& what) { return sdk::Status::NotFound(what + " not found"); }

}  // namespace

sdk::Result<std::int64_t> DatasourceRepository::Insert(const DatasourceRow& row) {
    const std::string now = NowUtcIso();
    auto id = RunFor(store_, [&](StoreSession& s) {
        return s.Insert(
            "INSERT INTO datasource (source_name, description, db_type, host, port, db_name, username, password, "
            "project, uid, options, insert_time, update_time) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            {row.source_name, row.description, row.db_type, row.host, std::int64_t{row.port}, row.db_name, row.username,
             row.password, row.project, row.uid, row.options, now, now});
    });
    if (!id.ok()) {
        return Duplicate(id.status(), row.source_name);
    }
    return id;
}

sdk::Status DatasourceRepository::Update(const DatasourceRow& row) {
    auto st = store_.Transact([&](StoreSession& s) -> sdk::Status {
        // MySQL reports 0 affected rows for an UPDATE that changes nothing, so test existence first.
        DBB_ASSIGN_OR_RETURN(auto exists, s.QueryInt("SELECT COUNT(*) FROM datasource WHERE id = ?", {row.id}));
        if (exists == 0) {
            return NotFound("datasource id " + std::to_string(row.id));
        }
        return s
            .Execute(
                "UPDATE datasource SET source_name = ?, description = ?, db_type = ?, host = ?, port = ?, "
                "db_name = ?, username = ?, password = ?, project = ?, uid = ?, options = ?, update_time = ? "
                "WHERE id = ?",
                {row.source_name, row.description, row.db_type, row.host, std::int64_t{row.port}, row.db_name,
                 row.username, row.password, row.project, row.uid, row.options, NowUtcIso(), row.id})
            .status();
    });
    return Duplicate(st, row.source_name);
}

sdk::Status DatasourceRepository::Delete(std::int64_t id) {
    return store_.Run([&](StoreSession& s) -> sdk::Status {
        DBB_ASSIGN_OR_RETURN(auto deleted, s.Execute("DELETE FROM datasource WHERE id = ?", {id}));
        if (deleted == 0) {
            return NotFound("datasource id " + std::to_string(id));
        }
        return sdk::Status::Ok();
    });
}

sdk::Result<DatasourceRow> DatasourceRepository::Get(std::int64_t id) {
    return SelectOne(store_, SelectSql("WHERE id = ?"), {id}, ToRow, NotFound("datasource id " + std::to_string(id)));
}

sdk::Result<DatasourceRow> DatasourceRepository::GetByName(const std::string& uid, const std::string& source_name) {
    return SelectOne(store_, SelectSql("WHERE uid = ? AND source_name = ?"), {uid, source_name}, ToRow,
                     NotFound("datasource '" + source_name + "'"));
}

sdk::Result<std::vector<DatasourceRow>> DatasourceRepository::FindByName(const std::string& source_name) {
    return Select(store_, "WHERE source_name = ? ORDER BY id", {source_name});
}

sdk::Result<Page<DatasourceRow>> DatasourceRepository::Query(const Visibility& visible,
                                                             const DatasourceFilter& filter, int page, int page_size) {
    std::vector<StoreValue> params;
    std::string where = "WHERE " + VisibilityCondition(visible, params);
    if (!filter.db_type.empty()) {
        where += " AND db_type = ?";
        params.emplace_back(filter.db_type);
    }
    if (!filter.project.empty()) {
        where += " AND project = ?";
        params.emplace_back(filter.project);
    }
    if (!filter.name.empty()) {
        where += " AND LOWER(source_name) LIKE LOWER(?) ESCAPE '!'";
        params.emplace_back(LikeContainsPattern(filter.name));
    }
    return QueryPage(store_, "SELECT COUNT(*) FROM datasource " + where, SelectSql(where + " ORDER BY id"), params,
                     page, page_size, ToRow);
}

sdk::Result<std::vector<DatasourceRow>> DatasourceRepository::List(const Visibility& visible,
                                                                   const std::string& db_type) {
    std::vector<StoreValue> params;
    std::string where = "WHERE " + VisibilityCondition(visible, params);
    if (!db_type.empty()) {
        where += " AND db_type = ?";
        params.emplace_back(db_type);
    }
    return Select(store_, where + " ORDER BY id", params);
}

}  // namespace dbbridge::core
