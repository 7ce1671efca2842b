#include "host/job_url.h"

#include <Poco/Exception.h>
#include <Poco/Net/HTTPClientSession.h>
#include <Poco/Net/HTTPRequest.h>
#include <Poco/Net/HTTPResponse.h>
#include <Poco/Net/HTTPSClientSession.h>
#include <Poco/URI.h>

#include <chrono>
#include <istream>
#include <memory>
#include <thread>

#include "dbbridge/sdk/util/sql_text.h"
#include "host/tls_client.h"

namespace dbbridge::host {

namespace {

constexpr int kTimeoutSeconds = 10;
constexpr std::size_t kMaxJobBytes = 16u << 20;
constexpr int kMaxRedirects = 5;

// scheme://host:port/path: what a message may show of the URL.
std::string Shown(const Poco::URI& uri) {
    return uri.getScheme() + "://" + uri.getHost() + ":" + std::to_string(uri.getPort()) + uri.getPath();
}

sdk::Result<Poco::URI> ParseUrl(const std::string& text) {
    Poco::URI uri;
    try {
        uri = Poco::URI(text);
    } catch (const Poco::Exception& e) {
        return sdk::Status::InvalidArgument("job URL: " + e.displayText());
    }
    const std::string scheme = sdk::util::ToLower(uri.getScheme());
    if ((scheme != "http" && scheme != "https") || uri.getHost().empty()) {
        return sdk::Status::InvalidArgument("job URL " + Shown(uri) + ": expected http(s)://host/path");
    }
    return uri;
}

std::unique_ptr<Poco::Net::HTTPClientSession> SessionFor(const Poco::URI& uri) {
    std::unique_ptr<Poco::Net::HTTPClientSession> session;
    if (sdk::util::ToLower(uri.getScheme()) == "https") {
        // Connects to the name, so the certificate is checked against it.
        session = std::make_unique<Poco::Net::HTTPSClientSession>(uri.getHost(), uri.getPort(), ClientTlsContext());
    } else {
        session = std::make_unique<Poco::Net::HTTPClientSession>(uri.getHost(), uri.getPort());
    }
    session->setTimeout(Poco::Timespan(kTimeoutSeconds, 0));
    return session;
}

// Reads at most kMaxJobBytes; more is an error.
sdk::Result<std::string> ReadBody(std::istream& in, const Poco::URI& uri) {
    std::string body;
    char buffer[16384];
    while (in.read(buffer, sizeof buffer) || in.gcount() > 0) {
        body.append(buffer, static_cast<std::size_t>(in.gcount()));
        if (body.size() > kMaxJobBytes) {
            return sdk::Status(sdk::StatusCode::kResourceExhausted,
                               "job URL " + Shown(uri) + ": the job is larger than " +
                                   std::to_string(kMaxJobBytes >> 20) + " MiB");
        }
    }
    if (in.bad()) {  // Poco's stream reports a timeout or a reset this way
        return sdk::Status::Unavailable("job URL " + Shown(uri) + ": the connection failed while reading the job");
    }
    return body;
}

bool IsRedirect(Poco::Net::HTTPResponse::HTTPStatus status) {
    return status == 301 || status == 302 || status == 303 || status == 307 || status == 308;
}

}  // namespace

bool IsJobUrl(const std::string& path) {
    const std::string lower = sdk::util::ToLower(path.substr(0, 8));
    return lower.rfind("http://", 0) == 0 || lower.rfind("https://", 0) == 0;
}

namespace {

sdk::Result<std::string> FetchOnce(const std::string& url) {
    auto uri = ParseUrl(url);
    for (int hop = 0; uri.ok(); ++hop) {
        try {
            auto session = SessionFor(*uri);
            Poco::Net::HTTPRequest request(Poco::Net::HTTPRequest::HTTP_GET, uri->getPathAndQuery().empty()
                                                                                 ? "/"
                                                                                 : uri->getPathAndQuery(),
                                           Poco::Net::HTTPMessage::HTTP_1_1);
            request.set("Accept", "application/json, text/plain, */*");
            session->sendRequest(request);
            Poco::Net::HTTPResponse response;
            std::istream& in = session->receiveResponse(response);
            if (IsRedirect(response.getStatus()) && response.has("Location")) {
                if (hop >= kMaxRedirects) {
                    return sdk::Status::Unavailable("job URL " + Shown(*uri) + ": more than " +
                                                    std::to_string(kMaxRedirects) + " redirects");
                }
                Poco::URI next(*uri);
                next.resolve(response.get("Location"));
                uri = ParseUrl(next.toString());
                continue;
            }
            if (response.getStatus() != Poco::Net::HTTPResponse::HTTP_OK) {
                const int status = static_cast<int>(response.getStatus());
                // 4xx: asking again gives the same answer; 5xx may pass.
                return sdk::Status(status / 100 == 4 ? sdk::StatusCode::kInvalidArgument : sdk::StatusCode::kUnavailable,
                                   "job URL " + Shown(*uri) + ": the server answered " + std::to_string(status) + " " +
                                       response.getReason());
            }
            if (response.hasContentLength() && response.getContentLength64() > static_cast<Poco::Int64>(kMaxJobBytes)) {
                return sdk::Status(sdk::StatusCode::kResourceExhausted,
                                   "job URL " + Shown(*uri) + ": the job is larger than " +
                                       std::to_string(kMaxJobBytes >> 20) + " MiB");
            }
            return ReadBody(in, *uri);
        } catch (const Poco::Exception& e) {
            return sdk::Status::Unavailable("job URL " + Shown(*uri) + ": " + e.displayText());
        } catch (const std::exception& e) {
            return sdk::Status::Unavailable("job URL " + Shown(*uri) + ": " + e.what());
        }
    }
    return uri.status();
}

}  // namespace

sdk::Result<std::string> FetchJobText(const std::string& url) {
    auto text = FetchOnce(url);
    if (text.ok() || text.status().code() != sdk::StatusCode::kUnavailable) {
        return text;
    }
    // HttpClientUtil#executeAndGetWithFailedRetry(get, 1, 1000): one more try after a second.
    std::this_thread::sleep_for(std::chrono::seconds(1));
    return FetchOnce(url);
}

}  // namespace dbbridge::host
