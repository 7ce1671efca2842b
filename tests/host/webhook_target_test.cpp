// The SSRF guard of alert webhooks (host/webhook_target.h), without a network: literal addresses
// and localhost (from /etc/hosts).
#include "host/webhook_target.h"

#include <gtest/gtest.h>

namespace dbbridge::host {
namespace {

std::string Kind(const std::string& ip) { return NonPublicKind(Poco::Net::IPAddress(ip)); }

TEST(WebhookTargetTest, NonPublicAddressesAreNamed) {
    EXPECT_EQ(Kind("127.0.0.1"), "a loopback address");
    EXPECT_EQ(Kind("::1"), "a loopback address");
    EXPECT_EQ(Kind("10.1.2.3"), "a private address");
    EXPECT_EQ(Kind("172.31.0.1"), "a private address");
    EXPECT_EQ(Kind("192.168.0.1"), "a private address");
    EXPECT_EQ(Kind("fd00::1"), "a private address");
    EXPECT_EQ(Kind("169.254.169.254"), "a link-local address") << "the cloud metadata service";
    EXPECT_EQ(Kind("fe80::1"), "a link-local address");
    EXPECT_EQ(Kind("100.64.0.1"), "a carrier-grade NAT address");
    EXPECT_EQ(Kind("0.0.0.0"), "an unspecified address");
    EXPECT_EQ(Kind("224.0.0.1"), "a multicast or broadcast address");
    EXPECT_EQ(Kind("::ffff:127.0.0.1"), "a loopback address") << "IPv4-mapped IPv6";
    EXPECT_EQ(Kind("93.184.216.34"), "");
    EXPECT_EQ(Kind("172.32.0.1"), "") << "just outside 172.16.0.0/12";
    EXPECT_EQ(Kind("2606:4700::1111"), "");
}

TEST(WebhookTargetTest, AnInternalTargetIsRefusedUnlessListed) {
    auto refused = ResolveWebhook("http://127.0.0.1:8080/hook", {});
    EXPECT_EQ(refused.status().code(), sdk::StatusCode::kPermissionDenied);
    EXPECT_EQ(refused.status().message(),
              "alert_webhook host '127.0.0.1' resolves to 127.0.0.1, a loopback address; list '127.0.0.1' in "
              "schedule.webhook_allowed_hosts to allow it");
    auto by_name = ResolveWebhook("https://localhost/hook", {});
    EXPECT_EQ(by_name.status().code(), sdk::StatusCode::kPermissionDenied) << "a name is checked by its addresses";
    EXPECT_EQ(ResolveWebhook("http://169.254.169.254/latest/meta-data", {"10.0.0.1"}).status().code(),
              sdk::StatusCode::kPermissionDenied);

    auto listed = ResolveWebhook("http://127.0.0.1:8080/hook?x=1", {"127.0.0.1"});
    ASSERT_TRUE(listed.ok()) << listed.status().message();
    EXPECT_EQ(listed->address.toString(), "127.0.0.1:8080");
    EXPECT_EQ(listed->host, "127.0.0.1");
    EXPECT_EQ(listed->path_and_query, "/hook?x=1");
    EXPECT_FALSE(listed->https);
    auto named = ResolveWebhook("https://LOCALHOST/", {"localhost"});
    ASSERT_TRUE(named.ok()) << named.status().message();
    EXPECT_TRUE(named->https);
    EXPECT_EQ(named->address.port(), 443);
    EXPECT_EQ(NonPublicKind(named->address.host()), "a loopback address") << "connects to the checked address";

    EXPECT_EQ(ResolveWebhook("ftp://example.com/x", {}).status().code(), sdk::StatusCode::kInvalidArgument);
}

}  // namespace
}  // namespace dbbridge::host
