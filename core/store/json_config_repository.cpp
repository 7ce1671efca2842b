#include "core/store/json_config_repository.h"

#include "core/store/store_time.h"

namespace dbbridge::core {

namespace {

constexpr const char* kColumns = "id, config_name, config_path, content, description, uid, insert_time, update_time";

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

sdk::Result<std::vector<JsonConfigRow>> Select(MetadataStore& store, const std::string& where,
                                               const std::vector<StoreValue>& params) {
    std::vector<JsonConfigRow> out;
    auto st = store.Run([&](StoreSession& s) {
        auto rows = s.Query(std::string("SELECT ") + kColumns + " FROM json_config " + where, params);
        if (!rows.ok()) {
            return rows.status();
        }
        for (const auto& r : rows.value()) {
            out.push_back(ToRow(r));
        }
        return sdk::Status::Ok();
    });
    if (!st.ok()) {
        return st;
    }
    return out;
}

// "50%_off" -> "%50!%!_off%" for LIKE ... ESCAPE '!'.
std::string ContainsPattern(const std::string& text) {
    std::string out = "%";
    for (char c : text) {
        if (c == '%' || c == '_' || c == '!') {
            out += '!';
        }
        out += c;
    }
    return out + "%";
}

}  // namespace

sdk::Result<std::int64_t> JsonConfigRepository::Insert(const JsonConfigRow& row) {
    std::int64_t id = 0;
    auto st = store_.Run([&](StoreSession& s) {
        auto inserted = Insert(s, row);
        if (!inserted.ok()) {
            return inserted.status();
        }
        id = inserted.value();
        return sdk::Status::Ok();
    });
    if (!st.ok()) {
        return st;
    }
    return id;
}

sdk::Result<std::int64_t> JsonConfigRepository::Insert(StoreSession& session, const JsonConfigRow& row) {
    const std::string now = NowUtcIso();
    auto inserted = session.Insert(
        "INSERT INTO json_config (config_name, config_path, content, description, uid, is_delete, insert_time, "
        "update_time) VALUES (?, ?, ?, ?, ?, 0, ?, ?)",
        {row.config_name, row.config_path, row.content, row.description, row.uid, now, now});
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
    auto exists = session.QueryInt("SELECT COUNT(*) FROM json_config WHERE id = ?", {row.id});
    if (!exists.ok()) {
        return exists.status();
    }
    if (exists.value() == 0) {
        return NotFound(row.id);
    }
    auto updated = session.Execute(
        "UPDATE json_config SET config_name = ?, config_path = ?, content = ?, description = ?, update_time = ? "
        "WHERE id = ?",
        {row.config_name, row.config_path, row.content, row.description, NowUtcIso(), row.id});
    return Duplicate(updated.status(), row.config_name);
}

sdk::Status JsonConfigRepository::Delete(std::int64_t id) {
    return store_.Run([&](StoreSession& s) { return Delete(s, id); });
}

sdk::Status JsonConfigRepository::Delete(StoreSession& session, std::int64_t id) {
    auto deleted = session.Execute("DELETE FROM json_config WHERE id = ?", {id});
    if (!deleted.ok()) {
        return deleted.status();
    }
    if (deleted.value() == 0) {
        return NotFound(id);
    }
    return sdk::Status::Ok();
}

sdk::Result<JsonConfigRow> JsonConfigRepository::Get(std::int64_t id) {
    auto rows = Select(store_, "WHERE id = ?", {id});
    if (!rows.ok()) {
        return rows.status();
    }
    if (rows->empty()) {
        return NotFound(id);
    }
    return rows->front();
}

sdk::Result<JsonConfigRow> JsonConfigRepository::GetByName(const std::string& uid, const std::string& config_name) {
    auto rows = Select(store_, "WHERE uid = ? AND config_name = ?", {uid, config_name});
    if (!rows.ok()) {
        return rows.status();
    }
    if (rows->empty()) {
        return sdk::Status::NotFound("job config '" + config_name + "' not found");
    }
    return rows->front();
}

sdk::Result<Page<JsonConfigRow>> JsonConfigRepository::Query(const std::string& uid, const std::string& name_filter,
                                                             int page, int page_size) {
    DBB_RETURN_IF_ERROR(ValidatePaging(page, page_size));
    std::string where = "WHERE uid = ?";
    std::vector<StoreValue> params{uid};
    if (!name_filter.empty()) {
        where += " AND LOWER(config_name) LIKE LOWER(?) ESCAPE '!'";
        params.emplace_back(ContainsPattern(name_filter));
    }
    Page<JsonConfigRow> result;
    result.page = page;
    result.page_size = page_size;
    auto st = store_.Run([&](StoreSession& s) {
        auto total = s.QueryInt("SELECT COUNT(*) FROM json_config " + where, params);
        if (!total.ok()) {
            return total.status();
        }
        result.total = total.value();
        auto paged = params;
        paged.emplace_back(std::int64_t{page_size});
        paged.emplace_back(PageOffset(page, page_size));
        auto rows = s.Query(
            std::string("SELECT ") + kColumns + " FROM json_config " + where + " ORDER BY id LIMIT ? OFFSET ?", paged);
        if (!rows.ok()) {
            return rows.status();
        }
        for (const auto& r : rows.value()) {
            result.items.push_back(ToRow(r));
        }
        return sdk::Status::Ok();
    });
    if (!st.ok()) {
        return st;
    }
    return result;
}

sdk::Result<std::vector<JsonConfigRow>> JsonConfigRepository::List(const std::string& uid) {
    return Select(store_, "WHERE uid = ? ORDER BY id", {uid});
}

}  // namespace dbbridge::core
