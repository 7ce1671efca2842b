// The command line as a user sees it: the real executable, its output and exit codes.
#include <gtest/gtest.h>
#include <sys/wait.h>

#include <array>
#include <cstdio>
#include <fstream>
#include <string>

#include "dbbridge/sdk/plugin.h"
#include "tests/support/host_process.h"

namespace dbbridge::testing {
namespace {

struct CommandResult {
    int exit_code = -1;
    std::string output;  // stdout and stderr
};

CommandResult RunHost(const std::string& args) {
    std::string cmd = std::string(DBB_HOST_BINARY) + " " + args + " 2>&1";
    CommandResult r;
    FILE* p = popen(cmd.c_str(), "r");
    if (p == nullptr) {
        return r;
    }
    std::array<char, 4096> buf{};
    std::size_t n = 0;
    while ((n = fread(buf.data(), 1, buf.size(), p)) > 0) {
        r.output.append(buf.data(), n);
    }
    int status = pclose(p);
    r.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    return r;
}

std::string WriteConfig(const std::string& name, const std::string& text) {
    std::string path = "/tmp/dbbridge-cli-test-" + name + ".yaml";
    std::ofstream(path) << text;
    return path;
}

TEST(CliTest, VersionAndHelp) {
    auto v = RunHost("version");
    EXPECT_EQ(v.exit_code, 0);
    EXPECT_NE(v.output.find("dbbridge 0.1.0 (plugin ABI " + std::to_string(sdk::kAbiVersion)), std::string::npos) << v.output;
    auto h = RunHost("--help");
    EXPECT_EQ(h.exit_code, 0);
    for (const char* cmd : {"serve", "run JOB.json", "multiplex", "transpile", "plugins", "version"}) {
        EXPECT_NE(h.output.find(cmd), std::string::npos) << cmd;
    }
}

TEST(CliTest, UnknownCommandExits2WithUsage) {
    auto r = RunHost("frobnicate");
    EXPECT_EQ(r.exit_code, 2);
    EXPECT_NE(r.output.find("unknown command 'frobnicate'"), std::string::npos);
}

TEST(CliTest, VersionFlagPrintsVersionAndExitsZero) {
    auto r = RunHost("--version");
    EXPECT_EQ(r.exit_code, 0);
    EXPECT_NE(r.output.find("dbbridge 0.1.0 (plugin ABI"), std::string::npos) << r.output;
}

TEST(CliTest, EveryCommandHasItsOwnHelp) {
    for (const char* cmd : {"serve", "run", "multiplex", "transpile", "plugins", "version"}) {
        auto r = RunHost(std::string(cmd) + " --help");
        EXPECT_EQ(r.exit_code, 0) << cmd << ": " << r.output;
        EXPECT_NE(r.output.find(std::string("Usage: dbbridge ") + cmd), std::string::npos) << r.output;
        EXPECT_NE(r.output.find("--config"), std::string::npos) << r.output;
    }
    auto run = RunHost("run --help");
    EXPECT_NE(run.output.find("--config-id"), std::string::npos) << run.output;
    EXPECT_NE(run.output.find("-p,--params"), std::string::npos) << run.output;
}

TEST(CliTest, UnknownOptionExits2NamingIt) {
    auto r = RunHost("serve --frobnicate");
    EXPECT_EQ(r.exit_code, 2) << r.output;
    EXPECT_NE(r.output.find("--frobnicate"), std::string::npos) << r.output;
    EXPECT_NE(r.output.find("dbbridge serve --help"), std::string::npos) << r.output;
    auto v = RunHost("-v");
    EXPECT_EQ(v.exit_code, 2) << v.output;
    EXPECT_NE(v.output.find("-v"), std::string::npos) << v.output;
}

TEST(CliTest, MissingValueExits2NamingTheOption) {
    auto r = RunHost("run --config-id");
    EXPECT_EQ(r.exit_code, 2) << r.output;
    EXPECT_NE(r.output.find("--config-id"), std::string::npos) << r.output;
    EXPECT_EQ(r.output.find("unexpected argument"), std::string::npos) << r.output;
    auto bad = RunHost("run --config-id abc");
    EXPECT_EQ(bad.exit_code, 2) << bad.output;
    EXPECT_NE(bad.output.find("--config-id"), std::string::npos) << bad.output;
    auto zero = RunHost("run --config-id 0");
    EXPECT_EQ(zero.exit_code, 2) << zero.output;
}

TEST(CliTest, ClosedValueSetsListTheValidValues) {
    auto to = RunHost("transpile --from ORACLE --to SQLSERVER \"SELECT 1 FROM DUAL\"");
    EXPECT_EQ(to.exit_code, 2) << to.output;
    EXPECT_NE(to.output.find("SQLSERVER"), std::string::npos) << to.output;
    for (const char* target : {"POSTGRESQL", "MYSQL", "DM", "OCEAN_BASE_ORACLE"}) {
        EXPECT_NE(to.output.find(target), std::string::npos) << target << ": " << to.output;
    }
    auto from = RunHost("transpile --from DB2 --to POSTGRESQL x");
    EXPECT_EQ(from.exit_code, 2) << from.output;
    EXPECT_NE(from.output.find("--from"), std::string::npos) << from.output;
    EXPECT_NE(from.output.find("ORACLE"), std::string::npos) << from.output;
    EXPECT_NE(from.output.find("MYSQL"), std::string::npos) << from.output;
}

TEST(CliTest, TranspileStillTranslates) {
    auto r = RunHost("transpile --from oracle --to POSTGRESQL \"SELECT NVL(a, 1) FROM t\"");
    EXPECT_EQ(r.exit_code, 0) << r.output;
    EXPECT_NE(r.output.find("COALESCE"), std::string::npos) << r.output;
}

TEST(CliTest, PluginsListsRealPluginsWithDialectsAndDataxNames) {
    auto cfg = WriteConfig("real", std::string("plugins:\n  dir: ") + DBB_PLUGIN_BUILD_DIR + "\n");
    auto r = RunHost("--config " + cfg + " plugins");
    EXPECT_EQ(r.exit_code, 0) << r.output;
    EXPECT_NE(r.output.find("libdbbridge_mysql.so"), std::string::npos) << r.output;
    EXPECT_NE(r.output.find("dialects: MYSQL"), std::string::npos) << r.output;
    EXPECT_NE(r.output.find("readers:  mysqlreader"), std::string::npos) << r.output;
    EXPECT_NE(r.output.find("GAUSSDB500_ORACLE"), std::string::npos) << r.output;
    EXPECT_EQ(r.output.find("SKIPPED"), std::string::npos) << r.output;
}

TEST(CliTest, PluginsReportsBadPluginsAndWhy) {
    auto cfg = WriteConfig("fixtures", std::string("plugins:\n  dir: ") + DBB_TEST_PLUGIN_DIR + "\n");
    auto r = RunHost("--config " + cfg + " plugins");
    EXPECT_EQ(r.exit_code, 0) << r.output;
    EXPECT_NE(r.output.find("plugin:   good_fixture 1.0 (ABI " + std::to_string(sdk::kAbiVersion) + ")"), std::string::npos) << r.output;
    EXPECT_NE(r.output.find("SKIPPED: ABI version " + std::to_string(sdk::kAbiVersion + 41) +
                            " but this host needs " + std::to_string(sdk::kAbiVersion)), std::string::npos) << r.output;
    EXPECT_NE(r.output.find("libdbbridge_not_a_plugin.so"), std::string::npos) << r.output;
    // A plugin whose option declaration is wrong is refused with the dialect and the option named.
    EXPECT_NE(r.output.find("SKIPPED: dialect BAD_OPTIONS declares its datasource options wrongly: option name "
                            "'Token' must be lower-case"),
              std::string::npos)
        << r.output;
    EXPECT_NE(r.output.find("2 plugin(s) loaded, 4 skipped"), std::string::npos) << r.output;
}

TEST(CliTest, HostServesWhileBadPluginsAreSkipped) {
    HostProcess host("", DBB_TEST_PLUGIN_DIR);
    ASSERT_TRUE(host.Start()) << host.output();
    EXPECT_NE(host.output().find("plugin skipped"), std::string::npos) << host.output();
    auto r = host.Get("/api/plugins");
    EXPECT_EQ(r.code(), 0);
    EXPECT_NE(r.body.find("ABI version " + std::to_string(sdk::kAbiVersion + 41)), std::string::npos) << r.body;
    EXPECT_NE(r.body.find("dialect BAD_OPTIONS declares its datasource options wrongly"), std::string::npos) << r.body;
    EXPECT_EQ(host.Get("/api/health").code(), 0);
}

}  // namespace
}  // namespace dbbridge::testing
