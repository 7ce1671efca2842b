// `dbbridge transpile` and POST /api/sql/transpile as a user sees them.
#include <gtest/gtest.h>
#include <sys/wait.h>

#include <array>
#include <cstdio>
#include <cstdlib>
#include <fstream>

#include "tests/support/host_process.h"

namespace dbbridge::testing {
namespace {

std::pair<int, std::string> Shell(const std::string& cmd) {
    FILE* p = popen((cmd + " 2>&1").c_str(), "r");
    std::string out;
    std::array<char, 4096> buf{};
    std::size_t n = 0;
    while ((n = fread(buf.data(), 1, buf.size(), p)) > 0) {
        out.append(buf.data(), n);
    }
    int status = pclose(p);
    return {WIFEXITED(status) ? WEXITSTATUS(status) : -1, out};
}

TEST(TranspileCliTest, TranslatesArgumentAndStdin) {
    auto [code, out] = Shell(std::string(DBB_HOST_BINARY) +
                             " transpile --from ORACLE --to POSTGRESQL \"select nvl(a, 'x') from t where rownum <= 5\"");
    EXPECT_EQ(code, 0) << out;
    EXPECT_NE(out.find("SELECT COALESCE(a, 'x') FROM t LIMIT 5"), std::string::npos) << out;
    EXPECT_NE(out.find("-- NVL -> COALESCE"), std::string::npos) << out;
    auto [code2, out2] = Shell("echo \"select ifnull(a, 1) from t limit 2, 3\" | " + std::string(DBB_HOST_BINARY) +
                               " transpile --from MYSQL --to POSTGRESQL -");
    EXPECT_EQ(code2, 0) << out2;
    EXPECT_NE(out2.find("LIMIT 3 OFFSET 2"), std::string::npos) << out2;
}

TEST(TranspileCliTest, PrintsTheSameSqlWithOrWithoutThePluginDirectory) {
    // The postgres plugin declares LightDB's and GaussDB's own SQL (ROWNUM and CONNECT BY are
    // native there); without a plugin directory the host's fallback table says the same.
    const std::string empty_dir = ::testing::TempDir() + "dbb-no-plugins";
    ASSERT_EQ(std::system(("mkdir -p " + empty_dir).c_str()), 0);
    const std::string no_plugins = ::testing::TempDir() + "dbb-no-plugins.yaml";
    std::ofstream(no_plugins) << "plugins:\n  dir: " << empty_dir << "\n";
    const std::string sql = " \"select nvl(a, '') x from t where rownum <= 5\"";
    for (const char* target : {"GAUSSDB_ORACLE", "LIGHTDB_ORACLE", "POSTGRESQL", "MYSQL"}) {
        const std::string args = std::string(" transpile --from ORACLE --to ") + target + sql;
        auto [code, with] = Shell(std::string(DBB_HOST_BINARY) + args);
        auto [code_without, without] = Shell(std::string(DBB_HOST_BINARY) + " --config " + no_plugins + args);
        EXPECT_EQ(code, 0) << with;
        EXPECT_EQ(code_without, 0) << without;
        EXPECT_EQ(with, without) << target;
    }
    auto [code, out] = Shell(std::string(DBB_HOST_BINARY) + " transpile --from ORACLE --to GAUSSDB_ORACLE" + sql);
    EXPECT_NE(out.find("SELECT nvl(a, '') AS x FROM t WHERE ROWNUM <= 5"), std::string::npos)
        << out;
    auto [code2, out2] = Shell(std::string(DBB_HOST_BINARY) + " transpile --from SQLSERVER --to MYSQL \"select 1\"");
    EXPECT_EQ(code2, 2) << out2;  // a value outside a closed set is a bad command line
    EXPECT_NE(out2.find("--from: SQLSERVER not in {ORACLE,MYSQL}"), std::string::npos) << out2;
}

TEST(TranspileCliTest, ErrorsGiveThePositionAndExitOne) {
    auto [code, out] = Shell(std::string(DBB_HOST_BINARY) + " transpile --from ORACLE --to POSTGRESQL \"select 'open\"");
    EXPECT_EQ(code, 1) << out;
    EXPECT_NE(out.find("line 1:"), std::string::npos) << out;
    auto [code2, out2] = Shell(std::string(DBB_HOST_BINARY) + " transpile --from ORACLE --to SYBASE \"select 1\"");
    EXPECT_EQ(code2, 2) << out2;
    EXPECT_NE(out2.find("'SYBASE'; valid targets: ORACLE, POSTGRESQL"), std::string::npos) << out2;
    auto [code3, out3] = Shell(std::string(DBB_HOST_BINARY) + " transpile --from ORACLE");
    EXPECT_EQ(code3, 2) << out3;
}

TEST(TranspileApiTest, TranslatesAndReportsErrors) {
    HostProcess host;
    ASSERT_TRUE(host.Start()) << host.output();
    auto ok = host.Post("/api/sql/transpile", R"({"from":"ORACLE","to":"MYSQL","sql":"select nvl(a, 1) from dual"})");
    ASSERT_EQ(ok.code(), 0) << ok.body;
    EXPECT_EQ(ok.json->getObject("data")->getValue<std::string>("sql"), "SELECT COALESCE(a, 1) FROM dual");
    auto bad = host.Post("/api/sql/transpile", R"({"from":"ORACLE","to":"POSTGRESQL","sql":"select 'x"})");
    EXPECT_EQ(bad.code(), 400) << bad.body;
    EXPECT_NE(bad.message().find("line 1:"), std::string::npos) << bad.body;
    auto missing = host.Post("/api/sql/transpile", R"({"from":"ORACLE","sql":"select 1"})");
    EXPECT_EQ(missing.code(), 400);
    EXPECT_NE(missing.message().find("'to'"), std::string::npos) << missing.body;
}

}  // namespace
}  // namespace dbbridge::testing
