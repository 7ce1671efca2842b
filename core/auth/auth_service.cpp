#include "core/auth/auth_service.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cctype>
#include <cerrno>
#include <cstring>

#include "core/auth/credentials.h"
#include "core/store/store_time.h"

namespace dbbridge::core::auth {

namespace {

constexpr std::size_t kMaxUserNameChars = 64;
constexpr std::size_t kMaxTokenNameChars = 128;
constexpr std::int64_t kSecondsPerMinute = 60;
constexpr std::int64_t kSecondsPerDay = 86400;
// A token's last_used is written at most this often (one write a minute per token in use).
constexpr std::int64_t kLastUsedResolutionSeconds = 60;
constexpr const char* kWrongLogin = "wrong user name or password";

bool NameChar(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' || c == '_' ||
           c == '-' || c == '@';
}

sdk::Status WriteSecretFile(const std::string& path, const std::string& text) {
    int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
    if (fd < 0) {
        return sdk::Status::Unavailable("cannot create '" + path + "': " + std::strerror(errno));
    }
    // The file may have existed with wider permissions.
    bool ok = ::fchmod(fd, 0600) == 0 && ::write(fd, text.data(), text.size()) == static_cast<ssize_t>(text.size());
    int saved = errno;
    ok = (::close(fd) == 0) && ok;
    if (!ok) {
        return sdk::Status::Unavailable("cannot write '" + path + "': " + std::strerror(saved));
    }
    return sdk::Status::Ok();
}

}  // namespace

AuthService::AuthService(MetadataStore& store, AuthOptions options)
    : users_(store), tokens_(store), options_(options) {
    auto dummy = HashPassword(NewPassword());
    dummy_hash_ = dummy.ok() ? *dummy : "";
}

template <typename Fn>
auto AuthService::Hashing(Fn fn) -> decltype(fn()) {
    {
        std::unique_lock<std::mutex> lock(hash_mu_);
        hash_cv_.wait(lock, [this] { return hashing_ < options_.max_concurrent_hashes; });
        ++hashing_;
    }
    struct Release {
        AuthService* self;
        ~Release() {
            std::lock_guard<std::mutex> lock(self->hash_mu_);
            --self->hashing_;
            self->hash_cv_.notify_one();
        }
    } release{this};
    return fn();
}

sdk::Status AuthService::CheckUserName(const std::string& name, const std::string& field) {
    if (name.empty() || name.size() > kMaxUserNameChars) {
        return sdk::Status::InvalidArgument(field + ": must be 1 to " + std::to_string(kMaxUserNameChars) +
                                            " characters");
    }
    if (!std::isalnum(static_cast<unsigned char>(name[0]))) {
        return sdk::Status::InvalidArgument(field + ": must start with a letter or digit (got '" + name + "')");
    }
    for (char c : name) {
        if (!NameChar(c)) {
            return sdk::Status::InvalidArgument(field + ": may hold only letters, digits and . _ - @ (got '" + name +
                                                "')");
        }
    }
    return sdk::Status::Ok();
}

sdk::Status AuthService::CheckRole(const std::string& role) {
    if (role != kRoleAdmin && role != kRoleUser) {
        return sdk::Status::InvalidArgument("role: must be 'admin' or 'user' (got '" + role + "')");
    }
    return sdk::Status::Ok();
}

sdk::Result<UserRow> AuthService::AddUser(const std::string& name, const std::string& role,
                                          const std::string& password) {
    DBB_RETURN_IF_ERROR(CheckUserName(name, "name"));
    DBB_RETURN_IF_ERROR(CheckRole(role));
    DBB_RETURN_IF_ERROR(CheckPasswordRules(password));
    auto hash = Hashing([&] { return HashPassword(password); });
    DBB_RETURN_IF_ERROR(hash.status());
    UserRow row;
    row.name = name;
    row.role = role;
    row.password_hash = *hash;
    DBB_RETURN_IF_ERROR(users_.Insert(row).status());
    return users_.GetByName(name);
}

sdk::Result<UserRow> AuthService::GetUser(const std::string& name) { return users_.GetByName(name); }

sdk::Result<std::vector<UserRow>> AuthService::ListUsers() { return users_.List(); }

sdk::Status AuthService::SetPassword(const std::string& name, const std::string& password) {
    DBB_RETURN_IF_ERROR(CheckPasswordRules(password));
    DBB_RETURN_IF_ERROR(users_.GetByName(name).status());
    auto hash = Hashing([&] { return HashPassword(password); });
    DBB_RETURN_IF_ERROR(hash.status());
    DBB_RETURN_IF_ERROR(users_.SetPasswordHash(name, *hash));
    return tokens_.DeleteAllFor(name);
}

sdk::Status AuthService::ChangeOwnPassword(const std::string& name, const std::string& current,
                                           const std::string& password) {
    auto user = users_.GetByName(name);
    DBB_RETURN_IF_ERROR(user.status());
    if (!Hashing([&] { return VerifyPassword(user->password_hash, current); })) {
        return sdk::Status::Unauthenticated("current_password: is wrong");
    }
    return SetPassword(name, password);
}

sdk::Status AuthService::RefuseLastAdmin(const UserRow& user) {
    if (user.role != kRoleAdmin || user.disabled) {
        return sdk::Status::Ok();
    }
    auto admins = users_.CountActiveAdmins();
    DBB_RETURN_IF_ERROR(admins.status());
    if (*admins <= 1) {
        return sdk::Status::InvalidArgument("user '" + user.name +
                                            "' is the last enabled admin; make another admin first");
    }
    return sdk::Status::Ok();
}

sdk::Status AuthService::SetDisabled(const std::string& name, bool disabled) {
    auto user = users_.GetByName(name);
    DBB_RETURN_IF_ERROR(user.status());
    if (disabled) {
        DBB_RETURN_IF_ERROR(RefuseLastAdmin(*user));
    }
    DBB_RETURN_IF_ERROR(users_.SetDisabled(name, disabled));
    return disabled ? tokens_.DeleteAllFor(name) : sdk::Status::Ok();
}

sdk::Status AuthService::SetRole(const std::string& name, const std::string& role) {
    DBB_RETURN_IF_ERROR(CheckRole(role));
    auto user = users_.GetByName(name);
    DBB_RETURN_IF_ERROR(user.status());
    if (role != kRoleAdmin) {
        DBB_RETURN_IF_ERROR(RefuseLastAdmin(*user));
    }
    return users_.SetRole(name, role);
}

sdk::Result<IssuedToken> AuthService::Issue(const std::string& user, const char* kind, const std::string& name,
                                            std::int64_t ttl_seconds) {
    IssuedToken issued;
    issued.token = NewToken();
    issued.expire_time = UtcIsoIn(ttl_seconds);
    AuthTokenRow row;
    row.token_hash = TokenDigest(issued.token);
    row.user_name = user;
    row.kind = kind;
    row.name = name;
    row.expire_time = issued.expire_time;
    auto id = tokens_.Insert(row);
    DBB_RETURN_IF_ERROR(id.status());
    issued.id = *id;
    return issued;
}

sdk::Result<IssuedToken> AuthService::Login(const std::string& name, const std::string& password, Principal* who) {
    if (password.size() > kMaxPasswordBytes || CheckUserName(name).code() != sdk::StatusCode::kOk) {
        return sdk::Status::Unauthenticated(kWrongLogin);
    }
    auto user = users_.GetByName(name);
    if (!user.ok() && user.status().code() != sdk::StatusCode::kNotFound) {
        return user.status();
    }
    const std::string& hash = user.ok() ? user->password_hash : dummy_hash_;
    bool matches = Hashing([&] { return VerifyPassword(hash, password); });
    if (!user.ok() || !matches || user->disabled) {
        return sdk::Status::Unauthenticated(kWrongLogin);
    }
    const std::string now = NowUtcIso();
    DBB_RETURN_IF_ERROR(tokens_.PurgeExpired(now));
    DBB_RETURN_IF_ERROR(tokens_.DeleteOldestSessions(name, options_.max_sessions_per_user - 1));
    auto issued = Issue(name, AuthTokenRepository::kSession, "",
                        std::int64_t{options_.session_ttl_minutes} * kSecondsPerMinute);
    DBB_RETURN_IF_ERROR(issued.status());
    DBB_RETURN_IF_ERROR(users_.TouchLastLogin(name, now));
    if (who) {
        *who = Principal{user->name, user->role, AuthTokenRepository::kSession};
    }
    return issued;
}

sdk::Result<Principal> AuthService::Authenticate(const std::string& token) {
    auto holder = tokens_.FindHolder(TokenDigest(token), NowUtcIso());
    if (!holder.ok()) {
        if (holder.status().code() == sdk::StatusCode::kNotFound) {
            return sdk::Status::Unauthenticated("the token is unknown, revoked or expired; log in again");
        }
        return holder.status();
    }
    if (holder->disabled) {
        return sdk::Status::Unauthenticated("user '" + holder->user_name + "' is disabled");
    }
    const std::string not_before = UtcIsoIn(-kLastUsedResolutionSeconds);
    if (holder->last_used < not_before) {
        // Best effort: a store too busy to note the time must not refuse the request.
        (void)tokens_.TouchLastUsed(holder->token_id, NowUtcIso(), not_before);
    }
    return Principal{holder->user_name, holder->role, holder->kind};
}

sdk::Result<Principal> AuthService::Trusted(const std::string& name) {
    DBB_RETURN_IF_ERROR(CheckUserName(name, "X-Uid"));
    auto user = users_.GetByName(name);
    if (!user.ok()) {
        if (user.status().code() == sdk::StatusCode::kNotFound) {
            return Principal{name, kRoleUser, "proxy"};
        }
        return user.status();
    }
    if (user->disabled) {
        return sdk::Status::Unauthenticated("user '" + name + "' is disabled");
    }
    return Principal{user->name, user->role, "proxy"};
}

sdk::Status AuthService::Logout(const std::string& token) { return tokens_.DeleteByHash(TokenDigest(token)); }

sdk::Result<IssuedToken> AuthService::CreateApiToken(const std::string& user, const std::string& name,
                                                     int expires_days) {
    if (name.empty() || name.size() > kMaxTokenNameChars) {
        return sdk::Status::InvalidArgument("name: must be 1 to " + std::to_string(kMaxTokenNameChars) + " characters");
    }
    if (expires_days < 1 || expires_days > options_.max_api_token_days) {
        return sdk::Status::InvalidArgument("expires_days: must be between 1 and " +
                                            std::to_string(options_.max_api_token_days));
    }
    auto held = tokens_.CountValid(user, AuthTokenRepository::kApi, NowUtcIso());
    DBB_RETURN_IF_ERROR(held.status());
    if (*held >= options_.max_api_tokens_per_user) {
        return sdk::Status::InvalidArgument("user '" + user + "' holds " + std::to_string(*held) +
                                            " API tokens, the most allowed; revoke one first");
    }
    return Issue(user, AuthTokenRepository::kApi, name, std::int64_t{expires_days} * kSecondsPerDay);
}

sdk::Result<std::vector<AuthTokenRow>> AuthService::ListApiTokens(const std::string& user) {
    return tokens_.ListFor(user, AuthTokenRepository::kApi);
}

sdk::Status AuthService::RevokeApiToken(const std::string& user, std::int64_t id) {
    auto tokens = ListApiTokens(user);
    DBB_RETURN_IF_ERROR(tokens.status());
    for (const auto& t : *tokens) {
        if (t.id == id) {
            return tokens_.Delete(id, user);
        }
    }
    return sdk::Status::NotFound("API token " + std::to_string(id) + " not found");
}

sdk::Result<bool> AuthService::EnsureFirstAdmin(const std::string& password_file) {
    auto count = users_.Count();
    DBB_RETURN_IF_ERROR(count.status());
    if (*count > 0) {
        return false;
    }
    const std::string password = NewPassword();
    DBB_RETURN_IF_ERROR(WriteSecretFile(password_file, password + "\n"));
    auto added = AddUser("admin", kRoleAdmin, password);
    if (!added.ok()) {
        ::unlink(password_file.c_str());
        // Another host sharing the store created the first user at the same moment.
        if (added.status().code() == sdk::StatusCode::kAlreadyExists) {
            return false;
        }
        return added.status();
    }
    return true;
}

}  // namespace dbbridge::core::auth
