#include "host/handlers/auth_handlers.h"

#include <algorithm>

#include "core/auth/credentials.h"
#include "dbbridge/sdk/util/json_writer.h"
#include "host/auth/request_guard.h"
#include "host/handlers/handler_util.h"

namespace dbbridge::host {

namespace {

using sdk::Result;
using sdk::Status;
using sdk::util::JsonWriter;

constexpr int kHttpTooManyRequests = 429;
constexpr int kForbidden = 403;  // envelope code; HTTP stays 200 as for other business errors
constexpr int kDefaultTokenDays = 90;
constexpr std::int64_t kSecondsPerMinute = 60;

// The session cookie (an empty token with max age 0 clears it). Secure whenever the browser is
// known to talk https, so the cookie never travels over plain http afterwards.
std::string SessionCookie(const IdentityServices& s, const Request& req, const std::string& token,
                          std::int64_t max_age_seconds) {
    const bool secure = s.cookie_secure || ForwardedOverHttps(req, s.trusted_proxies);
    return std::string(kSessionCookie) + "=" + token + "; Path=/; Max-Age=" + std::to_string(max_age_seconds) +
           "; HttpOnly; SameSite=Strict" + (secure ? "; Secure" : "");
}

// The body's string fields by name; errors name the field.
Result<std::map<std::string, std::string>> Fields(const Request& req, const std::vector<std::string>& required,
                                                  const std::vector<std::string>& optional = {}) {
    auto body = req.JsonObject();
    DBB_RETURN_IF_ERROR(body.status());
    JsonFields f(*body);
    std::vector<std::string> allowed = required;
    allowed.insert(allowed.end(), optional.begin(), optional.end());
    DBB_RETURN_IF_ERROR(f.OnlyKeys(allowed));
    std::map<std::string, std::string> out;
    for (const auto& key : allowed) {
        bool is_required = std::find(required.begin(), required.end(), key) != required.end();
        auto v = f.String(key, is_required);
        DBB_RETURN_IF_ERROR(v.status());
        if (v->has_value()) {
            out[key] = **v;
        }
    }
    return out;
}

void WriteUser(JsonWriter& w, const core::UserRow& u) {
    w.BeginObject().Key("id").Int(u.id).Key("name").String(u.name).Key("role").String(u.role);
    w.Key("disabled").Bool(u.disabled).Key("insert_time").String(u.insert_time);
    w.Key("last_login").String(u.last_login).EndObject();
}

void WriteToken(JsonWriter& w, const core::AuthTokenRow& t) {
    w.BeginObject().Key("id").Int(t.id).Key("name").String(t.name).Key("insert_time").String(t.insert_time);
    w.Key("expire_time").String(t.expire_time).Key("last_used").String(t.last_used).EndObject();
}

void WriteProject(JsonWriter& w, const core::ProjectRow& p) {
    w.BeginObject().Key("id").Int(p.id).Key("name").String(p.name).Key("description").String(p.description);
    w.Key("uid").String(p.uid).Key("insert_time").String(p.insert_time).Key("members").StringArray(p.members);
    w.EndObject();
}

void WriteAudit(JsonWriter& w, const core::AuditRow& a) {
    w.BeginObject().Key("id").Int(a.id).Key("insert_time").String(a.insert_time).Key("actor").String(a.actor);
    w.Key("action").String(a.action).Key("object_type").String(a.object_type).Key("object_id").String(a.object_id);
    w.Key("outcome").String(a.outcome).Key("peer").String(a.peer).Key("detail").String(a.detail).EndObject();
}

ApiReply AdminOnly(const Request& req) {
    return ApiReply::Error(kForbidden, "only an admin may do this; '" + req.uid + "' is not one");
}

ApiReply Login(const IdentityServices& s, const Request& req) {
    auto fields = Fields(req, {"username", "password"});
    if (!fields.ok()) {
        return ApiReply::FromStatus(fields.status());
    }
    const std::string& name = (*fields)["username"];
    if (int wait = s.limiter.RetryAfter(name, req.peer); wait > 0) {
        s.trail.Record(req, name, "login", "user", name, "denied", "rate limited");
        auto reply = ApiReply::Error(kHttpTooManyRequests,
                                     "too many failed logins; try again in " + std::to_string(wait) + " s",
                                     kHttpTooManyRequests);
        reply.headers.emplace_back("Retry-After", std::to_string(wait));
        return reply;
    }
    core::auth::Principal who;
    auto issued = s.auth.Login(name, (*fields)["password"], &who);
    if (!issued.ok()) {
        if (issued.status().code() == sdk::StatusCode::kUnauthenticated) {
            s.limiter.Failed(name, req.peer);
            s.trail.Record(req, name, "login", "user", name, "failed", issued.status().message());
            return ApiReply::Error(401, issued.status().message(), 401);
        }
        return ApiReply::FromStatus(issued.status());
    }
    s.limiter.Succeeded(name);
    s.trail.Record(req, who.name, "login", "user", who.name, "ok");
    JsonWriter w;
    w.BeginObject().Key("token").String(issued->token).Key("expire_time").String(issued->expire_time);
    w.Key("user").BeginObject().Key("name").String(who.name).Key("role").String(who.role).EndObject().EndObject();
    auto reply = ApiReply::Ok(w.str());
    reply.headers.emplace_back(
        "Set-Cookie",
        SessionCookie(s, req, issued->token, std::int64_t{s.auth.options().session_ttl_minutes} * kSecondsPerMinute));
    return reply;
}

ApiReply Me(const IdentityServices& s, const Request& req) {
    auto projects = s.projects.List(req.uid, false);
    if (!projects.ok()) {
        return ApiReply::FromStatus(projects.status());
    }
    std::vector<std::string> names;
    for (const auto& p : *projects) {
        names.push_back(p.name);
    }
    JsonWriter w;
    w.BeginObject().Key("name").String(req.uid).Key("role").String(req.role).Key("projects").StringArray(names);
    w.EndObject();
    return ApiReply::Ok(w.str());
}

ApiReply CreateToken(const IdentityServices& s, const Request& req) {
    auto body = req.JsonObject();
    if (!body.ok()) {
        return ApiReply::FromStatus(body.status());
    }
    JsonFields f(*body);
    const Status keys = f.OnlyKeys({"name", "expires_days"});
    auto name = f.String("name", true, 128);
    auto days = f.Int("expires_days", false, 1, s.auth.options().max_api_token_days);
    for (const Status* st : {&keys, &name.status(), &days.status()}) {
        if (!st->ok()) {
            return ApiReply::FromStatus(*st);
        }
    }
    auto issued = s.auth.CreateApiToken(req.uid, **name, static_cast<int>(days->value_or(kDefaultTokenDays)));
    return Reply(issued, [&](const core::auth::IssuedToken& t) {
        JsonWriter w;
        w.BeginObject().Key("id").Int(t.id).Key("name").String(**name).Key("token").String(t.token);
        w.Key("expire_time").String(t.expire_time).EndObject();
        return w.str();
    });
}

}  // namespace

void AddAuthRoutes(Router& router, const IdentityServices& services) {
    const IdentityServices s = services;
    router.Add("POST", "/api/auth/login", [s](const Request& req) { return Login(s, req); }, {true, ""});
    router.Add("POST", "/api/auth/logout", [s](const Request& req) {
        std::string token = RequestGuard::BearerToken(req);
        if (token.empty()) {
            token = RequestGuard::CookieToken(req);
        }
        auto reply = ApiReply::FromStatus(s.auth.Logout(token));
        reply.headers.emplace_back("Set-Cookie", SessionCookie(s, req, "", 0));
        return reply;
    }, {false, "user.logout"});
    router.Add("GET", "/api/auth/me", [s](const Request& req) { return Me(s, req); });
    router.Add("POST", "/api/auth/password", [s](const Request& req) {
        auto fields = Fields(req, {"current_password", "new_password"});
        if (!fields.ok()) {
            return ApiReply::FromStatus(fields.status());
        }
        return ApiReply::FromStatus(
            s.auth.ChangeOwnPassword(req.uid, (*fields)["current_password"], (*fields)["new_password"]));
    }, {false, "user.password"});
    router.Add("POST", "/api/auth/tokens", [s](const Request& req) { return CreateToken(s, req); },
               {false, "token.create"});
    router.Add("GET", "/api/auth/tokens", [s](const Request& req) {
        return Reply(s.auth.ListApiTokens(req.uid),
                     [](const std::vector<core::AuthTokenRow>& list) { return ListJson(list, WriteToken); });
    });
    router.Add("DELETE", "/api/auth/tokens", [s](const Request& req) {
        auto id = QueryId(req);
        if (!id.ok()) {
            return ApiReply::FromStatus(id.status());
        }
        return IdReply(s.auth.RevokeApiToken(req.uid, *id), *id);
    }, {false, "token.revoke"});
}

namespace {

ApiReply CreateUser(const IdentityServices& s, const Request& req) {
    auto fields = Fields(req, {"name", "password"}, {"role"});
    if (!fields.ok()) {
        return ApiReply::FromStatus(fields.status());
    }
    std::string role = fields->count("role") ? (*fields)["role"] : core::auth::kRoleUser;
    return Reply(s.auth.AddUser((*fields)["name"], role, (*fields)["password"]),
                 [](const core::UserRow& u) { return ItemJson(u, WriteUser); });
}

// {"name", "role"?, "disabled"?, "password"?}: each given field is applied in that order.
ApiReply UpdateUser(const IdentityServices& s, const Request& req) {
    auto body = req.JsonObject();
    if (!body.ok()) {
        return ApiReply::FromStatus(body.status());
    }
    JsonFields f(*body);
    const Status keys = f.OnlyKeys({"name", "role", "disabled", "password"});
    auto name = f.String("name", true, 64);
    auto role = f.String("role", false, 16);
    auto disabled = f.Bool("disabled", false);
    auto password = f.String("password", false, core::auth::kMaxPasswordBytes);
    for (const Status* st : {&keys, &name.status(), &role.status(), &disabled.status(), &password.status()}) {
        if (!st->ok()) {
            return ApiReply::FromStatus(*st);
        }
    }
    Status st;
    if (role->has_value()) {
        st = s.auth.SetRole(**name, **role);
    }
    if (st.ok() && disabled->has_value()) {
        st = s.auth.SetDisabled(**name, **disabled);
    }
    if (st.ok() && password->has_value()) {
        st = s.auth.SetPassword(**name, **password);
    }
    if (!st.ok()) {
        return ApiReply::FromStatus(st);
    }
    return Reply(s.auth.GetUser(**name), [](const core::UserRow& u) { return ItemJson(u, WriteUser); });
}

ApiReply ProjectMember(const IdentityServices& s, const Request& req, bool add) {
    std::map<std::string, std::string> fields;
    if (add) {
        auto parsed = Fields(req, {"project", "user"});
        if (!parsed.ok()) {
            return ApiReply::FromStatus(parsed.status());
        }
        fields = *parsed;
    } else {
        for (const char* key : {"project", "user"}) {
            auto v = req.QueryString(key, true);
            if (!v.ok()) {
                return ApiReply::FromStatus(v.status());
            }
            fields[key] = *v;
        }
    }
    auto st = add ? s.projects.AddMember(fields["project"], fields["user"])
                  : s.projects.RemoveMember(fields["project"], fields["user"]);
    if (!st.ok()) {
        return ApiReply::FromStatus(st);
    }
    return Reply(s.projects.Get(fields["project"]), [](const core::ProjectRow& p) { return ItemJson(p, WriteProject); });
}

// Wraps a handler so that only admins reach it.
Handler Admin(Handler inner) {
    return [inner](const Request& req) { return req.admin() ? inner(req) : AdminOnly(req); };
}

}  // namespace

void AddAdminRoutes(Router& router, const IdentityServices& services) {
    const IdentityServices s = services;
    router.Add("GET", "/api/users", Admin([s](const Request&) {
                   return Reply(s.auth.ListUsers(),
                                [](const std::vector<core::UserRow>& list) { return ListJson(list, WriteUser); });
               }));
    router.Add("POST", "/api/users", Admin([s](const Request& req) { return CreateUser(s, req); }),
               {false, "user.create"});
    router.Add("POST", "/api/users/update", Admin([s](const Request& req) { return UpdateUser(s, req); }),
               {false, "user.update"});

    router.Add("GET", "/api/projects", [s](const Request& req) {
        return Reply(s.projects.List(req.uid, req.admin()),
                     [](const std::vector<core::ProjectRow>& list) { return ListJson(list, WriteProject); });
    });
    router.Add("POST", "/api/projects", Admin([s](const Request& req) {
                   auto fields = Fields(req, {"name"}, {"description"});
                   if (!fields.ok()) {
                       return ApiReply::FromStatus(fields.status());
                   }
                   return Reply(s.projects.Create((*fields)["name"], (*fields)["description"], req.uid),
                                [](const core::ProjectRow& p) { return ItemJson(p, WriteProject); });
               }),
               {false, "project.create"});
    router.Add("DELETE", "/api/projects", Admin([s](const Request& req) {
                   auto name = req.QueryString("name", true);
                   if (!name.ok()) {
                       return ApiReply::FromStatus(name.status());
                   }
                   return ApiReply::FromStatus(s.projects.Delete(*name));
               }),
               {false, "project.delete"});
    router.Add("POST", "/api/projects/members",
               Admin([s](const Request& req) { return ProjectMember(s, req, true); }), {false, "project.member.add"});
    router.Add("DELETE", "/api/projects/members",
               Admin([s](const Request& req) { return ProjectMember(s, req, false); }),
               {false, "project.member.remove"});

    router.Add("GET", "/api/audit", Admin([s](const Request& req) {
                   auto paging = Paging(req);
                   if (!paging.ok()) {
                       return ApiReply::FromStatus(paging.status());
                   }
                   core::AuditQuery q;
                   q.page = paging->first;
                   q.page_size = paging->second;
                   q.actor = req.QueryString("actor", false).value();
                   q.action = req.QueryString("action", false).value();
                   return Reply(s.audit.Query(q),
                                [](const core::Page<core::AuditRow>& p) { return PageJson(p, WriteAudit); });
               }));
}

}  // namespace dbbridge::host
