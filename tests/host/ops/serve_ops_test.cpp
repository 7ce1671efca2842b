// `dbbridge serve` as an operator runs it: port refusal, start-up summary, access log, SIGHUP,
// SIGTERM draining requests and stopping jobs, /metrics and health.
#include <Poco/Net/SocketAddress.h>
#include <Poco/Net/StreamSocket.h>
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/wait.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <thread>

#include "tests/support/host_process.h"
#include "tests/support/run_command.h"

namespace dbbridge::testing {
namespace {

bool Contains(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

// The plugins the build made (the host loads them all).
int BuiltPlugins() {
    int n = 0;
    for (const auto& e : std::filesystem::directory_iterator(DBB_PLUGIN_BUILD_DIR)) {
        n += e.path().extension() == ".so" ? 1 : 0;
    }
    return n;
}

std::string ReadAll(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    return std::string((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
}

// Polls until text() contains part (5 s at most).
template <typename F>
bool Eventually(F text, const std::string& part) {
    for (int i = 0; i < 100; ++i) {
        if (Contains(text(), part)) {
            return true;
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
    return false;
}

std::string StreamJob(const std::string& name, std::int64_t records) {
    return R"({"config_name": ")" + name + R"(", "content": {"core": {"transport": {"channel": {"speed": {"record": 2000}}}},
        "job": {"setting": {"speed": {"channel": 1, "record": 2000}},
        "content": [{"reader": {"name": "streamreader", "parameter": {"sliceRecordCount": )" +
           std::to_string(records) + R"(, "column": [{"type": "long", "value": "1"}]}},
        "writer": {"name": "streamwriter", "parameter": {"print": false}}}]}}})";
}

std::int64_t DataId(const HttpReply& r) {
    EXPECT_EQ(r.code(), 0) << r.body;
    auto data = r.json ? r.json->getObject("data") : nullptr;
    return data && data->has("id") ? data->getValue<std::int64_t>("id") : 0;
}

// The run's row as /api/config/logs lists it (null when it is not listed).
Poco::JSON::Object::Ptr RunRow(const HostProcess& host, std::int64_t config_id, std::int64_t exec_id) {
    auto r = host.Get("/api/config/logs?configId=" + std::to_string(config_id) + "&page=1&pageSize=10");
    auto items = r.json && r.json->getObject("data") ? r.json->getObject("data")->getArray("items") : nullptr;
    for (std::size_t k = 0; items && k < items->size(); ++k) {
        auto row = items->getObject(static_cast<unsigned>(k));
        if (row->getValue<std::int64_t>("id") == exec_id) {
            return row;
        }
    }
    return nullptr;
}

// The run's "status: exit reason", polled until the status is one of wanted (10 s at most).
std::string RunStatus(const HostProcess& host, std::int64_t config_id, std::int64_t exec_id,
                      const std::vector<std::string>& wanted) {
    std::string status;
    for (int i = 0; i < 200; ++i) {
        if (auto row = RunRow(host, config_id, exec_id)) {
            status = row->optValue<std::string>("status", "") + ": " + row->optValue<std::string>("exitReason", "");
        }
        for (const auto& w : wanted) {
            if (status.rfind(w + ":", 0) == 0) {
                return status;
            }
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
    return status;
}

TEST(ServeOpsTest, ASecondServerOnTheSamePortIsRefused) {
    HostProcess first;
    ASSERT_TRUE(first.Start()) << first.output();
    const std::string cfg = first.work_dir() + "/second.yaml";
    std::ofstream(cfg) << "server:\n  port: " << first.port() << "\nstore:\n  url: sqlite:" << first.work_dir()
                       << "/second.db\n";
    auto second = RunDbbridge("serve --config " + cfg, first.work_dir());
    EXPECT_EQ(second.exit_code, 1) << second.output;
    EXPECT_TRUE(Contains(second.output, "cannot listen on 127.0.0.1:" + std::to_string(first.port()) +
                                            ": the port is already in use"))
        << second.output;
    EXPECT_FALSE(std::filesystem::exists(first.work_dir() + "/second.db"));  // refused before opening the store
    EXPECT_EQ(first.Get("/api/health/live").code(), 0);
}

TEST(ServeOpsTest, StartUpSummaryNamesVersionStorePluginsUiAndAddress) {
    HostProcess host("", DBB_TEST_PLUGIN_DIR);
    ASSERT_TRUE(host.Start()) << host.output();
    const std::string out = host.output();
    EXPECT_TRUE(Contains(out, "INFO  dbbridge 0.1.0 starting (pid ")) << out;
    EXPECT_TRUE(Contains(out, "INFO  store: sqlite:" + host.work_dir() + "/dbbridge.db")) << out;
    EXPECT_TRUE(Contains(out, "INFO  plugin loaded: good_fixture 1.0")) << out;
    EXPECT_TRUE(Contains(out, "WARN  dbbridge: plugin skipped: ")) << out;
    EXPECT_TRUE(Contains(out, "INFO  plugins: 2 loaded, 4 skipped")) << out;
    EXPECT_TRUE(Contains(out, "INFO  web UI: ")) << out;
    EXPECT_TRUE(Contains(out, "INFO  listening on http://127.0.0.1:" + std::to_string(host.port()) + "/")) << out;
}

TEST(ServeOpsTest, EveryRequestHasAnAccessLogLine) {
    HostProcess host;
    ASSERT_TRUE(host.Start()) << host.output();
    host.SetUid("alice");
    host.Get("/api/plugins?token=secret");
    host.Get("/api/nothing-here");
    auto out = [&host] { return host.output(); };
    EXPECT_TRUE(Eventually(out, "user=alice method=GET path=/api/plugins status=200 bytes=")) << host.output();
    EXPECT_TRUE(Eventually(out, "method=GET path=/api/nothing-here status=404 bytes=")) << host.output();
    EXPECT_TRUE(Contains(host.output(), " duration_ms=")) << host.output();
    EXPECT_FALSE(Contains(host.output(), "token=secret")) << "the query string is not logged";
}

TEST(ServeOpsTest, SighupReopensTheLogFilesAfterLogrotateMovedThem) {
    HostProcess host("log:\n  file: server.log\n  access_file: access.log\n  level: debug\n");
    ASSERT_TRUE(host.Start()) << host.output();
    const std::string dir = host.work_dir();
    host.Get("/api/health/live?before");
    auto access = [&dir] { return ReadAll(dir + "/access.log"); };
    ASSERT_TRUE(Eventually(access, "path=/api/health/live status=200")) << access();
    EXPECT_TRUE(Contains(ReadAll(dir + "/server.log"), "INFO  listening on")) << ReadAll(dir + "/server.log");
    std::filesystem::rename(dir + "/access.log", dir + "/access.log.1");
    std::filesystem::rename(dir + "/server.log", dir + "/server.log.1");
    host.Kill(SIGHUP);
    auto server = [&dir] { return ReadAll(dir + "/server.log"); };
    ASSERT_TRUE(Eventually(server, "log files reopened (SIGHUP)")) << host.output();
    host.Get("/api/plugins");
    EXPECT_TRUE(Eventually(access, "path=/api/plugins status=")) << access();
    EXPECT_FALSE(Contains(ReadAll(dir + "/access.log.1"), "/api/plugins"));
    EXPECT_EQ(host.Get("/api/health/live").code(), 0) << "SIGHUP must not stop the server";
}

TEST(ServeOpsTest, SigtermFinishesARequestInProgressThenExitsZero) {
    HostProcess host;
    ASSERT_TRUE(host.Start()) << host.output();
    // A body over ConnectionFront::kSmallBodyBytes goes to a worker before it has all arrived.
    const std::string body = R"({"from":"ORACLE","to":"POSTGRESQL","sql":"SELECT NVL(a, 1) FROM t -- )" +
                             std::string(20000, 'x') + R"("})";
    Poco::Net::StreamSocket socket(Poco::Net::SocketAddress("127.0.0.1", static_cast<Poco::UInt16>(host.port())));
    std::string head = "POST /api/sql/transpile HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                       "Connection: close\r\nContent-Length: " + std::to_string(body.size()) + "\r\n\r\n";
    std::string first_half = head + body.substr(0, 10);
    socket.sendBytes(first_half.data(), static_cast<int>(first_half.size()));
    std::this_thread::sleep_for(std::chrono::milliseconds(300));  // the request is being read
    host.Kill(SIGTERM);
    auto out = [&host] { return host.output(); };
    ASSERT_TRUE(Eventually(out, "shutting down: finishing requests in progress")) << host.output();
    std::string rest = body.substr(10);
    socket.sendBytes(rest.data(), static_cast<int>(rest.size()));
    std::string reply;
    char buf[4096];
    socket.setReceiveTimeout(Poco::Timespan(5, 0));
    for (int n = 0; (n = socket.receiveBytes(buf, sizeof buf)) > 0;) {
        reply.append(buf, static_cast<std::size_t>(n));
    }
    EXPECT_TRUE(Contains(reply, "HTTP/1.1 ")) << reply;
    EXPECT_EQ(reply.back(), '}') << "the whole reply arrived: " << reply;
    int status = host.Wait();
    EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0) << status;
    EXPECT_TRUE(Contains(host.output(), "INFO  stopped")) << host.output();
}

TEST(ServeOpsTest, SigtermStopsARunningJobLikeKillAndRecordsWhy) {
    HostProcess host;
    ASSERT_TRUE(host.Start()) << host.output();
    const std::int64_t config_id = DataId(host.Post("/api/config/save", StreamJob("long", 10000000)));
    const std::int64_t exec_id = DataId(host.Post("/api/config/exec?id=" + std::to_string(config_id), ""));
    ASSERT_EQ(RunStatus(host, config_id, exec_id, {"running"}), "running: ");
    host.Kill(SIGTERM);
    int status = host.Wait();
    EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0) << host.output();
    ASSERT_TRUE(host.Start()) << host.output();
    EXPECT_EQ(RunStatus(host, config_id, exec_id, {"interrupted"}),
              "interrupted: the host shut down during the run");
}

TEST(ServeOpsTest, MetricsCountRequestsRunsAndPlugins) {
    HostProcess host;
    ASSERT_TRUE(host.Start()) << host.output();
    const std::int64_t config_id = DataId(host.Post("/api/config/save", StreamJob("short", 100)));
    const std::int64_t exec_id = DataId(host.Post("/api/config/exec?id=" + std::to_string(config_id), ""));
    ASSERT_EQ(RunStatus(host, config_id, exec_id, {"succeeded"}), "succeeded: ");
    host.Get("/api/health/live");
    // The run's row says succeeded a moment before the finished run is counted.
    auto metrics = [&host] { return host.Get("/metrics").body; };
    EXPECT_TRUE(Eventually(metrics, "dbbridge_runs_total{status=\"succeeded\"} 1")) << metrics();
    auto m = host.Get("/metrics");
    EXPECT_EQ(m.http_status, 200);
    for (const char* line :
         {"dbbridge_http_requests_total{method=\"GET\",route=\"/api/health/live\",status=\"200\"} 1",
          "dbbridge_http_requests_total{method=\"POST\",route=\"/api/config/save\",status=\"200\"} 1",
          "dbbridge_http_request_duration_seconds_bucket{method=\"GET\",route=\"/api/health/live\",le=\"+Inf\"} 1",
          "dbbridge_runs_total{status=\"succeeded\"} 1", "dbbridge_run_records_total{kind=\"read\"} 100",
          "dbbridge_run_records_total{kind=\"written\"} 100", "dbbridge_run_duration_seconds_count{status=\"succeeded\"} 1",
          "dbbridge_plugins{state=\"failed\"} 0", "dbbridge_store_sessions_open ",
          "dbbridge_multiplex_idle_connections 0", "# TYPE dbbridge_run_bytes_total counter"}) {
        EXPECT_TRUE(Contains(m.body, line)) << line << "\n" << m.body;
    }
    EXPECT_TRUE(Contains(m.body, "dbbridge_plugins{state=\"loaded\"} " + std::to_string(BuiltPlugins()) + "\n"))
        << m.body;
}

TEST(ServeOpsTest, MultiplexRequestsAreCountedByReplyCode) {
    HostProcess host;
    ASSERT_TRUE(host.Start()) << host.output();
    host.Post("/multiplex/multiplex", "{}");  // no traceId: a seed-004 error code, HTTP 200
    auto m = host.Get("/metrics");
    EXPECT_TRUE(Contains(m.body, "dbbridge_multiplex_requests_total{code=\"")) << m.body;
    EXPECT_FALSE(Contains(m.body, "dbbridge_multiplex_requests_total{code=\"0\"}")) << m.body;
    EXPECT_TRUE(Contains(m.body, "dbbridge_multiplex_request_duration_seconds_count 1")) << m.body;
}

TEST(ServeOpsTest, HealthLiveAndReady) {
    HostProcess host;
    ASSERT_TRUE(host.Start()) << host.output();
    auto live = host.Get("/api/health/live");
    EXPECT_EQ(live.http_status, 200);
    auto ready = host.Get("/api/health/ready");
    EXPECT_EQ(ready.http_status, 200) << ready.body;
    EXPECT_TRUE(Contains(ready.body, R"("status":"ready","store":"ok","pluginsLoaded":)" +
                                         std::to_string(BuiltPlugins()) + R"(,"pluginsFailed":0)"))
        << ready.body;
}

TEST(ServeOpsTest, NotReadyWithoutPlugins) {
    const std::string empty_dir = "/tmp/dbbridge-ops-no-plugins";
    std::filesystem::create_directories(empty_dir);
    HostProcess host("", empty_dir);
    ASSERT_TRUE(host.Start()) << host.output();
    EXPECT_EQ(host.Get("/api/health/live").http_status, 200);
    auto ready = host.Get("/api/health/ready");
    EXPECT_EQ(ready.http_status, 503) << ready.body;
    EXPECT_EQ(ready.message(), "no plugin is loaded") << ready.body;
    EXPECT_TRUE(Contains(ready.body, R"("pluginsLoaded":0)")) << ready.body;
}

// A job printing records rows of about 60 bytes into its run log.
std::string PrintingJob(const std::string& name, std::int64_t records, const std::string& writer_extra = "") {
    return R"({"config_name": ")" + name + R"(", "content": {"job": {"setting": {"speed": {"channel": 1}},
        "content": [{"reader": {"name": "streamreader", "parameter": {"sliceRecordCount": )" +
           std::to_string(records) + R"(, "column": [{"type": "string",
            "value": "a printed row of the run log, long enough to fill it quickly"}]}},
        "writer": {"name": "streamwriter", "parameter": {"print": true)" + writer_extra + "}}}]}}}";
}

TEST(ServeOpsTest, ServerAndAccessLogsOnAFullDiskDoNotStopServing) {
    HostProcess host("log:\n  file: /dev/full\n  access_file: /dev/full\n  level: debug\n");  // ENOSPC
    ASSERT_TRUE(host.Start()) << host.output();
    for (int i = 0; i < 50; ++i) {
        ASSERT_EQ(host.Get("/api/plugins").code(), 0) << "request " << i;
    }
    const std::int64_t config_id = DataId(host.Post("/api/config/save", StreamJob("short", 100)));
    const std::int64_t exec_id = DataId(host.Post("/api/config/exec?id=" + std::to_string(config_id), ""));
    EXPECT_EQ(RunStatus(host, config_id, exec_id, {"succeeded", "failed"}), "succeeded: ");
    EXPECT_EQ(host.Get("/api/health/live").http_status, 200);
}

TEST(ServeOpsTest, ARunWhoseLogFillsTheDiskSucceedsAndItsRecordSaysTheLogIsIncomplete) {
    HostProcess host;
    host.SetFileSizeLimit(4 << 20);  // the run log below needs about 12 MiB
    ASSERT_TRUE(host.Start()) << host.output();
    const std::int64_t big = DataId(host.Post("/api/config/save", PrintingJob("big", 200000)));
    const std::int64_t big_run = DataId(host.Post("/api/config/exec?id=" + std::to_string(big), ""));
    ASSERT_EQ(RunStatus(host, big, big_run, {"succeeded", "failed"}), "succeeded: ") << host.output();
    auto row = RunRow(host, big, big_run);
    ASSERT_TRUE(row);
    EXPECT_EQ(row->getValue<std::int64_t>("records_written"), 200000) << "the rows were moved all the same";
    EXPECT_TRUE(Contains(row->getValue<std::string>("exec_result"),
                         "; run log incomplete: File too large (the file holds 4194304 bytes)"))
        << row->getValue<std::string>("exec_result");
    auto log = host.Get("/api/config/log?id=" + std::to_string(big_run) + "&limit=100");
    EXPECT_EQ(log.code(), 0) << log.body;  // what did reach the file stays readable

    // The next run gets its own file and a whole log: the host went on.
    const std::int64_t small = DataId(host.Post("/api/config/save", PrintingJob("small", 10)));
    const std::int64_t small_run = DataId(host.Post("/api/config/exec?id=" + std::to_string(small), ""));
    ASSERT_EQ(RunStatus(host, small, small_run, {"succeeded", "failed"}), "succeeded: ");
    EXPECT_FALSE(Contains(RunRow(host, small, small_run)->getValue<std::string>("exec_result"), "incomplete"));
}

TEST(ServeOpsTest, AStreamwriterFileThatFillsTheDiskFailsTheRunNamingTheFile) {
    HostProcess host;
    host.SetFileSizeLimit(4 << 20);
    ASSERT_TRUE(host.Start()) << host.output();
    const std::string files = host.work_dir() + "/var/files";
    const std::int64_t config_id = DataId(host.Post(
        "/api/config/save", PrintingJob("to-file", 200000, R"(, "path": ")" + files + R"(", "fileName": "rows.txt")")));
    const std::int64_t exec_id = DataId(host.Post("/api/config/exec?id=" + std::to_string(config_id), ""));
    const std::string status = RunStatus(host, config_id, exec_id, {"succeeded", "failed"});
    EXPECT_TRUE(Contains(status, "failed: ")) << status;
    EXPECT_TRUE(Contains(status, "cannot write " + files + "/rows.txt")) << status;
    EXPECT_TRUE(Contains(status, "File too large")) << status;
}

}  // namespace
}  // namespace dbbridge::testing
