#pragma once
// The users table: one row per person or script that may log in. name is unique in the store and
// is what objects record as their owner (`uid`). Only the argon2id hash of the password is kept.
// Thread-safe (each call borrows a session). Follows datasource_repository.h.

#include <cstdint>
#include <string>
#include <vector>

#include "core/store/metadata_store.h"
#include "dbbridge/sdk/status.h"

namespace dbbridge::core {

struct UserRow {
    std::int64_t id = 0;
    std::string name;
    std::string password_hash;
    std::string role;  // "admin" | "user"
    bool disabled = false;
    std::string insert_time;
    std::string last_login;  // "" until the first login
};

class UserRepository {
public:
    explicit UserRepository(MetadataStore& store) : store_(store) {}

    // Stores a new user and returns its id. kAlreadyExists naming the user when the name is taken.
    sdk::Result<std::int64_t> Insert(const UserRow& row);
    // kNotFound naming the user.
    sdk::Result<UserRow> GetByName(const std::string& name);
    // The same through a session the caller holds (inside its transaction).
    static sdk::Result<UserRow> GetByName(StoreSession& session, const std::string& name);
    // Every user, ordered by name.
    sdk::Result<std::vector<UserRow>> List();
    sdk::Result<std::int64_t> Count();
    // Each kNotFound naming the user when there is no such row.
    sdk::Status SetPasswordHash(const std::string& name, const std::string& hash);
    sdk::Status SetRole(const std::string& name, const std::string& role);
    sdk::Status SetDisabled(const std::string& name, bool disabled);
    sdk::Status TouchLastLogin(const std::string& name, const std::string& when);
    // Admins that are not disabled (to refuse removing the last one).
    sdk::Result<std::int64_t> CountActiveAdmins();

private:
    sdk::Status UpdateOne(const std::string& sql, const std::vector<StoreValue>& params, const std::string& name);

    MetadataStore& store_;
};

}  // namespace dbbridge::core
