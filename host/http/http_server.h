#pragma once
// The HTTP server in front of a Router: reads bodies up to a size limit, answers with the JSON
// envelope, serves the static web UI from a directory. Connections are accepted and waited on by a
// ConnectionFront (deadlines, caps) and handled by Poco's HTTP code on its workers.

#include <memory>
#include <string>

#include "dbbridge/sdk/status.h"
#include "host/http/connection_front.h"
#include "host/http/request_record.h"
#include "host/http/router.h"

namespace dbbridge::host {

struct HttpServerOptions {
    std::string host = "127.0.0.1";
    int port = 8080;  // 0: any free port (tests)
    int threads = 16;
    std::size_t max_body_bytes = 8 * 1024 * 1024;
    std::string web_dir;  // static files served under "/" when present
    RequestObserver observer;  // called after each reply is sent (access log, metrics)
    ConnectionLimits limits;
};

class HttpServer {
public:
    HttpServer(const Router& router, HttpServerOptions options);
    ~HttpServer();

    // Binds and listens without serving yet, so a port in use is refused before anything else
    // (the store, job recovery) is touched. Start() binds when Bind() was not called.
    sdk::Status Bind();
    sdk::Status Start();
    void Stop();
    int port() const { return bound_port_; }

private:
    const Router& router_;
    HttpServerOptions options_;
    std::unique_ptr<ConnectionFront> front_;
    int bound_port_ = 0;
};

}  // namespace dbbridge::host
