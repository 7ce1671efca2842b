#pragma once
// A DatasourceService over an in-memory metadata store, a fixed test key and the real plugins
// built into DBB_PLUGIN_BUILD_DIR (loading them needs no server).

#include <gtest/gtest.h>

#include "core/datasource/datasource_service.h"
#include "core/store/project_repository.h"
#include "core/store/store_connectors.h"

namespace dbbridge::core::testing {

class ServiceFixture : public ::testing::Test {
protected:
    static void SetUpTestSuite() {
        registry_ = new PluginRegistry();
        registry_->LoadDirectory(DBB_PLUGIN_BUILD_DIR);
    }
    static void TearDownTestSuite() {
        delete registry_;
        registry_ = nullptr;
    }

    void SetUp() override {
        ASSERT_NE(registry_->Find("MYSQL"), nullptr) << "mysql plugin not loaded from " DBB_PLUGIN_BUILD_DIR;
        ASSERT_NE(registry_->Find("POSTGRESQL"), nullptr) << "postgres plugin not loaded from " DBB_PLUGIN_BUILD_DIR;
        RegisterStoreConnectors();
        auto store = MetadataStore::Open("sqlite::memory:");
        ASSERT_TRUE(store.ok()) << store.status().message();
        store_ = std::move(store.value());
        box_ = SecretBox::FromKey(std::string(SecretBox::kKeySize, 's')).value();
        service_ = std::make_unique<DatasourceService>(*store_, *box_, *registry_);
        // Valid() puts datasources into project p1: saving there needs membership.
        ProjectRepository projects(*store_);
        ProjectRow p1;
        p1.name = "p1";
        auto id = projects.Insert(p1);
        ASSERT_TRUE(id.ok()) << id.status().message();
        ASSERT_TRUE(projects.AddMember(*id, "alice").ok());
    }

    static Datasource Valid(const std::string& name = "my-main") {
        Datasource ds;
        ds.source_name = name;
        ds.description = "test";
        ds.db_type = "mysql";
        ds.host = "127.0.0.1";
        ds.port = 13306;
        ds.db_name = "app";
        ds.username = "app";
        ds.password = "app-secret";
        ds.project = "p1";
        ds.uid = "alice";
        return ds;
    }

    static PluginRegistry* registry_;
    std::unique_ptr<MetadataStore> store_;
    std::unique_ptr<SecretBox> box_;
    std::unique_ptr<DatasourceService> service_;
};

inline PluginRegistry* ServiceFixture::registry_ = nullptr;

}  // namespace dbbridge::core::testing
