// json_config and exec_log repositories on SQLite, the run pool and the run log stream.
#include <gtest/gtest.h>

#include <atomic>
#include <set>

#include "core/jobs/run_log_stream.h"
#include "core/jobs/run_pool.h"
#include "core/cluster/run_queue.h"
#include "core/store/exec_log_repository.h"
#include "core/store/json_config_repository.h"
#include "tests/core/jobs/jobs_fixture.h"

namespace dbbridge::core::testing {
namespace {

using sdk::StatusCode;

class RepositoryTest : public JobsFixture {
protected:
    static JsonConfigRow Config(const std::string& name, const std::string& uid = "u1") {
        JsonConfigRow r;
        r.config_name = name;
        r.config_path = "/jobs/" + name + ".json";
        r.content = R"({"job":{}})";
        r.description = "about " + name;
        r.uid = uid;
        return r;
    }
};

TEST_F(RepositoryTest, JsonConfigCrudAndNameUniquePerUser) {
    JsonConfigRepository repo(*store_);
    auto id = repo.Insert(Config("orders-to-pg"));
    ASSERT_TRUE(id.ok()) << id.status().message();
    auto got = repo.Get(id.value());
    ASSERT_TRUE(got.ok()) << got.status().message();
    EXPECT_EQ(got->config_name, "orders-to-pg");
    EXPECT_EQ(got->content, R"({"job":{}})");
    EXPECT_EQ(got->uid, "u1");
    EXPECT_FALSE(got->insert_time.empty());

    auto dup = repo.Insert(Config("orders-to-pg"));
    EXPECT_EQ(dup.status().code(), StatusCode::kAlreadyExists);
    EXPECT_NE(dup.status().message().find("config_name"), std::string::npos) << dup.status().message();
    EXPECT_NE(dup.status().message().find("'orders-to-pg'"), std::string::npos) << dup.status().message();
    EXPECT_TRUE(repo.Insert(Config("orders-to-pg", "u2")).ok()) << "another user may use the same name";

    JsonConfigRow changed = got.value();
    changed.content = R"({"job":{"content":[]}})";
    changed.description = "中文描述";
    ASSERT_TRUE(repo.Update(changed).ok());
    auto after = repo.GetByName("u1", "orders-to-pg");
    ASSERT_TRUE(after.ok());
    EXPECT_EQ(after->content, changed.content);
    EXPECT_EQ(after->description, "中文描述");

    auto other = repo.Insert(Config("second"));
    ASSERT_TRUE(other.ok());
    auto second = repo.Get(other.value()).value();
    second.config_name = "orders-to-pg";
    EXPECT_EQ(repo.Update(second).code(), StatusCode::kAlreadyExists);

    ASSERT_TRUE(repo.Delete(id.value()).ok());
    EXPECT_EQ(repo.Get(id.value()).status().code(), StatusCode::kNotFound);
    EXPECT_EQ(repo.Delete(id.value()).code(), StatusCode::kNotFound);
    changed.id = id.value();
    EXPECT_EQ(repo.Update(changed).code(), StatusCode::kNotFound);
}

TEST_F(RepositoryTest, JsonConfigQueryPagesAndFiltersByNameIgnoringCase) {
    JsonConfigRepository repo(*store_);
    for (int i = 1; i <= 12; ++i) {
        ASSERT_TRUE(repo.Insert(Config((i % 3 == 0 ? "Orders-" : "users-") + std::to_string(i))).ok());
    }
    ASSERT_TRUE(repo.Insert(Config("50%_off")).ok());
    ASSERT_TRUE(repo.Insert(Config("500-off")).ok());
    ASSERT_TRUE(repo.Insert(Config("orders-elsewhere", "u2")).ok());

    auto all = repo.Query("u1", "", 2, 5);
    ASSERT_TRUE(all.ok()) << all.status().message();
    EXPECT_EQ(all->total, 14);
    ASSERT_EQ(all->items.size(), 5u);
    EXPECT_EQ(all->items[0].config_name, "Orders-6");

    auto orders = repo.Query("u1", "oRDers", 1, 10);
    ASSERT_TRUE(orders.ok()) << orders.status().message();
    EXPECT_EQ(orders->total, 4);
    for (const auto& c : orders->items) {
        EXPECT_EQ(c.config_name.rfind("Orders-", 0), 0u) << c.config_name;
    }
    // LIKE wildcards in the filter match themselves.
    auto percent = repo.Query("u1", "0%_", 1, 10);
    ASSERT_TRUE(percent.ok());
    ASSERT_EQ(percent->total, 1);
    EXPECT_EQ(percent->items[0].config_name, "50%_off");

    EXPECT_EQ(repo.Query("u1", "", 0, 10).status().code(), StatusCode::kInvalidArgument);
    auto list = repo.List("u2");
    ASSERT_TRUE(list.ok());
    ASSERT_EQ(list->size(), 1u);
    EXPECT_EQ(list->front().config_name, "orders-elsewhere");
}

TEST_F(RepositoryTest, ExecLogMovesThroughItsStatusesOnce) {
    ExecLogRepository repo(*store_);
    auto id = repo.InsertQueued(7, "job config 7 (x)", [](std::int64_t id) { return "/logs/" + std::to_string(id); });
    ASSERT_TRUE(id.ok()) << id.status().message();
    auto queued = repo.Get(id.value());
    ASSERT_TRUE(queued.ok());
    EXPECT_EQ(queued->status, ExecStatus::kQueued);
    EXPECT_EQ(queued->log_path, "/logs/" + std::to_string(id.value()));
    EXPECT_TRUE(queued->start_time.empty());

    EXPECT_TRUE(repo.MarkRunning(id.value(), 4242).value());
    EXPECT_FALSE(repo.MarkRunning(id.value(), 4242).value()) << "only a queued run can start";
    auto running = repo.Get(id.value()).value();
    EXPECT_EQ(running.status, ExecStatus::kRunning);
    EXPECT_EQ(running.pid, 4242);
    EXPECT_EQ(running.start_time.size(), 24u) << running.start_time;  // 2026-11-22T03:08:00.123Z

    ExecOutcome done;
    done.status = ExecStatus::kSucceeded;
    done.records_read = 10;
    done.records_written = 9;
    done.records_failed = 1;
    done.bytes = 123;
    done.exec_result = "ok";
    EXPECT_TRUE(repo.Finish(id.value(), done).value());
    ExecOutcome late;
    late.status = ExecStatus::kKilled;
    EXPECT_FALSE(repo.Finish(id.value(), late).value()) << "a finished run never changes";
    auto finished = repo.Get(id.value()).value();
    EXPECT_EQ(finished.status, ExecStatus::kSucceeded);
    EXPECT_EQ(finished.records_read, 10);
    EXPECT_EQ(finished.records_written, 9);
    EXPECT_EQ(finished.records_failed, 1);
    EXPECT_EQ(finished.bytes, 123);
    EXPECT_GE(finished.end_time, finished.start_time);

    late.status = ExecStatus::kRunning;
    EXPECT_EQ(repo.Finish(id.value(), late).status().code(), StatusCode::kInvalidArgument);
    EXPECT_EQ(repo.MarkRunning(99999, 1).status().code(), StatusCode::kNotFound);
    EXPECT_EQ(repo.Get(99999).status().code(), StatusCode::kNotFound);
}

TEST_F(RepositoryTest, ExecLogKilledWhileQueuedNeverStarts) {
    ExecLogRepository repo(*store_);
    auto id = repo.InsertQueued(1, "x", [](std::int64_t) { return "/l"; }).value();
    ExecOutcome killed;
    killed.status = ExecStatus::kKilled;
    killed.exit_reason = "killed by user before it started";
    ASSERT_TRUE(repo.Finish(id, killed).value());
    EXPECT_FALSE(repo.MarkRunning(id, 1).value());
    EXPECT_EQ(repo.Get(id)->status, ExecStatus::kKilled);
}

TEST_F(RepositoryTest, ARestartedHostInterruptsOnlyItsOwnRunsAndExpiredLeasesAreReapedByAnyHost) {
    ExecLogRepository repo(*store_);
    RunQueue queue(*store_);
    auto path = [](std::int64_t id) { return "/l/" + std::to_string(id); };
    auto queued = repo.InsertQueued(1, "a", path).value();
    auto mine = repo.InsertQueued(1, "b", path).value();
    auto theirs = repo.InsertQueued(1, "c", path).value();
    auto done = repo.InsertQueued(2, "d", path).value();
    ASSERT_TRUE(queue.ClaimOne(mine, "host-a", 60000, 1, "/l/b").value());
    ASSERT_TRUE(queue.ClaimOne(theirs, "host-b", 60000, 2, "/l/c").value());
    ASSERT_TRUE(queue.ClaimOne(done, "host-a", 60000, 1, "/l/d").value());
    RunEnd ok;
    ok.outcome.status = ExecStatus::kSucceeded;
    ASSERT_TRUE(queue.Finish(done, ok)->finished);

    auto marked = queue.InterruptHost("host-a", "host-a restarted");
    ASSERT_TRUE(marked.ok()) << marked.status().message();
    ASSERT_EQ(marked->size(), 1u);
    EXPECT_EQ((*marked)[0].id, mine);
    EXPECT_EQ((*marked)[0].status, ExecStatus::kRunning) << "rows are returned as they were";
    auto row = repo.Get(mine).value();
    EXPECT_EQ(row.status, ExecStatus::kInterrupted);
    EXPECT_EQ(row.exit_reason, "host-a restarted");
    EXPECT_FALSE(row.end_time.empty());
    EXPECT_EQ(repo.Get(queued)->status, ExecStatus::kQueued) << "a queued run waits for any host";
    EXPECT_EQ(repo.Get(theirs)->status, ExecStatus::kRunning) << "another host's run is not touched";
    EXPECT_EQ(repo.Get(done)->status, ExecStatus::kSucceeded);

    EXPECT_TRUE(queue.ReapExpired(NowEpochMs(), [](const ExecLogRow&) { return "x"; })->empty())
        << "leases still valid";
    auto reaped = queue.ReapExpired(NowEpochMs() + 120000, [](const ExecLogRow& r) { return r.host_name + " gone"; });
    ASSERT_TRUE(reaped.ok()) << reaped.status().message();
    ASSERT_EQ(reaped->size(), 1u);
    EXPECT_EQ(repo.Get(theirs)->exit_reason, "host-b gone");
    EXPECT_EQ(repo.Get(theirs)->status, ExecStatus::kInterrupted);

    auto page = repo.QueryByConfig(1, 1, 10);
    ASSERT_TRUE(page.ok());
    EXPECT_EQ(page->total, 3);
    EXPECT_EQ(page->items[0].id, theirs) << "newest first";
    ASSERT_TRUE(queue.AppendLog(theirs, 0, "a line\n").ok());
    EXPECT_EQ(queue.ReadLog(theirs, 0, 100)->text, "a line\n");
    EXPECT_EQ(repo.DeleteByConfig(1).value(), 3);
    EXPECT_TRUE(repo.ListByConfig(1)->empty());
    EXPECT_EQ(queue.ReadLog(theirs, 0, 100)->size, 0) << "the stored log goes with its run";
    EXPECT_EQ(repo.ListByConfig(2)->size(), 1u);
}

TEST(RunPoolTest, NeverRunsMoreThanItsWorkersAndRemovesWaitingTasks) {
    RunPool pool(2);
    std::atomic<int> now{0};
    std::atomic<int> peak{0};
    std::atomic<int> ran{0};
    for (int i = 0; i < 8; ++i) {
        ASSERT_TRUE(pool.Submit(i, [&] {
            int n = ++now;
            int p = peak.load();
            while (n > p && !peak.compare_exchange_weak(p, n)) {
            }
            std::this_thread::sleep_for(std::chrono::milliseconds(30));
            --now;
            ++ran;
        }));
    }
    EXPECT_TRUE(pool.Remove(7));
    EXPECT_FALSE(pool.Remove(7));
    for (int i = 0; i < 500 && ran.load() < 7; ++i) {
        std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    EXPECT_EQ(ran.load(), 7);
    EXPECT_EQ(peak.load(), 2);
    EXPECT_TRUE(pool.Stop().empty());
    EXPECT_FALSE(pool.Submit(9, [] {}));

    // Stop drops what still waits and reports it.
    RunPool busy(1);
    std::atomic<bool> release{false};
    ASSERT_TRUE(busy.Submit(1, [&] {
        while (!release) {
            std::this_thread::sleep_for(std::chrono::milliseconds(1));
        }
    }));
    ASSERT_TRUE(busy.Submit(2, [] {}));
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
    std::thread releaser([&] {
        std::this_thread::sleep_for(std::chrono::milliseconds(50));
        release = true;
    });
    EXPECT_EQ(busy.Stop(), std::vector<std::int64_t>{2});
    releaser.join();
}

TEST(RunLogStreamTest, WritesEveryLineThroughAndMirrors) {
    auto path = std::filesystem::temp_directory_path() / ("dbb_runlog_" + RandomTag() + ".log");
    std::ostringstream mirror;
    {
        auto stream = RunLogStream::Open(path.string(), &mirror);
        ASSERT_TRUE(stream.ok()) << stream.status().message();
        *stream.value() << "first line\n"
                        << "partial";
        EXPECT_EQ(ReadAll(path.string()), "first line\n") << "a complete line is in the file at once";
        *stream.value() << " line\n";
        EXPECT_EQ(ReadAll(path.string()), "first line\npartial line\n");
    }
    EXPECT_EQ(mirror.str(), "first line\npartial line\n");
    ASSERT_TRUE(AppendToFile(path.string(), "appended\n").ok());
    EXPECT_EQ(ReadAll(path.string()), "first line\npartial line\nappended\n");
    EXPECT_EQ(RunLogStream::Open("/nonexistent-dir/x.log", nullptr).status().code(), StatusCode::kInternal);
    std::filesystem::remove(path);
}

}  // namespace
}  // namespace dbbridge::core::testing
