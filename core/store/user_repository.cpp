#include "core/store/user_repository.h"

#include "core/store/store_query.h"
#include "core/store/store_time.h"

namespace dbbridge::core {

namespace {

constexpr const char* kSelect =
    "SELECT id, name, password_hash, role, disabled, insert_time, last_login FROM users ";

UserRow ToRow(const StoreRow& r) {
    UserRow u;
    u.id = r.Int(0);
    u.name = r.Text(1);
    u.password_hash = r.Text(2);
    u.role = r.Text(3);
    u.disabled = r.Int(4) != 0;
    u.insert_time = r.Text(5);
    u.last_login = r.Text(6);
    return u;
}

sdk::Status NoSuchUser(const std::string& name) { return sdk::Status::NotFound("user '" + name + "' not found"); }

}  // namespace

sdk::Result<std::int64_t> UserRepository::Insert(const UserRow& row) {
    auto id = RunFor(store_, [&](StoreSession& s) {
        return s.Insert("INSERT INTO users (name, password_hash, role, disabled, insert_time) VALUES (?, ?, ?, ?, ?)",
                        {row.name, row.password_hash, row.role, std::int64_t{row.disabled ? 1 : 0}, NowUtcIso()});
    });
    if (!id.ok() && id.status().code() == sdk::StatusCode::kAlreadyExists) {
        return sdk::Status::AlreadyExists("name: a user named '" + row.name + "' already exists");
    }
    return id;
}

sdk::Result<UserRow> UserRepository::GetByName(const std::string& name) {
    return RunFor(store_, [&](StoreSession& s) { return GetByName(s, name); });
}

sdk::Result<UserRow> UserRepository::GetByName(StoreSession& session, const std::string& name) {
    return SelectOne(session, std::string(kSelect) + "WHERE name = ?", {name}, ToRow, NoSuchUser(name));
}

sdk::Result<std::vector<UserRow>> UserRepository::List() {
    return SelectRows(store_, std::string(kSelect) + "ORDER BY name", {}, ToRow);
}

sdk::Result<std::int64_t> UserRepository::Count() {
    return RunFor(store_, [](StoreSession& s) { return s.QueryInt("SELECT COUNT(*) FROM users"); });
}

sdk::Result<std::int64_t> UserRepository::CountActiveAdmins() {
    return RunFor(store_, [](StoreSession& s) {
        return s.QueryInt("SELECT COUNT(*) FROM users WHERE role = 'admin' AND disabled = 0");
    });
}

sdk::Status UserRepository::UpdateOne(const std::string& sql, const std::vector<StoreValue>& params,
                                      const std::string& name) {
    auto n = RunFor(store_, [&](StoreSession& s) { return s.Execute(sql, params); });
    DBB_RETURN_IF_ERROR(n.status());
    if (*n > 0) {
        return sdk::Status::Ok();
    }
    // MySQL counts changed rows, not matched ones: setting the value a row already has is 0.
    return GetByName(name).status();
}

sdk::Status UserRepository::SetPasswordHash(const std::string& name, const std::string& hash) {
    return UpdateOne("UPDATE users SET password_hash = ? WHERE name = ?", {hash, name}, name);
}

sdk::Status UserRepository::SetRole(const std::string& name, const std::string& role) {
    return UpdateOne("UPDATE users SET role = ? WHERE name = ?", {role, name}, name);
}

sdk::Status UserRepository::SetDisabled(const std::string& name, bool disabled) {
    return UpdateOne("UPDATE users SET disabled = ? WHERE name = ?", {std::int64_t{disabled ? 1 : 0}, name}, name);
}

sdk::Status UserRepository::TouchLastLogin(const std::string& name, const std::string& when) {
    return UpdateOne("UPDATE users SET last_login = ? WHERE name = ?", {when, name}, name);
}

}  // namespace dbbridge::core
