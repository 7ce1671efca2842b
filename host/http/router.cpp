#include "host/http/router.h"

namespace dbbridge::host {

void Router::Add(const std::string& method, const std::string& path, Handler handler, RouteOptions options) {
    routes_[{method, path}] = Route{std::move(handler), std::move(options)};
}

std::vector<std::pair<std::string, std::string>> Router::Routes() const {
    std::vector<std::pair<std::string, std::string>> out;
    for (const auto& [key, route] : routes_) {
        out.push_back(key);
    }
    return out;
}

bool Router::Knows(const std::string& path) const {
    for (const auto& [key, route] : routes_) {
        if (key.second == path) {
            return true;
        }
    }
    return false;
}

ApiReply Router::Dispatch(Request& request) const {
    auto it = routes_.find({request.method, request.path});
    if (it == routes_.end()) {
        for (const auto& [key, route] : routes_) {
            if (key.second == request.path) {
                return ApiReply::Error(405, "method " + request.method + " is not allowed on " + request.path, 405);
            }
        }
        return ApiReply::Error(404, "no such endpoint: " + request.method + " " + request.path, 404);
    }
    const Route& route = it->second;
    if (!route.options.open) {
        if (!guard_) {
            return ApiReply::Error(401, "authentication is not configured", 401);
        }
        if (auto refused = guard_(request)) {
            return *refused;
        }
    }
    ApiReply reply;
    try {
        reply = route.handler(request);
    } catch (const std::exception& e) {
        reply = ApiReply::Error(500, std::string("internal error: ") + e.what(), 500);
    } catch (...) {
        reply = ApiReply::Error(500, "internal error", 500);
    }
    if (!route.options.audit.empty() && audit_) {
        audit_(request, route.options.audit, reply);
    }
    return reply;
}

}  // namespace dbbridge::host
