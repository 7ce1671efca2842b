#pragma once
// Maps (method, path) to a handler. Built once in main before the server starts; read-only
// afterwards, so dispatch is thread-safe.
//
// Every route needs an authenticated user unless it is added with RouteOptions::open: Dispatch
// calls the guard (see host/auth/request_guard.h) before the handler, and the handler sees the
// acting user in Request::uid. A route with an audit action is recorded through the audit hook
// after it ran, whatever its outcome.

#include <functional>
#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "host/http/api_reply.h"
#include "host/http/request.h"

namespace dbbridge::host {

using Handler = std::function<ApiReply(const Request&)>;

struct RouteOptions {
    bool open = false;  // no authentication (login, health)
    std::string audit;  // "" : not audited; else the action recorded ("datasource.update")
};

class Router {
public:
    // Authenticates request (filling uid and role) or returns the reply that refuses it.
    using Guard = std::function<std::optional<ApiReply>(Request&)>;
    using AuditHook = std::function<void(const Request&, const std::string& action, const ApiReply&)>;

    void Add(const std::string& method, const std::string& path, Handler handler, RouteOptions options = {});
    void SetGuard(Guard guard) { guard_ = std::move(guard); }
    void SetAuditHook(AuditHook hook) { audit_ = std::move(hook); }

    // Unknown path: 404; known path with another method: 405. Without a guard, closed routes are
    // refused (401). Exceptions become 500 replies. The guard fills request's uid (the access log
    // reads it afterwards).
    ApiReply Dispatch(Request& request) const;
    // True when some route has this path (any method): metrics label requests by route.
    bool Knows(const std::string& path) const;
    // Every (method, path) added, sorted (the OpenAPI test checks each is described).
    std::vector<std::pair<std::string, std::string>> Routes() const;

private:
    struct Route {
        Handler handler;
        RouteOptions options;
    };
    std::map<std::pair<std::string, std::string>, Route> routes_;
    Guard guard_;
    AuditHook audit_;
};

}  // namespace dbbridge::host
