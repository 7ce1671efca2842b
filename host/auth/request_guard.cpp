#include "host/auth/request_guard.h"

#include <algorithm>

#include "core/multiplex/multiplex_codes.h"
#include "dbbridge/sdk/util/sql_text.h"

namespace dbbridge::host {

namespace {

constexpr int kHttpUnauthorized = 401;
constexpr int kHttpForbidden = 403;

std::string TrimSpaces(const std::string& s) {
    auto b = s.find_first_not_of(" \t");
    if (b == std::string::npos) {
        return "";
    }
    auto e = s.find_last_not_of(" \t");
    return s.substr(b, e - b + 1);
}

bool StateChanging(const std::string& method) { return method != "GET" && method != "HEAD" && method != "OPTIONS"; }

// "application/json" with or without parameters (charset), any case.
bool JsonContentType(const std::string& content_type) {
    std::string media = sdk::util::ToLower(TrimSpaces(content_type.substr(0, content_type.find(';'))));
    return media == "application/json";
}

}  // namespace

ApiReply RequestGuard::Unauthenticated(const Request& req, const std::string& why) {
    ApiReply reply;
    if (req.path.rfind("/multiplex/", 0) == 0) {
        reply = ApiReply::Error(core::multiplex::kCodeUnauthorized, std::string("比对服务地址未授权: ") + why,
                                kHttpUnauthorized);
    } else {
        reply = ApiReply::Error(401, why, kHttpUnauthorized);
    }
    reply.headers.emplace_back("WWW-Authenticate", "Bearer");
    return reply;
}

std::string RequestGuard::BearerToken(const Request& req) {
    std::string value = TrimSpaces(req.Header("authorization"));
    constexpr std::size_t kSchemeLen = 7;  // "Bearer "
    if (value.size() <= kSchemeLen || sdk::util::ToLower(value.substr(0, kSchemeLen)) != "bearer ") {
        return "";
    }
    return TrimSpaces(value.substr(kSchemeLen));
}

std::string RequestGuard::CookieToken(const Request& req) {
    const std::string cookies = req.Header("cookie");
    std::size_t pos = 0;
    while (pos < cookies.size()) {
        auto end = cookies.find(';', pos);
        std::string pair = TrimSpaces(cookies.substr(pos, end == std::string::npos ? std::string::npos : end - pos));
        auto eq = pair.find('=');
        if (eq != std::string::npos && pair.substr(0, eq) == kSessionCookie) {
            return pair.substr(eq + 1);
        }
        if (end == std::string::npos) {
            break;
        }
        pos = end + 1;
    }
    return "";
}

bool FromTrustedProxy(const Request& req, const std::vector<std::string>& trusted_proxies) {
    return std::find(trusted_proxies.begin(), trusted_proxies.end(), req.peer) != trusted_proxies.end();
}

bool ForwardedOverHttps(const Request& req, const std::vector<std::string>& trusted_proxies) {
    if (!FromTrustedProxy(req, trusted_proxies)) {
        return false;
    }
    const std::string proto = req.Header("x-forwarded-proto");
    return sdk::util::ToLower(TrimSpaces(proto.substr(0, proto.find(',')))) == "https";
}

std::optional<ApiReply> RequestGuard::CheckCookieRequest(const Request& req) const {
    if (!StateChanging(req.method)) {
        return std::nullopt;
    }
    if (!JsonContentType(req.content_type)) {
        return ApiReply::Error(kHttpForbidden,
                               "a request authenticated by the session cookie must be sent as application/json",
                               kHttpForbidden);
    }
    const std::string origin = req.Header("origin");
    const std::string host = req.Header("host");
    if (!origin.empty() && origin != "http://" + host && origin != "https://" + host) {
        return ApiReply::Error(kHttpForbidden, "Origin '" + origin + "' does not match this server ('" + host + "')",
                               kHttpForbidden);
    }
    return std::nullopt;
}

std::optional<ApiReply> RequestGuard::operator()(Request& req) const {
    sdk::Result<core::auth::Principal> who = sdk::Status::Unauthenticated("");
    const std::string proxied = req.Header("x-uid");
    const std::string bearer = BearerToken(req);
    const std::string cookie = CookieToken(req);
    if (!proxied.empty() && FromTrustedProxy(req, trusted_proxies_)) {
        who = auth_.Trusted(proxied);
    } else if (!bearer.empty()) {
        who = auth_.Authenticate(bearer);
    } else if (!req.Header("authorization").empty()) {
        return Unauthenticated(req, "the Authorization header must be 'Bearer <token>'");
    } else if (!cookie.empty()) {
        who = auth_.Authenticate(cookie);
        if (who.ok()) {
            if (auto refused = CheckCookieRequest(req)) {
                return refused;
            }
        }
    } else {
        return Unauthenticated(req, "log in first: POST /api/auth/login, then send Authorization: Bearer <token>");
    }
    if (!who.ok()) {
        if (who.status().code() == sdk::StatusCode::kUnauthenticated ||
            who.status().code() == sdk::StatusCode::kInvalidArgument) {
            return Unauthenticated(req, who.status().message());
        }
        return ApiReply::FromStatus(who.status());
    }
    req.uid = who->name;
    req.role = who->role;
    return std::nullopt;
}

}  // namespace dbbridge::host
