#pragma once
// Repository tests written once and instantiated per backend: SQLite in store_test.cpp,
// PostgreSQL and MariaDB in store_integration_test.cpp.

#include <gtest/gtest.h>

#include <atomic>
#include <set>
#include <thread>

#include "core/cluster/run_queue.h"
#include "core/cluster/store_retention.h"
#include "core/schedule/schedule_service.h"
#include "core/schedule/scheduler.h"
#include "core/store/columns_query_repository.h"
#include "core/store/user_repository.h"
#include "core/store/datasource_repository.h"
#include "core/store/exec_log_repository.h"
#include "core/store/metadata_store.h"
#include "core/store/migrations.h"
#include "tests/core/store/test_store_db.h"

namespace dbbridge::core::testing {

class RepositorySuite : public ::testing::TestWithParam<TestBackend> {
protected:
    void SetUp() override {
        const char* env = TestStoreDb::EnvName(GetParam());
        std::string server;
        if (*env != '\0') {
            auto value = ::dbbridge::testing::EnvVar(env);
            if (!value) {
                GTEST_SKIP() << env << " is not set (scripts/db-up.sh sets it)";
            }
            server = *value;
        }
        db_ = std::make_unique<TestStoreDb>(GetParam(), server);
        OpenStore();
    }

    void TearDown() override {
        store_.reset();
        db_.reset();
    }

    void OpenStore() {
        auto s = MetadataStore::Open(db_->url());
        ASSERT_TRUE(s.ok()) << s.status().message();
        store_ = std::move(s.value());
    }

    static DatasourceRow Row(const std::string& name, const std::string& uid = "u1",
                             const std::string& db_type = "MYSQL") {
        DatasourceRow r;
        r.source_name = name;
        r.description = "desc of " + name;
        r.db_type = db_type;
        r.host = "127.0.0.1";
        r.port = 3306;
        r.db_name = "app";
        r.username = "app";
        r.password = "v1:not-really-encrypted";
        r.project = "proj";
        r.uid = uid;
        r.options = R"({"charset":"utf8mb4"})";
        return r;
    }

    std::int64_t CountRows(const std::string& sql, const std::vector<StoreValue>& params = {}) {
        std::int64_t n = -1;
        auto st = store_->Run([&](StoreSession& s) {
            auto v = s.QueryInt(sql, params);
            if (v.ok()) {
                n = v.value();
            }
            return v.status();
        });
        EXPECT_TRUE(st.ok()) << st.message();
        return n;
    }

    std::unique_ptr<TestStoreDb> db_;
    std::unique_ptr<MetadataStore> store_;
};

TEST_P(RepositorySuite, FreshDatabaseGetsEveryMigrationAndEveryTable) {
    auto version = store_->SchemaVersion();
    ASSERT_TRUE(version.ok()) << version.status().message();
    EXPECT_EQ(version.value(), StoreMigrations().back().version);
    for (const char* table :
         {"datasource", "columns_query", "json_config", "exec_log", "multiplex_report", "users", "auth_token", "project", "project_member", "audit_log"}) {
        EXPECT_EQ(CountRows(std::string("SELECT COUNT(*) FROM ") + table), 0) << table;
    }
}

TEST_P(RepositorySuite, ReopeningDoesNotReapplyMigrationsAndKeepsData) {
    DatasourceRepository repo(*store_);
    ASSERT_TRUE(repo.Insert(Row("kept")).ok());
    store_.reset();
    OpenStore();
    EXPECT_EQ(CountRows("SELECT COUNT(*) FROM schema_version"), static_cast<std::int64_t>(StoreMigrations().size()));
    DatasourceRepository again(*store_);
    auto kept = again.GetByName("u1", "kept");
    EXPECT_TRUE(kept.ok()) << kept.status().message();
}

TEST_P(RepositorySuite, DatasourceCrud) {
    DatasourceRepository repo(*store_);
    auto id = repo.Insert(Row("pg-main", "u1", "POSTGRESQL"));
    ASSERT_TRUE(id.ok()) << id.status().message();
    EXPECT_GT(id.value(), 0);

    auto got = repo.Get(id.value());
    ASSERT_TRUE(got.ok()) << got.status().message();
    EXPECT_EQ(got->source_name, "pg-main");
    EXPECT_EQ(got->db_type, "POSTGRESQL");
    EXPECT_EQ(got->port, 3306);
    EXPECT_EQ(got->options, R"({"charset":"utf8mb4"})");
    EXPECT_EQ(got->uid, "u1");
    EXPECT_EQ(got->insert_time.size(), 24u) << got->insert_time;  // 2026-11-22T03:08:00.123Z
    EXPECT_EQ(got->insert_time.back(), 'Z');

    DatasourceRow changed = got.value();
    changed.host = "db.internal";
    changed.port = 15432;
    changed.description = "中文描述 😀";
    ASSERT_TRUE(repo.Update(changed).ok());
    auto after = repo.GetByName("u1", "pg-main");
    ASSERT_TRUE(after.ok()) << after.status().message();
    EXPECT_EQ(after->host, "db.internal");
    EXPECT_EQ(after->port, 15432);
    EXPECT_EQ(after->description, "中文描述 😀");
    EXPECT_EQ(after->insert_time, got->insert_time);

    ASSERT_TRUE(repo.Delete(id.value()).ok());
    auto gone = repo.Get(id.value());
    EXPECT_EQ(gone.status().code(), sdk::StatusCode::kNotFound);
    EXPECT_NE(gone.status().message().find("datasource id " + std::to_string(id.value())), std::string::npos);
    EXPECT_EQ(repo.Delete(id.value()).code(), sdk::StatusCode::kNotFound);
    changed.id = id.value();
    EXPECT_EQ(repo.Update(changed).code(), sdk::StatusCode::kNotFound);
}

TEST_P(RepositorySuite, DeleteIsPhysical) {
    DatasourceRepository repo(*store_);
    auto id = repo.Insert(Row("to-delete"));
    ASSERT_TRUE(id.ok());
    ASSERT_TRUE(repo.Delete(id.value()).ok());
    EXPECT_EQ(CountRows("SELECT COUNT(*) FROM datasource WHERE id = ?", {id.value()}), 0);
    // The name is free again.
    EXPECT_TRUE(repo.Insert(Row("to-delete")).ok());
}

TEST_P(RepositorySuite, SourceNameIsUniquePerUser) {
    DatasourceRepository repo(*store_);
    ASSERT_TRUE(repo.Insert(Row("dup", "u1")).ok());
    auto again = repo.Insert(Row("dup", "u1"));
    EXPECT_EQ(again.status().code(), sdk::StatusCode::kAlreadyExists);
    EXPECT_NE(again.status().message().find("'dup'"), std::string::npos) << again.status().message();
    EXPECT_TRUE(repo.Insert(Row("dup", "u2")).ok()) << "another user may use the same name";
    // Case matters on every backend (MySQL uses a binary collation).
    EXPECT_TRUE(repo.Insert(Row("DUP", "u1")).ok());

    auto other = repo.Insert(Row("other", "u1"));
    ASSERT_TRUE(other.ok());
    auto row = repo.Get(other.value()).value();
    row.source_name = "dup";
    auto renamed = repo.Update(row);
    EXPECT_EQ(renamed.code(), sdk::StatusCode::kAlreadyExists) << renamed.message();
}

TEST_P(RepositorySuite, QueryPagesWithTotalAndFiltersByType) {
    DatasourceRepository repo(*store_);
    for (int i = 1; i <= 25; ++i) {
        char name[16];
        std::snprintf(name, sizeof(name), "ds-%02d", i);
        ASSERT_TRUE(repo.Insert(Row(name, "u1", i % 5 == 0 ? "POSTGRESQL" : "MYSQL")).ok());
    }
    ASSERT_TRUE(repo.Insert(Row("someone-else", "u2")).ok());

    auto page2 = repo.Query("u1", "", 2, 10);
    ASSERT_TRUE(page2.ok()) << page2.status().message();
    EXPECT_EQ(page2->total, 25);
    EXPECT_EQ(page2->page, 2);
    EXPECT_EQ(page2->page_size, 10);
    ASSERT_EQ(page2->items.size(), 10u);
    EXPECT_EQ(page2->items.front().source_name, "ds-11");
    EXPECT_EQ(page2->items.back().source_name, "ds-20");

    auto page3 = repo.Query("u1", "", 3, 10);
    ASSERT_TRUE(page3.ok());
    ASSERT_EQ(page3->items.size(), 5u);
    EXPECT_EQ(page3->items.back().source_name, "ds-25");

    auto beyond = repo.Query("u1", "", 9, 10);
    ASSERT_TRUE(beyond.ok());
    EXPECT_EQ(beyond->total, 25);
    EXPECT_TRUE(beyond->items.empty());

    auto pg = repo.Query("u1", "POSTGRESQL", 1, 10);
    ASSERT_TRUE(pg.ok());
    EXPECT_EQ(pg->total, 5);
    ASSERT_EQ(pg->items.size(), 5u);
    EXPECT_EQ(pg->items[0].source_name, "ds-05");

    auto list = repo.List("u1", "POSTGRESQL");
    ASSERT_TRUE(list.ok());
    EXPECT_EQ(list->size(), 5u);
    EXPECT_EQ(repo.List("u1", "").value().size(), 25u);
    EXPECT_EQ(repo.List("u2", "").value().size(), 1u);

    EXPECT_EQ(repo.Query("u1", "", 0, 10).status().code(), sdk::StatusCode::kInvalidArgument);
    auto too_big = repo.Query("u1", "", 1, 1001);
    EXPECT_NE(too_big.status().message().find("pageSize"), std::string::npos) << too_big.status().message();
}

TEST_P(RepositorySuite, FindByNameSeesEveryUser) {
    DatasourceRepository repo(*store_);
    ASSERT_TRUE(repo.Insert(Row("shared", "u1")).ok());
    ASSERT_TRUE(repo.Insert(Row("shared", "u2")).ok());
    auto found = repo.FindByName("shared");
    ASSERT_TRUE(found.ok());
    ASSERT_EQ(found->size(), 2u);
    EXPECT_EQ(found->at(0).uid, "u1");
    EXPECT_EQ(found->at(1).uid, "u2");
    EXPECT_TRUE(repo.FindByName("nobody").value().empty());
}

TEST_P(RepositorySuite, ConcurrentInsertsFromEightThreads) {
    DatasourceRepository repo(*store_);
    constexpr int kThreads = 8;
    constexpr int kPerThread = 10;
    std::vector<std::thread> threads;
    std::mutex mu;
    std::set<std::int64_t> ids;
    std::atomic<int> failures{0};
    std::string first_error;
    for (int t = 0; t < kThreads; ++t) {
        threads.emplace_back([&, t] {
            for (int i = 0; i < kPerThread; ++i) {
                auto id = repo.Insert(Row("t" + std::to_string(t) + "-" + std::to_string(i)));
                std::lock_guard<std::mutex> lock(mu);
                if (id.ok()) {
                    ids.insert(id.value());
                } else if (failures++ == 0) {
                    first_error = id.status().message();
                }
            }
        });
    }
    for (auto& th : threads) {
        th.join();
    }
    EXPECT_EQ(failures.load(), 0) << first_error;
    EXPECT_EQ(ids.size(), static_cast<std::size_t>(kThreads * kPerThread));
    EXPECT_EQ(CountRows("SELECT COUNT(*) FROM datasource"), kThreads * kPerThread);
}

TEST_P(RepositorySuite, ColumnsQueryDefaultsNeverOverwriteAnExistingRow) {
    ColumnsQueryRepository repo(*store_);
    EXPECT_EQ(repo.Get("MYSQL").status().code(), sdk::StatusCode::kNotFound);
    auto first = repo.InsertDefaultIfAbsent("MYSQL", "SELECT 1 /*cols*/", "SELECT 1");
    ASSERT_TRUE(first.ok()) << first.status().message();
    EXPECT_TRUE(first.value());
    auto second = repo.InsertDefaultIfAbsent("MYSQL", "SELECT 2", "SELECT 2");
    ASSERT_TRUE(second.ok());
    EXPECT_FALSE(second.value());
    EXPECT_EQ(repo.Get("MYSQL").value().ping, "SELECT 1");

    ASSERT_TRUE(repo.SetOverride("MYSQL", "SELECT 'user cols'", "SELECT 'user ping'").ok());
    EXPECT_FALSE(repo.InsertDefaultIfAbsent("MYSQL", "SELECT 3", "SELECT 3").value());
    auto row = repo.Get("MYSQL");
    ASSERT_TRUE(row.ok());
    EXPECT_EQ(row->query_sql, "SELECT 'user cols'");
    EXPECT_EQ(row->ping, "SELECT 'user ping'");
    EXPECT_FALSE(row->is_delete);

    ASSERT_TRUE(repo.SetOverride("ORACLE", "SELECT c FROM t", "select table_name from user_tables").ok());
    EXPECT_EQ(repo.Get("ORACLE").value().ping, "select table_name from user_tables");
    EXPECT_EQ(CountRows("SELECT COUNT(*) FROM columns_query"), 2);
}

TEST_P(RepositorySuite, NullsAndTransactionsWorkOnEveryBackend) {
    auto st = store_->Transact([](StoreSession& s) {
        return s
            .Insert("INSERT INTO exec_log (config_id, status, end_time, insert_date) VALUES (?, ?, ?, ?)",
                    {std::int64_t{7}, std::string("running"), std::monostate{}, std::string("2026-01-01T00:00:00Z")})
            .status();
    });
    ASSERT_TRUE(st.ok()) << st.message();
    auto rolled_back = store_->Transact([](StoreSession& s) {
        auto done = s.Execute("DELETE FROM exec_log");
        EXPECT_TRUE(done.ok());
        return sdk::Status::Cancelled("changed my mind");
    });
    EXPECT_EQ(rolled_back.code(), sdk::StatusCode::kCancelled);
    std::vector<StoreRow> rows;
    ASSERT_TRUE(store_
                    ->Run([&](StoreSession& s) {
                        auto r = s.Query("SELECT config_id, status, end_time, records_read FROM exec_log");
                        if (r.ok()) {
                            rows = r.value();
                        }
                        return r.status();
                    })
                    .ok());
    ASSERT_EQ(rows.size(), 1u);
    EXPECT_EQ(rows[0].Int(0), 7);
    EXPECT_EQ(rows[0].Text(1), "running");
    EXPECT_TRUE(rows[0].IsNull(2));
    EXPECT_EQ(rows[0].Int(3), 0);
}

TEST_P(RepositorySuite, LongTextRoundTrips) {
    // 60,000 bytes: within MySQL's TEXT limit (see migrations.h), larger than any VARCHAR here.
    std::string content(60000, 'j');
    content.replace(0, 4, "中文");
    std::vector<StoreRow> rows;
    auto st = store_->Run([&](StoreSession& s) {
        auto id =
            s.Insert("INSERT INTO json_config (config_name, content, insert_time, update_time) VALUES (?, ?, ?, ?)",
                     {std::string("big"), content, std::string("t"), std::string("t")});
        if (!id.ok()) {
            return id.status();
        }
        auto r = s.Query("SELECT content, description FROM json_config WHERE id = ?", {id.value()});
        if (r.ok()) {
            rows = r.value();
        }
        return r.status();
    });
    ASSERT_TRUE(st.ok()) << st.message();
    ASSERT_EQ(rows.size(), 1u);
    EXPECT_EQ(rows[0].Text(0), content);
    EXPECT_EQ(rows[0].Text(1), "");
}

TEST_P(RepositorySuite, SqlErrorsNameTheBackendAndStatement) {
    auto st = store_->Run([](StoreSession& s) { return s.Execute("SELECT no_such_column FROM datasource").status(); });
    EXPECT_EQ(st.code(), sdk::StatusCode::kInternal);
    EXPECT_NE(st.message().find("metadata store"), std::string::npos) << st.message();
    EXPECT_NE(st.message().find("no_such_column"), std::string::npos) << st.message();
    // The pool recovers: the next call works.
    EXPECT_EQ(CountRows("SELECT COUNT(*) FROM datasource"), 0);
}


// GET /api/runs?from&to: a run counts at the time it started, or, until it starts, at the time it
// was queued (start_time is NULL until then).
TEST_P(RepositorySuite, RunsAreFilteredByWhenTheyStartedOrWhenQueuedIfNotStarted) {
    std::int64_t config = 0;
    std::int64_t late = 0;     // queued on the 1st, started on the 2nd
    std::int64_t waiting = 0;  // queued on the 2nd, not started
    auto st = store_->Run([&](StoreSession& s) -> sdk::Status {
        auto c = s.Insert("INSERT INTO json_config (config_name, content, uid, insert_time, update_time) "
                          "VALUES ('c', '{}', 'u1', 'x', 'x')", {});
        DBB_RETURN_IF_ERROR(c.status());
        config = c.value();
        const std::string insert =
            "INSERT INTO exec_log (config_id, exec_name, status, insert_date, start_time) VALUES (?, 'r', ?, ?, ?)";
        auto a = s.Insert(insert, {config, std::string("succeeded"), std::string("2026-12-01T23:59:00.000Z"),
                                   std::string("2026-12-02T00:01:00.000Z")});
        DBB_RETURN_IF_ERROR(a.status());
        late = a.value();
        auto b = s.Insert(insert, {config, std::string("queued"), std::string("2026-12-02T08:00:00.000Z"), StoreValue{}});
        DBB_RETURN_IF_ERROR(b.status());
        waiting = b.value();
        return sdk::Status::Ok();
    });
    ASSERT_TRUE(st.ok()) << st.message();
    ExecLogRepository runs(*store_);
    auto ids = [&](const std::string& from, const std::string& to) {
        RunFilter filter;
        filter.from = from;
        filter.to = to;
        auto page = runs.QueryVisible(Visibility::OwnerOnly("u1"), filter, 1, 50);
        EXPECT_TRUE(page.ok()) << page.status().message();
        std::vector<std::int64_t> out;
        for (const auto& r : page->items) {
            out.push_back(r.id);
        }
        return out;
    };
    using Ids = std::vector<std::int64_t>;
    EXPECT_EQ(ids("2026-12-02T00:00:00.000Z", ""), (Ids{waiting, late})) << "started on the 2nd";
    EXPECT_EQ(ids("", "2026-12-02T00:00:00.000Z"), Ids{}) << "queued on the 1st, but started on the 2nd";
    EXPECT_EQ(ids("2026-12-02T08:00:00.000Z", "2026-12-02T08:00:00.001Z"), Ids{waiting}) << "at its queue time";
    EXPECT_EQ(ids("2026-12-02T00:01:00.000Z", "2026-12-02T00:01:00.001Z"), Ids{late});
}


// Old schedule_fire rows and the log copies of runs that ended long ago go; recent ones, and the
// log of a run still running, stay. One host does a round; the others skip it.
TEST_P(RepositorySuite, RetentionPrunesOldFiresAndLogChunksOneHostPerRound) {
    const std::int64_t now = NowEpochMs();
    const std::int64_t day = 24LL * 3600 * 1000;
    auto st = store_->Transact([&](StoreSession& s) -> sdk::Status {
        for (std::int64_t age : {40, 31, 35, 1, 0}) {
            DBB_RETURN_IF_ERROR(s.Execute("INSERT INTO schedule_fire (schedule_id, fire_time, exec_id, outcome, host_name, "
                                          "insert_time) VALUES (7, ?, 0, 'queued', 'h', 'x')",
                                          {now - age * day})
                                    .status());
        }
        // Runs that ended 40 and 1 days ago, and one still running (no end_time), two chunks each.
        for (const StoreValue& end : {StoreValue{IsoMillis(now - 40 * day)}, StoreValue{IsoMillis(now - day)}, StoreValue{}}) {
            auto id = s.Insert("INSERT INTO exec_log (config_id, exec_name, status, insert_date, end_time) "
                               "VALUES (1, 'r', 'succeeded', 'x', ?)",
                               {end});
            DBB_RETURN_IF_ERROR(id.status());
            for (std::int64_t offset : {0, 10}) {
                DBB_RETURN_IF_ERROR(s.Execute("INSERT INTO run_log_chunk (exec_id, start_offset, end_offset, text) "
                                              "VALUES (?, ?, ?, 'line of log\n')",
                                              {id.value(), offset, offset + 10})
                                        .status());
            }
        }
        return sdk::Status::Ok();
    });
    ASSERT_TRUE(st.ok()) << st.message();
    RetentionOptions options;
    options.host_name = "host-a";
    StoreRetention a(*store_, options);
    options.host_name = "host-b";
    StoreRetention b(*store_, options);

    auto round = a.RunOnce(now);
    ASSERT_TRUE(round.ok()) << round.status().message();
    EXPECT_TRUE(round->ran);
    EXPECT_EQ(round->fires, 3);
    EXPECT_EQ(round->log_chunks, 2);
    EXPECT_EQ(CountRows("SELECT COUNT(*) FROM schedule_fire WHERE fire_time >= ?", {now - day}), 2);
    EXPECT_EQ(CountRows("SELECT COUNT(*) FROM schedule_fire"), 2);
    EXPECT_EQ(CountRows("SELECT COUNT(*) FROM run_log_chunk"), 4) << "the recent run's and the running run's";
    EXPECT_EQ(CountRows("SELECT COUNT(*) FROM exec_log"), 3) << "the runs themselves stay";
    EXPECT_FALSE(b.RunOnce(now + 1000)->ran) << "host-a did this round";
    EXPECT_TRUE(b.RunOnce(now + options.interval_ms)->ran) << "the next round is anyone's";

    options.fire_retention_days = 0;
    options.log_chunk_retention_days = 0;
    StoreRetention keep(*store_, options);
    EXPECT_FALSE(keep.RunOnce(now + 10 * options.interval_ms)->ran) << "0 days keeps everything";
}


// The scheduler's access check reads through its fire transaction's session on every backend: a
// disabled owner's tick is refused (a failed run saying why, the schedule switched off) and an
// enabled owner's fires, in the same pass.
TEST_P(RepositorySuite, TheSchedulerChecksTheOwnerInItsFireTransactionOnEveryBackend) {
    std::int64_t config = 0;
    auto st = store_->Run([&](StoreSession& s) -> sdk::Status {
        auto c = s.Insert("INSERT INTO json_config (config_name, content, uid, insert_time, update_time) "
                          "VALUES ('c', '{\"job\": {}}', 'u1', 'x', 'x')", {});
        DBB_RETURN_IF_ERROR(c.status());
        config = c.value();
        return sdk::Status::Ok();
    });
    ASSERT_TRUE(st.ok()) << st.message();
    ScheduleService schedules(*store_);
    auto make = [&](const std::string& owner) {
        ScheduleRequest r;
        r.name = "s-" + owner;
        r.config_id = config;
        r.cron = "* * * * * ?";
        r.overlap = "parallel";
        auto saved = schedules.Save(r, owner);
        EXPECT_TRUE(saved.ok()) << saved.status().message();
        return saved.ok() ? saved->id : 0;
    };
    const std::int64_t mine = make("u1");
    UserRow admin;
    admin.name = "boss";
    admin.role = "admin";
    ASSERT_TRUE(UserRepository(*store_).Insert(admin).ok());
    const std::int64_t admins = make("boss");  // an admin may use u1's config
    ASSERT_TRUE(UserRepository(*store_).SetDisabled("boss", true).ok());
    const std::int64_t now = NowEpochMs() + 60000;
    for (auto id : {mine, admins}) {
        ASSERT_TRUE(store_->Run([&](StoreSession& s) {
            return s.Execute("UPDATE schedule SET next_fire = ? WHERE id = ?", {now, id}).status();
        }).ok());
    }
    std::vector<ExecLogRow> refused;
    SchedulerOptions options;
    options.on_refused = [&](const ExecLogRow& run) { refused.push_back(run); };
    Scheduler scheduler(*store_, options, nullptr);
    auto queued = scheduler.FireDue(now);
    ASSERT_TRUE(queued.ok()) << queued.status().message();
    EXPECT_EQ(queued.value(), 1) << "u1's tick";
    ASSERT_EQ(refused.size(), 1u);
    EXPECT_EQ(refused[0].schedule_id, admins);
    EXPECT_EQ(refused[0].exit_reason, "schedule id " + std::to_string(admins) +
                                          " runs as its owner 'boss', who may not run it now (user 'boss' is "
                                          "disabled); the schedule was switched off");
    EXPECT_EQ(CountRows("SELECT COUNT(*) FROM schedule_fire WHERE schedule_id = ? AND outcome = 'refused'", {admins}), 1);
    EXPECT_EQ(CountRows("SELECT enabled FROM schedule WHERE id = ?", {admins}), 0);
    EXPECT_EQ(CountRows("SELECT enabled FROM schedule WHERE id = ?", {mine}), 1);
}

}  // namespace dbbridge::core::testing
