#include "core/config/app_config.h"

#include <gtest/gtest.h>

namespace dbbridge::core {
namespace {

TEST(AppConfigTest, EmptyDocumentGivesDefaults) {
    auto cfg = ParseConfig("");
    ASSERT_TRUE(cfg.ok()) << cfg.status().message();
    EXPECT_EQ(cfg->server.host, "127.0.0.1");
    EXPECT_EQ(cfg->server.port, 8080);
    EXPECT_EQ(cfg->server.threads, 16);
    EXPECT_EQ(cfg->store.url, "sqlite:var/dbbridge.db");
    EXPECT_EQ(cfg->paths.jobs, "var/jobs");
    EXPECT_EQ(cfg->paths.files, "var/files");
    EXPECT_EQ(cfg->security.key_file, "var/dbbridge.key");
    EXPECT_EQ(cfg->engine.max_concurrent_jobs, 4);
    EXPECT_EQ(cfg->multiplex.batch_wait_seconds, 10);
    EXPECT_EQ(cfg->multiplex.statement_timeout_ms, 30000);
    EXPECT_TRUE(cfg->warnings.empty());
}

TEST(AppConfigTest, ReadsEveryKey) {
    auto cfg = ParseConfig(R"(
server: {host: 0.0.0.0, port: 9000, threads: 4, max_body_kib: 64}
store: {url: "postgresql://u:p@h:5432/db"}
plugins: {dir: /opt/p}
paths: {jobs: j, logs: l, files: /srv/exchange}
security: {key_file: k}
engine: {max_concurrent_jobs: 2, stall_timeout_seconds: 30, strict_job_keys: true, deferred_window_kib: 8192}
multiplex:
  batch_wait_seconds: 3
  statement_timeout_ms: 500
  targets: {oracle: ora-main, MYSQL: my}
)");
    ASSERT_TRUE(cfg.ok()) << cfg.status().message();
    EXPECT_EQ(cfg->server.port, 9000);
    EXPECT_EQ(cfg->server.max_body_bytes, 64u * 1024);
    EXPECT_EQ(cfg->store.url, "postgresql://u:p@h:5432/db");
    EXPECT_EQ(cfg->plugins.dir, "/opt/p");
    EXPECT_EQ(cfg->paths.files, "/srv/exchange");
    EXPECT_TRUE(cfg->warnings.empty()) << "paths.files is a known key";
    EXPECT_EQ(cfg->engine.stall_timeout_seconds, 30);
    EXPECT_TRUE(cfg->engine.strict_job_keys);
    EXPECT_FALSE(ParseConfig("engine: {strict_job_keys: maybe}\n").ok());
    EXPECT_EQ(cfg->engine.deferred_window_kib, 8192);
    auto tiny = ParseConfig("engine: {deferred_window_kib: 16}\n");
    ASSERT_FALSE(tiny.ok());
    EXPECT_NE(tiny.status().message().find("engine.deferred_window_kib"), std::string::npos) << tiny.status().message();
    EXPECT_EQ(cfg->multiplex.targets.at("ORACLE"), "ora-main");
    EXPECT_EQ(cfg->multiplex.targets.at("MYSQL"), "my");
}

TEST(AppConfigTest, WrongTypeNamesKeyAndLine) {
    auto cfg = ParseConfig("server:\n  host: x\n  port: eighty\n");
    ASSERT_FALSE(cfg.ok());
    EXPECT_EQ(cfg.status().code(), sdk::StatusCode::kInvalidArgument);
    EXPECT_NE(cfg.status().message().find("server.port (line 3)"), std::string::npos) << cfg.status().message();
}

TEST(AppConfigTest, AKeyThatIsAListOrMappingIsAnErrorNamingWhereNotACrash) {
    // Found by fuzz_config: yaml-cpp threw from the key's conversion and serve ended in terminate().
    for (const char* yaml : {"server:\n  [a, b]: 1\n", "{x: 1}: 2\n", "multiplex:\n  targets:\n    [ORACLE]: ds\n"}) {
        auto r = ParseConfig(yaml);
        ASSERT_FALSE(r.ok()) << yaml;
        EXPECT_NE(r.status().message().find("a key must be a plain name"), std::string::npos) << r.status().message();
        EXPECT_NE(r.status().message().find("line "), std::string::npos) << r.status().message();
    }
}

TEST(AppConfigTest, OutOfRangeIsAnError) {
    auto cfg = ParseConfig("server:\n  port: 70000\n");
    ASSERT_FALSE(cfg.ok());
    EXPECT_NE(cfg.status().message().find("between 0 and 65535"), std::string::npos);
}

TEST(AppConfigTest, UnknownKeysAreWarnedNotFatal) {
    auto cfg = ParseConfig("server:\n  prot: 1\nfoo: bar\n");
    ASSERT_TRUE(cfg.ok());
    ASSERT_EQ(cfg->warnings.size(), 2u);
    EXPECT_NE(cfg->warnings[0].find("server.prot (line 2)"), std::string::npos) << cfg->warnings[0];
    EXPECT_NE(cfg->warnings[1].find("foo (line 3)"), std::string::npos) << cfg->warnings[1];
}

TEST(AppConfigTest, SectionMustBeAMapping) {
    auto cfg = ParseConfig("server: 5\n");
    ASSERT_FALSE(cfg.ok());
    EXPECT_NE(cfg.status().message().find("server (line 1): expected a mapping"), std::string::npos)
        << cfg.status().message();
}

TEST(AppConfigTest, InvalidYamlSaysWhere) {
    auto cfg = ParseConfig("server: [1, 2\n");
    ASSERT_FALSE(cfg.ok());
    EXPECT_NE(cfg.status().message().find("not valid YAML"), std::string::npos);
}

TEST(AppConfigTest, MissingFileIsNotFound) {
    auto cfg = LoadConfig("/nonexistent/dbbridge.yaml");
    ASSERT_FALSE(cfg.ok());
    EXPECT_EQ(cfg.status().code(), sdk::StatusCode::kNotFound);
}

}  // namespace
}  // namespace dbbridge::core
