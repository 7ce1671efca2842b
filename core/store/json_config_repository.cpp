#include "core/store/json_config_repository.h"

#include "core/store/store_query.h"
#include "core/store/store_time.h"

namespace dbbridge::core {

namespace {

constexpr const char* kColumns =
    "id, config_name, config_path, content, description, uid, insert_time, update_time, project, verify_after_run";

JsonConfigRow ToRow(const StoreRow& r) {
    JsonConfigRow c;
    c.id = r.Int(0);
    c.config_name = r.Text(1);
    c.config_path = r.Text(2);
    c.content = r.Text(3);
    c.description = r.Text(4);
    c.uid = r.Text(5);
    c.insert_time = r.Text(6);
    c.update_time = r.Text(7);
    c.project = r.Text(8);
    c.verify_after_run = r.Int(9) != 0;
    return c;
}

sdk::Status Duplicate(const sdk::Status& st, const std::string& config_name) {
    if (st.code() == sdk::StatusCode::kAlreadyExists) {
        return sdk::Status::AlreadyExists("config_name: a job config named '" + config_name + "' already exists");
    }
    return st;
}

sdk::Status NotFound(std::int64_t id) {
    return sdk::Status::NotFound("job config id " + std::to_string(id) + " not found");
}

std::string SelectSql(const std::string& where) {
    return std::string("SELECT ") + kColumns + " FROM json_config " + where;
}

}  // namespace

sdk::Result<std::int64_t> JsonConfigRepository::Insert(const JsonConfigRow& row) {
    return RunFor(store_, [&](StoreSession& s) { return Insert(s, row); });
}

sdk::Result<std::int64_t> JsonConfigRepository::Insert(StoreSession& session, const JsonConfigRow& row) {
    const std::string now = NowUtcIso();
    auto inserted = session.Insert(
        "INSERT INTO json_config (config_name, config_path, content, description, uid, project, verify_after_run, "
        "is_delete, insert_time, update_time) VALUES (?, ?, ?, ?, ?, ?, ?, 0, ?, ?)",
        {row.config_name, row.config_path, row.content, row.description, row.uid, row.project,
         std::int64_t{row.verify_after_run ? 1 : 0}, now, now});
    if (!inserted.ok()) {
        return Duplicate(inserted.status(), row.config_name);
    }
    return inserted.value();
}

sdk::Status JsonConfigRepository::Update(const JsonConfigRow& row) {
    return store_.Transact([&](StoreSession& s) { return Update(s, row); });
}

sdk::Status JsonConfigRepository::Update(StoreSession& session, const JsonConfigRow& row) {
    // MySQL reports 0 affected rows for an UPDATE that changes nothing, so test existence first.
    DBB_ASSIGN_OR_RETURN(auto exists, session.QueryInt("SELECT COUNT(*) FROM json_config WHERE id = ?", {row.id}));
    if (exists == 0) {
        return NotFound(row.id);
    }
    auto updated = session.Execute(
        "UPDATE json_config SET config_name = ?, config_path = ?, content = ?, description = ?, project = ?, "
        "verify_after_run = ?, update_time = ? WHERE id = ?",
        {row.config_name, row.config_path, row.content, row.description, row.project,
         std::int64_t{row.verify_after_run ? 1 : 0}, NowUtcIso(), row.id});
    return Duplicate(updated.status(), row.config_name);
}

sdk::Status JsonConfigRepository::Delete(std::int64_t id) {
    return store_.Run([&](StoreSession& s) { return Delete(s, id); });
}

sdk::Status JsonConfigRepository::Delete(StoreSession& session, std::int64_t id) {
    DBB_ASSIGN_OR_RETURN(auto deleted, session.Execute("DELETE FROM json_config WHERE id = ?", {id}));
    if (deleted == 0) {
        return NotFound(id);
    }
    return sdk::Status::Ok();
}

sdk::Result<JsonConfigRow> JsonConfigRepository::Get(std::int64_t id) {
    return RunFor(store_, [&](StoreSession& s) { return Get(s, id); });
}

sdk::Result<JsonConfigRow> JsonConfigRepository::Get(StoreSession& session, std::int64_t id) {
    return SelectOne(session, SelectSql("WHERE id = ?"), {id}, ToRow, NotFound(id));
}

sdk::Result<JsonConfigRow> JsonConfigRepository::GetByName(const std::string& uid, const std::string& config_name) {
    return SelectOne(store_, SelectSql("WHERE uid = ? AND config_name = ?"), {uid, config_name}, ToRow,
                     sdk::Status::NotFound("job config '" + config_name + "' not found"));
}

sdk::Result<Page<JsonConfigRow>> JsonConfigRepository::Query(const Visibility& visible,
                                                             const std::string& name_filter, int page, int page_size) {
    std::vector<StoreValue> params;
    std::string where = "WHERE " + VisibilityCondition(visible, params);
    if (!name_filter.empty()) {
        where += " AND LOWER(config_name) LIKE LOWER(?) ESCAPE '!'";
        params.emplace_back(LikeContainsPattern(name_filter));
    }
    return QueryPage(store_, "SELECT COUNT(*) FROM json_config " + where, SelectSql(where + " ORDER BY id"), params,
                     page, page_size, ToRow);
}

sdk::Result<std::vector<JsonConfigRow>> JsonConfigRepository::List(const Visibility& visible) {
    std::vector<StoreValue> params;
    return SelectRows(store_, SelectSql("WHERE " + VisibilityCondition(visible, params) + " ORDER BY id"), params,
                      ToRow);
}

}  // namespace dbbridge::core
