// Snapshot of every corpus translation, per target: tests/transpile/snapshot/<corpus>.txt holds
// what the translator prints (or the refusal) for each setup script and case, for every built-in
// target and for the stand-in profiles the corpus runs on. A change to the translator's output
// shows up here as a diff to review; refactors must leave it byte-identical.
// Regenerate after an intended change: DBB_UPDATE_SNAPSHOT=1 ctest -R test_transpile$
#include <gtest/gtest.h>

#include <cstdlib>
#include <fstream>
#include <sstream>

#include "core/sql/transpiler.h"
#include "tests/support/orafce_standin.h"

namespace dbbridge::sql {
namespace {

struct Section {
    std::string title;  // "setup" or "case <name>"
    std::string sql;
};

std::string ReadFile(const std::string& path) {
    std::ifstream in(path);
    std::stringstream s;
    s << in.rdbuf();
    return s.str();
}

// The source SQL of each "%% " section (rows after "=>" are not part of it).
std::vector<Section> Sections(const std::string& corpus) {
    std::vector<Section> out;
    std::istringstream in(corpus);
    std::string line;
    bool in_sql = false;
    while (std::getline(in, line)) {
        if (line.rfind("%% ", 0) == 0) {
            std::istringstream hs(line.substr(3));
            std::string word;
            std::string name;
            hs >> word >> name;
            out.push_back({word == "setup" ? "setup" : "case " + name, ""});
            in_sql = true;
        } else if (line == "=>") {
            in_sql = false;
        } else if (in_sql && !out.empty()) {
            out.back().sql += line + "\n";
        }
    }
    return out;
}

// Every built-in target, then the stand-in profile of each target that has one.
std::vector<std::pair<std::string, TargetProfile>> Profiles() {
    std::vector<std::pair<std::string, TargetProfile>> out;
    for (const auto& name : BuiltinTargetNames()) {
        out.emplace_back(name, *BuiltinProfile(name));
    }
    for (const auto& name : BuiltinTargetNames()) {
        TargetProfile real = *BuiltinProfile(name);
        if (real.family == OutputFamily::kPostgres && real.caps.oracle_functions) {
            out.emplace_back(name + " (stand-in)", ProfileFromSqlTarget(name, dbbridge::test::OrafceStandIn(*BuiltinSqlTarget(name))));
        }
    }
    return out;
}

// Translates each section as the corpus test does: setup fills a catalog that each case copies.
std::string Render(const std::string& corpus_file, const std::string& source) {
    auto sections = Sections(ReadFile(std::string(DBB_SOURCE_DIR) + "/tests/transpile/" + corpus_file));
    std::string out;
    for (const auto& [label, profile] : Profiles()) {
        Catalog catalog;
        for (const auto& s : sections) {
            Catalog local = catalog;
            TranspileOptions o;
            o.catalog = s.title == "setup" ? &catalog : &local;
            auto r = Transpile(source, s.sql, profile, o);
            out += "== " + label + " | " + s.title + "\n";
            out += r.ok() ? r->sql + "\n" : "REFUSED " + r.status().message() + "\n";
        }
    }
    return out;
}

void Check(const std::string& corpus_file, const std::string& source, const std::string& snapshot) {
    const std::string path = std::string(DBB_SOURCE_DIR) + "/tests/transpile/snapshot/" + snapshot;
    const std::string now = Render(corpus_file, source);
    if (const char* update = std::getenv("DBB_UPDATE_SNAPSHOT"); update && std::string(update) == "1") {
        std::ofstream(path) << now;
        return;
    }
    const std::string before = ReadFile(path);
    ASSERT_FALSE(before.empty()) << path << " is missing: run with DBB_UPDATE_SNAPSHOT=1";
    if (now == before) {
        return;
    }
    // Report the first differing section, which is what a reviewer needs to see.
    std::istringstream a(before);
    std::istringstream b(now);
    std::string la;
    std::string lb;
    std::string header;
    int line = 0;
    while (true) {
        bool ga = static_cast<bool>(std::getline(a, la));
        bool gb = static_cast<bool>(std::getline(b, lb));
        ++line;
        if (!ga && !gb) {
            break;
        }
        if (gb && lb.rfind("== ", 0) == 0) {
            header = lb;
        }
        if (ga != gb || la != lb) {
            FAIL() << snapshot << " differs at line " << line << " (" << header << ")\n  was: " << la
                   << "\n  now: " << lb << "\nIf intended: DBB_UPDATE_SNAPSHOT=1 and review the diff.";
        }
    }
}

TEST(TranspileSnapshot, OracleCorpusTranslationsAreUnchanged) {
    Check("oracle.corpus", "ORACLE", "oracle.txt");
}

TEST(TranspileSnapshot, MySqlCorpusTranslationsAreUnchanged) {
    Check("mysql.corpus", "MYSQL", "mysql.txt");
}

}  // namespace
}  // namespace dbbridge::sql
