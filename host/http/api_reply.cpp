#include "host/http/api_reply.h"

#include "dbbridge/sdk/util/json_writer.h"

namespace dbbridge::host {

ApiReply ApiReply::FromStatus(const sdk::Status& status) {
    using sdk::StatusCode;
    int code = 500;
    switch (status.code()) {
        case StatusCode::kOk: return Ok("null");
        case StatusCode::kInvalidArgument: code = 400; break;
        case StatusCode::kUnauthenticated: code = 401; break;
        case StatusCode::kNotFound: code = 404; break;
        case StatusCode::kAlreadyExists: code = 409; break;
        case StatusCode::kDataError: code = 422; break;
        case StatusCode::kCancelled: code = 499; break;
        case StatusCode::kUnimplemented: code = 501; break;
        case StatusCode::kUnavailable: code = 503; break;
        case StatusCode::kDeadlineExceeded: code = 504; break;
        case StatusCode::kInternal: code = 500; break;
        case StatusCode::kResourceExhausted: code = 429; break;
        case StatusCode::kPermissionDenied: code = 403; break;
    }
    return Error(code, status.message());
}

std::string ApiReply::Serialize() const {
    std::string out = "{\"code\":" + std::to_string(code) + ",\"message\":";
    sdk::util::JsonWriter::AppendEscaped(out, message);
    out += ",\"data\":";
    out += data_json.empty() ? "null" : data_json;
    out += "}";
    return out;
}

}  // namespace dbbridge::host
