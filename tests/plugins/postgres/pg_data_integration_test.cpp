// Integration tests of the engine data path (streaming reader, split ranges, COPY writer)
// against the real PostgreSQL 15 server. Needs DBBRIDGE_TEST_PG (scripts/db-up.sh).
#include <gtest/gtest.h>

#include <chrono>
#include <cstdio>
#include <set>
#include <thread>

#include "dbbridge/sdk/util/sql_text.h"
#include "pg_plugin.h"
#include "tests/plugins/postgres/pg_test_env.h"
#include "tests/support/late_dirty_expect.h"
#include "tests/support/test_env.h"

namespace dbbridge::postgres {
namespace {

using sdk::StatusCode;
using sdk::Value;
using sdk::ValueKind;
using testing::CollectSink;
using testing::SpecFromUrl;
using testing::UniqueName;

class PgDataTest : public ::testing::Test {
protected:
    void SetUp() override {
        auto url = dbbridge::testing::EnvVar("DBBRIDGE_TEST_PG");
        if (!url) {
            GTEST_SKIP() << "DBBRIDGE_TEST_PG is not set (scripts/db-up.sh sets it)";
        }
        auto c = dialect_.Connect(SpecFromUrl(*url));
        ASSERT_TRUE(c.ok()) << c.status().message();
        conn_ = std::move(c).value();
        table_ = UniqueName(::testing::UnitTest::GetInstance()->current_test_info()->name());
        for (auto& ch : table_) {
            ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
        }
        Run("DROP TABLE IF EXISTS " + table_);
    }
    void TearDown() override {
        if (conn_) {
            CollectSink sink;
            (void)conn_->Execute("DROP TABLE IF EXISTS " + table_, {}, &sink, {});
        }
    }
    std::vector<sdk::Record> Run(const std::string& sql) {
        CollectSink sink;
        auto r = conn_->Execute(sql, {}, &sink, {});
        EXPECT_TRUE(r.ok()) << r.status().message();
        if (r.ok()) {
            EXPECT_FALSE(r->failed) << sql << ": " << r->error_message;
        }
        return sink.rows_;
    }
    // Reads everything the spec selects, in batches of batch_rows.
    std::vector<sdk::Record> ReadAll(const sdk::ReadSpec& spec, std::size_t batch_rows = 1000) {
        std::vector<sdk::Record> out;
        auto reader = conn_->OpenReader(spec);
        EXPECT_TRUE(reader.ok()) << reader.status().message();
        if (!reader.ok()) {
            return out;
        }
        sdk::RecordBatch batch;
        for (;;) {
            auto more = (*reader)->Next(batch, batch_rows);
            EXPECT_TRUE(more.ok()) << more.status().message();
            if (!more.ok() || !more.value()) {
                break;
            }
            out.insert(out.end(), batch.rows.begin(), batch.rows.end());
        }
        return out;
    }
    // A writer for table_ on conn (conn_ when null); fails the test when it cannot open.
    std::unique_ptr<sdk::RecordWriter> OpenTableWriter(sdk::Connection* conn = nullptr) {
        sdk::WriteSpec ws;
        ws.table = table_;
        auto writer = (conn ? conn : conn_.get())->OpenWriter(ws);
        EXPECT_TRUE(writer.ok()) << writer.status().message();
        return writer.ok() ? std::move(writer).value() : nullptr;
    }
    // A second session to the test server.
    std::unique_ptr<sdk::Connection> NewConnection() {
        auto c = dialect_.Connect(SpecFromUrl(*dbbridge::testing::EnvVar("DBBRIDGE_TEST_PG")));
        EXPECT_TRUE(c.ok()) << c.status().message();
        return c.ok() ? std::move(c).value() : nullptr;
    }
    std::int64_t Count(const std::string& where = "true") {
        auto rows = Run("SELECT count(*) FROM " + table_ + " WHERE " + where);
        return rows.empty() ? -1 : rows[0][0].i;
    }

    PgDialect dialect_{PostgresqlIdentity()};
    std::unique_ptr<sdk::Connection> conn_;
    std::string table_;
};

TEST_F(PgDataTest, ReaderIsExact) {
    Run("CREATE TABLE " + table_ +
        " (id int, n numeric(40,10), b bigint, ts timestamp(3), ts6 timestamp, tstz timestamptz, s varchar(20),"
        " c char(5), e text, raw bytea, big text, f4 real, f8 double precision, ok boolean, d date, t time)");
    Run("INSERT INTO " + table_ +
        " VALUES (1, '-123456789012345678901234567890.0123456789', -9223372036854775808,"
        " '2020-01-01 00:00:00.123', '1999-12-31 23:59:59.999999', '2020-06-01 12:00:00.5+02', '', 'ab',"
        " 'emoji 😀 tab\there\nnew \\ back', (SELECT string_agg(set_byte('\\x00'::bytea, 0, g), ''::bytea ORDER BY g)"
        " FROM generate_series(0, 255) g), repeat('x', 1048576), 1.1, 0.30000000000000004, true, 'infinity', "
        "'00:00:01'),"
        " (2, NULL, 9223372036854775807, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, "
        "NULL)");
    sdk::ReadSpec spec;
    spec.table = table_;
    spec.where = "id > 0";
    auto rows = ReadAll(spec);
    ASSERT_EQ(rows.size(), 2u);
    const sdk::Record& r = rows[0].at(0).i == 1 ? rows[0] : rows[1];
    const sdk::Record& nulls = rows[0].at(0).i == 1 ? rows[1] : rows[0];
    EXPECT_EQ(r[1], Value::Decimal("-123456789012345678901234567890.0123456789"));
    EXPECT_EQ(r[2], Value::Int(INT64_MIN));
    EXPECT_EQ(nulls[2], Value::Int(INT64_MAX));
    EXPECT_EQ(r[3], Value::Timestamp("2020-01-01 00:00:00.123"));
    EXPECT_EQ(r[3].precision, 3);
    EXPECT_EQ(r[4], Value::Timestamp("1999-12-31 23:59:59.999999"));
    EXPECT_EQ(r[5], Value::Timestamp("2020-06-01 10:00:00.5+00:00", true));
    EXPECT_EQ(r[6], Value::Text(""));
    EXPECT_TRUE(nulls[6].is_null());
    EXPECT_EQ(r[7], Value::Text("ab   "));  // char(n) comes back padded, as the server stores it
    EXPECT_EQ(r[8], Value::Text("emoji 😀 tab\there\nnew \\ back"));
    ASSERT_EQ(r[9].kind, ValueKind::kBytes);
    ASSERT_EQ(r[9].s.size(), 256u);
    for (int b = 0; b < 256; ++b) {
        ASSERT_EQ(static_cast<unsigned char>(r[9].s[b]), b);
    }
    EXPECT_EQ(r[10].s.size(), 1048576u);
    EXPECT_EQ(r[11].width, 4);
    EXPECT_EQ(static_cast<float>(r[11].f), 1.1f);
    EXPECT_EQ(r[12], Value::Float(0.1 + 0.2));
    EXPECT_EQ(r[13], Value::Bool(true));
    EXPECT_EQ(r[14], Value::Text("infinity"));
    EXPECT_EQ(r[15], Value::Time("00:00:01"));
    for (std::size_t c = 1; c < nulls.size(); ++c) {
        if (c != 2) {
            EXPECT_TRUE(nulls[c].is_null()) << c;
        }
    }
    auto reader = conn_->OpenReader(spec);
    ASSERT_TRUE(reader.ok());
    EXPECT_EQ((*reader)->Columns().size(), 16u);
    EXPECT_EQ((*reader)->Columns()[1].native_type, "numeric(40,10)");
    EXPECT_EQ((*reader)->Columns()[1].jdbc_type, sdk::JdbcType::kDecimal);
}

TEST_F(PgDataTest, ReaderErrorsNameTheProblem) {
    sdk::ReadSpec spec;
    spec.table = "pgp_missing_table";
    auto r = conn_->OpenReader(spec);
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.status().code(), StatusCode::kNotFound);
    EXPECT_NE(r.status().message().find("pgp_missing_table"), std::string::npos);
    spec.table.clear();
    spec.query_sql = "SELECT 1/0 FROM generate_series(1, 3)";
    auto reader = conn_->OpenReader(spec);
    if (reader.ok()) {
        sdk::RecordBatch batch;
        auto next = (*reader)->Next(batch, 10);
        ASSERT_FALSE(next.ok());
        EXPECT_NE(next.status().message().find("22012"), std::string::npos);
    } else {
        EXPECT_NE(reader.status().message().find("22012"), std::string::npos);
    }
    EXPECT_EQ(Run("SELECT 1").size(), 1u);
}

TEST_F(PgDataTest, AbandonedReaderLeavesTheConnectionUsable) {
    sdk::ReadSpec spec;
    spec.query_sql = "SELECT g FROM generate_series(1, 3000000) g";
    {
        auto reader = conn_->OpenReader(spec);
        ASSERT_TRUE(reader.ok()) << reader.status().message();
        sdk::RecordBatch batch;
        auto more = (*reader)->Next(batch, 10);
        ASSERT_TRUE(more.ok());
        EXPECT_EQ(batch.size(), 10u);
        EXPECT_EQ(batch.rows[9][0], Value::Int(10));
    }
    auto rows = Run("SELECT 42");
    ASSERT_EQ(rows.size(), 1u);
    EXPECT_EQ(rows[0][0], Value::Int(42));
}

TEST_F(PgDataTest, SplitRangesCoverEveryRowOnce) {
    Run("CREATE TABLE " + table_ + " (id bigint, v int)");
    Run("INSERT INTO " + table_ + " SELECT g, g FROM generate_series(-50, 949) g");
    Run("INSERT INTO " + table_ + " SELECT NULL, g FROM generate_series(1, 7) g");
    sdk::ReadSpec spec;
    spec.table = table_;
    spec.split_pk = "id";
    spec.where = "v <> 0";
    auto range = conn_->SplitRange(spec);
    ASSERT_TRUE(range.ok()) << range.status().message();
    ASSERT_TRUE(range->has_value());
    EXPECT_EQ((*range)->first, -50);
    EXPECT_EQ((*range)->second, 949);
    std::int64_t lo = (*range)->first;
    std::int64_t hi = (*range)->second;
    const int parts = 4;
    std::multiset<std::int64_t> seen;
    std::size_t nulls = 0;
    for (int i = 0; i < parts; ++i) {
        sdk::ReadSpec part = spec;
        part.has_range = true;
        part.range_lower = lo + (hi - lo) * i / parts;
        part.range_upper = i == parts - 1 ? hi : lo + (hi - lo) * (i + 1) / parts;
        part.upper_inclusive = i == parts - 1;
        for (const auto& row : ReadAll(part, 97)) {
            seen.insert(row[0].i);
        }
    }
    sdk::ReadSpec null_part = spec;
    null_part.null_range = true;
    nulls = ReadAll(null_part).size();
    EXPECT_EQ(nulls, 7u);
    EXPECT_EQ(seen.size(), 999u);  // v <> 0 drops id 0
    EXPECT_EQ(std::set<std::int64_t>(seen.begin(), seen.end()).size(), seen.size());
    EXPECT_EQ(seen.count(0), 0u);

    sdk::ReadSpec text_pk = spec;
    text_pk.split_pk = "v::text";
    EXPECT_FALSE(conn_->SplitRange(text_pk).ok());
    Run("DELETE FROM " + table_ + " WHERE id IS NOT NULL");
    auto empty = conn_->SplitRange(spec);
    ASSERT_TRUE(empty.ok());
    EXPECT_FALSE(empty->has_value());
}

sdk::Record Row(std::int64_t id, Value name) { return {Value::Int(id), std::move(name)}; }

TEST_F(PgDataTest, WriterKeepsGoodRecordsAndReportsDirtyOnes) {
    Run("CREATE TABLE " + table_ + " (id int PRIMARY KEY, name varchar(5) NOT NULL)");
    sdk::WriteSpec ws;
    ws.table = sdk::util::ToUpper(table_);
    ws.columns = {"ID", "name"};
    auto writer = conn_->OpenWriter(ws);
    ASSERT_TRUE(writer.ok()) << writer.status().message();
    sdk::RecordBatch batch;
    batch.rows = {Row(1, Value::Text("a")), Row(2, Value::Text("b")), Row(3, Value::Text("too long")),
                  Row(4, Value::Text("d")), Row(5, Value::Text("e"))};
    std::vector<sdk::DirtyRecord> dirty;
    ASSERT_TRUE((*writer)->Write(batch, dirty).ok());
    ASSERT_EQ(dirty.size(), 1u);
    EXPECT_EQ(dirty[0].index_in_batch, 2u);
    EXPECT_NE(dirty[0].reason.find("name"), std::string::npos) << dirty[0].reason;
    EXPECT_NE(dirty[0].reason.find("too long"), std::string::npos) << dirty[0].reason;

    batch.rows = {Row(6, Value::Text("f")), Row(7, Value::Null()), Row(1, Value::Text("dup")), Row(8, Value::Text("h")),
                  Row(9, Value::Text("i"))};
    ASSERT_TRUE((*writer)->Write(batch, dirty).ok());
    ASSERT_EQ(dirty.size(), 2u);
    EXPECT_EQ(dirty[0].index_in_batch, 1u);
    EXPECT_NE(dirty[0].reason.find("name"), std::string::npos) << dirty[0].reason;
    EXPECT_NE(dirty[0].reason.find("23502"), std::string::npos) << dirty[0].reason;
    EXPECT_EQ(dirty[1].index_in_batch, 2u);
    EXPECT_NE(dirty[1].reason.find("23505"), std::string::npos) << dirty[1].reason;
    ASSERT_TRUE((*writer)->Commit().ok());
    EXPECT_EQ(Count(), 7);
    EXPECT_EQ(Count("id IN (3, 7)"), 0);
    EXPECT_EQ(Count("id = 1 AND name = 'a'"), 1);

    batch.rows = {{Value::Int(1)}};  // one value for two columns
    EXPECT_EQ((*writer)->Write(batch, dirty).code(), StatusCode::kInvalidArgument);
}

// Batches larger than one streamed chunk, each Write() under its own savepoint: a failing batch after
// good ones keeps them, bad rows late in a streamed batch (a type error, a deferred unique violation)
// are named with their index, and Rollback drops every batch since the last Commit.
TEST_F(PgDataTest, WriterStreamsBatchesAndIsolatesEachOne) {
    Run("CREATE TABLE " + table_ + " (id int PRIMARY KEY, name text)");
    sdk::WriteSpec ws;
    ws.table = table_;
    auto writer = conn_->OpenWriter(ws);
    ASSERT_TRUE(writer.ok()) << writer.status().message();
    const std::string pad(60, 'x');  // 3000 rows are ~200 KiB, several streamed chunks
    auto make = [&](std::int64_t first, std::size_t n) {
        sdk::RecordBatch b;
        for (std::size_t i = 0; i < n; ++i) {
            b.rows.push_back(Row(first + static_cast<std::int64_t>(i), Value::Text(pad)));
        }
        return b;
    };
    std::vector<sdk::DirtyRecord> dirty;
    sdk::RecordBatch batch = make(1, 3000);
    ASSERT_TRUE((*writer)->Write(batch, dirty).ok());
    EXPECT_TRUE(dirty.empty());
    batch = make(3001, 3000);
    batch.rows[2500][0] = Value::Int(1);         // duplicate of the first batch
    batch.rows[2900][0] = Value::Text("2900x");  // not an integer
    ASSERT_TRUE((*writer)->Write(batch, dirty).ok());
    ASSERT_EQ(dirty.size(), 2u);
    EXPECT_EQ(dirty[0].index_in_batch, 2500u);
    EXPECT_NE(dirty[0].reason.find("23505"), std::string::npos) << dirty[0].reason;
    EXPECT_EQ(dirty[1].index_in_batch, 2900u);
    EXPECT_NE(dirty[1].reason.find("2900x"), std::string::npos) << dirty[1].reason;
    batch = make(6001, 10);
    ASSERT_TRUE((*writer)->Write(batch, dirty).ok());
    EXPECT_TRUE(dirty.empty());
    ASSERT_TRUE((*writer)->Commit().ok());
    EXPECT_EQ(Count(), 3000 + 2998 + 10);
    EXPECT_EQ(Count("id = 1 AND name = '" + pad + "'"), 1);

    batch = make(7001, 3000);
    ASSERT_TRUE((*writer)->Write(batch, dirty).ok());
    batch = make(10001, 5);
    batch.rows[4][0] = Value::Int(7001);
    ASSERT_TRUE((*writer)->Write(batch, dirty).ok());
    ASSERT_EQ(dirty.size(), 1u);
    EXPECT_EQ(dirty[0].index_in_batch, 4u);
    ASSERT_TRUE((*writer)->Rollback().ok());
    EXPECT_EQ(Count(), 3000 + 2998 + 10);
}

// Deferred dirty records (the engine's way): one COPY stays open across Write() calls (another
// session sees it in pg_stat_progress_copy between them), and Flush() names each bad row of a long
// COPY by its batch and index, with the server's reason, while every good row is stored.
TEST_F(PgDataTest, DeferredWriterKeepsOneCopyAndNamesLateDirtyRecords) {
    Run("CREATE TABLE " + table_ + " (id int PRIMARY KEY, name text NOT NULL)");
    auto watcher = NewConnection();
    ASSERT_NE(watcher, nullptr);
    auto writer = OpenTableWriter();
    ASSERT_NE(writer, nullptr);
    ASSERT_TRUE(writer->DeferDirty());
    std::vector<sdk::DirtyRecord> dirty;
    std::int64_t id = 0;
    std::int64_t good_sum = 0;
    for (int b = 0; b < 20; ++b) {
        sdk::RecordBatch batch;
        for (int i = 0; i < 5000; ++i) {
            ++id;
            batch.rows.push_back(Row(id, Value::Text("row " + std::to_string(id))));
            good_sum += id;
        }
        if (b == 7) {
            batch.rows[1234][0] = Value::Text("12x34");  // not an integer
            good_sum -= 7 * 5000 + 1235;
        }
        if (b == 12) {
            batch.rows[10][0] = Value::Int(3);  // duplicate of the first batch
            good_sum -= 12 * 5000 + 11;
        }
        if (b == 19) {
            batch.rows[4999][1] = Value::Null();  // NOT NULL, the very last row
            good_sum -= 100000;
        }
        ASSERT_TRUE(writer->Write(batch, dirty).ok());
        EXPECT_TRUE(dirty.empty());
        if (b == 2) {
            CollectSink sink;
            auto r = watcher->Execute("SELECT count(*) FROM pg_stat_progress_copy WHERE relid = '" + table_ +
                                             "'::regclass AND command = 'COPY FROM'",
                                         {}, &sink, {});
            ASSERT_TRUE(r.ok() && !r->failed);
            EXPECT_EQ(sink.rows_.at(0).at(0).i, 1) << "no COPY open between Write() calls";
        }
    }
    std::vector<sdk::LateDirtyRecord> late;
    ASSERT_TRUE(writer->Flush(late).ok());
    ASSERT_NO_FATAL_FAILURE(dbbridge::testing::ExpectLateDirty(late, {{7, 1234, "12x34"}, {12, 10, "23505"}, {19, 4999, "23502"}}));
    late.clear();
    ASSERT_TRUE(writer->Flush(late).ok());  // nothing open: nothing more to report
    EXPECT_TRUE(late.empty());
    ASSERT_TRUE(writer->Commit().ok());
    EXPECT_EQ(Count(), 100000 - 3);
    auto sum = Run("SELECT sum(id)::bigint FROM " + table_);
    EXPECT_EQ(sum.at(0).at(0).i, good_sum);
    EXPECT_EQ(Count("id = 3 AND name = 'row 3'"), 1);

    // A clean window after a commit, then a rollback: nothing of it stays, the COPY is abandoned.
    sdk::RecordBatch batch;
    batch.rows = {Row(200001, Value::Text("x")), Row(200002, Value::Text("y"))};
    ASSERT_TRUE(writer->Write(batch, dirty).ok());
    ASSERT_TRUE(writer->Rollback().ok());
    EXPECT_EQ(Count(), 100000 - 3);
}

// The server connection dies while a deferred COPY is open: the writer fails with an error naming
// the table instead of hanging or reporting rows as written, and nothing uncommitted stays.
TEST_F(PgDataTest, DeferredWriterServerLostMidCopy) {
    Run("CREATE TABLE " + table_ + " (id int PRIMARY KEY, name text)");
    auto other = NewConnection();
    auto writer_conn = NewConnection();
    ASSERT_TRUE(other && writer_conn);
    auto writer = OpenTableWriter(writer_conn.get());
    ASSERT_NE(writer, nullptr);
    ASSERT_TRUE(writer->DeferDirty());
    std::vector<sdk::DirtyRecord> dirty;
    auto batch_from = [](std::int64_t first) {
        sdk::RecordBatch b;
        for (std::int64_t i = 0; i < 5000; ++i) {
            b.rows.push_back(Row(first + i, Value::Text(std::string(40, 'p'))));
        }
        return b;
    };
    sdk::RecordBatch batch = batch_from(1);
    ASSERT_TRUE(writer->Write(batch, dirty).ok());
    CollectSink killed;
    auto r = other->Execute("SELECT pg_terminate_backend(pid) FROM pg_stat_progress_copy WHERE relid = '" +
                                   table_ + "'::regclass",
                               {}, &killed, {});
    ASSERT_TRUE(r.ok() && !r->failed);
    ASSERT_EQ(killed.rows_.size(), 1u);
    sdk::Status st = sdk::Status::Ok();
    std::vector<sdk::LateDirtyRecord> late;
    for (std::int64_t b = 1; b < 200 && st.ok(); ++b) {  // the loss shows on a send or at the latest at Flush
        batch = batch_from(1 + b * 5000);
        st = writer->Write(batch, dirty);
        if (st.ok() && b % 50 == 0) {
            st = writer->Flush(late);
        }
    }
    if (st.ok()) {
        st = writer->Flush(late);
    }
    ASSERT_FALSE(st.ok());
    EXPECT_NE(st.message().find(table_), std::string::npos) << st.message();
    EXPECT_TRUE(late.empty());
    EXPECT_FALSE(writer->Commit().ok());
    writer.reset();  // must not hang on the dead connection
    CollectSink count;
    r = other->Execute("SELECT count(*) FROM " + table_, {}, &count, {});
    ASSERT_TRUE(r.ok() && !r->failed);
    EXPECT_EQ(count.rows_.at(0).at(0).i, 0);
}

// A bad row early in a window: the server reports it at once and discards the rest of that COPY, so
// the writer ends the window when it next hears from the server instead of sending rows into the void
// for the rest of the window; the next batch goes into a COPY of its own, and nothing is lost.
TEST_F(PgDataTest, DeferredWriterEndsTheWindowEarlyOnABadRow) {
    Run("CREATE TABLE " + table_ + " (id int PRIMARY KEY, name text NOT NULL)");
    auto watcher = NewConnection();
    auto writer = OpenTableWriter();
    ASSERT_TRUE(watcher && writer);
    ASSERT_TRUE(writer->DeferDirty());
    auto batch_from = [](std::int64_t first) {
        sdk::RecordBatch b;
        for (std::int64_t i = 0; i < 2000; ++i) {
            b.rows.push_back(Row(first + i, Value::Text("r")));
        }
        return b;
    };
    std::vector<sdk::DirtyRecord> dirty;
    sdk::RecordBatch b0 = batch_from(1);
    b0.rows[5][1] = Value::Null();
    ASSERT_TRUE(writer->Write(b0, dirty).ok());
    std::this_thread::sleep_for(std::chrono::milliseconds(500));  // the server has failed the COPY by now
    sdk::RecordBatch b1 = batch_from(2001);
    ASSERT_TRUE(writer->Write(b1, dirty).ok());
    // A failed COPY is no longer in progress on the server; a live one (the new window) is.
    CollectSink copies;
    auto r = watcher->Execute("SELECT count(*) FROM pg_stat_progress_copy WHERE relid = '" + table_ +
                                  "'::regclass AND command = 'COPY FROM'",
                              {}, &copies, {});
    ASSERT_TRUE(r.ok() && !r->failed);
    EXPECT_EQ(copies.rows_.at(0).at(0).i, 1) << "the window with the bad row was not ended early";
    std::vector<sdk::LateDirtyRecord> late;
    ASSERT_TRUE(writer->Flush(late).ok());
    ASSERT_NO_FATAL_FAILURE(dbbridge::testing::ExpectLateDirty(late, {{0, 5, "23502"}}));
    ASSERT_TRUE(writer->Commit().ok());
    EXPECT_EQ(Count(), 4000 - 1);
}

// update with the same key several times in one window (DO UPDATE refuses to touch a row twice in one
// statement): the last row of each key wins, as row-by-row upserts would leave it, every key is
// stored, and nothing is reported dirty.
TEST_F(PgDataTest, DeferredUpsertKeepsTheLastRowOfAKey) {
    Run("CREATE TABLE " + table_ + " (id int PRIMARY KEY, name text)");
    Run("INSERT INTO " + table_ + " VALUES (1, 'before'), (2, 'before')");
    sdk::WriteSpec ws;
    ws.table = table_;
    ws.write_mode = "update";
    auto opened = conn_->OpenWriter(ws);
    ASSERT_TRUE(opened.ok()) << opened.status().message();
    auto& writer = *opened;
    ASSERT_TRUE(writer->DeferDirty());
    std::vector<sdk::DirtyRecord> dirty;
    for (int b = 0; b < 3; ++b) {
        sdk::RecordBatch batch;
        for (int i = 1; i <= 3000; ++i) {
            // Every key of 1..3000 in every batch, and key 1 twice more inside each batch.
            batch.rows.push_back(Row(i, Value::Text("b" + std::to_string(b) + "-" + std::to_string(i))));
        }
        batch.rows.push_back(Row(1, Value::Text("b" + std::to_string(b) + "-again")));
        batch.rows.push_back(Row(1, Value::Text("b" + std::to_string(b) + "-last")));
        ASSERT_TRUE(writer->Write(batch, dirty).ok());
        EXPECT_TRUE(dirty.empty());
    }
    std::vector<sdk::LateDirtyRecord> late;
    ASSERT_TRUE(writer->Flush(late).ok());
    EXPECT_TRUE(late.empty());
    ASSERT_TRUE(writer->Commit().ok());
    EXPECT_EQ(Count(), 3000);
    EXPECT_EQ(Count("id = 1 AND name = 'b2-last'"), 1);
    EXPECT_EQ(Count("id = 2 AND name = 'b2-2'"), 1);
    EXPECT_EQ(Count("name LIKE 'b2-%'"), 3000);
}

// More bad rows than the line-directed retries handle (8): the rest is found by halving, each bad
// row still named exactly and every good row kept.
TEST_F(PgDataTest, ManyBadRowsInOneCopyAreFoundByHalving) {
    Run("CREATE TABLE " + table_ + " (id int PRIMARY KEY, name varchar(4))");
    auto writer = OpenTableWriter();
    ASSERT_NE(writer, nullptr);
    sdk::RecordBatch batch;
    for (int i = 0; i < 20000; ++i) {
        batch.rows.push_back(Row(i, Value::Text(i % 1500 == 7 ? "toolong" : "ok")));
    }
    std::vector<sdk::DirtyRecord> dirty;
    ASSERT_TRUE(writer->Write(batch, dirty).ok());
    std::vector<std::size_t> got;
    for (const auto& d : dirty) {
        got.push_back(d.index_in_batch);
        EXPECT_NE(d.reason.find("22001"), std::string::npos) << d.reason;
    }
    std::vector<std::size_t> want;
    for (std::size_t i = 7; i < 20000; i += 1500) {
        want.push_back(i);
    }
    EXPECT_EQ(got, want);  // 14 bad rows, in order
    ASSERT_TRUE(writer->Commit().ok());
    EXPECT_EQ(Count(), 20000 - static_cast<std::int64_t>(want.size()));
}

TEST_F(PgDataTest, WriterRollbackLeavesNothing) {
    Run("CREATE TABLE " + table_ + " (id int PRIMARY KEY, name text)");
    sdk::WriteSpec ws;
    ws.table = table_;
    {
        auto writer = conn_->OpenWriter(ws);
        ASSERT_TRUE(writer.ok()) << writer.status().message();
        sdk::RecordBatch batch;
        batch.rows = {Row(1, Value::Text("a")), Row(2, Value::Text("b"))};
        std::vector<sdk::DirtyRecord> dirty;
        ASSERT_TRUE((*writer)->Write(batch, dirty).ok());
        EXPECT_TRUE(dirty.empty());
        ASSERT_TRUE((*writer)->Rollback().ok());
        ASSERT_TRUE((*writer)->Write(batch, dirty).ok());  // a new transaction; dropped uncommitted
    }
    EXPECT_EQ(Count(), 0);
}

TEST_F(PgDataTest, WriterSkipsGeneratedColumnsForStar) {
    Run("CREATE TABLE " + table_ + " (a int, b int GENERATED ALWAYS AS (a * 2) STORED, c text)");
    sdk::WriteSpec ws;
    ws.table = table_;
    auto writer = conn_->OpenWriter(ws);
    ASSERT_TRUE(writer.ok()) << writer.status().message();
    sdk::RecordBatch batch;
    batch.rows = {{Value::Int(21), Value::Text("x")}};
    std::vector<sdk::DirtyRecord> dirty;
    ASSERT_TRUE((*writer)->Write(batch, dirty).ok());
    EXPECT_TRUE(dirty.empty());
    ASSERT_TRUE((*writer)->Commit().ok());
    EXPECT_EQ(Count("b = 42 AND c = 'x'"), 1);
    ws.columns = {"a", "b"};
    auto explicit_generated = conn_->OpenWriter(ws);
    ASSERT_FALSE(explicit_generated.ok());
    EXPECT_NE(explicit_generated.status().message().find("generated"), std::string::npos);
}

TEST_F(PgDataTest, WriterUpdateUpsertsOnThePrimaryKey) {
    Run("CREATE TABLE " + table_ + " (id int PRIMARY KEY, name text, n numeric(10,2), raw bytea, ok boolean)");
    Run("INSERT INTO " + table_ + " VALUES (1, 'old', 1, NULL, false), (2, 'keep', 2, NULL, false)");
    sdk::WriteSpec ws;
    ws.table = "public." + table_;
    ws.write_mode = "update";
    auto writer = conn_->OpenWriter(ws);
    ASSERT_TRUE(writer.ok()) << writer.status().message();
    sdk::RecordBatch batch;
    batch.rows = {{Value::Int(1), Value::Text("new\ttab"), Value::Decimal("10.50"),
                   Value::Bytes(std::string("\0\\", 2)), Value::Bool(true)},
                  {Value::Int(3), Value::Text("added"), Value::Float(2.25), Value::Null(), Value::Int(1)},
                  {Value::Int(4), Value::Text("bad"), Value::Text("not a number"), Value::Null(), Value::Null()}};
    std::vector<sdk::DirtyRecord> dirty;
    ASSERT_TRUE((*writer)->Write(batch, dirty).ok());
    ASSERT_EQ(dirty.size(), 1u);
    EXPECT_EQ(dirty[0].index_in_batch, 2u);
    EXPECT_NE(dirty[0].reason.find("column n"), std::string::npos) << dirty[0].reason;
    ASSERT_TRUE((*writer)->Commit().ok());
    auto rows = Run("SELECT id, name, n, raw, ok FROM " + table_ + " ORDER BY id");
    ASSERT_EQ(rows.size(), 3u);
    EXPECT_EQ(rows[0][1], Value::Text("new\ttab"));
    EXPECT_EQ(rows[0][2], Value::Decimal("10.50"));
    EXPECT_EQ(rows[0][3], Value::Bytes(std::string("\0\\", 2)));
    EXPECT_EQ(rows[0][4], Value::Bool(true));
    EXPECT_EQ(rows[1][1], Value::Text("keep"));
    EXPECT_EQ(rows[2][2], Value::Decimal("2.25"));

    ws.write_mode = "merge";
    auto bad = conn_->OpenWriter(ws);
    ASSERT_FALSE(bad.ok());
    EXPECT_NE(bad.status().message().find("merge"), std::string::npos);
    ws.write_mode = "update";
    ws.columns = {"name"};
    EXPECT_FALSE(conn_->OpenWriter(ws).ok());  // the key column is not written
    ws.columns = {"id", "nope"};
    auto missing = conn_->OpenWriter(ws);
    ASSERT_FALSE(missing.ok());
    EXPECT_NE(missing.status().message().find("nope"), std::string::npos);
}

TEST_F(PgDataTest, ThroughputOf200kRows) {
    Run("CREATE TABLE " + table_ +
        " (id bigint PRIMARY KEY, name varchar(64), amount numeric(12,2), created timestamp)");
    const std::size_t total = 200000;
    const std::size_t batch_rows = 2048;
    sdk::WriteSpec ws;
    ws.table = table_;
    auto writer = conn_->OpenWriter(ws);
    ASSERT_TRUE(writer.ok()) << writer.status().message();
    sdk::RecordBatch batch;
    std::vector<sdk::DirtyRecord> dirty;
    auto start = std::chrono::steady_clock::now();
    for (std::size_t id = 1; id <= total;) {
        batch.rows.clear();
        for (std::size_t k = 0; k < batch_rows && id <= total; ++k, ++id) {
            char amount[32];
            std::snprintf(amount, sizeof amount, "%zu.%02zu", (id * 7919) % 100000, id % 100);
            batch.rows.push_back({Value::Int(static_cast<std::int64_t>(id)),
                                  Value::Text("customer-" + std::to_string(id) + "-abcdef012345"),
                                  Value::Decimal(amount), Value::Timestamp("2020-01-01 00:00:00")});
        }
        ASSERT_TRUE((*writer)->Write(batch, dirty).ok());
        ASSERT_TRUE(dirty.empty());
    }
    ASSERT_TRUE((*writer)->Commit().ok());
    double write_s = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();

    sdk::ReadSpec spec;
    spec.table = table_;
    start = std::chrono::steady_clock::now();
    auto reader = conn_->OpenReader(spec);
    ASSERT_TRUE(reader.ok());
    std::size_t read = 0;
    for (;;) {
        auto more = (*reader)->Next(batch, 10000);
        ASSERT_TRUE(more.ok()) << more.status().message();
        if (!more.value()) {
            break;
        }
        read += batch.size();
    }
    double read_s = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    EXPECT_EQ(read, total);
    std::printf("[postgres] write %zu rows: %.3f s (%.0f rows/s); read: %.3f s (%.0f rows/s)\n", total, write_s,
                total / write_s, read_s, total / read_s);
}

}  // namespace
}  // namespace dbbridge::postgres
