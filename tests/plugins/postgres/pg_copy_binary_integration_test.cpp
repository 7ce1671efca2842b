// Binary COPY (issue 14): the writer picks FORMAT binary for column sets that gain from it, and what
// it stores is exactly what text COPY stores for the same records (compared row by row as the
// server prints them, and by the same md5 checksum over all rows), including NULLs, negative and
// rounded numerics, time zones and each type's extremes; a batch with a value only the server can
// judge goes as text, and bad rows are still isolated exactly. Needs DBBRIDGE_TEST_PG.
#include <gtest/gtest.h>

#include <cctype>
#include <cmath>
#include <limits>

#include "pg_plugin.h"
#include "tests/plugins/postgres/pg_test_env.h"
#include "tests/support/late_dirty_expect.h"
#include "tests/support/test_env.h"

namespace dbbridge::postgres {
namespace {

using sdk::Value;
using testing::CollectSink;
using testing::SpecFromUrl;
using testing::UniqueName;

constexpr const char* kColumns =
    " (id int8 PRIMARY KEY, i2 int2, i4 int4, i8 int8, f4 float4, f8 float8, n numeric, n2 numeric(12,2),"
    " b bool, d date, ts timestamp, ts3 timestamp(3), tz timestamptz, by bytea, v varchar(20), t text)";

Value Ts(const std::string& s) { return Value::Timestamp(s); }
Value Tz(const std::string& s) { return Value::Timestamp(s, true); }

// One row per kind of edge; id first, the other 15 columns in kColumns order.
std::vector<sdk::Record> EdgeRows() {
    const double inf = std::numeric_limits<double>::infinity();
    std::vector<sdk::Record> rows = {
        {Value::Int(1), Value::Int(32767), Value::Int(2147483647), Value::Int(INT64_MAX),
         Value::Float(std::numeric_limits<float>::max(), 4), Value::Float(std::numeric_limits<double>::max()),
         Value::Decimal("123456789012345678901234567890.123456789012345"), Value::Decimal("9999999999.99"),
         Value::Bool(true), Value::Date("9999-12-31"), Ts("9999-12-31 23:59:59.999999"),
         Ts("2020-01-01 00:00:00.9995"), Tz("2020-06-30 23:30:00+05:30"), Value::Bytes(std::string("\0\xff\\\n", 4)),
         Value::Text("tab\there\\ and é"), Value::Text("line\nbreak\r\\.")},
        {Value::Int(2), Value::Int(-32768), Value::Int(-2147483647 - 1), Value::Int(INT64_MIN),
         Value::Float(-std::numeric_limits<float>::denorm_min(), 4), Value::Float(std::numeric_limits<double>::denorm_min()),
         Value::Decimal("-0.000000000000000000001"), Value::Decimal("-1.005"), Value::Bool(false),
         Value::Date("0001-01-01"), Ts("0001-01-01 00:00:00"), Ts("1969-12-31 23:59:59.1234"),
         Tz("1999-12-31 19:00:00-08:00"), Value::Bytes(""), Value::Text(""), Value::Text("")},
        {Value::Int(3), Value::Int(0), Value::Int(-1), Value::Int(0), Value::Float(-0.0, 4), Value::Float(-0.0),
         Value::Decimal("-0.00"), Value::Decimal("+0.005"), Value::Bool(true), Value::Date("2000-02-29"),
         Ts("2000-01-01 00:00:00"), Ts("1999-12-31 23:59:59.9999"), Ts("2000-01-01 00:00:00"),
         Value::Text("text into bytea"), Value::Int(-42), Value::Decimal("-12.50")},
        {Value::Int(4), Value::Bool(true), Value::Bool(false), Value::Int(1), Value::Float(inf, 4), Value::Float(-inf),
         Value::Int(-9007199254740993), Value::Int(-7), Value::Bool(false), Value::Date("1970-01-01"),
         Ts("1900-02-28 12:34:56.5"), Ts("2024-02-29 23:59:59.999"), Tz("2038-01-19 03:14:08.000001+14:00"),
         Value::Bytes("plain"), Value::Bool(true), Value::Float(0.1)},
        {Value::Int(5), Value::Int(1), Value::Int(1), Value::Int(1), Value::Float(std::nan(""), 4),
         Value::Float(-std::nan("")), Value::Decimal("10000"), Value::Decimal("0.1"), Value::Null(),
         Value::Date("1999-12-31"), Ts("2000-01-01 00:00:00.000001"), Value::Null(), Tz("1970-01-01 00:00:00-00:30"),
         Value::Null(), Value::Date("2001-02-03"), Ts("2001-02-03 04:05:06.7")},
        {Value::Int(6), Value::Int(9007199254740993 % 30000), Value::Int(12), Value::Int(9007199254740993),
         Value::Int(16777217), Value::Int(9007199254740993), Value::Decimal(".5"), Value::Decimal("5."),
         Value::Bool(true), Value::Date("2100-03-01"), Tz("2100-02-28 00:00:00-11:00"), Ts("2100-03-01 00:00:00.1"),
         Tz("0001-01-01 00:00:00+01:00"), Value::Bytes(std::string(300, '\x01')), Value::Float(1.5, 4),
         Value::Float(-2.25)},
    };
    sdk::Record all_null(16, Value::Null());
    all_null[0] = Value::Int(7);
    rows.push_back(all_null);
    return rows;
}

class PgCopyBinaryTest : public ::testing::Test {
protected:
    void SetUp() override {
        auto url = dbbridge::testing::EnvVar("DBBRIDGE_TEST_PG");
        if (!url) {
            GTEST_SKIP() << "DBBRIDGE_TEST_PG is not set (scripts/db-up.sh sets it)";
        }
        url_ = *url;
        conn_ = Connect("auto");
        ASSERT_NE(conn_, nullptr);
        base_ = UniqueName(::testing::UnitTest::GetInstance()->current_test_info()->name());
        for (auto& ch : base_) {
            ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
        }
        base_ = base_.substr(0, 50);
        for (const char* suffix : {"_text", "_bin"}) {
            Run("DROP TABLE IF EXISTS " + base_ + suffix);
            Run("CREATE TABLE " + base_ + suffix + kColumns);
        }
    }
    void TearDown() override {
        if (conn_) {
            for (const char* suffix : {"_text", "_bin"}) {
                CollectSink sink;
                (void)conn_->Execute("DROP TABLE IF EXISTS " + base_ + suffix, {}, &sink, {});
            }
        }
    }
    std::unique_ptr<sdk::Connection> Connect(const std::string& copy_format) {
        sdk::ConnectionSpec spec = SpecFromUrl(url_);
        spec.options["pg_copy_format"] = copy_format;
        auto c = dialect_.Connect(spec);
        EXPECT_TRUE(c.ok()) << c.status().message();
        return c.ok() ? std::move(c).value() : nullptr;
    }
    std::vector<sdk::Record> Run(const std::string& sql, sdk::Connection* conn = nullptr) {
        CollectSink sink;
        auto r = (conn ? conn : conn_.get())->Execute(sql, {}, &sink, {});
        EXPECT_TRUE(r.ok()) << r.status().message();
        if (r.ok()) {
            EXPECT_FALSE(r->failed) << sql << ": " << r->error_message;
        }
        return sink.rows_;
    }
    // The COPY the session with this backend pid runs now, as pg_stat_activity shows it ("" when none).
    std::string RunningCopy(std::int64_t pid) {
        auto rows = Run("SELECT query FROM pg_stat_activity WHERE pid = " + std::to_string(pid) +
                        " AND query LIKE '%COPY%'");
        return rows.empty() ? "" : rows[0][0].s;
    }
    // Writes the batches through a deferred writer (the engine's way) on conn, one window, and
    // returns the late dirty records; running_copy gets the COPY the session ran after the first batch.
    std::vector<sdk::LateDirtyRecord> WriteAll(sdk::Connection* conn, const std::string& table,
                                               const std::vector<sdk::RecordBatch>& batches,
                                               std::string* running_copy = nullptr) {
        const std::int64_t pid = Run("SELECT pg_backend_pid()", conn).at(0).at(0).i;
        sdk::WriteSpec ws;
        ws.table = table;
        auto writer = conn->OpenWriter(ws);
        EXPECT_TRUE(writer.ok()) << writer.status().message();
        std::vector<sdk::LateDirtyRecord> late;
        if (!writer.ok()) {
            return late;
        }
        EXPECT_TRUE((*writer)->DeferDirty());
        std::vector<sdk::DirtyRecord> dirty;
        for (std::size_t b = 0; b < batches.size(); ++b) {
            EXPECT_TRUE((*writer)->Write(batches[b], dirty).ok());
            EXPECT_TRUE(dirty.empty());
            if (b == 0 && running_copy != nullptr) {
                *running_copy = RunningCopy(pid);
            }
        }
        EXPECT_TRUE((*writer)->Flush(late).ok());
        EXPECT_TRUE((*writer)->Commit().ok());
        return late;
    }
    // Every row as the server prints it, ordered by id.
    std::vector<std::string> RowsAsText(const std::string& table) {
        std::vector<std::string> out;
        for (const auto& r : Run("SELECT r::text FROM " + table + " r ORDER BY id")) {
            out.push_back(r.at(0).s);
        }
        return out;
    }
    std::string Checksum(const std::string& table) {
        return Run("SELECT count(*) || ':' || md5(string_agg(md5(r::text), '' ORDER BY id)) FROM " + table + " r")
            .at(0)
            .at(0)
            .s;
    }

    std::string url_;
    PgDialect dialect_{PostgresqlIdentity()};
    std::unique_ptr<sdk::Connection> conn_;
    std::string base_;
};

TEST_F(PgCopyBinaryTest, BinaryStoresExactlyWhatTextStores) {
    sdk::RecordBatch edges;
    edges.rows = EdgeRows();
    sdk::RecordBatch many;  // a second batch in the same window, many ordinary rows
    for (int i = 0; i < 5000; ++i) {
        const std::string n = std::to_string(i);
        many.rows.push_back({Value::Int(100 + i), Value::Int(i % 30000 - 15000), Value::Int(i * 7919),
                             Value::Int(-static_cast<std::int64_t>(i) * 1000003), Value::Float(i / 7.0f, 4),
                             Value::Float(i / 3.0), Value::Decimal("-" + n + "." + n), Value::Decimal(n + ".995"),
                             Value::Bool(i % 2 == 0), Value::Date("2023-01-01"), Ts("2023-01-01 10:00:0" + n.substr(0, 1)),
                             Ts("2023-01-01 10:00:00." + n), Tz("2023-03-26 01:30:00+0" + n.substr(0, 1) + ":00"),
                             Value::Bytes(n), Value::Text("v" + n), Value::Text("t" + n)});
    }
    auto text_conn = Connect("text");
    auto bin_conn = Connect("auto");
    ASSERT_TRUE(text_conn && bin_conn);
    std::string text_copy;
    std::string bin_copy;
    EXPECT_TRUE(WriteAll(text_conn.get(), base_ + "_text", {edges, many}, &text_copy).empty());
    EXPECT_TRUE(WriteAll(bin_conn.get(), base_ + "_bin", {edges, many}, &bin_copy).empty());
    EXPECT_EQ(text_copy.find("FORMAT binary"), std::string::npos) << text_copy;
    EXPECT_NE(bin_copy.find("FORMAT binary"), std::string::npos) << bin_copy;

    const auto text_rows = RowsAsText(base_ + "_text");
    const auto bin_rows = RowsAsText(base_ + "_bin");
    ASSERT_EQ(text_rows.size(), 7u + 5000u);
    ASSERT_EQ(bin_rows.size(), text_rows.size());
    for (std::size_t i = 0; i < text_rows.size(); ++i) {
        EXPECT_EQ(bin_rows[i], text_rows[i]) << "row " << i;
    }
    EXPECT_EQ(Checksum(base_ + "_bin"), Checksum(base_ + "_text"));
    // Spot checks that the rows mean what they should (not merely the same in both).
    auto r = Run("SELECT n2::text, ts3::text, tz::text, f8::text FROM " + base_ + "_bin WHERE id IN (1, 2) ORDER BY id");
    EXPECT_EQ(r.at(0).at(0).s, "9999999999.99");
    EXPECT_EQ(r.at(0).at(1).s, "2020-01-01 00:00:01");
    EXPECT_EQ(r.at(0).at(2).s, "2020-06-30 18:00:00+00");
    EXPECT_EQ(r.at(1).at(0).s, "-1.01");
    EXPECT_EQ(r.at(1).at(1).s, "1969-12-31 23:59:59.123");
    // An offset into timestamp without time zone is ignored, as its text input ignores it (MariaDB's
    // TIMESTAMP is read as UTC with +00:00).
    EXPECT_EQ(Run("SELECT ts::text FROM " + base_ + "_bin WHERE id = 6").at(0).at(0).s, "2100-02-28 00:00:00");
}

// A batch with a value only the server can judge (text for an integer column, an exponent, a
// timestamp with nanoseconds, a smallint out of range) goes as text and stores the same;
// a bad row in a binary COPY is found exactly, with the server's reason.
TEST_F(PgCopyBinaryTest, ValuesOnlyTheServerCanJudgeGoAsTextAndBadRowsAreIsolated) {
    auto row = [](std::int64_t id) {
        return sdk::Record{Value::Int(id), Value::Int(1),  Value::Int(1),      Value::Int(1),
                           Value::Float(1, 4), Value::Float(1), Value::Decimal("1"), Value::Decimal("1"),
                           Value::Bool(true),  Value::Date("2020-01-01"), Ts("2020-01-01 00:00:00"),
                           Ts("2020-01-01 00:00:00"), Tz("2020-01-01 00:00:00+00:00"), Value::Bytes("x"),
                           Value::Text("v"), Value::Text("t")};
    };
    sdk::RecordBatch binary_with_bad_rows;
    for (int i = 1; i <= 3000; ++i) {
        binary_with_bad_rows.rows.push_back(row(i));
    }
    binary_with_bad_rows.rows[1500][14] = Value::Text("much longer than twenty characters");
    binary_with_bad_rows.rows[2999][0] = Value::Int(1);  // duplicate key
    sdk::RecordBatch needs_text;
    for (int i = 5001; i <= 5010; ++i) {
        needs_text.rows.push_back(row(i));
    }
    needs_text.rows[0][2] = Value::Text("12");
    needs_text.rows[1][6] = Value::Decimal("1.5E+3");
    needs_text.rows[2][10] = Ts("2020-01-01 00:00:00.123456789");
    needs_text.rows[3][10] = Tz("2020-01-01 10:00:00+02:00");
    needs_text.rows[4][1] = Value::Int(40000);  // smallint out of range: the server says so
    auto text_conn = Connect("text");
    auto bin_conn = Connect("auto");
    ASSERT_TRUE(text_conn && bin_conn);
    for (auto* c : {text_conn.get(), bin_conn.get()}) {
        const std::string table = base_ + (c == text_conn.get() ? "_text" : "_bin");
        std::string first_copy;
        auto late = WriteAll(c, table, {binary_with_bad_rows, needs_text}, &first_copy);
        EXPECT_EQ(first_copy.find("FORMAT binary") != std::string::npos, c == bin_conn.get()) << first_copy;
        SCOPED_TRACE(table);
        ASSERT_NO_FATAL_FAILURE(dbbridge::testing::ExpectLateDirty(late, {{0, 1500, "22001"}, {0, 2999, "23505"}, {1, 4, "22003"}}));
    }
    EXPECT_EQ(RowsAsText(base_ + "_bin"), RowsAsText(base_ + "_text"));
    EXPECT_EQ(Checksum(base_ + "_bin"), Checksum(base_ + "_text"));
    EXPECT_EQ(Run("SELECT count(*) FROM " + base_ + "_bin").at(0).at(0).i, 3000 - 2 + 10 - 1);
    EXPECT_EQ(Run("SELECT ts::text FROM " + base_ + "_bin WHERE id = 5004").at(0).at(0).s, "2020-01-01 10:00:00");
}

}  // namespace
}  // namespace dbbridge::postgres
