#pragma once
// The auth_token table: login sessions and API tokens. A token is shown to its holder once; the
// table keeps only its SHA-256 (token_hash), so a copy of the store does not let anyone log in.
// Thread-safe (each call borrows a session). Follows datasource_repository.h.

#include <cstdint>
#include <string>
#include <vector>

#include "core/store/metadata_store.h"
#include "dbbridge/sdk/status.h"

namespace dbbridge::core {

struct AuthTokenRow {
    std::int64_t id = 0;
    std::string token_hash;
    std::string user_name;
    std::string kind;  // "session" | "api"
    std::string name;  // an API token's label
    std::string insert_time;
    std::string expire_time;  // ISO UTC; the token is refused from then on
    std::string last_used;
};

// A valid token with what authentication needs of its user, read in one query.
struct TokenHolder {
    std::string kind;
    std::string user_name;
    std::string role;
    bool disabled = false;
    std::int64_t token_id = 0;
    std::string last_used;  // "" never
};

class AuthTokenRepository {
public:
    static constexpr const char* kSession = "session";
    static constexpr const char* kApi = "api";

    explicit AuthTokenRepository(MetadataStore& store) : store_(store) {}

    sdk::Result<std::int64_t> Insert(const AuthTokenRow& row);
    // The holder of the token with that hash, unexpired at now, whose user still exists; kNotFound
    // otherwise. One query: this runs on every request.
    sdk::Result<TokenHolder> FindHolder(const std::string& token_hash, const std::string& now);
    // A user's tokens of kind, newest first (expired ones included until purged).
    sdk::Result<std::vector<AuthTokenRow>> ListFor(const std::string& user_name, const std::string& kind);
    // Sets last_used to now unless it is already at or after not_before (so a token in constant use
    // costs one write a minute, whichever host it reaches).
    sdk::Status TouchLastUsed(std::int64_t id, const std::string& now, const std::string& not_before);
    sdk::Result<std::int64_t> CountValid(const std::string& user_name, const std::string& kind, const std::string& now);
    // Deletes the row id when it belongs to user_name; kNotFound otherwise.
    sdk::Status Delete(std::int64_t id, const std::string& user_name);
    sdk::Status DeleteByHash(const std::string& token_hash);
    // Every token of the user (password change, disable).
    sdk::Status DeleteAllFor(const std::string& user_name);
    // The user's oldest sessions beyond keep (a bounded number of sessions per user).
    sdk::Status DeleteOldestSessions(const std::string& user_name, int keep);
    // Rows expired before now.
    sdk::Status PurgeExpired(const std::string& now);

private:
    MetadataStore& store_;
};

}  // namespace dbbridge::core
