#pragma once
// Who is calling: the Router guard that every non-open route passes through (SPEC §10 identity).
//
// The acting user comes from, in this order:
//   1. X-Uid, only when the peer's address is listed in security.trusted_proxies (an SSO proxy);
//   2. Authorization: Bearer TOKEN (a session or API token);
//   3. the session cookie set by POST /api/auth/login (the web UI). A state-changing request
//      (anything but GET/HEAD) authenticated by the cookie must be Content-Type
//      application/json and carry no Origin or one naming this host: a browser then refuses to
//      send it from another site's page, and other sites cannot forge it (CSRF).
// Without any: HTTP 401 with envelope code 401 (40003 with seed 004's text on /multiplex/*).
// Thread-safe (the AuthService is).

#include <optional>
#include <string>
#include <vector>

#include "core/auth/auth_service.h"
#include "host/http/api_reply.h"
#include "host/http/request.h"

namespace dbbridge::host {

inline constexpr const char* kSessionCookie = "dbbridge_session";

// Whether req came from one of the trusted proxies (security.trusted_proxies).
bool FromTrustedProxy(const Request& req, const std::vector<std::string>& trusted_proxies);
// Whether the client reached us over https: a trusted proxy says so with X-Forwarded-Proto
// (the first value when proxies chained theirs); anyone else's header is ignored.
bool ForwardedOverHttps(const Request& req, const std::vector<std::string>& trusted_proxies);

class RequestGuard {
public:
    RequestGuard(core::auth::AuthService& auth, std::vector<std::string> trusted_proxies)
        : auth_(auth), trusted_proxies_(std::move(trusted_proxies)) {}

    // Fills req.uid and req.role, or returns the refusal.
    std::optional<ApiReply> operator()(Request& req) const;

    // The reply for a request without a valid identity (401, or 40003 on /multiplex/*).
    static ApiReply Unauthenticated(const Request& req, const std::string& why);
    // The token from "Authorization: Bearer ..." or the session cookie ("" when absent).
    static std::string BearerToken(const Request& req);
    static std::string CookieToken(const Request& req);

private:
    std::optional<ApiReply> CheckCookieRequest(const Request& req) const;

    core::auth::AuthService& auth_;
    std::vector<std::string> trusted_proxies_;
};

}  // namespace dbbridge::host
