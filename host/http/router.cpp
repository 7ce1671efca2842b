#include "host/http/router.h"

namespace dbbridge::host {

void Router::Add(const std::string& method, const std::string& path, Handler handler) {
    routes_[{method, path}] = std::move(handler);
}

bool Router::Knows(const std::string& path) const {
    for (const auto& [key, handler] : routes_) {
        if (key.second == path) {
            return true;
        }
    }
    return false;
}

ApiReply Router::Dispatch(const Request& request) const {
    auto it = routes_.find({request.method, request.path});
    if (it == routes_.end()) {
        for (const auto& [key, handler] : routes_) {
            if (key.second == request.path) {
                return ApiReply::Error(405, "method " + request.method + " is not allowed on " + request.path, 405);
            }
        }
        return ApiReply::Error(404, "no such endpoint: " + request.method + " " + request.path, 404);
    }
    try {
        return it->second(request);
    } catch (const std::exception& e) {
        return ApiReply::Error(500, std::string("internal error: ") + e.what(), 500);
    } catch (...) {
        return ApiReply::Error(500, "internal error", 500);
    }
}

}  // namespace dbbridge::host
