// `dbbridge config check` and serve's start-up check, as an operator runs them.
#include <gtest/gtest.h>

#include <fstream>

#include "tests/support/run_command.h"

namespace dbbridge::testing {
namespace {

std::string WriteConfig(const std::string& name, const std::string& text) {
    std::string path = "/tmp/dbbridge-config-check-" + name + ".yaml";
    std::ofstream(path) << text;
    return path;
}

bool Contains(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

TEST(ConfigCheckTest, AGoodConfigurationIsOk) {
    auto cfg = WriteConfig("good", "server:\n  port: 8080\npaths:\n  logs: /tmp/dbbridge-config-check-logs\n");
    auto r = RunDbbridge("config check --config " + cfg);
    EXPECT_EQ(r.exit_code, 0) << r.output;
    EXPECT_TRUE(Contains(r.output, cfg + ": ok")) << r.output;
}

TEST(ConfigCheckTest, UnknownKeysNameTheNearestKnownOne) {
    auto cfg = WriteConfig("typo", "server:\n  prot: 8080\nstroe:\n  url: x\n");
    auto r = RunDbbridge("config check --config " + cfg);
    EXPECT_EQ(r.exit_code, 1) << r.output;
    EXPECT_TRUE(Contains(r.output, "server.prot (line 2) ignored; did you mean 'server.port'?")) << r.output;
    EXPECT_TRUE(Contains(r.output, "stroe (line 3) ignored; did you mean 'store'?")) << r.output;
    EXPECT_TRUE(Contains(r.output, "2 problem(s)")) << r.output;
}

TEST(ConfigCheckTest, UnrelatedUnknownKeyHasNoSuggestion) {
    auto cfg = WriteConfig("unrelated", "server:\n  colour: blue\n");
    auto r = RunDbbridge("config check --config " + cfg);
    EXPECT_EQ(r.exit_code, 1) << r.output;
    EXPECT_TRUE(Contains(r.output, "server.colour (line 2) ignored")) << r.output;
    EXPECT_FALSE(Contains(r.output, "did you mean")) << r.output;
}

TEST(ConfigCheckTest, WrongTypesAndClosedSetsAreNamed) {
    auto port = RunDbbridge("config check --config " + WriteConfig("type", "server:\n  port: eighty\n"));
    EXPECT_EQ(port.exit_code, 1) << port.output;
    EXPECT_TRUE(Contains(port.output, "server.port (line 2): expected an integer, got 'eighty'")) << port.output;
    auto level = RunDbbridge("config check --config " + WriteConfig("level", "log:\n  level: loud\n"));
    EXPECT_EQ(level.exit_code, 1) << level.output;
    EXPECT_TRUE(Contains(level.output, "'loud' is not one of error, warning, info, debug, trace")) << level.output;
}

TEST(ConfigCheckTest, PathsTheServerCannotUseAreNamed) {
    // A path below a regular file can never be created, whoever runs the check (root included).
    auto cfg = WriteConfig("paths", "paths:\n  logs: /etc/hostname/logs\nplugins:\n  dir: /nonexistent/plugins\n"
                                    "log:\n  file: /etc/hostname/dbbridge.log\n");
    auto r = RunDbbridge("config check --config " + cfg);
    EXPECT_EQ(r.exit_code, 1) << r.output;
    EXPECT_TRUE(Contains(r.output, "paths.logs: folder '/etc/hostname/logs' does not exist and cannot be created"))
        << r.output;
    EXPECT_TRUE(Contains(r.output, "plugins.dir: folder '/nonexistent/plugins' does not exist")) << r.output;
    EXPECT_TRUE(Contains(r.output, "log.file:")) << r.output;
}

TEST(ConfigCheckTest, TheWebhookCaFileIsAKnownKeyThatMustBeReadable) {
    auto ok = RunDbbridge("config check --config " +
                          WriteConfig("ca-ok", "paths:\n  logs: /tmp/dbbridge-config-check-logs\n"
                                               "schedule:\n  webhook_ca_file: /etc/hostname\n"));
    EXPECT_EQ(ok.exit_code, 0) << ok.output;
    auto missing = RunDbbridge("config check --config " +
                               WriteConfig("ca-missing", "schedule:\n  webhook_ca_file: /nonexistent/ca.pem\n"));
    EXPECT_EQ(missing.exit_code, 1) << missing.output;
    EXPECT_TRUE(Contains(missing.output, "schedule.webhook_ca_file: file '/nonexistent/ca.pem' does not exist"))
        << missing.output;
}

TEST(ConfigCheckTest, MissingFileAndBadCommandLine) {
    auto missing = RunDbbridge("config check --config /nonexistent/dbbridge.yaml");
    EXPECT_EQ(missing.exit_code, 1) << missing.output;
    EXPECT_TRUE(Contains(missing.output, "/nonexistent/dbbridge.yaml")) << missing.output;
    auto no_value = RunDbbridge("config check --config");
    EXPECT_EQ(no_value.exit_code, 2) << no_value.output;
    EXPECT_TRUE(Contains(no_value.output, "--config")) << no_value.output;
    auto alone = RunDbbridge("config");
    EXPECT_EQ(alone.exit_code, 2) << alone.output;
}

TEST(ConfigCheckTest, ServeRefusesAConfigurationWithErrors) {
    auto cfg = WriteConfig("serve", "server:\n  port: 0\npaths:\n  jobs: /etc/hostname/jobs\n");
    auto r = RunDbbridge("serve --config " + cfg);
    EXPECT_EQ(r.exit_code, 1) << r.output;
    EXPECT_TRUE(Contains(r.output, "configuration: paths.jobs: folder '/etc/hostname/jobs'")) << r.output;
    EXPECT_FALSE(Contains(r.output, "serving on")) << r.output;
}

}  // namespace
}  // namespace dbbridge::testing
