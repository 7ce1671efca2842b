#pragma once
// Users, login sessions and API tokens (SPEC §10 identity). Owns the rules: user names, roles,
// password rules, token lifetimes, how many sessions and tokens one user may hold, and how many
// argon2id hashes run at once (each takes 64 MiB, so a burst of logins cannot exhaust memory).
//
// Tokens are 256 random bits, handed out once; the store keeps their SHA-256 only. A session
// lasts session_ttl_minutes; an API token expires_days. Disabling a user or changing a password
// ends every session and token of that user. Errors: kInvalidArgument naming the field,
// kAlreadyExists / kNotFound naming the user, kUnauthenticated for a wrong name or password (the
// same text whether the user exists, is disabled, or the password is wrong).
// Thread-safe.

#include <condition_variable>
#include <cstdint>
#include <mutex>
#include <string>
#include <vector>

#include "core/store/auth_token_repository.h"
#include "core/store/metadata_store.h"
#include "core/store/user_repository.h"
#include "dbbridge/sdk/status.h"

namespace dbbridge::core::auth {

inline constexpr const char* kRoleAdmin = "admin";
inline constexpr const char* kRoleUser = "user";

struct AuthOptions {
    int session_ttl_minutes = 720;
    int max_sessions_per_user = 32;  // the oldest ends when a login would exceed it
    int max_api_tokens_per_user = 50;
    int max_api_token_days = 3650;
    int max_concurrent_hashes = 2;
};

// Who a request acts as.
struct Principal {
    std::string name;
    std::string role;
    std::string via;  // "session", "api" (token kind) or "proxy" (X-Uid from a trusted proxy)
    bool admin() const { return role == kRoleAdmin; }
};

// A token as handed to its holder (the only time it is visible).
struct IssuedToken {
    std::int64_t id = 0;
    std::string token;
    std::string expire_time;
};

class AuthService {
public:
    AuthService(MetadataStore& store, AuthOptions options);

    // Letters, digits, '.', '_', '-', '@', starting with a letter or digit; 1 to 64 characters.
    // kInvalidArgument naming field.
    static sdk::Status CheckUserName(const std::string& name, const std::string& field = "username");
    static sdk::Status CheckRole(const std::string& role);

    sdk::Result<UserRow> AddUser(const std::string& name, const std::string& role, const std::string& password);
    sdk::Result<UserRow> GetUser(const std::string& name);
    sdk::Result<std::vector<UserRow>> ListUsers();
    // The new password replaces the old one and ends the user's sessions and tokens.
    sdk::Status SetPassword(const std::string& name, const std::string& password);
    // Changing one's own password needs the current one (kUnauthenticated otherwise).
    sdk::Status ChangeOwnPassword(const std::string& name, const std::string& current, const std::string& password);
    // Disabling ends the user's sessions and tokens. The last enabled admin cannot be disabled
    // or demoted (kInvalidArgument).
    sdk::Status SetDisabled(const std::string& name, bool disabled);
    sdk::Status SetRole(const std::string& name, const std::string& role);

    // Checks name and password and opens a session.
    sdk::Result<IssuedToken> Login(const std::string& name, const std::string& password, Principal* who = nullptr);
    // The user behind a session or API token; kUnauthenticated when unknown, expired or disabled.
    sdk::Result<Principal> Authenticate(const std::string& token);
    // The user named by a trusted proxy; kUnauthenticated when that user is disabled. A name the
    // store does not know acts as a plain user (SSO sites need not create users first).
    sdk::Result<Principal> Trusted(const std::string& name);
    // Ends the session (or API token) token; unknown tokens are ignored.
    sdk::Status Logout(const std::string& token);

    sdk::Result<IssuedToken> CreateApiToken(const std::string& user, const std::string& name, int expires_days);
    sdk::Result<std::vector<AuthTokenRow>> ListApiTokens(const std::string& user);
    // kNotFound unless id is one of user's API tokens.
    sdk::Status RevokeApiToken(const std::string& user, std::int64_t id);

    // When the store has no user yet: creates "admin" with a random password and writes that
    // password (one line) to password_file, created 0600 and refused if it exists. Returns true
    // when it did so, false when users existed already.
    sdk::Result<bool> EnsureFirstAdmin(const std::string& password_file);

    const AuthOptions& options() const { return options_; }

private:
    // Runs an argon2id hash or verify, at most max_concurrent_hashes at a time.
    template <typename Fn>
    auto Hashing(Fn fn) -> decltype(fn());
    sdk::Status RefuseLastAdmin(const UserRow& user);
    sdk::Result<IssuedToken> Issue(const std::string& user, const char* kind, const std::string& name,
                                   std::int64_t ttl_seconds);

    UserRepository users_;
    AuthTokenRepository tokens_;
    AuthOptions options_;
    std::string dummy_hash_;  // verified against for unknown users, so timing does not tell
    std::mutex hash_mu_;
    std::condition_variable hash_cv_;
    int hashing_ = 0;
};

}  // namespace dbbridge::core::auth
