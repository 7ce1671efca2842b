#pragma once
// What the server knows about one finished request, handed to an observer (access log, metrics)
// after the reply is sent. Observing is a wrapper around request handling: handlers and the
// router know nothing of it.

#include <chrono>
#include <cstddef>
#include <functional>
#include <string>

namespace dbbridge::host {

struct RequestRecord {
    std::chrono::system_clock::time_point started;
    std::string peer;    // client address:port as the socket sees it
    std::string user;    // the acting user ("" when anonymous)
    std::string method;
    std::string path;    // without the query string (it may carry values not meant for logs)
    std::string route;   // the route's path, "static" for web UI files, "unmatched" otherwise
    int status = 0;      // HTTP status
    int api_code = 0;    // the JSON envelope's code (the multiplex reply code)
    std::size_t bytes = 0;  // response body bytes
    double seconds = 0;     // from the request line read to the reply sent
};

using RequestObserver = std::function<void(const RequestRecord&)>;

}  // namespace dbbridge::host
