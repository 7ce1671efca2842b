// GET /api/openapi.json describes every route the router knows, and nothing the router lacks.
// (The browser tests in tests/web validate real responses against its schemas with ajv.)
#include <Poco/JSON/Object.h>
#include <Poco/JSON/Parser.h>
#include <gtest/gtest.h>
#include <stdlib.h>

#include <algorithm>
#include <cctype>
#include <filesystem>
#include <set>
#include <sstream>

#include "host/app.h"
#include "host/openapi/openapi_document.h"

namespace dbbridge::host {
namespace {

Poco::JSON::Object::Ptr Document() {
    Poco::JSON::Parser parser;
    return parser.parse(OpenApiDocument()).extract<Poco::JSON::Object::Ptr>();
}

std::string Lower(std::string s) {
    std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return std::tolower(c); });
    return s;
}

class OpenApiTest : public ::testing::Test {
protected:
    void SetUp() override {
        char tmpl[] = "/tmp/dbbridge-openapi-XXXXXX";
        ASSERT_NE(::mkdtemp(tmpl), nullptr);
        dir_ = tmpl;
        core::AppConfig config;
        config.store.url = "sqlite:" + dir_ + "/store.db";
        config.security.key_file = dir_ + "/key";
        config.paths.jobs = dir_ + "/jobs";
        config.paths.logs = dir_ + "/logs";
        config.paths.files = dir_ + "/files";
        config.plugins.dir = DBB_PLUGIN_BUILD_DIR;
        app_ = std::make_unique<App>(config);
        std::ostringstream log;
        auto st = app_->Init(log);
        ASSERT_TRUE(st.ok()) << st.message() << log.str();
    }
    void TearDown() override {
        app_.reset();
        std::filesystem::remove_all(dir_);
    }
    std::string dir_;
    std::unique_ptr<App> app_;
};

TEST_F(OpenApiTest, IsOpenApi31) {
    auto doc = Document();
    EXPECT_EQ(doc->getValue<std::string>("openapi"), "3.1.0");
    EXPECT_TRUE(doc->getObject("info")->has("version"));
}

TEST_F(OpenApiTest, EveryRouteIsDescribedAndEveryDescribedRouteExists) {
    auto paths = Document()->getObject("paths");
    std::set<std::string> routed;
    for (const auto& [method, path] : app_->router().Routes()) {
        routed.insert(Lower(method) + " " + path);
        auto item = paths->getObject(path);
        ASSERT_TRUE(item) << method << " " << path << " is not in host/openapi/openapi.json";
        auto op = item->getObject(Lower(method));
        ASSERT_TRUE(op) << method << " " << path << " is not in host/openapi/openapi.json";
        EXPECT_TRUE(op->has("summary")) << method << " " << path;
        EXPECT_TRUE(op->getObject("responses")) << method << " " << path;
    }
    for (const auto& path : paths->getNames()) {
        for (const auto& method : paths->getObject(path)->getNames()) {
            EXPECT_TRUE(routed.count(method + " " + path)) << method << " " << path << " is described but not routed";
        }
    }
}

TEST_F(OpenApiTest, EveryReferencedSchemaIsDefined) {
    const std::string& text = OpenApiDocument();
    auto schemas = Document()->getObject("components")->getObject("schemas");
    const std::string marker = "#/components/schemas/";
    for (auto at = text.find(marker); at != std::string::npos; at = text.find(marker, at + 1)) {
        auto end = text.find('"', at);
        std::string name = text.substr(at + marker.size(), end - at - marker.size());
        EXPECT_TRUE(schemas->has(name)) << "$ref to undefined schema " << name;
    }
}

}  // namespace
}  // namespace dbbridge::host
