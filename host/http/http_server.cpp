#include "host/http/http_server.h"

#include <Poco/Net/HTTPRequestHandler.h>
#include <Poco/Net/HTTPRequestHandlerFactory.h>
#include <Poco/Net/HTTPServer.h>
#include <Poco/Net/HTTPServerParams.h>
#include <Poco/Net/HTTPServerRequest.h>
#include <Poco/Net/HTTPServerResponse.h>
#include <Poco/Net/ServerSocket.h>
#include <Poco/ThreadPool.h>
#include <Poco/Exception.h>
#include <Poco/URI.h>

#include <iostream>

#include "host/http/static_files.h"

namespace dbbridge::host {

namespace {

class ApiHandler : public Poco::Net::HTTPRequestHandler {
public:
    ApiHandler(const Router& router, const HttpServerOptions& options, const StaticFiles& web)
        : router_(router), options_(options), web_(web) {}

    void handleRequest(Poco::Net::HTTPServerRequest& req, Poco::Net::HTTPServerResponse& resp) override {
        ApiReply reply;
        try {
            reply = Handle(req);
        } catch (const std::exception& e) {
            reply = ApiReply::Error(500, std::string("internal error: ") + e.what(), 500);
        }
        if (reply.http_status >= 500) {
            // Internal errors are defects: keep a trace on the server side too.
            std::cerr << "dbbridge: " << req.getMethod() << " " << req.getURI() << " -> " << reply.message << std::endl;
        }
        resp.setStatusAndReason(static_cast<Poco::Net::HTTPResponse::HTTPStatus>(reply.http_status));
        if (!reply.content_type.empty()) {
            resp.setContentType(reply.content_type);
            resp.setContentLength(static_cast<std::streamsize>(reply.raw_body.size()));
            resp.send() << reply.raw_body;
            return;
        }
        std::string body = reply.Serialize();
        resp.setContentType("application/json;charset=UTF-8");
        resp.setContentLength(static_cast<std::streamsize>(body.size()));
        resp.send() << body;
    }

private:
    ApiReply Handle(Poco::Net::HTTPServerRequest& req) {
        Request r;
        r.method = req.getMethod();
        try {
            Poco::URI uri(req.getURI());
            r.path = uri.getPath();
            for (const auto& [k, v] : uri.getQueryParameters()) {
                r.query[k] = v;
            }
        } catch (const Poco::SyntaxException& e) {
            return ApiReply::Error(400, "malformed URL: " + e.message(), 400);
        }
        r.content_type = req.getContentType();
        r.uid = req.get("X-Uid", "");
        if (req.hasContentLength() && req.getContentLength64() > static_cast<Poco::Int64>(options_.max_body_bytes)) {
            return TooLarge(req);
        }
        // A body is there only with Content-Length or chunked encoding (RFC 7230 §3.3.3); reading
        // otherwise would wait for the client to close. Read at most the limit even when chunked.
        if (req.hasContentLength() || req.getChunkedTransferEncoding()) {
            std::istream& in = req.stream();
            char buf[16384];
            while (in.read(buf, sizeof buf) || in.gcount() > 0) {
                r.body.append(buf, static_cast<std::size_t>(in.gcount()));
                if (r.body.size() > options_.max_body_bytes) {
                    return TooLarge(req);
                }
            }
        }
        if (r.method == "GET") {
            if (auto file = web_.Get(r.path)) {
                return *file;
            }
        }
        return router_.Dispatch(r);
    }

    // Reads and drops a moderately oversized rest of the body first, so the client, still sending,
    // reads the 413 instead of a reset connection; a far larger body is cut off with the connection.
    ApiReply TooLarge(Poco::Net::HTTPServerRequest& req) const {
        const std::size_t drain_limit = 4 * options_.max_body_bytes + (1 << 20);
        std::istream& in = req.stream();
        char buf[16384];
        std::size_t drained = 0;
        while (drained < drain_limit && (in.read(buf, sizeof buf) || in.gcount() > 0)) {
            drained += static_cast<std::size_t>(in.gcount());
        }
        return ApiReply::Error(413, "request body is larger than " + std::to_string(options_.max_body_bytes) + " bytes",
                               413);
    }

    const Router& router_;
    const HttpServerOptions& options_;
    const StaticFiles& web_;
};

class Factory : public Poco::Net::HTTPRequestHandlerFactory {
public:
    Factory(const Router& router, const HttpServerOptions& options)
        : router_(router), options_(options), web_(options.web_dir) {}
    Poco::Net::HTTPRequestHandler* createRequestHandler(const Poco::Net::HTTPServerRequest&) override {
        return new ApiHandler(router_, options_, web_);
    }

private:
    const Router& router_;
    const HttpServerOptions& options_;
    const StaticFiles web_;
};

}  // namespace

HttpServer::HttpServer(const Router& router, HttpServerOptions options) : router_(router), options_(std::move(options)) {}

HttpServer::~HttpServer() { Stop(); }

sdk::Status HttpServer::Start() {
    try {
        Poco::Net::SocketAddress address(options_.host, static_cast<Poco::UInt16>(options_.port));
        Poco::Net::ServerSocket socket(address, 128);
        bound_port_ = socket.address().port();
        auto* params = new Poco::Net::HTTPServerParams;
        params->setMaxThreads(options_.threads);
        params->setMaxQueued(256);
        params->setKeepAlive(true);
        pool_ = std::make_unique<Poco::ThreadPool>(2, options_.threads);
        server_ = std::make_unique<Poco::Net::HTTPServer>(new Factory(router_, options_), *pool_, socket, params);
        server_->start();
    } catch (const Poco::Exception& e) {
        return sdk::Status::Unavailable("cannot listen on " + options_.host + ":" + std::to_string(options_.port) +
                                        ": " + e.displayText());
    }
    return sdk::Status::Ok();
}

void HttpServer::Stop() {
    if (server_) {
        server_->stopAll(true);
        server_.reset();
    }
    if (pool_) {
        pool_->joinAll();
        pool_.reset();
    }
}

}  // namespace dbbridge::host
