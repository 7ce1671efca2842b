#include "host/webhook_target.h"

#include <Poco/Exception.h>
#include <Poco/Net/DNS.h>
#include <Poco/Net/HostEntry.h>
#include <Poco/Net/NetException.h>
#include <Poco/URI.h>

#include <algorithm>
#include <cstdint>

#include "core/schedule/schedule_service.h"
#include "dbbridge/sdk/util/sql_text.h"

namespace dbbridge::host {

namespace {

constexpr const char* kAllowKey = "schedule.webhook_allowed_hosts";

bool Listed(const std::vector<std::string>& allowed, const std::string& name) {
    return std::any_of(allowed.begin(), allowed.end(),
                       [&](const std::string& a) { return sdk::util::ToLower(a) == sdk::util::ToLower(name); });
}

// Ranges Poco's IPAddress predicates do not name: 0.0.0.0/8 and 100.64.0.0/10 (carrier-grade NAT).
std::string OtherIpv4Kind(const unsigned char* b) {
    if (b[0] == 0) {
        return "an unspecified address";
    }
    if (b[0] == 100 && (b[1] & 0xC0) == 64) {
        return "a carrier-grade NAT address";
    }
    return "";
}

}  // namespace

std::string NonPublicKind(const Poco::Net::IPAddress& address) {
    if (address.family() == Poco::Net::IPAddress::IPv6 && address.isIPv4Mapped()) {
        const auto* b = static_cast<const unsigned char*>(address.addr());
        return NonPublicKind(Poco::Net::IPAddress(b + 12, 4));  // ::ffff:a.b.c.d is a.b.c.d
    }
    if (address.isWildcard()) {
        return "an unspecified address";
    }
    if (address.isLoopback()) {
        return "a loopback address";
    }
    if (address.isLinkLocal()) {
        return "a link-local address";
    }
    if (address.isSiteLocal()) {
        return "a private address";
    }
    if (address.isMulticast() || address.isBroadcast()) {
        return "a multicast or broadcast address";
    }
    const auto* b = static_cast<const unsigned char*>(address.addr());
    if (address.family() == Poco::Net::IPAddress::IPv4) {
        return OtherIpv4Kind(b);
    }
    if ((b[0] & 0xFE) == 0xFC) {  // fc00::/7, unique local
        return "a private address";
    }
    return "";
}

sdk::Result<WebhookTarget> ResolveWebhook(const std::string& url, const std::vector<std::string>& allowed_hosts) {
    WebhookTarget target;
    Poco::Net::HostEntry::AddressList addresses;
    try {
        Poco::URI uri(url);
        if (uri.getScheme() != "http" && uri.getScheme() != "https") {
            return sdk::Status::InvalidArgument("alert_webhook must be an http:// or https:// URL");
        }
        target.https = uri.getScheme() == "https";
        target.host = uri.getHost();
        target.path_and_query = uri.getPathAndQuery().empty() ? "/" : uri.getPathAndQuery();
        if (target.host.empty()) {
            return sdk::Status::InvalidArgument("alert_webhook has no host");
        }
        Poco::Net::IPAddress literal;
        if (Poco::Net::IPAddress::tryParse(target.host, literal)) {
            addresses.push_back(literal);
        } else {
            addresses = Poco::Net::DNS::hostByName(target.host).addresses();
        }
        const bool host_listed = Listed(allowed_hosts, target.host);
        std::string refused;
        for (const auto& a : addresses) {
            const std::string kind = NonPublicKind(a);
            if (kind.empty() || host_listed || Listed(allowed_hosts, a.toString())) {
                target.address = Poco::Net::SocketAddress(a, uri.getPort());
                return target;
            }
            if (refused.empty()) {
                refused = a.toString() + ", " + kind;
            }
        }
        if (refused.empty()) {
            return sdk::Status::Unavailable("alert_webhook host '" + target.host + "' has no address");
        }
        return sdk::Status::PermissionDenied("alert_webhook host '" + target.host + "' resolves to " + refused + "; list '" +
                                             target.host + "' in " + kAllowKey + " to allow it");
    } catch (const Poco::Net::DNSException& e) {
        return sdk::Status::Unavailable("alert_webhook host '" + target.host + "' does not resolve: " + e.displayText());
    } catch (const Poco::Exception& e) {
        return sdk::Status::InvalidArgument("alert_webhook: " + e.displayText());
    }
}

sdk::Status CheckWebhookAtSave(const std::string& url, const std::vector<std::string>& allowed_hosts) {
    if (url.empty()) {
        return sdk::Status::Ok();
    }
    DBB_RETURN_IF_ERROR(core::ScheduleService::ValidateWebhookUrl(url));  // its length and form before any lookup
    auto target = ResolveWebhook(url, allowed_hosts);
    return target.ok() ? sdk::Status::Ok() : sdk::Status::InvalidArgument(target.status().message());
}

}  // namespace dbbridge::host
