// Parameter arrays (writes) and block fetch (reads) of sdk/odbc through psqlODBC against the real
// PostgreSQL: the same values as row at a time (odbc_array_size=1), and one dirty record per bad
// row in the middle of an array.
#include <gtest/gtest.h>

#include <algorithm>
#include <map>

#include "dbbridge/odbc/odbc_connection.h"
#include "tests/sdk/odbc/pg_odbc_env.h"
#include "tests/support/collect_rows.h"
#include "tests/support/test_env.h"

namespace dbbridge::odbc {
namespace {

using sdk::Value;

class OdbcArrayTest : public ::testing::Test {
protected:
    void SetUp() override {
        DBB_REQUIRE_ENV(driver, "DBBRIDGE_TEST_ODBC_DRIVER");
        DBB_REQUIRE_ENV(pg, "DBBRIDGE_TEST_PG");
        driver_ = driver;
        target_ = testing::ParsePgUrl(pg);
        admin_ = Open("1");
        ASSERT_NE(admin_, nullptr);
        prefix_ = "odbca" + std::to_string(::getpid()) + "_";
    }
    void TearDown() override {
        for (const auto& t : tables_) {
            if (admin_) {
                (void)admin_->Execute("DROP TABLE IF EXISTS " + t, {}, nullptr, {});  // best effort
            }
        }
    }
    // A writer-ready connection (Protocol=7.4-0, docs/databases.md) with odbc_array_size.
    std::unique_ptr<sdk::Connection> Open(const std::string& array_size) {
        sdk::ConnectionSpec spec;
        spec.options["odbc_array_size"] = array_size;
        auto conn = OdbcConnection::Open(testing::PgOdbcString(driver_, target_, target_.database, "", "Protocol=7.4-0;"),
                                         std::make_shared<testing::PgTestSql>(), spec);
        EXPECT_TRUE(conn.ok()) << conn.status().message();
        return conn.ok() ? std::move(*conn) : nullptr;
    }
    std::string Table(const std::string& name, const std::string& columns) {
        const std::string t = prefix_ + name;
        tables_.push_back(t);
        Exec("DROP TABLE IF EXISTS " + t);
        Exec("CREATE TABLE " + t + " (" + columns + ")");
        return t;
    }
    void Exec(const std::string& sql) {
        auto r = admin_->Execute(sql, {}, nullptr, {});
        ASSERT_TRUE(r.ok() && !r->failed) << sql << ": " << (r.ok() ? r->error_message : r.status().message());
    }
    // Writes batches through a writer of conn; returns the dirty records of all of them.
    std::vector<sdk::DirtyRecord> WriteAll(sdk::Connection& conn, const std::string& table,
                                           const std::vector<std::string>& columns,
                                           const std::vector<sdk::RecordBatch>& batches, std::string* method = nullptr) {
        sdk::WriteSpec ws;
        ws.table = table;
        ws.columns = columns;
        auto writer = conn.OpenWriter(ws);
        EXPECT_TRUE(writer.ok()) << writer.status().message();
        std::vector<sdk::DirtyRecord> dirty;
        if (!writer.ok()) {
            return dirty;
        }
        if (method != nullptr) {
            *method = (*writer)->Method();
        }
        for (const auto& batch : batches) {
            auto st = (*writer)->Write(batch, dirty);
            EXPECT_TRUE(st.ok()) << st.message();
        }
        EXPECT_TRUE((*writer)->Commit().ok());
        return dirty;
    }
    // Every row of sql through a RecordReader of conn, max_rows per Next().
    std::vector<sdk::Record> ReadAll(sdk::Connection& conn, const std::string& sql, std::size_t max_rows) {
        sdk::ReadSpec spec;
        spec.query_sql = sql;
        auto reader = conn.OpenReader(spec);
        EXPECT_TRUE(reader.ok()) << reader.status().message();
        std::vector<sdk::Record> rows;
        if (!reader.ok()) {
            return rows;
        }
        sdk::RecordBatch batch;
        for (;;) {
            auto more = (*reader)->Next(batch, max_rows);
            EXPECT_TRUE(more.ok()) << more.status().message();
            EXPECT_LE(batch.size(), max_rows);
            rows.insert(rows.end(), batch.rows.begin(), batch.rows.end());
            if (!more.ok() || !*more) {
                return rows;
            }
        }
    }

    std::string driver_;
    testing::PgTarget target_;
    std::unique_ptr<sdk::Connection> admin_;
    std::string prefix_;
    std::vector<std::string> tables_;
};

const char* kTypedColumns =
    "id int PRIMARY KEY, name varchar(40), note text, loose varchar, amount numeric(30,10), ts timestamp(6), "
    "d date, data bytea, f float8, flag boolean";
const std::vector<std::string> kTypedNames = {"id", "name", "note", "loose", "amount", "ts", "d", "data", "f", "flag"};

// Row i: NULLs (every 7th), empty strings and bytes, Unicode outside the BMP, text longer than any
// bound buffer (every 13th: SQLGetData; every 17th: over psqlODBC's 255 declared for varchar),
// negative and long decimals, microsecond timestamps, bytes with NUL and 0xff.
sdk::Record TypedRow(int i) {
    if (i % 7 == 0) {
        return {Value::Int(i), Value::Null(), Value::Null(), Value::Null(), Value::Null(),
                Value::Null(), Value::Null(), Value::Null(), Value::Null(), Value::Null()};
    }
    std::string name = i % 11 == 0 ? "" : "Zoë 名前 😀 " + std::to_string(i);
    std::string note = i % 13 == 0 ? std::string(3000, 'x') + "ü😀" + std::string(2000, 'y') : "n" + std::to_string(i);
    std::string loose = i % 17 == 0 ? std::string(1000, 'l') + std::to_string(i) : "l" + std::to_string(i);
    std::string amount = (i % 2 ? "-" : "") + std::to_string(i) + "987654321." + (i % 3 ? "0123456789" : "5000000000");
    char ts[48];
    std::snprintf(ts, sizeof(ts), "2024-%02d-%02d 23:59:59.%06d", 1 + i % 12, 1 + i % 28, (i * 7919) % 1000000);
    std::string bytes = i % 5 == 0 ? std::string() : std::string("\x00\xff", 2) + std::string(static_cast<std::size_t>(i % 50), 'b');
    return {Value::Int(i), Value::Text(name), Value::Text(note), Value::Text(loose), Value::Decimal(amount),
            Value::Timestamp(ts), Value::Date("2000-02-29"), Value::Bytes(bytes), Value::Float(i / 3.0, 8),
            Value::Bool(i % 2 == 0)};
}

std::vector<sdk::RecordBatch> TypedBatches(int rows, int per_batch) {
    std::vector<sdk::RecordBatch> out;
    for (int i = 1; i <= rows; ++i) {
        if (out.empty() || static_cast<int>(out.back().size()) == per_batch) {
            out.emplace_back();
        }
        out.back().rows.push_back(TypedRow(i));
    }
    return out;
}

TEST_F(OdbcArrayTest, ArraysAndBlocksCarryTheSameValuesAsRowAtATime) {
    const std::string by_row = Table("by_row", kTypedColumns);
    const std::string by_array = Table("by_array", kTypedColumns);
    const auto batches = TypedBatches(2600, 1100);  // several arrays per batch, a short last one
    auto row_conn = Open("1");
    auto array_conn = Open("1000");
    ASSERT_TRUE(row_conn && array_conn);
    std::string row_method;
    std::string array_method;
    EXPECT_TRUE(WriteAll(*row_conn, by_row, kTypedNames, batches, &row_method).empty());
    EXPECT_TRUE(WriteAll(*array_conn, by_array, kTypedNames, batches, &array_method).empty());
    EXPECT_EQ(row_method, "ODBC row at a time (odbc_array_size is 1)");
    EXPECT_EQ(array_method, "ODBC parameter arrays of up to 1000 rows");
    // What the server holds is the same, column by column.
    EXPECT_EQ(testing::RowsText(*admin_, "SELECT count(*) FROM (SELECT * FROM " + by_row + " EXCEPT SELECT * FROM " +
                                             by_array + ") a"),
              "0;");
    EXPECT_EQ(testing::RowsText(*admin_, "SELECT count(*), count(note), sum(length(note)), sum(length(data)) FROM " +
                                             by_array),
              "2600|2229|869751|48099;");

    const std::string select = "SELECT " + std::string("id, name, note, loose, amount, ts, d, data, f, flag FROM ");
    const auto by_rows = ReadAll(*row_conn, select + by_row + " ORDER BY id", 500);
    ASSERT_EQ(by_rows.size(), 2600u);
    const auto by_blocks = ReadAll(*array_conn, select + by_array + " ORDER BY id", 500);
    const auto small_blocks = ReadAll(*Open("3"), select + by_array + " ORDER BY id", 7);  // blocks straddle batches
    ASSERT_EQ(by_blocks.size(), by_rows.size());
    ASSERT_EQ(small_blocks.size(), by_rows.size());
    for (std::size_t r = 0; r < by_rows.size(); ++r) {
        ASSERT_EQ(by_blocks[r], by_rows[r]) << "row " << r;
        ASSERT_EQ(small_blocks[r], by_rows[r]) << "row " << r;
    }
    // And what was read is what was written, where the types keep the spelling.
    for (int i : {1, 3, 7, 11, 13, 17, 35, 2600}) {
        const sdk::Record in = TypedRow(i);
        const sdk::Record& out = by_blocks[static_cast<std::size_t>(i - 1)];
        for (std::size_t c : {0u, 1u, 2u, 3u, 4u, 7u, 9u}) {
            EXPECT_EQ(out[c].is_null(), in[c].is_null()) << "id " << i << " column " << kTypedNames[c];
            if (!in[c].is_null() && c != 0 && c != 9) {
                EXPECT_EQ(out[c].s, in[c].s) << "id " << i << " column " << kTypedNames[c];
            }
        }
    }
    EXPECT_EQ(by_blocks[0][5], Value::Timestamp("2024-02-02 23:59:59.007919"));
}

// Values longer than the driver's declared size (numeric without precision, varchar without a
// length: psqlODBC declares 28 digits and 255 characters) are read again with SQLGetData.
TEST_F(OdbcArrayTest, ValuesLongerThanTheDeclaredSizeAreReadWhole) {
    const std::string sql =
        "SELECT g, (repeat('9', 60) || '.' || g)::numeric AS n, repeat('é😀', 200 + g)::varchar AS v, "
        "CASE WHEN g % 2 = 0 THEN NULL ELSE g::numeric / 7 END AS q FROM generate_series(1, 50) g";
    auto by_rows = ReadAll(*Open("1"), sql, 20);
    auto by_blocks = ReadAll(*Open("16"), sql, 20);
    ASSERT_EQ(by_rows.size(), 50u);
    ASSERT_EQ(by_blocks.size(), 50u);
    for (std::size_t r = 0; r < by_rows.size(); ++r) {
        ASSERT_EQ(by_blocks[r], by_rows[r]) << "row " << r;
    }
    EXPECT_EQ(by_blocks[0][1], Value::Decimal(std::string(60, '9') + ".1"));
    EXPECT_EQ(by_blocks[49][2].s.size(), 250u * (2 + 4));  // 'é' is 2 bytes of UTF-8, the emoji 4
    EXPECT_TRUE(by_blocks[1][3].is_null());
}

// Rows 1234 (duplicate key), 1777 and 1778 (NOT NULL, too long: side by side) and the last one
// (duplicate) are bad; each becomes exactly one dirty record, row at a time and in arrays of
// 1000 and 7 (psqlODBC sends an array as multi-statement chunks of BatchSize rows, 100 here).
TEST_F(OdbcArrayTest, BadRowsInTheMiddleOfAnArrayAreOneDirtyRecordEach) {
    for (const std::string size : {"1", "1000", "7"}) {
        SCOPED_TRACE("odbc_array_size " + size);
        const std::string t = Table("bad" + size, "id int PRIMARY KEY, name varchar(8) NOT NULL");
        sdk::RecordBatch batch;
        for (int i = 0; i < 2500; ++i) {
            batch.rows.push_back({Value::Int(i), Value::Text("r" + std::to_string(i))});
        }
        batch.rows[1234][0] = Value::Int(5);
        batch.rows[1777][1] = Value::Null();
        batch.rows[1778][1] = Value::Text("much too long");
        batch.rows[2499][0] = Value::Int(0);
        auto conn = Open(size);
        ASSERT_NE(conn, nullptr);
        auto dirty = WriteAll(*conn, t, {"id", "name"}, {batch});
        std::sort(dirty.begin(), dirty.end(),
                  [](const auto& a, const auto& b) { return a.index_in_batch < b.index_in_batch; });
        ASSERT_EQ(dirty.size(), 4u);
        const std::vector<std::pair<std::size_t, std::string>> expected = {
            {1234, "23505"}, {1777, "23502"}, {1778, "22001"}, {2499, "23505"}};
        for (std::size_t k = 0; k < expected.size(); ++k) {
            EXPECT_EQ(dirty[k].index_in_batch, expected[k].first);
            EXPECT_NE(dirty[k].reason.find(expected[k].second), std::string::npos) << dirty[k].reason;
        }
        EXPECT_EQ(testing::RowsText(*admin_, "SELECT count(*), sum(id) FROM " + t),
                  "2496|" + std::to_string(2499 * 2500 / 2 - 1234 - 1777 - 1778 - 2499) + ";");
    }
}

TEST_F(OdbcArrayTest, ArraySizeOptionIsValidatedNamingIt) {
    for (const std::string bad : {"0", "abc", "100001", "-5"}) {
        sdk::ConnectionSpec spec;
        spec.options["odbc_array_size"] = bad;
        auto conn = OdbcConnection::Open(testing::PgOdbcString(driver_, target_, target_.database),
                                         std::make_shared<testing::PgTestSql>(), spec);
        ASSERT_FALSE(conn.ok()) << bad;
        EXPECT_EQ(conn.status().code(), sdk::StatusCode::kInvalidArgument);
        EXPECT_NE(conn.status().message().find("odbc_array_size: '" + bad + "'"), std::string::npos)
            << conn.status().message();
    }
}

// A second driver, sqliteodbc: what it does with arrays is its own (method and per-row status),
// and a bad row in the middle is still one dirty record.
TEST(OdbcArraySqliteTest, SqliteOdbcWritesArraysWithOneDirtyRecordPerBadRow) {
    DBB_REQUIRE_ENV(work, "DBBRIDGE_TEST_WORK");
    const std::string file = std::string(work) + "/odbca_" + std::to_string(::getpid()) + ".sqlite";
    std::remove(file.c_str());
    sdk::ConnectionSpec spec;
    spec.options["odbc_array_size"] = "100";
    auto conn = OdbcConnection::Open("Driver={SQLite3};Database=" + file + ";", std::make_shared<testing::PgTestSql>(),
                                     spec);
    ASSERT_TRUE(conn.ok()) << conn.status().message();
    auto made = (*conn)->Execute("CREATE TABLE t (id integer PRIMARY KEY, name text NOT NULL)", {}, nullptr, {});
    ASSERT_TRUE(made.ok() && !made->failed);
    sdk::WriteSpec ws;
    ws.table = "t";
    ws.columns = {"id", "name"};
    auto writer = (*conn)->OpenWriter(ws);
    ASSERT_TRUE(writer.ok()) << writer.status().message();
    EXPECT_EQ((*writer)->Method(), "ODBC parameter arrays of up to 100 rows");
    sdk::RecordBatch batch;
    for (int i = 0; i < 250; ++i) {
        batch.rows.push_back({Value::Int(i), Value::Text("r" + std::to_string(i))});
    }
    batch.rows[120][1] = Value::Null();
    batch.rows[121][0] = Value::Int(3);
    std::vector<sdk::DirtyRecord> dirty;
    ASSERT_TRUE((*writer)->Write(batch, dirty).ok());
    ASSERT_TRUE((*writer)->Commit().ok());
    writer->reset();
    ASSERT_EQ(dirty.size(), 2u);
    EXPECT_EQ(dirty[0].index_in_batch, 120u);
    EXPECT_EQ(dirty[1].index_in_batch, 121u);
    EXPECT_EQ(testing::RowsText(**conn, "SELECT count(*), sum(id) FROM t"),
              "248|" + std::to_string(249 * 250 / 2 - 120 - 121) + ";");
    sdk::ReadSpec read;
    read.query_sql = "SELECT id, name FROM t ORDER BY id";
    auto reader = (*conn)->OpenReader(read);  // blocks of 100 where sqliteodbc allows, rows otherwise
    ASSERT_TRUE(reader.ok()) << reader.status().message();
    std::vector<sdk::Record> rows;
    sdk::RecordBatch got;
    for (bool more = true; more;) {
        auto next = (*reader)->Next(got, 64);
        ASSERT_TRUE(next.ok()) << next.status().message();
        rows.insert(rows.end(), got.rows.begin(), got.rows.end());
        more = *next;
    }
    ASSERT_EQ(rows.size(), 248u);
    EXPECT_EQ(rows[119][1], Value::Text("r119"));
    EXPECT_EQ(rows[120][0], Value::Int(122));
    EXPECT_EQ(rows[247][1], Value::Text("r249"));
    reader->reset();
    conn->reset();
    std::remove(file.c_str());
}

}  // namespace
}  // namespace dbbridge::odbc
