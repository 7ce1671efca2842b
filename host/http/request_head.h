#pragma once
// What the first bytes of a request, peeked before any worker reads them, say about it: whether
// its line and headers have all arrived (and fit the limit), and whether its body is small enough
// to wait for on the connection front's thread. Pure functions, so they can be fuzzed.

#include <cstddef>
#include <string>

namespace dbbridge::host {

// What the head says about the body that follows it.
struct BodyFraming {
    bool chunked = false;
    bool expect_continue = false;  // the client waits for "100 Continue" (Poco's) before its body
    std::size_t length = 0;        // Content-Length; 0 when absent
};

// head: the request line and headers, ending at the blank line's first "\r\n".
BodyFraming ReadFraming(const std::string& head);

enum class PeekedState {
    kIncomplete,  // wait for more bytes
    kTooLarge,    // the line and headers exceed max_header_bytes: refuse with 431
    kSmallBody,   // head and the whole (small) body are here: hand over, no body deadline needed
    kLargeBody,   // head is here; the worker reads a large, chunked or 100-continue body
};

// peeked: the bytes received so far (at most max_header_bytes + small_body_bytes of them).
PeekedState InspectPeekedRequest(const std::string& peeked, std::size_t max_header_bytes,
                                 std::size_t small_body_bytes);

}  // namespace dbbridge::host
