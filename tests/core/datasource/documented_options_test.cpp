// docs/databases.md documents every datasource option exactly as the plugins declare it: the table
// between the "datasource-options" markers is rendered here from the declarations and must match.
// When it fails, paste the table it prints into the docs.

#include <algorithm>
#include <fstream>
#include <sstream>

#include "tests/core/datasource/service_fixture.h"

namespace dbbridge::core::testing {
namespace {

std::string TypeText(const sdk::OptionSpec& o) {
    switch (o.type) {
        case sdk::OptionType::kInteger:
            return "integer " + std::to_string(o.min_value) + "–" + std::to_string(o.max_value);
        case sdk::OptionType::kChoice: {
            std::string out = "one of";
            for (const auto& v : o.allowed_values) {
                out += (out == "one of" ? " `" : ", `") + v + "`";
            }
            return out;
        }
        default: return sdk::OptionTypeName(o.type);
    }
}

std::string Row(const sdk::OptionSpec& o) {
    std::string meaning = o.description;
    if (o.secret) {
        meaning += "; may hold a credential (masked in forms)";
    }
    if (o.locates_server) {
        meaning += "; replaces host";
    }
    return "`" + o.name + "` | " + TypeText(o) + " | " + (o.default_value.empty() ? "" : "`" + o.default_value + "`") +
           " | " + meaning + " |";
}

// One line per distinct declaration, naming the dialects that share it (in dialect order).
std::string RenderTable(const PluginRegistry& registry, const DatasourceService& service) {
    std::vector<std::string> rows;
    std::vector<std::vector<std::string>> dialects;
    for (const auto& name : registry.DialectNames()) {
        for (const auto& o : service.OptionsOf(name)) {
            const std::string row = Row(o);
            auto it = std::find(rows.begin(), rows.end(), row);
            if (it == rows.end()) {
                rows.push_back(row);
                dialects.push_back({name});
            } else {
                dialects[it - rows.begin()].push_back(name);
            }
        }
    }
    std::string out = "| option | type | default | meaning | dialects |\n|---|---|---|---|---|\n";
    const std::size_t all = registry.DialectNames().size();
    for (std::size_t i = 0; i < rows.size(); ++i) {
        std::string names;
        for (const auto& d : dialects[i]) {
            names += (names.empty() ? "" : ", ") + d;
        }
        out += "| " + rows[i] + " " + (dialects[i].size() == all ? "all" : names) + " |\n";
    }
    return out;
}

std::string DocumentedTable() {
    std::ifstream in(std::string(DBB_SOURCE_DIR) + "/docs/databases.md");
    std::stringstream text;
    text << in.rdbuf();
    const std::string doc = text.str();
    const std::string begin = "<!-- datasource-options:begin (generated; checked by documented_options_test) -->\n";
    const std::string end = "<!-- datasource-options:end -->";
    const auto b = doc.find(begin);
    const auto e = doc.find(end);
    if (b == std::string::npos || e == std::string::npos || e < b) {
        return "(markers not found in docs/databases.md)";
    }
    return doc.substr(b + begin.size(), e - b - begin.size());
}

class DocumentedOptionsTest : public ServiceFixture {};

TEST_F(DocumentedOptionsTest, DatabasesMdListsEveryDeclaredOptionAsDeclared) {
    ASSERT_NE(registry_->Find("ORACLE"), nullptr);
    const std::string expected = RenderTable(*registry_, *service_);
    EXPECT_EQ(DocumentedTable(), expected) << "paste this between the markers in docs/databases.md:\n" << expected;
}

}  // namespace
}  // namespace dbbridge::core::testing
