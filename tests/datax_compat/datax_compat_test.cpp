// DataX compatibility suite: each folder under cases/ holds a job file (most taken from DataX's
// documentation: userGuid.md, the plugin docs, transformer.md) and expect.json with what DataX
// prints and writes for it. The real `dbbridge run` binary runs the job as a scheduler would run
// `python datax.py`; the test compares the exit code, the record lines, the summary figures and
// the files written, byte for byte (compressed files after decompression).
//
// expect.json keys (all optional except exit):
//   exit            expected exit code
//   params          extra -p text ("-Dname=value ...")
//   args            extra command-line arguments
//   lines           {"exact line": count} counted in the output
//   contains        [text...] that must appear in the output; not_contains: must not
//   summary         {"读出记录总数": "10", ...}: the value after the label's colon
//   files           [{"glob": "name__*", "expected": "expected/x.txt", "compress": "gzip", "name": "regex"}]
//                   the glob (under OUT) must match exactly one file
//   needs           ["mysql", "pg"]: the case runs against the test servers (DBBRIDGE_TEST_MYSQL /
//                   DBBRIDGE_TEST_PG; skipped when unset) and the job gets ${MYSQL_JDBC},
//                   ${MYSQL_USER}, ${MYSQL_PASSWORD}, ${PG_JDBC}, ${PG_USER}, ${PG_PASSWORD}
//   setup           {"mysql": [sql...], "pg": [sql...]} run before the job
//   queries         [{"db": "mysql", "sql": "...", "equals": "..."}] checked after it
// Jobs refer to their own folder as ${CASE} and to a fresh output folder as ${OUT}.
#include <gtest/gtest.h>
#include <sys/wait.h>

#include <Poco/JSON/Parser.h>

#include <array>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <glob.h>
#include <map>
#include <regex>
#include <sstream>

#include "core/engine/compressed_file.h"
#include "tests/support/test_db.h"
#include "tests/support/test_env.h"

namespace {

namespace fs = std::filesystem;
using dbbridge::core::engine::Compression;

fs::path CasesDir() {
    return fs::path(DBB_SOURCE_DIR) / "tests" / "datax_compat" / "cases";
}

std::string ReadAll(const fs::path& p) {
    std::ifstream in(p, std::ios::binary);
    std::stringstream s;
    s << in.rdbuf();
    return s.str();
}

struct HostRun {
    int exit_code = -1;
    std::string output;
};

HostRun RunHost(const std::string& args, const std::string& cwd) {
    std::string cmd = "cd '" + cwd + "' && " + std::string(DBB_HOST_BINARY) + " " + args + " 2>&1";
    HostRun r;
    FILE* p = popen(cmd.c_str(), "r");
    std::array<char, 4096> buf{};
    std::size_t n = 0;
    while ((n = fread(buf.data(), 1, buf.size(), p)) > 0) {
        r.output.append(buf.data(), n);
    }
    int status = pclose(p);
    r.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    return r;
}

int CountLines(const std::string& text, const std::string& needle) {
    int n = 0;
    std::istringstream in(text);
    std::string line;
    while (std::getline(in, line)) {
        n += line == needle ? 1 : 0;
    }
    return n;
}

std::string SummaryValue(const std::string& output, const std::string& label) {
    auto at = output.rfind(label + " ");
    if (at == std::string::npos) {
        return "<missing>";
    }
    auto colon = output.find(": ", at);
    auto eol = output.find('\n', colon);
    std::string v = output.substr(colon + 2, eol - colon - 2);
    auto first = v.find_first_not_of(' ');
    return first == std::string::npos ? "" : v.substr(first);
}

std::vector<std::string> Glob(const std::string& pattern) {
    std::vector<std::string> out;
    glob_t g{};
    if (::glob(pattern.c_str(), 0, nullptr, &g) == 0) {
        for (std::size_t i = 0; i < g.gl_pathc; ++i) {
            out.emplace_back(g.gl_pathv[i]);
        }
    }
    globfree(&g);
    return out;
}

std::string Decompressed(const std::string& path, const std::string& compress) {
    Compression c = compress == "gzip" ? Compression::kGzip
                    : compress == "bzip2" ? Compression::kBzip2
                    : compress == "zip"   ? Compression::kZip
                                          : Compression::kNone;
    auto src = dbbridge::core::engine::OpenByteSource(path, c);
    if (!src.ok()) {
        return "<" + src.status().message() + ">";
    }
    std::string out;
    char buf[4096];
    while (true) {
        auto n = src.value()->Read(buf, sizeof buf);
        if (!n.ok()) {
            return "<" + n.status().message() + ">";
        }
        if (n.value() == 0) {
            return out;
        }
        out.append(buf, n.value());
    }
}

std::vector<std::string> StringArray(const Poco::JSON::Object::Ptr& o, const std::string& key) {
    std::vector<std::string> out;
    if (o->has(key)) {
        auto arr = o->getArray(key);
        for (std::size_t i = 0; i < arr->size(); ++i) {
            out.push_back(arr->getElement<std::string>(static_cast<unsigned>(i)));
        }
    }
    return out;
}

std::vector<std::string> CaseNames() {
    std::vector<std::string> names;
    for (const auto& e : fs::directory_iterator(CasesDir())) {
        if (fs::exists(e.path() / "job.json")) {
            names.push_back(e.path().filename().string());
        }
    }
    std::sort(names.begin(), names.end());
    return names;
}

const char* ServerVariable(const std::string& db) {
    return db == "mysql" ? "DBBRIDGE_TEST_MYSQL" : "DBBRIDGE_TEST_PG";
}

// -D parameters naming a test server the way a DataX job does (jdbcUrl, username, password).
std::string ServerParams(const std::string& db, const std::string& url) {
    auto u = dbbridge::testing::ParseDbUrl(url);
    std::string prefix = db == "mysql" ? "MYSQL" : "PG";
    std::string scheme = db == "mysql" ? "mysql" : "postgresql";
    return " -D" + prefix + "_JDBC=jdbc:" + scheme + "://" + u.host + ":" + std::to_string(u.port) + "/" + u.database +
           " -D" + prefix + "_USER=" + u.user + " -D" + prefix + "_PASSWORD=" + u.password;
}

class DataxCompatTest : public ::testing::TestWithParam<std::string> {};

TEST_P(DataxCompatTest, RunsAsDataxDoes) {
    const fs::path dir = CasesDir() / GetParam();
    auto expect = Poco::JSON::Parser().parse(ReadAll(dir / "expect.json")).extract<Poco::JSON::Object::Ptr>();
    const fs::path out = fs::temp_directory_path() / ("dbbridge-datax-compat-" + GetParam());
    fs::remove_all(out);
    fs::create_directories(out);
    std::string params = "-DCASE=" + dir.string() + " -DOUT=" + out.string();
    std::map<std::string, std::string> servers;
    for (const auto& db : StringArray(expect, "needs")) {
        auto url = dbbridge::testing::EnvVar(ServerVariable(db));
        if (!url) {
            GTEST_SKIP() << ServerVariable(db) << " is not set (scripts/db-up.sh sets it)";
        }
        servers[db] = *url;
        params += ServerParams(db, *url);
        if (expect->has("setup") && expect->getObject("setup")->has(db)) {
            dbbridge::testing::ExecSql(*url, StringArray(expect->getObject("setup"), db));
        }
    }
    if (expect->has("params")) {
        params += " " + expect->getValue<std::string>("params");
    }
    std::string args = "run " + (dir / "job.json").string() + " -p \"" + params + "\"";
    if (expect->has("args")) {
        args += " " + expect->getValue<std::string>("args");
    }
    HostRun r = RunHost(args, out.string());
    SCOPED_TRACE(r.output);
    EXPECT_EQ(r.exit_code, expect->getValue<int>("exit"));
    if (expect->has("lines")) {
        auto lines = expect->getObject("lines");
        for (const auto& name : lines->getNames()) {
            EXPECT_EQ(CountLines(r.output, name), lines->getValue<int>(name)) << "line: " << name;
        }
    }
    for (const auto& text : StringArray(expect, "contains")) {
        EXPECT_NE(r.output.find(text), std::string::npos) << "missing: " << text;
    }
    for (const auto& text : StringArray(expect, "not_contains")) {
        EXPECT_EQ(r.output.find(text), std::string::npos) << "unexpected: " << text;
    }
    if (expect->has("summary")) {
        auto summary = expect->getObject("summary");
        for (const auto& label : summary->getNames()) {
            EXPECT_EQ(SummaryValue(r.output, label), summary->getValue<std::string>(label)) << label;
        }
    }
    if (expect->has("files")) {
        auto files = expect->getArray("files");
        for (std::size_t i = 0; i < files->size(); ++i) {
            auto f = files->getObject(static_cast<unsigned>(i));
            auto found = Glob((out / f->getValue<std::string>("glob")).string());
            ASSERT_EQ(found.size(), 1u) << "glob " << f->getValue<std::string>("glob");
            if (f->has("name")) {
                std::string base = fs::path(found[0]).filename().string();
                EXPECT_TRUE(std::regex_match(base, std::regex(f->getValue<std::string>("name")))) << base;
            }
            std::string compress = f->has("compress") ? f->getValue<std::string>("compress") : "";
            EXPECT_EQ(Decompressed(found[0], compress), ReadAll(dir / f->getValue<std::string>("expected")))
                << found[0];
        }
    }
    if (expect->has("queries")) {
        auto queries = expect->getArray("queries");
        for (std::size_t i = 0; i < queries->size(); ++i) {
            auto q = queries->getObject(static_cast<unsigned>(i));
            const std::string sql = q->getValue<std::string>("sql");
            EXPECT_EQ(dbbridge::testing::QueryScalar(servers.at(q->getValue<std::string>("db")), sql),
                      q->getValue<std::string>("equals"))
                << sql;
        }
    }
    fs::remove_all(out);
}

INSTANTIATE_TEST_SUITE_P(Cases, DataxCompatTest, ::testing::ValuesIn(CaseNames()),
                         [](const ::testing::TestParamInfo<std::string>& info) { return info.param; });

}  // namespace
