// docs/datax-compatibility.md against the engine's key table (core/engine/job_keys.cpp): every key
// the engine knows has a row with a status, and every row names a key the engine knows.
#include <gtest/gtest.h>

#include <fstream>
#include <map>
#include <regex>
#include <set>
#include <sstream>

#include "core/engine/job_keys.h"

namespace dbbridge::core::engine {
namespace {

using Rows = std::map<std::string, std::map<std::string, std::string>>;  // plugin ("" = job) -> key -> status

std::string Doc() {
    std::ifstream in(std::string(DBB_SOURCE_DIR) + "/docs/datax-compatibility.md");
    std::stringstream s;
    s << in.rdbuf();
    return s.str();
}

// Reads the key tables: a "## " heading names the plugins its rows apply to ("Job settings": the
// job file), a "<plugin> only:" line narrows them to one plugin.
Rows ParseRows(const std::string& doc) {
    const auto plugins = KnownKeyPlugins();
    Rows rows;
    std::vector<std::string> current;
    std::istringstream in(doc);
    std::string line;
    static const std::regex row(R"(^\| `([^`]+)` \| ([a-z ]+) \|)");
    while (std::getline(in, line)) {
        if (line.rfind("## ", 0) == 0) {
            current.clear();
            if (line == "## Job settings") {
                current.push_back("");
            }
            for (const auto& p : plugins) {
                if (std::regex_search(line, std::regex("\\b" + p + "\\b"))) {
                    current.push_back(p);
                }
            }
            continue;
        }
        if (line.size() > 6 && line.compare(line.size() - 6, 6, " only:") == 0) {
            current = {line.substr(0, line.size() - 6)};
            continue;
        }
        std::smatch m;
        if (std::regex_search(line, m, row)) {
            std::string key = std::regex_replace(m[1].str(), std::regex(R"(\[[0-9.]*\])"), "");
            for (const auto& p : current) {
                rows[p][key] = m[2].str();
            }
        }
    }
    return rows;
}

TEST(DataxCompatibilityDocTest, EveryKnownKeyHasAStatusAndEveryRowIsAKnownKey) {
    const std::set<std::string> statuses = {"honoured", "extension", "refused", "not applicable", "not applied"};
    Rows rows = ParseRows(Doc());
    std::vector<std::string> plugins = KnownKeyPlugins();
    plugins.push_back("");
    for (const auto& plugin : plugins) {
        SCOPED_TRACE("plugin: " + (plugin.empty() ? std::string("(job file)") : plugin));
        std::set<std::string> known;
        for (const auto& key : KnownKeyPaths(plugin)) {
            known.insert(key);
            auto it = rows[plugin].find(key);
            ASSERT_NE(it, rows[plugin].end()) << "no row for " << key;
            EXPECT_TRUE(statuses.count(it->second)) << key << ": status \"" << it->second << "\"";
        }
        for (const auto& [key, status] : rows[plugin]) {
            if (key == "job.content") {
                continue;  // the "job.content[1..]" row: entries the engine ignores on purpose
            }
            EXPECT_TRUE(known.count(key)) << "row for unknown key " << key;
        }
    }
}

}  // namespace
}  // namespace dbbridge::core::engine
