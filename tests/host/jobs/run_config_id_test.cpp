// `dbbridge run --config-id N` runs a saved config through the job service and records the run.
#include <gtest/gtest.h>
#include <sys/wait.h>

#include <array>
#include <cstdio>
#include <ctime>

#include "tests/support/host_process.h"
#include "tests/support/run_command.h"

namespace dbbridge::testing {
namespace {

TEST(RunConfigIdTest, RunsTheSavedConfigAndRecordsIt) {
    HostProcess host;
    ASSERT_TRUE(host.Start()) << host.output();
    auto saved = host.Post("/api/config/save", R"({"config_name": "cli-run", "content": {"job": {
        "setting": {"speed": {"channel": 1}}, "content": [{
        "reader": {"name": "streamreader", "parameter": {"sliceRecordCount": 5,
                   "column": [{"type": "long", "value": "7"}]}},
        "writer": {"name": "streamwriter", "parameter": {"print": false}}}]}}})");
    ASSERT_EQ(saved.code(), 0) << saved.body;
    auto id = saved.json->getObject("data")->getValue<std::int64_t>("id");

    std::string cmd = "cd " + host.work_dir() + " && " + DBB_HOST_BINARY + " --config " + host.config_path() +
                      " run --config-id " + std::to_string(id) + " 2>&1";
    FILE* p = popen(cmd.c_str(), "r");
    std::string out;
    std::array<char, 4096> buf{};
    std::size_t n = 0;
    while ((n = fread(buf.data(), 1, buf.size(), p)) > 0) {
        out.append(buf.data(), n);
    }
    int status = pclose(p);
    ASSERT_TRUE(WIFEXITED(status));
    EXPECT_EQ(WEXITSTATUS(status), 0) << out;
    EXPECT_NE(out.find("读出记录总数                    :                   5"), std::string::npos) << out;

    auto logs = host.Get("/api/config/logs?configId=" + std::to_string(id) + "&page=1&pageSize=10");
    ASSERT_EQ(logs.code(), 0) << logs.body;
    EXPECT_NE(logs.body.find("\"succeeded\""), std::string::npos) << logs.body;

    cmd = std::string(DBB_HOST_BINARY) + " --config " + host.config_path() + " run --config-id 999999 2>&1";
    p = popen(cmd.c_str(), "r");
    out.clear();
    while ((n = fread(buf.data(), 1, buf.size(), p)) > 0) {
        out.append(buf.data(), n);
    }
    status = pclose(p);
    EXPECT_EQ(WEXITSTATUS(status), 1) << out;
    EXPECT_NE(out.find("999999"), std::string::npos) << out;
}


// run --config-id gets -p values and the built-ins of a scheduled run, through the same code as
// POST /api/config/exec, now or as of a given fire time (a backfill); a number field may be a
// parameter.
TEST(RunConfigIdTest, TakesDashPAndTheBuiltInParameters) {
    HostProcess host;
    ASSERT_TRUE(host.Start()) << host.output();
    auto saved = host.Post("/api/config/save", R"({"config_name": "cli-params", "content": {"job": {
        "setting": {"speed": {"channel": 1}}, "content": [{
        "reader": {"name": "streamreader", "parameter": {"sliceRecordCount": "${n}",
                   "column": [{"type": "string", "value": "day-${bizdate:yyyyMMdd}-${last_success_time}"}]}},
        "writer": {"name": "streamwriter", "parameter": {"print": true}}}]}}})");
    ASSERT_EQ(saved.code(), 0) << saved.body;
    const std::string run = "--config " + host.config_path() + " run --config-id " +
                            std::to_string(saved.json->getObject("data")->getValue<std::int64_t>("id"));
    auto now = RunDbbridge(run + " --time-zone Asia/Shanghai -p '-Dn=3'", host.work_dir());
    EXPECT_EQ(now.exit_code, 0) << now.output;
    EXPECT_NE(now.output.find("读出记录总数                    :                   3"), std::string::npos) << now.output;
    const std::time_t yesterday = std::time(nullptr) + 8 * 3600 - 24 * 3600;  // Shanghai, no DST
    std::tm tm{};
    char day[16];
    std::strftime(day, sizeof day, "%Y%m%d", gmtime_r(&yesterday, &tm));
    const std::string line = std::string("day-") + day + "-1970-01-01 00:00:00";
    EXPECT_NE(now.output.find(line), std::string::npos) << now.output;

    auto backfill = RunDbbridge(run + " --fire-time 2026-11-02 -p '-Dn=1'", host.work_dir());
    EXPECT_EQ(backfill.exit_code, 0) << backfill.output;
    EXPECT_NE(backfill.output.find("day-20261101-"), std::string::npos) << backfill.output;
    EXPECT_EQ(backfill.output.find("1970-01-01 00:00:00"), std::string::npos)
        << "the first run succeeded since: " << backfill.output;
}

}  // namespace
}  // namespace dbbridge::testing
