#include "core/plugin/plugin_registry.h"

#include <gtest/gtest.h>

namespace dbbridge::core {
namespace {

const PluginReport* ReportFor(const PluginRegistry& registry, const std::string& file_part) {
    for (const auto& r : registry.Reports()) {
        if (r.file.find(file_part) != std::string::npos) {
            return &r;
        }
    }
    return nullptr;
}

TEST(PluginRegistryTest, LoadsGoodPluginAndSkipsBadOnesWithReasons) {
    PluginRegistry registry;
    registry.LoadDirectory(DBB_TEST_PLUGIN_DIR);

    const auto* good = ReportFor(registry, "libdbbridge_good_plugin.so");
    ASSERT_NE(good, nullptr);
    EXPECT_TRUE(good->loaded) << good->error;
    EXPECT_EQ(good->name, "good_fixture");
    EXPECT_EQ(good->abi_version, sdk::kAbiVersion);

    const auto* wrong = ReportFor(registry, "libdbbridge_wrong_abi_plugin.so");
    ASSERT_NE(wrong, nullptr);
    EXPECT_FALSE(wrong->loaded);
    EXPECT_NE(wrong->error.find("ABI version " + std::to_string(sdk::kAbiVersion + 41)), std::string::npos)
        << wrong->error;

    const auto* junk = ReportFor(registry, "libdbbridge_not_a_plugin.so");
    ASSERT_NE(junk, nullptr);
    EXPECT_FALSE(junk->loaded);
    EXPECT_FALSE(junk->error.empty());

    const auto* null_factory = ReportFor(registry, "libdbbridge_null_factory_plugin.so");
    ASSERT_NE(null_factory, nullptr);
    EXPECT_FALSE(null_factory->loaded);
    EXPECT_NE(null_factory->error.find("factory returned no plugin"), std::string::npos);

    // Options it declares wrongly: refused as a whole, its dialect not served.
    const auto* bad_options = ReportFor(registry, "libdbbridge_bad_options_plugin.so");
    ASSERT_NE(bad_options, nullptr);
    EXPECT_FALSE(bad_options->loaded);
    EXPECT_EQ(bad_options->error,
              "dialect BAD_OPTIONS declares its datasource options wrongly: option name 'Token' must be lower-case "
              "letters, digits and '_', starting with a letter (at most 64)");
    EXPECT_EQ(registry.Find("BAD_OPTIONS"), nullptr);
    EXPECT_NE(registry.Find("OPTIONS_FIXTURE"), nullptr);
}

TEST(PluginRegistryTest, MissingDirectoryIsReportedNotFatal) {
    PluginRegistry registry;
    registry.LoadDirectory("/nonexistent/dbbridge/plugins");
    ASSERT_EQ(registry.Reports().size(), 1u);
    EXPECT_FALSE(registry.Reports()[0].loaded);
    EXPECT_EQ(registry.Find("MYSQL"), nullptr);
}

TEST(PluginRegistryTest, RealPluginsServeTheirDialects) {
    PluginRegistry registry;
    registry.LoadDirectory(DBB_PLUGIN_BUILD_DIR);
    for (const auto& r : registry.Reports()) {
        EXPECT_TRUE(r.loaded) << r.file << ": " << r.error;
    }
    ASSERT_NE(registry.Find("mysql"), nullptr);
    EXPECT_EQ(registry.Find("mysql")->Name(), "MYSQL");
    ASSERT_NE(registry.Find("POSTGRESQL"), nullptr);
    for (const char* variant : {"LIGHTDB_ORACLE", "GAUSSDB_ORACLE", "GAUSSDB500_ORACLE"}) {
        EXPECT_NE(registry.Find(variant), nullptr) << variant;
    }
    EXPECT_EQ(registry.FindByDataxName("mysqlreader"), registry.Find("MYSQL"));
    EXPECT_EQ(registry.FindByDataxName("postgresqlwriter"), registry.Find("POSTGRESQL"));
    EXPECT_EQ(registry.FindByJdbcUrl("jdbc:mysql://h:3306/db"), registry.Find("MYSQL"));
    EXPECT_EQ(registry.FindByJdbcUrl("jdbc:postgresql://h/db"), registry.Find("POSTGRESQL"));
}

}  // namespace
}  // namespace dbbridge::core
