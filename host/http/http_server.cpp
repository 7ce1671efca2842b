#include "host/http/http_server.h"

#include <Poco/Net/HTTPRequestHandler.h>
#include <Poco/Net/HTTPRequestHandlerFactory.h>
#include <Poco/Net/HTTPServerRequest.h>
#include <Poco/Net/HTTPServerResponse.h>
#include <Poco/Exception.h>
#include <Poco/URI.h>

#include "host/http/static_files.h"

#include "host/observability/logging.h"
#include "dbbridge/sdk/util/sql_text.h"

namespace dbbridge::host {

namespace {

class ApiHandler : public Poco::Net::HTTPRequestHandler {
public:
    ApiHandler(const Router& router, const HttpServerOptions& options, const StaticFiles& web)
        : router_(router), options_(options), web_(web) {}

    void handleRequest(Poco::Net::HTTPServerRequest& req, Poco::Net::HTTPServerResponse& resp) override {
        const auto started = std::chrono::steady_clock::now();
        RequestRecord record;
        record.started = std::chrono::system_clock::now();
        Request r;
        ApiReply reply;
        try {
            reply = Handle(req, r, record.route);
        } catch (const std::exception& e) {
            reply = ApiReply::Error(500, std::string("internal error: ") + e.what(), 500);
        }
        if (reply.http_status >= 500) {
            // Internal errors are defects: keep a trace on the server side too.
            ServerLog().error(req.getMethod() + " " + r.path + " -> " + reply.message);
        }
        record.bytes = Send(reply, resp);
        ConnectionFront::ResponseSent(resp.getKeepAlive());
        if (options_.observer) {
            record.peer = req.clientAddress().toString();
            record.user = r.uid;
            record.method = req.getMethod();
            record.path = r.path;
            record.status = reply.http_status;
            record.api_code = reply.code;
            record.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
            options_.observer(record);
        }
    }

private:
    static std::size_t Send(const ApiReply& reply, Poco::Net::HTTPServerResponse& resp) {
        resp.setStatusAndReason(static_cast<Poco::Net::HTTPResponse::HTTPStatus>(reply.http_status));
        for (const auto& [name, value] : reply.headers) {
            resp.add(name, value);
        }
        if (!reply.content_type.empty()) {
            resp.setContentType(reply.content_type);
            resp.setContentLength(static_cast<std::streamsize>(reply.raw_body.size()));
            resp.send() << reply.raw_body;
            return reply.raw_body.size();
        }
        std::string body = reply.Serialize();
        resp.setContentType("application/json;charset=UTF-8");
        resp.setContentLength(static_cast<std::streamsize>(body.size()));
        resp.send() << body;
        return body.size();
    }

    // route: the matched route's path for metrics ("static", "unmatched" otherwise).
    ApiReply Handle(Poco::Net::HTTPServerRequest& req, Request& r, std::string& route) {
        route = "unmatched";
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
        r.peer = req.clientAddress().host().toString();
        // Who the caller is comes from these (Router's guard decides); X-Uid is one of them only
        // from a trusted proxy.
        for (const auto& [name, value] : req) {
            r.headers[sdk::util::ToLower(name)] = value;
        }
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
        if (req.hasContentLength() && static_cast<Poco::Int64>(r.body.size()) < req.getContentLength64()) {
            // The client stopped sending (or the read deadline cut it off): never act on part of a body.
            return ApiReply::Error(400, "request body ended after " + std::to_string(r.body.size()) + " of " +
                                            std::to_string(req.getContentLength64()) + " bytes", 400);
        }
        ConnectionFront::RequestRead();
        if (r.method == "GET") {
            if (auto file = web_.Get(r.path)) {
                route = "static";
                return *file;
            }
        }
        if (router_.Knows(r.path)) {
            route = r.path;
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

sdk::Status HttpServer::Bind() {
    if (!front_) {
        front_ = std::make_unique<ConnectionFront>(options_.limits, options_.threads, new Factory(router_, options_));
    }
    DBB_RETURN_IF_ERROR(front_->Bind(options_.host, options_.port));
    bound_port_ = front_->port();
    return sdk::Status::Ok();
}

sdk::Status HttpServer::Start() {
    if (!front_ || front_->port() == 0) {
        DBB_RETURN_IF_ERROR(Bind());
    }
    return front_->Start();
}

void HttpServer::Stop() {
    if (front_) {
        front_->Stop();
        front_.reset();
    }
}

}  // namespace dbbridge::host
