#pragma once
// Where an alert webhook may be sent (SSRF guard). A schedule's owner chooses the URL, and the
// server sends the request from inside the network, so it must not become a way to reach the
// server's own or its neighbours' services. The URL's host is resolved once, each address is
// checked, and the caller connects to the address returned (never to the name again, so a
// second DNS answer cannot redirect the request). Loopback, private (RFC 1918, unique local),
// link-local, carrier-grade NAT, multicast, broadcast and unspecified addresses are refused
// unless the host as written in the URL, or the address, is listed in
// schedule.webhook_allowed_hosts.

#include <Poco/Net/IPAddress.h>
#include <Poco/Net/SocketAddress.h>

#include <string>
#include <vector>

#include "dbbridge/sdk/status.h"

namespace dbbridge::host {

struct WebhookTarget {
    Poco::Net::SocketAddress address;  // checked; connect here
    std::string host;                  // as written in the URL: the Host header and the TLS name
    bool https = false;
    std::string path_and_query;
};

// kInvalidArgument for a URL that is not http(s)://host..., kUnavailable when the name does not
// resolve, kPermissionDenied naming the address and the key when every address is refused.
sdk::Result<WebhookTarget> ResolveWebhook(const std::string& url, const std::vector<std::string>& allowed_hosts);

// At save: the URL's host resolved now and checked as ResolveWebhook does; kInvalidArgument naming
// alert_webhook for an internal address that is not listed, or a name that does not resolve.
// Sending checks again (the name may resolve elsewhere by then).
sdk::Status CheckWebhookAtSave(const std::string& url, const std::vector<std::string>& allowed_hosts);

// What kind of non-public address this is ("a loopback address"), or "" for a public one.
std::string NonPublicKind(const Poco::Net::IPAddress& address);

}  // namespace dbbridge::host
