// `dbbridge run JOB.json` as a DataX user sees it: output, summary and exit codes of the real binary.
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <array>
#include <chrono>
#include <cstdio>
#include <fstream>
#include <sstream>
#include <thread>

namespace {

struct Run {
    int exit_code = -1;
    std::string output;
};

std::string WriteJob(const std::string& name, const std::string& json) {
    std::string path = "/tmp/dbbridge-run-cli-" + name + ".json";
    std::ofstream(path) << json;
    return path;
}

Run RunHost(const std::string& args) {
    std::string cmd = std::string("cd /tmp && ") + DBB_HOST_BINARY + " " + args + " 2>&1";
    Run r;
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

const char* kStreamJob = R"({"job":{"setting":{"speed":{"channel":2}},"content":[{
  "reader":{"name":"streamreader","parameter":{"sliceRecordCount":${count},
    "column":[{"type":"long","value":"10"},{"type":"string","value":"hello，你好，世界-DataX"}]}},
  "writer":{"name":"streamwriter","parameter":{"encoding":"UTF-8","print":${print}}}}]}})";

TEST(RunCliTest, StreamJobPrintsRecordsSummaryAndExitsZero) {
    auto job = WriteJob("ok", kStreamJob);
    auto r = RunHost("run " + job + " -p \"-Dcount=3 -Dprint=true\"");
    EXPECT_EQ(r.exit_code, 0) << r.output;
    std::size_t lines = 0;
    for (std::size_t pos = 0; (pos = r.output.find("10\thello，你好，世界-DataX\n", pos)) != std::string::npos; ++pos) {
        ++lines;
    }
    EXPECT_EQ(lines, 6u) << r.output;  // sliceRecordCount per task, one task per channel
    for (const char* label : {"任务启动时刻", "任务结束时刻", "任务总计耗时", "任务平均流量", "记录写入速度",
                              "读出记录总数                    :                   6",
                              "读写失败总数                    :                   0"}) {
        EXPECT_NE(r.output.find(label), std::string::npos) << label << "\n" << r.output;
    }
}

TEST(RunCliTest, InvalidJobFailsWithJsonPathAndExitOne) {
    auto job = WriteJob("bad", R"({"job":{"setting":{"speed":{"channel":1}},"content":[{"reader":{"name":"nosuchreader","parameter":{}},
      "writer":{"name":"streamwriter","parameter":{}}}]}})");
    auto r = RunHost("run " + job);
    EXPECT_EQ(r.exit_code, 1) << r.output;
    EXPECT_NE(r.output.find("job.content[0].reader.name"), std::string::npos) << r.output;
    EXPECT_NE(r.output.find("streamreader"), std::string::npos) << r.output;  // lists what is available
}

TEST(RunCliTest, UnresolvedParameterIsNamed) {
    auto job = WriteJob("param", kStreamJob);
    auto r = RunHost("run " + job + " -p \"-Dcount=3\"");
    EXPECT_EQ(r.exit_code, 1) << r.output;
    EXPECT_NE(r.output.find("print"), std::string::npos) << r.output;
}

TEST(RunCliTest, MissingFileAndMissingArgument) {
    auto missing = RunHost("run /nonexistent/job.json");
    EXPECT_EQ(missing.exit_code, 1) << missing.output;
    EXPECT_NE(missing.output.find("/nonexistent/job.json"), std::string::npos) << missing.output;
    // datax.py prints its help and exits with RET_STATE["FAIL"] (-1, i.e. 255) without a job file.
    auto none = RunHost("run");
    EXPECT_EQ(none.exit_code, 255) << none.output;
    EXPECT_NE(none.output.find("Usage: run [OPTIONS] [job]"), std::string::npos) << none.output;
    auto bad = RunHost("run --no-such-option x.json");
    EXPECT_EQ(bad.exit_code, 2) << bad.output;  // optparse's error exit, as datax.py
}

TEST(RunCliTest, SigtermStopsTheJobWithExit143) {
    auto job = WriteJob("long", R"({"core":{"transport":{"channel":{"speed":{"record":1000}}}},"job":{"setting":{"speed":{"channel":1,"record":1000}},"content":[{
      "reader":{"name":"streamreader","parameter":{"sliceRecordCount":100000000,
        "column":[{"type":"long","value":"1"}]}},
      "writer":{"name":"streamwriter","parameter":{"print":false}}}]}})");
    std::string log = "/tmp/dbbridge-run-cli-long.log";
    pid_t pid = fork();
    if (pid == 0) {
        FILE* f = freopen(log.c_str(), "w", stdout);
        (void)f;
        dup2(1, 2);
        execl(DBB_HOST_BINARY, DBB_HOST_BINARY, "run", job.c_str(), static_cast<char*>(nullptr));
        _exit(127);
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(1500));
    auto start = std::chrono::steady_clock::now();
    kill(pid, SIGTERM);
    int status = 0;
    waitpid(pid, &status, 0);
    EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(5));
    ASSERT_TRUE(WIFEXITED(status));
    EXPECT_EQ(WEXITSTATUS(status), 143);
    std::stringstream out;
    out << std::ifstream(log).rdbuf();
    EXPECT_NE(out.str().find("读出记录总数"), std::string::npos) << out.str();  // says how far it got
}

}  // namespace
