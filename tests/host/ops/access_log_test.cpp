// Access log lines: every field present, client-chosen values unable to forge a line.
#include <gtest/gtest.h>

#include "host/observability/access_log.h"

namespace dbbridge::host {
namespace {

RequestRecord Sample() {
    RequestRecord r;
    r.peer = "10.1.2.3:50312";
    r.user = "alice";
    r.method = "GET";
    r.path = "/api/datasources";
    r.status = 200;
    r.bytes = 512;
    r.seconds = 0.0012045;
    return r;
}

TEST(AccessLogTest, OneLineWithEveryField) {
    EXPECT_EQ(FormatAccessLine(Sample()),
              "peer=10.1.2.3:50312 user=alice method=GET path=/api/datasources status=200 bytes=512 duration_ms=1.205");
}

TEST(AccessLogTest, AnonymousUserIsADash) {
    auto r = Sample();
    r.user = "";
    EXPECT_NE(FormatAccessLine(r).find(" user=- "), std::string::npos);
}

TEST(AccessLogTest, ClientValuesAreQuotedAndEscaped) {
    auto r = Sample();
    r.path = "/api/x\nstatus=200 user=admin";
    r.user = "bob \"the\" \\ admin";
    std::string line = FormatAccessLine(r);
    EXPECT_EQ(line.find('\n'), std::string::npos) << line;
    EXPECT_NE(line.find("path=\"/api/x\\x0astatus=200 user=admin\""), std::string::npos) << line;
    EXPECT_NE(line.find("user=\"bob \\\"the\\\" \\\\ admin\""), std::string::npos) << line;
}

}  // namespace
}  // namespace dbbridge::host
