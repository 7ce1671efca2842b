#include "core/store/auth_token_repository.h"

#include "core/store/store_query.h"
#include "core/store/store_time.h"

namespace dbbridge::core {

namespace {

constexpr const char* kSelect =
    "SELECT id, token_hash, user_name, kind, name, insert_time, expire_time, last_used FROM auth_token ";

AuthTokenRow ToRow(const StoreRow& r) {
    AuthTokenRow t;
    t.id = r.Int(0);
    t.token_hash = r.Text(1);
    t.user_name = r.Text(2);
    t.kind = r.Text(3);
    t.name = r.Text(4);
    t.insert_time = r.Text(5);
    t.expire_time = r.Text(6);
    t.last_used = r.Text(7);
    return t;
}

sdk::Status Exec(MetadataStore& store, const std::string& sql, const std::vector<StoreValue>& params) {
    return RunFor(store, [&](StoreSession& s) { return s.Execute(sql, params); }).status();
}

}  // namespace

sdk::Result<std::int64_t> AuthTokenRepository::Insert(const AuthTokenRow& row) {
    return RunFor(store_, [&](StoreSession& s) {
        return s.Insert(
            "INSERT INTO auth_token (token_hash, user_name, kind, name, insert_time, expire_time) "
            "VALUES (?, ?, ?, ?, ?, ?)",
            {row.token_hash, row.user_name, row.kind, row.name, NowUtcIso(), row.expire_time});
    });
}

sdk::Result<TokenHolder> AuthTokenRepository::FindHolder(const std::string& token_hash, const std::string& now) {
    return SelectOne(
        store_,
        "SELECT t.kind, u.name, u.role, u.disabled, t.id, t.last_used FROM auth_token t "
        "JOIN users u ON u.name = t.user_name WHERE t.token_hash = ? AND t.expire_time > ?",
        {token_hash, now},
        +[](const StoreRow& r) {
            return TokenHolder{r.Text(0), r.Text(1), r.Text(2), r.Int(3) != 0, r.Int(4), r.Text(5)};
        },
        sdk::Status::NotFound("token not found or expired"));
}

sdk::Result<std::vector<AuthTokenRow>> AuthTokenRepository::ListFor(const std::string& user_name,
                                                                    const std::string& kind) {
    return SelectRows(store_, std::string(kSelect) + "WHERE user_name = ? AND kind = ? ORDER BY id DESC",
                      {user_name, kind}, ToRow);
}

sdk::Status AuthTokenRepository::TouchLastUsed(std::int64_t id, const std::string& now,
                                               const std::string& not_before) {
    return RunFor(store_, [&](StoreSession& s) {
               return s.Execute(
                   "UPDATE auth_token SET last_used = ? WHERE id = ? AND (last_used IS NULL OR last_used < ?)",
                   {now, id, not_before});
           })
        .status();
}

sdk::Result<std::int64_t> AuthTokenRepository::CountValid(const std::string& user_name, const std::string& kind,
                                                          const std::string& now) {
    return RunFor(store_, [&](StoreSession& s) {
        return s.QueryInt("SELECT COUNT(*) FROM auth_token WHERE user_name = ? AND kind = ? AND expire_time > ?",
                          {user_name, kind, now});
    });
}

sdk::Status AuthTokenRepository::Delete(std::int64_t id, const std::string& user_name) {
    auto n = RunFor(store_, [&](StoreSession& s) {
        return s.Execute("DELETE FROM auth_token WHERE id = ? AND user_name = ?", {id, user_name});
    });
    DBB_RETURN_IF_ERROR(n.status());
    return *n == 0 ? sdk::Status::NotFound("token " + std::to_string(id) + " not found") : sdk::Status::Ok();
}

sdk::Status AuthTokenRepository::DeleteByHash(const std::string& token_hash) {
    return Exec(store_, "DELETE FROM auth_token WHERE token_hash = ?", {token_hash});
}

sdk::Status AuthTokenRepository::DeleteAllFor(const std::string& user_name) {
    return Exec(store_, "DELETE FROM auth_token WHERE user_name = ?", {user_name});
}

sdk::Status AuthTokenRepository::DeleteOldestSessions(const std::string& user_name, int keep) {
    auto sessions = ListFor(user_name, kSession);
    DBB_RETURN_IF_ERROR(sessions.status());
    for (std::size_t i = static_cast<std::size_t>(keep); i < sessions->size(); ++i) {
        DBB_RETURN_IF_ERROR(Exec(store_, "DELETE FROM auth_token WHERE id = ?", {(*sessions)[i].id}));
    }
    return sdk::Status::Ok();
}

sdk::Status AuthTokenRepository::PurgeExpired(const std::string& now) {
    return Exec(store_, "DELETE FROM auth_token WHERE expire_time <= ?", {now});
}

}  // namespace dbbridge::core
