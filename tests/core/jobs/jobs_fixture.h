#pragma once
// A JobService over a temporary SQLite store, jobs and logs folders, a DatasourceService with a
// fixed key and the real plugins built into DBB_PLUGIN_BUILD_DIR. Stream jobs need no server.

#include <gtest/gtest.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <random>
#include <sstream>
#include <string>
#include <thread>

#include "core/datasource/datasource_service.h"
#include "core/jobs/job_service.h"
#include "core/secret/secret_box.h"
#include "core/store/store_connectors.h"

namespace dbbridge::core::testing {

inline std::string RandomTag() {
    static thread_local std::mt19937_64 rng{std::random_device{}()};
    static const char* kDigits = "abcdefghijklmnopqrstuvwxyz0123456789";
    std::string s;
    for (int i = 0; i < 8; ++i) {
        s += kDigits[rng() % 36];
    }
    return s;
}

inline std::string ReadAll(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    return std::string((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
}

// A streamreader -> streamwriter job: records rows at records_per_second (0: unthrottled).
inline std::string StreamJob(std::int64_t records, std::int64_t records_per_second = 0, int channel = 1) {
    std::string speed = "{\"channel\": " + std::to_string(channel);
    if (records_per_second > 0) {
        speed += ", \"record\": " + std::to_string(records_per_second);
    }
    speed += "}";
    // DataX needs the per-channel limit beside a job-level one (JobContainer#adjustChannelNumber).
    std::string core = records_per_second > 0 ? R"("core": {"transport": {"channel": {"speed": {"record": )" +
                                                    std::to_string(records_per_second / channel) + "}}}}, "
                                              : "";
    return "{" + core + R"("job": {"setting": {"speed": )" + speed + R"(},
        "content": [{"reader": {"name": "streamreader", "parameter": {"sliceRecordCount": )" +
           std::to_string(records) + R"(,
            "column": [{"type": "long", "value": "7"}, {"type": "string", "value": "流水"}]}},
          "writer": {"name": "streamwriter", "parameter": {"print": false}}}]}})";
}

class JobsFixture : public ::testing::Test {
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
        dir_ = std::filesystem::temp_directory_path() / ("dbb_jobs_" + RandomTag());
        std::filesystem::create_directories(dir_);
        RegisterStoreConnectors();
        auto store = MetadataStore::Open("sqlite:" + (dir_ / "meta.db").string());
        ASSERT_TRUE(store.ok()) << store.status().message();
        store_ = std::move(store.value());
        box_ = SecretBox::FromKey(std::string(SecretBox::kKeySize, 'k')).value();
        datasources_ = std::make_unique<DatasourceService>(*store_, *box_, *registry_);
    }

    void TearDown() override {
        jobs_.reset();
        datasources_.reset();
        store_.reset();
        std::error_code ec;
        std::filesystem::remove_all(dir_, ec);
    }

    JobServiceOptions Options(int max_concurrent = 2) const {
        JobServiceOptions o;
        o.jobs_dir = (dir_ / "jobs").string();
        o.logs_dir = (dir_ / "logs").string();
        o.files_dir = (dir_ / "files").string();
        o.max_concurrent_jobs = max_concurrent;
        o.progress_interval_ms = 200;
        return o;
    }

    void StartService(int max_concurrent = 2) {
        jobs_.reset();
        auto created = JobService::Create(*store_, *registry_, *datasources_, *box_, Options(max_concurrent));
        ASSERT_TRUE(created.ok()) << created.status().message();
        jobs_ = std::move(created.value());
    }

    std::int64_t SaveContent(const std::string& name, const std::string& content, const std::string& uid = "") {
        JobConfigRequest r;
        r.config_name = name;
        r.content = content;
        auto saved = jobs_->Save(r, uid);
        EXPECT_TRUE(saved.ok()) << saved.status().message();
        return saved.ok() ? saved->id : 0;
    }

    // Polls until the run has finished (or timeout); returns its last state.
    ExecLogRow WaitFinished(std::int64_t exec_id, int timeout_ms = 20000, const std::string& uid = "") {
        auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(timeout_ms);
        for (;;) {
            auto run = jobs_->Run(exec_id, uid);
            EXPECT_TRUE(run.ok()) << run.status().message();
            if (!run.ok() || IsFinished(run->status) || std::chrono::steady_clock::now() > deadline) {
                return run.ok() ? run.value() : ExecLogRow{};
            }
            std::this_thread::sleep_for(std::chrono::milliseconds(20));
        }
    }

    // Polls until the run is running and has logged a progress line.
    bool WaitRunning(std::int64_t exec_id, int timeout_ms = 10000) {
        auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(timeout_ms);
        while (std::chrono::steady_clock::now() < deadline) {
            auto run = jobs_->Run(exec_id, "");
            if (run.ok() && run->status == ExecStatus::kRunning &&
                ReadAll(run->log_path).find("Total ") != std::string::npos) {
                return true;
            }
            std::this_thread::sleep_for(std::chrono::milliseconds(20));
        }
        return false;
    }

    static PluginRegistry* registry_;
    std::filesystem::path dir_;
    std::unique_ptr<MetadataStore> store_;
    std::unique_ptr<SecretBox> box_;
    std::unique_ptr<DatasourceService> datasources_;
    std::unique_ptr<JobService> jobs_;
};

inline PluginRegistry* JobsFixture::registry_ = nullptr;

}  // namespace dbbridge::core::testing
