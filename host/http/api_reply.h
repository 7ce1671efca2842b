#pragma once
// The {code, message, data} envelope every endpoint answers with. HTTP status stays 200 for
// business errors (seed 004); code 0 is success.

#include <string>
#include <utility>
#include <vector>

#include "dbbridge/sdk/status.h"

namespace dbbridge::host {

struct ApiReply {
    int code = 0;
    std::string message = "success";
    std::string data_json = "null";  // already-serialised JSON value
    int http_status = 200;
    std::string content_type;  // non-empty: raw body (e.g. an HTML page) instead of the envelope
    std::string raw_body;
    std::vector<std::pair<std::string, std::string>> headers;  // extra response headers (Set-Cookie, Retry-After)

    static ApiReply Ok(std::string data_json) {
        ApiReply r;
        r.data_json = std::move(data_json);
        return r;
    }
    static ApiReply Raw(std::string content_type, std::string body) {
        ApiReply r;
        r.content_type = std::move(content_type);
        r.raw_body = std::move(body);
        return r;
    }
    static ApiReply Error(int code, std::string message, int http_status = 200) {
        ApiReply r;
        r.code = code;
        r.message = std::move(message);
        r.http_status = http_status;
        return r;
    }
    // Maps a Status to an envelope: the code is the HTTP-like number of the status class
    // (400 invalid argument, 401, 404, 409, 503, 504, 500), the message is the status text.
    static ApiReply FromStatus(const sdk::Status& status);

    std::string Serialize() const;
};

}  // namespace dbbridge::host
