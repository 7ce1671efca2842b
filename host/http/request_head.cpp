#include "host/http/request_head.h"

#include <algorithm>
#include <cctype>
#include <cstdlib>

namespace dbbridge::host {

namespace {

// True when the header line starting at `at` (just after its '\n') holds token before its end.
bool LineHas(const std::string& lower, std::size_t at, const char* token) {
    const std::size_t end = lower.find('\n', at + 1);
    const std::size_t found = lower.find(token, at);
    return found != std::string::npos && found < end;
}

}  // namespace

BodyFraming ReadFraming(const std::string& head) {
    BodyFraming f;
    std::string lower(head.size(), '\0');
    std::transform(head.begin(), head.end(), lower.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    std::size_t at = lower.find("\ncontent-length:");
    if (at != std::string::npos) {
        // A negative or absurd length wraps to a huge one: the body is then "large" and Poco,
        // reading it on a worker, refuses the request.
        f.length = static_cast<std::size_t>(std::strtoull(lower.c_str() + at + 16, nullptr, 10));
    }
    at = lower.find("\ntransfer-encoding:");
    f.chunked = at != std::string::npos && LineHas(lower, at, "chunked");
    at = lower.find("\nexpect:");
    f.expect_continue = at != std::string::npos && LineHas(lower, at, "100-continue");
    return f;
}

PeekedState InspectPeekedRequest(const std::string& peeked, std::size_t max_header_bytes,
                                 std::size_t small_body_bytes) {
    const std::size_t head_end = peeked.find("\r\n\r\n");
    if (head_end == std::string::npos || head_end + 4 > max_header_bytes) {
        return peeked.size() >= max_header_bytes ? PeekedState::kTooLarge : PeekedState::kIncomplete;
    }
    const BodyFraming body = ReadFraming(peeked.substr(0, head_end + 2));
    const bool small = !body.chunked && !body.expect_continue && body.length <= small_body_bytes;
    if (!small) {
        return PeekedState::kLargeBody;
    }
    return peeked.size() - (head_end + 4) < body.length ? PeekedState::kIncomplete : PeekedState::kSmallBody;
}

}  // namespace dbbridge::host
