#pragma once
// Maps (method, path) to a handler. Built once in main before the server starts; read-only
// afterwards, so dispatch is thread-safe.

#include <functional>
#include <map>
#include <string>
#include <utility>

#include "host/http/api_reply.h"
#include "host/http/request.h"

namespace dbbridge::host {

using Handler = std::function<ApiReply(const Request&)>;

class Router {
public:
    void Add(const std::string& method, const std::string& path, Handler handler);
    // Unknown path: 404; known path with another method: 405. Exceptions become 500 replies.
    ApiReply Dispatch(const Request& request) const;
    // True when some route has this path (any method): metrics label requests by route.
    bool Knows(const std::string& path) const;

private:
    std::map<std::pair<std::string, std::string>, Handler> routes_;
};

}  // namespace dbbridge::host
