// The sqlite plugin used end to end through the real host, as a user would: listed by
// `dbbridge plugins`; SQLITE datasources saved (no host, no user), pinged and browsed over HTTP;
// a DataX job sqlitereader -> sqlitewriter run by `dbbridge run`; multiplex comparing the copy
// with its source (consistent), then "select v from oo order by k" (k not selected) against a
// database whose rows come in another order (inconsistent). Needs no database server: every
// database is a file in a temporary directory, set up through the plugin itself.

#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <array>
#include <cstdio>
#include <filesystem>
#include <fstream>

#include "core/plugin/plugin_registry.h"
#include "tests/support/host_process.h"

namespace dbbridge::testing {
namespace {

std::string RunHostCommand(const std::string& args, int* exit_code) {
    std::string out;
    FILE* p = popen((std::string(DBB_HOST_BINARY) + " " + args + " 2>&1").c_str(), "r");
    if (p == nullptr) {
        return out;
    }
    std::array<char, 4096> buf{};
    std::size_t n = 0;
    while ((n = fread(buf.data(), 1, buf.size(), p)) > 0) {
        out.append(buf.data(), n);
    }
    const int status = pclose(p);
    *exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    return out;
}

// Runs statements in a new database file through the plugin's own SDK interface.
void CreateDatabase(const core::PluginRegistry& registry, const std::string& path,
                    const std::vector<std::string>& statements) {
    const sdk::Dialect* sqlite = registry.Find("SQLITE");
    ASSERT_NE(sqlite, nullptr) << "libdbbridge_sqlite.so not loaded from " DBB_PLUGIN_BUILD_DIR;
    sdk::ConnectionSpec spec;
    spec.dialect = "SQLITE";
    spec.database = path;
    spec.options["open_mode"] = "read_write_create";
    auto conn = sqlite->Connect(spec);
    ASSERT_TRUE(conn.ok()) << conn.status().message();
    for (const auto& sql : statements) {
        auto r = (*conn)->Execute(sql, {}, nullptr, {});
        ASSERT_TRUE(r.ok() && !r->failed) << sql << ": " << (r.ok() ? r->error_message : r.status().message());
    }
}

std::string SaveBody(const std::string& name, const std::string& path) {
    return R"({"source_name":")" + name + R"(","db_type":"SQLITE","db_name":")" + path + R"("})";
}

std::string MultiplexBody(const std::string& trace, const std::string& sql, const std::string& other) {
    return R"({"sourceDialect":"ORACLE","needTransform":false,"bulkMode":1,"traceId":")" + trace +
           R"(","targetDialectInfos":[{"targetDialect":"ORACLE","sql":")" + sql +
           R"("},{"targetDialect":"DM","datasourceName":")" + other + R"(","sql":")" + sql + R"("}]})";
}

TEST(SqliteEndToEndTest, ListedSavedPingedBrowsedCopiedByDataxAndCompared) {
    const auto dir = std::filesystem::temp_directory_path() / ("dbb_sqlite_e2e_" + std::to_string(getpid()));
    std::filesystem::remove_all(dir);
    std::filesystem::create_directories(dir);
    const std::string src = (dir / "src.db").string();
    const std::string copy = (dir / "copy.db").string();
    const std::string shuffled = (dir / "shuffled.db").string();
    {
        core::PluginRegistry registry;
        registry.LoadDirectory(DBB_PLUGIN_BUILD_DIR);
        const std::string ddl = "CREATE TABLE oo (k INTEGER PRIMARY KEY, v VARCHAR(10))";
        CreateDatabase(registry, src, {ddl, "INSERT INTO oo VALUES (1, 'x'), (2, 'y'), (3, 'z')"});
        CreateDatabase(registry, copy, {ddl});
        CreateDatabase(registry, shuffled, {ddl, "INSERT INTO oo VALUES (1, 'y'), (2, 'x'), (3, 'z')"});
    }

    // Dropped into the plugin directory: listed.
    const std::string config = (dir / "dbbridge.yaml").string();
    std::ofstream(config) << "plugins:\n  dir: " << DBB_PLUGIN_BUILD_DIR << "\nstore:\n  url: sqlite:" << (dir / "store.db").string()
                          << "\nsecurity:\n  key_file: " << (dir / "key").string() << "\npaths:\n  jobs: "
                          << (dir / "jobs").string() << "\n  logs: " << (dir / "logs").string() << "\n";
    int rc = -1;
    const std::string listed = RunHostCommand("--config " + config + " plugins", &rc);
    EXPECT_EQ(rc, 0) << listed;
    EXPECT_NE(listed.find("libdbbridge_sqlite.so"), std::string::npos) << listed;
    EXPECT_NE(listed.find("dialects: SQLITE"), std::string::npos) << listed;
    EXPECT_NE(listed.find("readers:  sqlitereader"), std::string::npos) << listed;

    // DataX: sqlitereader -> sqlitewriter, the job file as DataX users write it.
    const std::string job = (dir / "job.json").string();
    std::ofstream(job) << R"({"job":{"setting":{"speed":{"channel":1}},"content":[{
        "reader":{"name":"sqlitereader","parameter":{"username":"","password":"","column":["k","v"],
          "connection":[{"table":["oo"],"jdbcUrl":["jdbc:sqlite:)" << src << R"("]}]}},
        "writer":{"name":"sqlitewriter","parameter":{"username":"","password":"","column":["k","v"],
          "writeMode":"insert","connection":[{"table":["oo"],"jdbcUrl":"jdbc:sqlite:)" << copy << R"("}]}}}]}})";
    const std::string ran = RunHostCommand("--config " + config + " run " + job, &rc);
    EXPECT_EQ(rc, 0) << ran;

    HostProcess host("multiplex:\n  targets:\n    ORACLE: sq-src\n    DM: sq-copy\n");
    ASSERT_TRUE(host.Start()) << host.output();
    for (const auto& [name, path] : {std::pair<std::string, std::string>{"sq-src", src}, {"sq-copy", copy},
                                     {"sq-shuffled", shuffled}}) {
        auto saved = host.Post("/api/datasource/save", SaveBody(name, path));
        ASSERT_EQ(saved.code(), 0) << saved.body;
        const auto id = std::to_string(saved.json->getObject("data")->getValue<std::int64_t>("id"));
        auto ping = host.Post("/api/datasource/ping", "{\"id\":" + id + "}");
        EXPECT_EQ(ping.code(), 0) << ping.body;
        EXPECT_NE(ping.body.find("SQLite 3."), std::string::npos) << ping.body;
        auto tables = host.Get("/api/datasource/tables?id=" + id);
        EXPECT_NE(tables.body.find("\"name\":\"oo\""), std::string::npos) << tables.body;
        auto columns = host.Get("/api/datasource/columns?id=" + id + "&tableName=oo");
        EXPECT_NE(columns.body.find("VARCHAR(10)"), std::string::npos) << columns.body;
    }

    auto same = host.Post("/multiplex/multiplex", MultiplexBody("sqlite-copy-1", "select k, v from oo order by k", "sq-copy"));
    EXPECT_EQ(same.code(), 0) << same.body;
    auto reordered =
        host.Post("/multiplex/multiplex", MultiplexBody("sqlite-order-1", "select v from oo order by k", "sq-shuffled"));
    EXPECT_EQ(reordered.code(), 40005) << reordered.body;
    auto report = host.Get("/multiplex/report?traceId=sqlite-order-1");
    EXPECT_NE(report.body.find("\"kind\":\"ORDER\""), std::string::npos) << report.body;
    std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace dbbridge::testing
