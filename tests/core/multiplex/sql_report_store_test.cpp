#include "core/multiplex/sql_report_store.h"

#include <gtest/gtest.h>

#include "core/multiplex/in_memory_report_store.h"

namespace dbbridge::core::multiplex {
namespace {

StoredReport Make(const std::string& trace, const std::string& status, int consistent, std::int64_t t) {
    StoredReport r;
    r.trace_id = trace;
    r.status = status;
    r.consistent = consistent;
    r.request_json = R"({"traceId":")" + trace + R"("})";
    r.report_json = R"({"status":")" + status + R"(","text":"比对 'quoted'"})";
    r.insert_time_ms = t;
    r.update_time_ms = t;
    return r;
}

ReportFilter Owned(std::optional<std::string> owner, int page, int page_size) {
    ReportFilter f;
    f.owner = std::move(owner);
    f.page = page;
    f.page_size = page_size;
    return f;
}

std::vector<std::string> TraceIds(ReportStore& store, const ReportFilter& f) {
    auto page = store.List(f);
    EXPECT_TRUE(page.ok()) << page.status().message();
    std::vector<std::string> out;
    if (page.ok()) {
        for (const auto& r : page.value().items) out.push_back(r.trace_id);
        EXPECT_EQ(page.value().total, static_cast<std::int64_t>(out.size()));
    }
    return out;
}

// Status, consistency and creation time narrow the list on the store's side, with the owner.
void ExerciseFilters(ReportStore& store) {
    for (auto r : {Make("f1", "complete", 1, 1800000000000), Make("f2", "complete", 0, 1800000001000),
                   Make("f3", "failed", -1, 1800000002000), Make("f4", "pending", -1, 1800000003000)}) {
        r.uid = r.trace_id == "f4" ? "other" : "me";
        ASSERT_TRUE(store.Save(r).ok());
    }
    ReportFilter f = Owned(std::string("me"), 1, 10);
    f.from_ms = 1800000000000;
    EXPECT_EQ(TraceIds(store, f), (std::vector<std::string>{"f3", "f2", "f1"}));
    f.status = "complete";
    EXPECT_EQ(TraceIds(store, f), (std::vector<std::string>{"f2", "f1"}));
    f.consistent = 0;
    EXPECT_EQ(TraceIds(store, f), (std::vector<std::string>{"f2"}));
    f.status.clear();
    f.consistent = -1;
    EXPECT_EQ(TraceIds(store, f), (std::vector<std::string>{"f3"}));
    f.consistent.reset();
    f.from_ms = 1800000001000;  // inclusive
    f.to_ms = 1800000002000;    // exclusive
    EXPECT_EQ(TraceIds(store, f), (std::vector<std::string>{"f2"}));
    f.owner.reset();  // an admin: every user's
    f.to_ms = 0;
    EXPECT_EQ(TraceIds(store, f), (std::vector<std::string>{"f4", "f3", "f2"}));
    f.owner = "nobody";
    EXPECT_TRUE(TraceIds(store, f).empty());
}

// The same contract for both implementations.
void Exercise(ReportStore& store) {
    ASSERT_TRUE(store.Save(Make("a", "pending", -1, 1700000000123)).ok());
    ASSERT_TRUE(store.Save(Make("b", "complete", 1, 1700000001000)).ok());
    StoredReport done = Make("a", "complete", 0, 1700000005456);
    done.insert_time_ms = 0;  // keeps the first insert time
    ASSERT_TRUE(store.Save(done).ok());

    auto a = store.Get("a");
    ASSERT_TRUE(a.ok()) << a.status().message();
    ASSERT_TRUE(a.value().has_value());
    EXPECT_EQ(a.value()->status, "complete");
    EXPECT_EQ(a.value()->consistent, 0);
    EXPECT_EQ(a.value()->report_json, R"({"status":"complete","text":"比对 'quoted'"})");
    EXPECT_EQ(a.value()->insert_time_ms, 1700000000123);
    EXPECT_EQ(a.value()->update_time_ms, 1700000005456);
    auto none = store.Get("zzz");
    ASSERT_TRUE(none.ok());
    EXPECT_FALSE(none.value().has_value());

    ASSERT_TRUE(store.Save(Make("c", "expired", -1, 1700000002000)).ok());
    auto page = store.List(Owned("", 1, 2));
    ASSERT_TRUE(page.ok()) << page.status().message();
    EXPECT_EQ(page.value().total, 3);
    ASSERT_EQ(page.value().items.size(), 2u);
    EXPECT_EQ(page.value().items[0].trace_id, "c");
    EXPECT_EQ(page.value().items[0].consistent, -1);
    EXPECT_EQ(page.value().items[1].trace_id, "b");
    auto page2 = store.List(Owned("", 2, 2));
    ASSERT_TRUE(page2.ok());
    ASSERT_EQ(page2.value().items.size(), 1u);
    EXPECT_EQ(page2.value().items[0].trace_id, "a");

    // Reports are listed for their owner only; the owner is kept from the first save.
    StoredReport alice = Make("al", "complete", 1, 1700000003000);
    alice.uid = "alice";
    ASSERT_TRUE(store.Save(alice).ok());
    alice.uid = "bob";
    ASSERT_TRUE(store.Save(alice).ok());
    auto got = store.Get("al");
    ASSERT_TRUE(got.ok() && got.value().has_value());
    EXPECT_EQ(got.value()->uid, "alice");
    auto mine = store.List(Owned("alice", 1, 10));
    ASSERT_TRUE(mine.ok()) << mine.status().message();
    EXPECT_EQ(mine.value().total, 1);
    ASSERT_EQ(mine.value().items.size(), 1u);
    EXPECT_EQ(mine.value().items[0].trace_id, "al");
    auto bobs = store.List(Owned("bob", 1, 10));
    ASSERT_TRUE(bobs.ok());
    EXPECT_EQ(bobs.value().total, 0);
    EXPECT_TRUE(bobs.value().items.empty());
    EXPECT_EQ(store.List(Owned("", 1, 10)).value().total, 3);

    // Past the time to live finished reports go; a pending one stays (its batch still waits).
    ASSERT_TRUE(store.Save(Make("old-pending", "pending", -1, 1600000000000)).ok());
    auto purged = store.PurgeOlderThan(1700000001500);
    ASSERT_TRUE(purged.ok()) << purged.status().message();
    EXPECT_EQ(purged.value(), 1);  // "b" (complete, 1700000001000)
    EXPECT_FALSE(store.Get("b").value().has_value());
    EXPECT_TRUE(store.Get("a").value().has_value());  // updated later
    EXPECT_TRUE(store.Get("old-pending").value().has_value());
}

TEST(SqlReportStoreTest, MultiplexReportTableOnSqlite) {
    auto store = MetadataStore::Open("sqlite::memory:");
    ASSERT_TRUE(store.ok()) << store.status().message();
    SqlReportStore reports(*store.value());
    Exercise(reports);
    ExerciseFilters(reports);
}

TEST(SqlReportStoreTest, InMemoryStoreKeepsTheSameContract) {
    InMemoryReportStore reports;
    Exercise(reports);
    ExerciseFilters(reports);
}

TEST(SqlReportStoreTest, IsoTimes) {
    EXPECT_EQ(IsoFromEpochMs(1700000000123), "2023-11-14T22:13:20.123Z");
    EXPECT_EQ(EpochMsFromIso("2023-11-14T22:13:20.123Z"), 1700000000123);
    EXPECT_EQ(EpochMsFromIso("2023-11-14T22:13:20Z"), 1700000000000);
    EXPECT_EQ(EpochMsFromIso("junk"), 0);
}

}  // namespace
}  // namespace dbbridge::core::multiplex
