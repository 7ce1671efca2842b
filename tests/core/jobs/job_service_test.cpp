// JobService with stream / txtfile jobs on the real engine: no database server needed.
#include <gtest/gtest.h>

#include "core/cluster/run_queue.h"
#include <sys/stat.h>

#include <algorithm>
#include <atomic>
#include <set>
#include <thread>

#include "core/jobs/datax_job_builder.h"
#include "core/jobs/run_log_stream.h"
#include "core/store/exec_log_repository.h"
#include "tests/core/jobs/jobs_fixture.h"

namespace dbbridge::core::testing {
namespace {

using sdk::StatusCode;
namespace fs = std::filesystem;

bool Contains(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

// True when text does not end inside a UTF-8 multi-byte sequence.
bool EndsOnCharBoundary(const std::string& text) {
    std::size_t i = text.size();
    std::size_t continuation = 0;
    while (i > 0 && (static_cast<unsigned char>(text[i - 1]) & 0xC0) == 0x80) {
        --i;
        ++continuation;
    }
    if (i == 0) {
        return continuation == 0;
    }
    unsigned char lead = static_cast<unsigned char>(text[i - 1]);
    std::size_t need = lead < 0x80 ? 0 : (lead >> 5) == 0x6 ? 1 : (lead >> 4) == 0xE ? 2 : 3;
    return continuation == need;
}

class JobServiceTest : public JobsFixture {
protected:
    void SetUp() override {
        JobsFixture::SetUp();
        if (!HasFatalFailure()) {
            StartService();
        }
    }
};

TEST_F(JobServiceTest, SaveWritesTheJobFileAndRecordsIt) {
    JobConfigRequest r;
    r.config_name = "订单 stream/copy";
    r.description = "stream to stream";
    r.content = StreamJob(10);
    auto saved = jobs_->Save(r, "");
    ASSERT_TRUE(saved.ok()) << saved.status().message();
    EXPECT_GT(saved->id, 0);
    EXPECT_EQ(saved->config_name, "订单 stream/copy");
    EXPECT_EQ(saved->description, "stream to stream");
    // <id>-<name>.json with the slash and blank made safe, inside the jobs folder.
    EXPECT_EQ(fs::path(saved->config_path).filename().string(), std::to_string(saved->id) + "-订单_stream_copy.json");
    EXPECT_EQ(fs::path(saved->config_path).parent_path(), fs::absolute(dir_ / "jobs"));
    EXPECT_EQ(ReadAll(saved->config_path), saved->content);
    EXPECT_TRUE(Contains(saved->content, "\"sliceRecordCount\"")) << saved->content;
    // Key order is the user's (job before content, reader before writer).
    EXPECT_LT(saved->content.find("\"reader\""), saved->content.find("\"writer\""));

    auto dup = jobs_->Save(r, "");
    EXPECT_EQ(dup.status().code(), StatusCode::kAlreadyExists);
    EXPECT_TRUE(Contains(dup.status().message(), "订单 stream/copy")) << dup.status().message();
    EXPECT_TRUE(jobs_->Save(r, "someone-else").ok()) << "names are unique per user";

    auto got = jobs_->Get(saved->id, "");
    ASSERT_TRUE(got.ok());
    EXPECT_EQ(got->content, saved->content);
    EXPECT_EQ(jobs_->Get(saved->id, "someone-else").status().code(), StatusCode::kNotFound);
    EXPECT_EQ(jobs_->Export(saved->id, "someone-else").status().code(), StatusCode::kNotFound);

    // A bare {"setting", "content"} job is wrapped in {"job": ...}.
    JobConfigRequest bare;
    bare.config_name = "bare";
    bare.content = R"({"setting": {"speed": {"channel": 1}}, "content": [{"reader": {"name": "streamreader",
        "parameter": {"sliceRecordCount": 1, "column": [{"type": "long", "value": "1"}]}},
        "writer": {"name": "streamwriter", "parameter": {"print": false}}}]})";
    auto wrapped = jobs_->Save(bare, "");
    ASSERT_TRUE(wrapped.ok()) << wrapped.status().message();
    EXPECT_EQ(wrapped->content.find("\"job\""), wrapped->content.find('"'));
}

TEST_F(JobServiceTest, SaveRejectsBadRequestsNamingTheField) {
    JobConfigRequest r;
    r.content = StreamJob(1);
    auto no_name = jobs_->Save(r, "");
    EXPECT_EQ(no_name.status().code(), StatusCode::kInvalidArgument);
    EXPECT_TRUE(Contains(no_name.status().message(), "config_name")) << no_name.status().message();

    r.config_name = "  ";
    EXPECT_TRUE(Contains(jobs_->Save(r, "").status().message(), "config_name"));
    r.config_name = std::string(129, 'x');
    EXPECT_TRUE(Contains(jobs_->Save(r, "").status().message(), "longer than 128"));
    r.config_name = std::string("\0x", 2);  // a C string would keep "" of it
    auto nul = jobs_->Save(r, "");
    EXPECT_EQ(nul.status().code(), StatusCode::kInvalidArgument);
    EXPECT_TRUE(Contains(nul.status().message(), "config_name")) << nul.status().message();
    r.config_name = "ok-name";
    r.description = std::string("a\0b", 3);
    auto nul_description = jobs_->Save(r, "");
    EXPECT_TRUE(Contains(nul_description.status().message(), "description")) << nul_description.status().message();
    r.description.reset();

    r.config_name = "bad";
    r.content = R"({"job": {"setting": {"speed": {"channel": 1}}, "content": [{"reader": {"parameter": {}},
        "writer": {"name": "streamwriter", "parameter": {}}}]}})";
    auto no_reader_name = jobs_->Save(r, "");
    EXPECT_EQ(no_reader_name.status().code(), StatusCode::kInvalidArgument);
    EXPECT_TRUE(Contains(no_reader_name.status().message(), "job.content[0].reader.name"))
        << no_reader_name.status().message();

    r.content = R"({"job": {"setting": {"speed": {"channel": 1}}, "content": [{"reader": {"name": "streamreader",
        "parameter": {"column": [{"type": "long", "value": "1"}]}},
        "writer": {"name": "streamwriter", "parameter": {}}}]}})";
    auto plugin_param = jobs_->Save(r, "");
    EXPECT_EQ(plugin_param.status().code(), StatusCode::kInvalidArgument);
    EXPECT_TRUE(Contains(plugin_param.status().message(), "sliceRecordCount")) << plugin_param.status().message();

    r.content = "{not json";
    auto not_json = jobs_->Save(r, "");
    EXPECT_EQ(not_json.status().code(), StatusCode::kInvalidArgument);
    EXPECT_TRUE(Contains(not_json.status().message(), "content")) << not_json.status().message();

    r.content = StreamJob(1);
    r.reader = JobSideRequest{};
    EXPECT_TRUE(Contains(jobs_->Save(r, "").status().message(), "either content"));

    JobConfigRequest generated;
    generated.config_name = "gen";
    generated.writer = JobSideRequest{};
    EXPECT_TRUE(Contains(jobs_->Save(generated, "").status().message(), "reader is required"));
    generated.reader = JobSideRequest{};
    auto no_ds = jobs_->Save(generated, "");
    EXPECT_TRUE(Contains(no_ds.status().message(), "reader.datasource_id")) << no_ds.status().message();
    generated.reader->datasource_id = 424242;
    auto missing_ds = jobs_->Save(generated, "");
    EXPECT_EQ(missing_ds.status().code(), StatusCode::kNotFound);
    EXPECT_TRUE(Contains(missing_ds.status().message(), "reader.datasource_id")) << missing_ds.status().message();

    // A user's content may not borrow another user's saved datasource.
    r.reader.reset();
    r.content = R"({"job": {"setting": {"speed": {"channel": 1}}, "content": [{"reader": {"name": "mysqlreader",
        "parameter": {"datasourceId": 31337, "column": ["id"], "connection": [{"table": ["t"]}]}},
        "writer": {"name": "streamwriter", "parameter": {}}}]}})";
    auto foreign = jobs_->Save(r, "");
    EXPECT_EQ(foreign.status().code(), StatusCode::kNotFound);
    EXPECT_TRUE(Contains(foreign.status().message(), "datasourceId")) << foreign.status().message();

    auto none = jobs_->List("");
    ASSERT_TRUE(none.ok());
    EXPECT_TRUE(none->empty()) << "nothing was saved by a failed request";
    EXPECT_TRUE(fs::is_empty(dir_ / "jobs"));
}

TEST_F(JobServiceTest, ExecReturnsAtOnceAndTheRunSucceedsWithItsLog) {
    auto id = SaveContent("stream-ok", StreamJob(5000));
    auto t0 = std::chrono::steady_clock::now();
    auto exec = jobs_->Exec(id, "");
    auto took = std::chrono::steady_clock::now() - t0;
    ASSERT_TRUE(exec.ok()) << exec.status().message();
    EXPECT_LT(took, std::chrono::milliseconds(500));

    auto run = WaitFinished(exec.value());
    EXPECT_EQ(run.status, ExecStatus::kSucceeded) << run.exit_reason;
    EXPECT_EQ(run.config_id, id);
    EXPECT_EQ(run.records_read, 5000);
    EXPECT_EQ(run.records_failed, 0);
    EXPECT_GT(run.bytes, 0);
    EXPECT_TRUE(run.exit_reason.empty()) << run.exit_reason;
    EXPECT_FALSE(run.start_time.empty());
    EXPECT_GE(run.end_time, run.start_time);

    std::string log = ReadAll(run.log_path);
    EXPECT_TRUE(Contains(log, "run " + std::to_string(run.id) + " of job config")) << log;
    EXPECT_TRUE(Contains(log, "读出记录总数")) << log;
    EXPECT_TRUE(Contains(log, "succeeded")) << log;

    // Tailing in small chunks gives back the whole log, never cutting a character in two.
    std::string tailed;
    std::int64_t offset = 0;
    for (int i = 0; i < 10000; ++i) {
        auto chunk = jobs_->Log(run.id, offset, 7, "");
        ASSERT_TRUE(chunk.ok()) << chunk.status().message();
        EXPECT_TRUE(EndsOnCharBoundary(chunk->text)) << chunk->text;
        tailed += chunk->text;
        EXPECT_EQ(chunk->next_offset, offset + static_cast<std::int64_t>(chunk->text.size()));
        offset = chunk->next_offset;
        if (chunk->finished) {
            break;
        }
    }
    EXPECT_EQ(tailed, log);
    auto past = jobs_->Log(run.id, offset + 1, 0, "");
    EXPECT_EQ(past.status().code(), StatusCode::kInvalidArgument);
    EXPECT_TRUE(Contains(past.status().message(), "offset")) << past.status().message();
    EXPECT_EQ(jobs_->Log(run.id, 0, 0, "intruder").status().code(), StatusCode::kNotFound);

    auto logs = jobs_->Logs(id, 1, 10, "");
    ASSERT_TRUE(logs.ok());
    EXPECT_EQ(logs->total, 1);
    EXPECT_EQ(logs->items[0].id, run.id);
}

TEST_F(JobServiceTest, AFailingJobEndsFailedWithTheReasonInItsLog) {
    const std::string missing = (dir_ / "files" / "no-such-input.csv").string();
    auto id = SaveContent("missing-file", R"({"job": {"setting": {"speed": {"channel": 1}}, "content": [{
        "reader": {"name": "txtfilereader", "parameter": {"path": [")" +
                                              missing + R"("],
            "column": [{"index": 0, "type": "long"}], "fieldDelimiter": ","}},
        "writer": {"name": "streamwriter", "parameter": {"print": false}}}]}})");
    auto exec = jobs_->Exec(id, "");
    ASSERT_TRUE(exec.ok()) << exec.status().message();
    auto run = WaitFinished(exec.value());
    EXPECT_EQ(run.status, ExecStatus::kFailed);
    EXPECT_TRUE(Contains(run.exit_reason, "no-such-input.csv")) << run.exit_reason;
    std::string log = ReadAll(run.log_path);
    EXPECT_TRUE(Contains(log, "no-such-input.csv")) << log;
    EXPECT_TRUE(Contains(log, "failed")) << log;
}

TEST_F(JobServiceTest, ARunEndTheStoreRefusesIsTriedAgainThenSaidInTheRunsLog) {
    // The store refuses to record any run's end (a trigger): the run stays "running" in the store
    // (lease expiry or restart recovery finishes it) and its log says what happened and why.
    ASSERT_TRUE(store_
                    ->Run([](StoreSession& s) {
                        return s
                            .Execute("CREATE TRIGGER refuse_run_end BEFORE UPDATE OF status ON exec_log "
                                     "WHEN NEW.status NOT IN ('queued', 'running') "
                                     "BEGIN SELECT RAISE(ABORT, 'the store refuses run ends'); END")
                            .status();
                    })
                    .ok());
    auto id = SaveContent("end-refused", StreamJob(10));
    auto exec = jobs_->Exec(id, "");
    ASSERT_TRUE(exec.ok()) << exec.status().message();
    ExecLogRepository runs(*store_);
    std::string log;
    ExecLogRow row;
    for (int i = 0; i < 200 && !Contains(log, "did not record it"); ++i) {
        std::this_thread::sleep_for(std::chrono::milliseconds(50));
        auto got = runs.Get(exec.value());
        ASSERT_TRUE(got.ok()) << got.status().message();
        row = got.value();
        log = row.log_path.empty() ? "" : ReadAll(row.log_path);
    }
    EXPECT_TRUE(Contains(log, "ERROR dbbridge - run " + std::to_string(row.id) +
                                  " ended succeeded but the store did not record it ("))
        << log;
    EXPECT_TRUE(Contains(log, "3 tries); it shows as running until its lease expires or this host restarts")) << log;
    EXPECT_EQ(row.status, ExecStatus::kRunning);
}

TEST_F(JobServiceTest, KillStopsARunningJobWithinTwoSeconds) {
    auto id = SaveContent("slow", StreamJob(10000000, 2000));
    auto exec = jobs_->Exec(id, "");
    ASSERT_TRUE(exec.ok());
    ASSERT_TRUE(WaitRunning(exec.value())) << ReadAll(jobs_->Run(exec.value(), "")->log_path);

    auto t0 = std::chrono::steady_clock::now();
    auto killed = jobs_->Kill(exec.value(), "");
    auto took = std::chrono::steady_clock::now() - t0;
    ASSERT_TRUE(killed.ok()) << killed.status().message();
    EXPECT_EQ(killed->status, ExecStatus::kKilled);
    EXPECT_LT(took, std::chrono::seconds(2));
    EXPECT_EQ(killed->exit_reason, "killed by user");
    EXPECT_GT(killed->records_read, 0);
    EXPECT_LT(killed->records_read, 10000000);
    EXPECT_TRUE(Contains(ReadAll(killed->log_path), "killed")) << ReadAll(killed->log_path);

    auto again = jobs_->Kill(exec.value(), "");
    EXPECT_EQ(again.status().code(), StatusCode::kInvalidArgument);
    EXPECT_TRUE(Contains(again.status().message(), "already finished (killed)")) << again.status().message();
}

TEST_F(JobServiceTest, KillOfAQueuedRunTakesItOutOfTheQueue) {
    StartService(1);
    auto id = SaveContent("slow", StreamJob(10000000, 2000));
    auto first = jobs_->Exec(id, "").value();
    auto second = jobs_->Exec(id, "").value();
    ASSERT_TRUE(WaitRunning(first));
    EXPECT_EQ(jobs_->Run(second, "")->status, ExecStatus::kQueued);

    auto killed = jobs_->Kill(second, "");
    ASSERT_TRUE(killed.ok()) << killed.status().message();
    EXPECT_EQ(killed->status, ExecStatus::kKilled);
    EXPECT_TRUE(killed->start_time.empty()) << "it never started";
    auto log = jobs_->Log(second, 0, 0, "");
    ASSERT_TRUE(log.ok()) << log.status().message();
    EXPECT_TRUE(Contains(log->text, "killed by user before it started")) << log->text;
    EXPECT_TRUE(log->finished);
    EXPECT_EQ(jobs_->Run(first, "")->status, ExecStatus::kRunning);
    EXPECT_EQ(jobs_->Kill(first, "")->status, ExecStatus::kKilled);
}

TEST_F(JobServiceTest, EightRunsWithTwoWorkersNeverRunMoreThanTwoAtOnce) {
    StartService(2);
    auto id = SaveContent("paced", StreamJob(600, 2000));  // about 0.3 s each
    std::vector<std::int64_t> execs;
    for (int i = 0; i < 8; ++i) {
        auto exec = jobs_->Exec(id, "");
        ASSERT_TRUE(exec.ok()) << exec.status().message();
        execs.push_back(exec.value());
    }
    int peak = 0;
    bool all_done = false;
    auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(30);
    while (!all_done && std::chrono::steady_clock::now() < deadline) {
        auto page = jobs_->Logs(id, 1, 100, "");
        ASSERT_TRUE(page.ok());
        int running = 0;
        all_done = true;
        for (const auto& r : page->items) {
            running += r.status == ExecStatus::kRunning ? 1 : 0;
            all_done = all_done && IsFinished(r.status);
        }
        peak = std::max(peak, running);
        std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    ASSERT_TRUE(all_done);
    EXPECT_EQ(peak, 2);

    // The recorded intervals agree: at no start time were more than two runs in progress.
    auto page = jobs_->Logs(id, 1, 100, "").value();
    ASSERT_EQ(page.total, 8);
    std::set<std::string> logs;
    for (const auto& r : page.items) {
        EXPECT_EQ(r.status, ExecStatus::kSucceeded) << r.exit_reason;
        EXPECT_EQ(r.records_read, 600);
        logs.insert(r.log_path);
        int overlapping = 0;
        for (const auto& o : page.items) {
            overlapping += (o.start_time <= r.start_time && r.start_time < o.end_time) ? 1 : 0;
        }
        EXPECT_LE(overlapping, 2) << "run " << r.id << " started at " << r.start_time;
        EXPECT_TRUE(Contains(ReadAll(r.log_path), "run " + std::to_string(r.id) + " succeeded"));
    }
    EXPECT_EQ(logs.size(), 8u) << "every run has its own log file";
}

TEST_F(JobServiceTest, DeleteRefusesWhileRunningThenRemovesFilesLogsAndRows) {
    auto id = SaveContent("to-delete", StreamJob(10000000, 2000));
    auto config = jobs_->Get(id, "").value();
    auto exec = jobs_->Exec(id, "").value();
    ASSERT_TRUE(WaitRunning(exec));
    auto refused = jobs_->Delete(id, "");
    EXPECT_EQ(refused.code(), StatusCode::kAlreadyExists);
    EXPECT_TRUE(Contains(refused.message(), std::to_string(exec) + " (running)")) << refused.message();
    ASSERT_EQ(jobs_->Kill(exec, "")->status, ExecStatus::kKilled);
    auto log_path = jobs_->Run(exec, "")->log_path;
    ASSERT_TRUE(fs::exists(log_path));
    ASSERT_TRUE(fs::exists(config.config_path));

    EXPECT_EQ(jobs_->Delete(id, "intruder").code(), StatusCode::kNotFound);
    ASSERT_TRUE(jobs_->Delete(id, "").ok());
    EXPECT_FALSE(fs::exists(config.config_path));
    EXPECT_FALSE(fs::exists(log_path));
    EXPECT_EQ(jobs_->Get(id, "").status().code(), StatusCode::kNotFound);
    EXPECT_EQ(jobs_->Run(exec, "").status().code(), StatusCode::kNotFound);
    ExecLogRepository runs(*store_);
    EXPECT_TRUE(runs.ListByConfig(id)->empty());
    EXPECT_EQ(jobs_->Delete(id, "").code(), StatusCode::kNotFound);
}

TEST_F(JobServiceTest, UpdateRenamesTheFileAndRebuildsTheJob) {
    auto id = SaveContent("old-name", StreamJob(3));
    auto before = jobs_->Get(id, "").value();
    JobConfigRequest r;
    r.id = id;
    r.config_name = "new-name";
    auto renamed = jobs_->Update(r, "");
    ASSERT_TRUE(renamed.ok()) << renamed.status().message();
    EXPECT_EQ(renamed->config_name, "new-name");
    EXPECT_EQ(renamed->content, before.content) << "no job given: the job stays";
    EXPECT_FALSE(fs::exists(before.config_path));
    EXPECT_EQ(fs::path(renamed->config_path).filename().string(), std::to_string(id) + "-new-name.json");

    r.config_name.reset();
    r.content = StreamJob(4);
    auto rebuilt = jobs_->Update(r, "");
    ASSERT_TRUE(rebuilt.ok()) << rebuilt.status().message();
    EXPECT_TRUE(Contains(ReadAll(rebuilt->config_path), "\"sliceRecordCount\": 4")) << ReadAll(rebuilt->config_path);

    r.content = R"({"job": {}})";
    auto invalid = jobs_->Update(r, "");
    EXPECT_EQ(invalid.status().code(), StatusCode::kInvalidArgument);
    EXPECT_EQ(jobs_->Get(id, "")->content, rebuilt->content) << "a rejected update changes nothing";

    SaveContent("taken", StreamJob(1));
    r.content.reset();
    r.config_name = "taken";
    EXPECT_EQ(jobs_->Update(r, "").status().code(), StatusCode::kAlreadyExists);
    r.id = 99999;
    EXPECT_EQ(jobs_->Update(r, "").status().code(), StatusCode::kNotFound);
}

TEST_F(JobServiceTest, QueryPagesAndFiltersByName) {
    for (int i = 1; i <= 12; ++i) {
        SaveContent((i % 4 == 0 ? "orders-" : "misc-") + std::to_string(i), StreamJob(1));
    }
    auto orders = jobs_->Query("ORDERS", 1, 2, "");
    ASSERT_TRUE(orders.ok()) << orders.status().message();
    EXPECT_EQ(orders->total, 3);
    ASSERT_EQ(orders->items.size(), 2u);
    EXPECT_EQ(orders->items[0].config_name, "orders-4");
    EXPECT_EQ(jobs_->Query("", 2, 10, "")->items.size(), 2u);
    EXPECT_EQ(jobs_->List("")->size(), 12u);
    EXPECT_TRUE(jobs_->List("other")->empty());
}

TEST_F(JobServiceTest, RestartInterruptsOnlyThisHostsRunsAndRunsWhatWasQueued) {
    auto id = SaveContent("survivor", StreamJob(10));
    jobs_.reset();  // the host is down while the rows below are set up
    // What this host, killed mid-run, leaves behind: a running row and a half-written log.
    ExecLogRepository runs(*store_);
    RunQueue queue(*store_);
    const std::string log_path = (dir_ / "logs" / "left-behind.log").string();
    auto left = runs.InsertQueued(id, "job config", [&](std::int64_t) { return log_path; }).value();
    ASSERT_TRUE(queue.ClaimOne(left, "local", 600000, 1, log_path).value());
    const std::string partial = "2026-11-22 10:00:00.000 [job-0] INFO  JobContainer - halfway\n";
    ASSERT_TRUE(AppendToFile(log_path, partial).ok());
    // Another host's live run on the same store, and a run nobody claimed yet.
    auto other = runs.InsertQueued(id, "job config", [&](std::int64_t) { return log_path + ".o"; }).value();
    ASSERT_TRUE(queue.ClaimOne(other, "other-host", 600000, 2, log_path + ".o").value());
    auto queued = runs.InsertQueued(id, "job config", [&](std::int64_t) { return log_path + ".q"; }).value();

    StartService();  // this host again, on the same store
    auto row = jobs_->Run(left, "").value();
    EXPECT_EQ(row.status, ExecStatus::kInterrupted);
    EXPECT_FALSE(row.end_time.empty());
    EXPECT_TRUE(Contains(row.exit_reason, "restarted")) << row.exit_reason;
    std::string log = ReadAll(log_path);
    EXPECT_EQ(log.rfind(partial, 0), 0u) << "the log is intact";
    EXPECT_TRUE(Contains(log, "run " + std::to_string(left) + " interrupted (it was running)")) << log;
    EXPECT_EQ(jobs_->Run(other, "")->status, ExecStatus::kRunning) << "another host's run is left alone";
    EXPECT_EQ(WaitFinished(queued).status, ExecStatus::kSucceeded) << "the queued run is picked up";

    auto exec = jobs_->Exec(id, "");
    ASSERT_TRUE(exec.ok()) << exec.status().message();
    EXPECT_EQ(WaitFinished(exec.value()).status, ExecStatus::kSucceeded);
}

TEST_F(JobServiceTest, ShuttingDownInterruptsRunningRunsAndLeavesQueuedOnesForAnotherHost) {
    StartService(1);
    auto id = SaveContent("slow", StreamJob(10000000, 2000));
    auto first = jobs_->Exec(id, "").value();
    auto second = jobs_->Exec(id, "").value();
    ASSERT_TRUE(WaitRunning(first));
    auto t0 = std::chrono::steady_clock::now();
    jobs_.reset();
    EXPECT_LT(std::chrono::steady_clock::now() - t0, std::chrono::seconds(3));
    ExecLogRepository runs(*store_);
    EXPECT_EQ(runs.Get(first)->status, ExecStatus::kInterrupted);
    EXPECT_TRUE(Contains(ReadAll(runs.Get(first)->log_path), "interrupted")) << ReadAll(runs.Get(first)->log_path);
    EXPECT_EQ(runs.Get(second)->status, ExecStatus::kQueued) << "any host (or this one restarted) may run it";
}

TEST_F(JobServiceTest, RunSavedConfigRunsInTheForegroundAndRecordsTheRun) {
    auto id = SaveContent("cli", StreamJob(42));
    std::ostringstream out;
    int code = jobs_->RunSavedConfig(id, "", out, nullptr);
    EXPECT_EQ(code, 0) << out.str();
    EXPECT_TRUE(Contains(out.str(), "读出记录总数")) << out.str();
    auto page = jobs_->Logs(id, 1, 10, "").value();
    ASSERT_EQ(page.total, 1);
    EXPECT_EQ(page.items[0].status, ExecStatus::kSucceeded);
    EXPECT_EQ(page.items[0].records_read, 42);
    std::string log = ReadAll(page.items[0].log_path);
    EXPECT_TRUE(Contains(out.str(), log.substr(log.find("读出记录总数"), 40))) << "the terminal saw the log";

    std::ostringstream missing;
    EXPECT_EQ(jobs_->RunSavedConfig(99999, "", missing, nullptr), 1);
    EXPECT_TRUE(Contains(missing.str(), "99999")) << missing.str();

    std::atomic<bool> cancel{true};
    auto slow = SaveContent("cli-slow", StreamJob(10000000, 2000));
    std::ostringstream cancelled;
    EXPECT_EQ(jobs_->RunSavedConfig(slow, "", cancelled, &cancel), 143);
    EXPECT_EQ(jobs_->Logs(slow, 1, 1, "")->items[0].status, ExecStatus::kKilled);
}

// A stream job whose reader block carries an inline password (the stream plugins ignore it).
std::string JobWithPassword(const std::string& password, std::int64_t records = 3) {
    return R"({"job": {"setting": {"speed": {"channel": 1}}, "content": [{
        "reader": {"name": "streamreader", "parameter": {"username": "u", "password": ")" +
           password + R"(", "sliceRecordCount": )" + std::to_string(records) + R"(,
            "column": [{"type": "long", "value": "1"}]}},
        "writer": {"name": "streamwriter", "parameter": {"print": false}}}]}})";
}

std::string ReadStore(const fs::path& dir) {
    return ReadAll((dir / "meta.db").string()) + ReadAll((dir / "meta.db-wal").string()) +
           ReadAll((dir / "meta.db-journal").string());
}

TEST_F(JobServiceTest, InlinePasswordsAreSealedMaskedAndOpenedOnlyForTheOwner) {
    const std::string secret = "PlainSecret77";
    JobConfigRequest r;
    r.config_name = "own-job";
    r.content = JobWithPassword(secret);
    auto saved = jobs_->Save(r, "alice");
    ASSERT_TRUE(saved.ok()) << saved.status().message();
    EXPECT_FALSE(Contains(saved->content, secret)) << saved->content;
    EXPECT_TRUE(Contains(saved->content, "\"password\": \"******\"")) << saved->content;
    EXPECT_FALSE(Contains(jobs_->Get(saved->id, "alice")->content, secret));
    EXPECT_FALSE(Contains(jobs_->List("alice")->at(0).content, secret));
    EXPECT_FALSE(Contains(jobs_->Query("", 1, 10, "alice")->items.at(0).content, secret));

    // The file and the store hold it sealed; the file is the owner's only.
    const std::string file = ReadAll(saved->config_path);
    EXPECT_FALSE(Contains(file, secret)) << file;
    EXPECT_TRUE(Contains(file, "\"password\": \"v1:")) << file;
    struct stat st {};
    ASSERT_EQ(::stat(saved->config_path.c_str(), &st), 0);
    EXPECT_EQ(st.st_mode & 0777, 0600u);
    EXPECT_FALSE(Contains(ReadStore(dir_), secret));

    // Export gives it back to the owner only.
    auto exported = jobs_->Export(saved->id, "alice");
    ASSERT_TRUE(exported.ok()) << exported.status().message();
    EXPECT_TRUE(Contains(exported.value(), "\"password\": \"" + secret + "\"")) << exported.value();
    EXPECT_EQ(jobs_->Export(saved->id, "mallory").status().code(), StatusCode::kNotFound);

    // The mask sent back in an update keeps the stored password; a new one replaces it.
    JobConfigRequest u;
    u.id = saved->id;
    u.content = JobWithPassword(JobSecrets::kMask, 4);
    auto kept = jobs_->Update(u, "alice");
    ASSERT_TRUE(kept.ok()) << kept.status().message();
    EXPECT_TRUE(Contains(jobs_->Export(saved->id, "alice").value(), "\"password\": \"" + secret + "\""));
    u.content = JobWithPassword("OtherSecret88");
    ASSERT_TRUE(jobs_->Update(u, "alice").ok());
    EXPECT_TRUE(Contains(jobs_->Export(saved->id, "alice").value(), "\"password\": \"OtherSecret88\""));
    EXPECT_FALSE(Contains(ReadAll(saved->config_path), "OtherSecret88"));

    // The mask on a new config has nothing to keep.
    r.config_name = "masked";
    r.content = JobWithPassword(JobSecrets::kMask);
    auto masked = jobs_->Save(r, "alice");
    EXPECT_EQ(masked.status().code(), StatusCode::kInvalidArgument);
    EXPECT_TRUE(Contains(masked.status().message(), "job.content[0].reader.parameter.password"))
        << masked.status().message();

    // The run gets the job with the password opened (the live test proves a server accepts it).
    auto exec = jobs_->Exec(saved->id, "alice");
    ASSERT_TRUE(exec.ok()) << exec.status().message();
    auto run = WaitFinished(exec.value(), 20000, "alice");
    EXPECT_EQ(run.status, ExecStatus::kSucceeded) << run.exit_reason;
    EXPECT_FALSE(Contains(ReadAll(run.log_path), "OtherSecret88"));
}

TEST_F(JobServiceTest, AFailedUpdateLeavesTheJobFileAndRecordAsTheyWere) {
    auto id = SaveContent("steady", StreamJob(3));
    auto before = jobs_->Get(id, "").value();
    const std::string file_before = ReadAll(before.config_path);
    ASSERT_TRUE(store_
                    ->Run([](StoreSession& s) {
                        return s
                            .Execute(
                                "CREATE TRIGGER jobs_refuse_update BEFORE UPDATE ON json_config "
                                "BEGIN SELECT RAISE(ABORT, 'refused by the test'); END")
                            .status();
                    })
                    .ok());
    JobConfigRequest r;
    r.id = id;
    r.content = StreamJob(99);
    auto failed = jobs_->Update(r, "");
    ASSERT_FALSE(failed.ok());
    EXPECT_EQ(ReadAll(before.config_path), file_before) << "the file still matches the record";
    EXPECT_EQ(jobs_->Get(id, "")->content, before.content);
    r.config_name = "steady-renamed";
    EXPECT_FALSE(jobs_->Update(r, "").ok());
    EXPECT_EQ(ReadAll(before.config_path), file_before);
    std::vector<std::string> names;
    for (const auto& e : fs::directory_iterator(dir_ / "jobs")) {
        names.push_back(e.path().filename().string());
    }
    EXPECT_EQ(names, std::vector<std::string>{fs::path(before.config_path).filename().string()})
        << "no temporary or renamed file is left behind";
}

// A txtfilereader -> txtfilewriter job.
std::string FileCopyJob(const std::string& reader_path, const std::string& writer_path) {
    return R"({"job": {"setting": {"speed": {"channel": 1}}, "content": [{
        "reader": {"name": "txtfilereader", "parameter": {"path": [")" +
           reader_path + R"("], "column": [{"index": 0, "type": "string"}], "fieldDelimiter": ","}},
        "writer": {"name": "txtfilewriter", "parameter": {"path": ")" +
           writer_path + R"(", "fileName": "out", "writeMode": "truncate", "fieldDelimiter": ","}}}]}})";
}

TEST_F(JobServiceTest, FileJobsMayOnlyUseTheFilesFolder) {
    const fs::path files = dir_ / "files";
    const fs::path outside = dir_ / "outside";
    fs::create_directories(outside);
    { std::ofstream(files / "in.txt") << "a\nb\n"; }
    { std::ofstream(outside / "secret.txt") << "top secret\n"; }

    struct Case {
        std::string reader;
        std::string writer;
        std::string field;
    };
    fs::create_symlink(outside / "secret.txt", files / "link.txt");
    const std::vector<Case> refused = {
        {"/etc/passwd", (files / "o").string(), "job.content[0].reader.parameter.path[0]"},
        {(files / "in.txt").string(), "/tmp", "job.content[0].writer.parameter.path"},
        {(files / ".." / "outside" / "secret.txt").string(), (files / "o").string(), "reader.parameter.path[0]"},
        {(files / "link.txt").string(), (files / "o").string(), "reader.parameter.path[0]"},
        {(files / "*.txt").string(), (files / "o").string(), "reader.parameter.path[0]"},  // matches link.txt
        {(files / ".." / "*" / "secret.txt").string(), (files / "o").string(), "reader.parameter.path[0]"},
        {(files / "in.txt").string(), (files / "new" / ".." / ".." / "outside").string(), "writer.parameter.path"},
    };
    for (const auto& c : refused) {
        JobConfigRequest r;
        r.config_name = "escape";
        r.content = FileCopyJob(c.reader, c.writer);
        auto saved = jobs_->Save(r, "");
        EXPECT_EQ(saved.status().code(), StatusCode::kInvalidArgument) << c.reader << " -> " << c.writer;
        EXPECT_TRUE(Contains(saved.status().message(), c.field)) << saved.status().message();
        EXPECT_TRUE(Contains(saved.status().message(), "paths.files")) << saved.status().message();
    }
    fs::remove(files / "link.txt");

    auto id = SaveContent("inside", FileCopyJob((files / "in.txt").string(), (files / "out").string()));
    ASSERT_GT(id, 0);
    auto run = WaitFinished(jobs_->Exec(id, "").value());
    EXPECT_EQ(run.status, ExecStatus::kSucceeded) << run.exit_reason;

    // Checked again at run time: the input is now a symlink to a file outside.
    fs::remove(files / "in.txt");
    fs::create_symlink(outside / "secret.txt", files / "in.txt");
    auto escaped = WaitFinished(jobs_->Exec(id, "").value());
    EXPECT_EQ(escaped.status, ExecStatus::kFailed);
    EXPECT_TRUE(Contains(escaped.exit_reason, "job.content[0].reader.parameter.path[0]")) << escaped.exit_reason;
    EXPECT_TRUE(Contains(ReadAll(escaped.log_path), "outside")) << ReadAll(escaped.log_path);
    for (const auto& e : fs::directory_iterator(files / "out")) {
        EXPECT_FALSE(Contains(ReadAll(e.path().string()), "top secret")) << e.path();
    }
}

TEST(DataxJobBuilderTest, PluginsNeverSeeThePasswordOfASavedDatasource) {
    sdk::DataxSide side;
    side.connection.user = "app";
    side.connection.password = "ds-secret";
    side.datasource_id = 7;
    side.tables = {"t"};
    sdk::DataxSide seen = DataxJobBuilder::ForPlugin(side);
    EXPECT_EQ(seen.connection.password, "");
    EXPECT_EQ(seen.connection.user, "app");
    EXPECT_EQ(seen.datasource_id, 7);
    EXPECT_EQ(seen.tables, side.tables);
    side.datasource_id = 0;  // no saved datasource to name: the block must carry the password
    EXPECT_EQ(DataxJobBuilder::ForPlugin(side).connection.password, "ds-secret");
}

}  // namespace
}  // namespace dbbridge::core::testing

namespace dbbridge::core::testing {
namespace {

// A job's datasource references are checked again when it runs, against the job's owner: a
// config that (by an import, an ownership change or lost access) names a datasource its owner may
// not use fails at the start of the run naming the reference, and never connects with it.
TEST_F(JobServiceTest, ARunResolvesDatasourcesOnlyAsTheJobsOwner) {
    Datasource ds;
    ds.source_name = "alice-db";
    ds.db_type = "MYSQL";
    ds.host = "127.0.0.1";
    ds.port = 1;
    ds.username = "app";
    ds.password = "alice-secret";
    ds.uid = "alice";
    auto saved_ds = datasources_->Save(ds);
    ASSERT_TRUE(saved_ds.ok()) << saved_ds.status().message();
    const std::string id = std::to_string(saved_ds->id);
    const std::string job = R"({"job": {"setting": {"speed": {"channel": 1}}, "content": {"reader": {"name": "mysqlreader", "parameter": {
        "datasourceId": )" + id + R"(, "column": ["id"], "connection": [{"table": ["t"]}]}},
        "writer": {"name": "streamwriter", "parameter": {"print": false}}}}})";
    const std::int64_t config = SaveContent("alices", job, "alice");
    ASSERT_GT(config, 0);
    // Bob cannot save it ...
    JobConfigRequest as_bob;
    as_bob.config_name = "bobs";
    as_bob.content = job;
    auto refused = jobs_->Save(as_bob, "bob");
    EXPECT_EQ(refused.status().code(), StatusCode::kNotFound) << refused.status().message();
    // ... and a config that became his does not run with alice's datasource.
    ASSERT_TRUE(store_
                    ->Run([&](StoreSession& s) {
                        return s.Execute("UPDATE json_config SET uid = 'bob' WHERE id = ?", {config}).status();
                    })
                    .ok());
    auto exec = jobs_->Exec(config, "bob");
    ASSERT_TRUE(exec.ok()) << exec.status().message();
    auto run = WaitFinished(exec.value(), 20000, "bob");
    EXPECT_EQ(run.status, ExecStatus::kFailed);
    EXPECT_NE(run.exit_reason.find("datasource id " + id + " not found"), std::string::npos) << run.exit_reason;
    EXPECT_NE(ReadAll(run.log_path).find("job.content[0].reader.parameter.datasourceId"), std::string::npos)
        << ReadAll(run.log_path);
}

}  // namespace
}  // namespace dbbridge::core::testing

namespace dbbridge::core::testing {
namespace {

// A ${...} may stand in any field, as in DataX: a number, a type name; the field is checked once a
// run has the value, and a value that does not fit fails the run naming the field. Fields without
// a placeholder are still checked at save.
TEST_F(JobServiceTest, APlaceholderMayStandInATypedFieldAndIsCheckedWhenTheRunHasItsValue) {
    const std::string job = R"({"job": {"setting": {"speed": {"channel": "${ch}"}}, "content": [{
        "reader": {"name": "streamreader", "parameter": {"sliceRecordCount": "${n}",
            "column": [{"type": "${t}", "value": "${v}"}]}},
        "writer": {"name": "streamwriter", "parameter": {"print": false}}}]}})";
    const std::int64_t id = SaveContent("typed-params", job);
    ASSERT_GT(id, 0);
    auto ok = WaitFinished(jobs_->Exec(id, "", ManualRun{{{"ch", "1"}, {"n", "3"}, {"t", "long"}, {"v", "7"}}}).value());
    EXPECT_EQ(ok.status, ExecStatus::kSucceeded) << ok.exit_reason;
    EXPECT_EQ(ok.records_read, 3);
    auto bad = WaitFinished(jobs_->Exec(id, "", ManualRun{{{"ch", "1"}, {"n", "3"}, {"t", "long"}, {"v", "seven"}}}).value());
    EXPECT_EQ(bad.status, ExecStatus::kFailed);
    EXPECT_NE(bad.exit_reason.find("column[0].value"), std::string::npos) << bad.exit_reason;

    JobConfigRequest wrong;
    wrong.config_name = "typed-wrong";
    wrong.content = R"({"job": {"setting": {"speed": {"channel": 1}}, "content": [{
        "reader": {"name": "streamreader", "parameter": {"sliceRecordCount": "many",
            "column": [{"type": "${t}", "value": "1"}]}},
        "writer": {"name": "streamwriter", "parameter": {"print": false}}}]}})";
    auto refused = jobs_->Save(wrong, "");
    ASSERT_FALSE(refused.ok()) << "a field without a placeholder is checked at save";
    EXPECT_NE(refused.status().message().find("sliceRecordCount"), std::string::npos) << refused.status().message();
}

// Run parameters are substituted before the run-time checks, so a value cannot move a file path
// out of paths.files after the save-time check passed.
TEST_F(JobServiceTest, RunParametersCannotMoveAPathOutOfTheFilesFolder) {
    const std::string files = Options().files_dir;
    const std::string job = R"({"job": {"setting": {"speed": {"channel": 1}}, "content": [{
        "reader": {"name": "streamreader", "parameter": {"sliceRecordCount": 1,
            "column": [{"type": "string", "value": "x"}]}},
        "writer": {"name": "streamwriter", "parameter": {"print": true, "path": ")" +
                            files + R"(/${sub}", "fileName": "out.txt"}}}]}})";
    const std::int64_t id = SaveContent("param-path", job);
    ASSERT_GT(id, 0);
    auto exec = jobs_->Exec(id, "", ManualRun{{{"sub", "../../escaped"}}});
    ASSERT_TRUE(exec.ok()) << exec.status().message();
    auto run = WaitFinished(exec.value());
    EXPECT_EQ(run.status, ExecStatus::kFailed);
    EXPECT_NE(run.exit_reason.find("job.content[0].writer.parameter.path"), std::string::npos) << run.exit_reason;
    EXPECT_FALSE(fs::exists(fs::path(files) / ".." / ".." / "escaped"));
    auto inside = jobs_->Exec(id, "", ManualRun{{{"sub", "ok"}}});
    ASSERT_TRUE(inside.ok()) << inside.status().message();
    EXPECT_EQ(WaitFinished(inside.value()).status, ExecStatus::kSucceeded);
}

}  // namespace
}  // namespace dbbridge::core::testing
