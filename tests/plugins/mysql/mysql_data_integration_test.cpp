#include <chrono>
#include <cstdio>
#include <map>
#include <set>
#include <thread>

#include "mysql_test_util.h"
#include "tests/support/late_dirty_expect.h"

namespace dbbridge::mysql::testing {
namespace {

using sdk::JdbcType;
using sdk::StatusCode;
using sdk::Value;
using sdk::ValueKind;

class MysqlDataTest : public MysqlServerTest {
protected:
    // Reads everything a spec selects.
    std::vector<sdk::Record> ReadAll(const sdk::ReadSpec& spec, std::vector<sdk::ColumnInfo>* columns = nullptr,
                                     std::size_t batch_rows = 1000) {
        std::vector<sdk::Record> out;
        auto reader = conn_->OpenReader(spec);
        EXPECT_TRUE(reader.ok()) << reader.status().message();
        if (!reader.ok()) {
            return out;
        }
        if (columns != nullptr) {
            *columns = (*reader)->Columns();
        }
        sdk::RecordBatch batch;
        for (;;) {
            auto more = (*reader)->Next(batch, batch_rows);
            EXPECT_TRUE(more.ok()) << more.status().message();
            if (!more.ok() || !*more) {
                break;
            }
            EXPECT_LE(batch.size(), batch_rows);
            out.insert(out.end(), batch.rows.begin(), batch.rows.end());
        }
        return out;
    }

    std::unique_ptr<sdk::RecordWriter> Writer(sdk::Connection* conn, const std::string& table, const std::string& mode,
                                              std::vector<std::string> columns = {}, int batch_size = 2048) {
        sdk::WriteSpec spec;
        spec.table = table;
        spec.write_mode = mode;
        spec.columns = std::move(columns);
        spec.batch_size = batch_size;
        auto w = conn->OpenWriter(spec);
        EXPECT_TRUE(w.ok()) << w.status().message();
        return w.ok() ? std::move(w.value()) : nullptr;
    }

    // A new table (id INT PRIMARY KEY, name VARCHAR(8) NOT NULL) named after base.
    std::string FreshIdNameTable(const std::string& base) {
        const std::string t = Unique(base);
        Sql("DROP TABLE IF EXISTS " + t);
        Sql("CREATE TABLE " + t + " (id INT PRIMARY KEY, name VARCHAR(8) NOT NULL)");
        return t;
    }

    // LOAD DATA statements the session of conn has run so far.
    std::int64_t LoadStatements(sdk::Connection* conn) {
        auto rows = Sql("SHOW SESSION STATUS LIKE 'Com_load'", {}, conn);
        return rows.empty() ? -1 : std::stoll(rows[0][1].s);
    }
};

TEST_F(MysqlDataTest, ReaderIsExactForEveryValueKind) {
    const std::string t = Unique("exact");
    Sql("DROP TABLE IF EXISTS " + t);
    Sql("CREATE TABLE " + t +
        " (id INT PRIMARY KEY, d DECIMAL(65,30), b BIGINT, ub BIGINT UNSIGNED, dt DATE, dt6 DATETIME(6),"
        " ts TIMESTAMP(3) NULL, s VARCHAR(10) NULL, c CHAR(5), e VARCHAR(10), bl BLOB, big LONGTEXT, f FLOAT,"
        " bit1 BIT(1), bit12 BIT(12), y YEAR, tm TIME(2))");
    std::string all_bytes;
    for (int i = 0; i < 256; ++i) {
        all_bytes += static_cast<char>(i);
    }
    std::string mb(1 << 20, 'x');
    for (std::size_t i = 0; i < mb.size(); i += 1000) {
        mb[i] = static_cast<char>('a' + i % 26);
    }
    const std::string dmax = "99999999999999999999999999999999999.999999999999999999999999999999";
    const std::string dmin = "-" + dmax;
    const std::string ins = "INSERT INTO " + t + " VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)";
    Sql(ins, {Bind("id", JdbcType::kInteger, Value::Int(1)), Bind("d", JdbcType::kDecimal, Value::Decimal(dmax)),
              Bind("b", JdbcType::kBigInt, Value::Int(INT64_MIN)),
              Bind("ub", JdbcType::kDecimal, Value::Decimal("18446744073709551615")),
              Bind("dt", JdbcType::kDate, Value::Date("1000-01-01")),
              Bind("dt6", JdbcType::kTimestamp, Value::Timestamp("2024-02-29 23:59:59.999999")),
              Bind("ts", JdbcType::kTimestamp, Value::Timestamp("2038-01-19 03:14:07.999")),
              Bind("s", JdbcType::kVarchar, Value::Null()), Bind("c", JdbcType::kChar, Value::Text("ab")),
              Bind("e", JdbcType::kVarchar, Value::Text("😀x")), Bind("bl", JdbcType::kBlob, Value::Bytes(all_bytes)),
              Bind("big", JdbcType::kClob, Value::Text(mb)), Bind("f", JdbcType::kFloat, Value::Float(-0.25f, 4)),
              Bind("bit1", JdbcType::kBit, Value::Bool(true)), Bind("bit12", JdbcType::kInteger, Value::Int(0xABC)),
              Bind("y", JdbcType::kInteger, Value::Int(2024)), Bind("tm", JdbcType::kTime, Value::Time("-838:59:59"))});
    Sql(ins, {Bind("id", JdbcType::kInteger, Value::Int(2)), Bind("d", JdbcType::kDecimal, Value::Decimal(dmin)),
              Bind("b", JdbcType::kBigInt, Value::Int(INT64_MAX)), Bind("ub", JdbcType::kBigInt, Value::Int(0)),
              Bind("dt", JdbcType::kDate, Value::Date("9999-12-31")),
              Bind("dt6", JdbcType::kTimestamp, Value::Timestamp("1970-01-01 00:00:00.000001")),
              Bind("ts", JdbcType::kTimestamp, Value::Timestamp("2024-06-30 20:00:00.5+08:00", true)),
              Bind("s", JdbcType::kVarchar, Value::Text("")), Bind("c", JdbcType::kChar, Value::Text("a  ")),
              Bind("e", JdbcType::kVarchar, Value::Text("中文")), Bind("bl", JdbcType::kBlob, Value::Bytes("")),
              Bind("big", JdbcType::kClob, Value::Text("")), Bind("f", JdbcType::kFloat, Value::Null()),
              Bind("bit1", JdbcType::kBit, Value::Bool(false)), Bind("bit12", JdbcType::kInteger, Value::Null()),
              Bind("y", JdbcType::kInteger, Value::Int(1901)), Bind("tm", JdbcType::kTime, Value::Time("12:00:00.25"))});

    sdk::ReadSpec spec;
    spec.table = t;
    std::vector<sdk::ColumnInfo> cols;
    auto rows = ReadAll(spec, &cols);
    ASSERT_EQ(rows.size(), 2u);
    std::sort(rows.begin(), rows.end(), [](const sdk::Record& a, const sdk::Record& b) { return a[0].i < b[0].i; });
    const sdk::Record& r1 = rows[0];
    const sdk::Record& r2 = rows[1];
    EXPECT_EQ(r1[1], Value::Decimal(dmax));
    EXPECT_EQ(r2[1], Value::Decimal(dmin));
    EXPECT_EQ(r1[2], Value::Int(INT64_MIN));
    EXPECT_EQ(r2[2], Value::Int(INT64_MAX));
    EXPECT_EQ(r1[3], Value::Decimal("18446744073709551615"));
    EXPECT_EQ(r2[3], Value::Int(0));
    EXPECT_EQ(r1[4], Value::Date("1000-01-01"));
    EXPECT_EQ(r2[4], Value::Date("9999-12-31"));
    EXPECT_EQ(r1[5], Value::Timestamp("2024-02-29 23:59:59.999999"));
    EXPECT_EQ(r1[5].precision, 6);
    EXPECT_EQ(r2[5], Value::Timestamp("1970-01-01 00:00:00.000001"));
    EXPECT_EQ(r1[6], Value::Timestamp("2038-01-19 03:14:07.999+00:00", true));
    EXPECT_EQ(r1[6].precision, 3);
    EXPECT_EQ(r2[6], Value::Timestamp("2024-06-30 12:00:00.500+00:00", true)) << "offset converted to UTC";
    EXPECT_EQ(r1[7], Value::Null());
    EXPECT_EQ(r2[7], Value::Text("")) << "'' is not NULL in MySQL";
    EXPECT_EQ(r1[8], Value::Text("ab"));
    EXPECT_EQ(r2[8], Value::Text("a")) << "CHAR trailing spaces are removed by the server";
    EXPECT_EQ(r1[9], Value::Text("😀x"));
    EXPECT_EQ(r2[9], Value::Text("中文"));
    EXPECT_EQ(r1[10], Value::Bytes(all_bytes));
    EXPECT_EQ(r2[10], Value::Bytes(""));
    EXPECT_EQ(r1[11], Value::Text(mb));
    EXPECT_EQ(r1[12], Value::Float(-0.25f, 4));
    EXPECT_EQ(r2[12], Value::Null());
    EXPECT_EQ(r1[13], Value::Bool(true));
    EXPECT_EQ(r2[13], Value::Bool(false));
    EXPECT_EQ(r1[14], Value::Bytes(std::string("\x0a\xbc", 2)));
    EXPECT_EQ(r1[15], Value::Int(2024));
    EXPECT_EQ(r1[16], Value::Time("-838:59:59.00"));
    EXPECT_EQ(r2[16], Value::Time("12:00:00.25"));

    ASSERT_EQ(cols.size(), 17u);
    EXPECT_EQ(cols[1].jdbc_type, JdbcType::kDecimal);
    EXPECT_EQ(cols[1].native_type, "decimal(65,30)");
    EXPECT_EQ(cols[3].native_type, "bigint unsigned");
    EXPECT_EQ(cols[6].jdbc_type, JdbcType::kTimestamp);
    EXPECT_EQ(cols[10].jdbc_type, JdbcType::kBlob);
    EXPECT_EQ(cols[11].jdbc_type, JdbcType::kLongVarchar);
    EXPECT_EQ(cols[12].jdbc_type, JdbcType::kReal);
    EXPECT_EQ(cols[13].jdbc_type, JdbcType::kBit);
    EXPECT_EQ(cols[14].jdbc_type, JdbcType::kBinary);
    EXPECT_EQ(cols[15].jdbc_type, JdbcType::kDate);
    EXPECT_FALSE(cols[0].nullable);

    // Columns and constants are the job author's SQL; where is appended in parentheses.
    spec.columns = {"id", "'const'", "UPPER(e)", "1+1"};
    spec.where = "id = 1 OR id = 99;";
    auto some = ReadAll(spec, &cols);
    ASSERT_EQ(some.size(), 1u);
    EXPECT_EQ(some[0][1], Value::Text("const"));
    EXPECT_EQ(some[0][2], Value::Text("😀X"));
    EXPECT_EQ(some[0][3], Value::Int(2));

    sdk::ReadSpec query;
    query.query_sql = "SELECT COUNT(*) AS n FROM " + t + " WHERE s IS NULL";
    auto counted = ReadAll(query);
    ASSERT_EQ(counted.size(), 1u);
    EXPECT_EQ(counted[0][0], Value::Int(1));
    Sql("DROP TABLE " + t);
}

TEST_F(MysqlDataTest, ZeroDatesReadAsNull) {
    const std::string t = Unique("zero");
    Sql("DROP TABLE IF EXISTS " + t);
    Sql("SET SESSION sql_mode = ''");
    Sql("CREATE TABLE " + t + " (d DATE, dt DATETIME, ts TIMESTAMP NULL)");
    Sql("INSERT INTO " + t + " VALUES ('0000-00-00', '0000-00-00 00:00:00', '0000-00-00 00:00:00')");
    sdk::ReadSpec spec;
    spec.table = t;
    auto rows = ReadAll(spec);
    ASSERT_EQ(rows.size(), 1u);
    EXPECT_TRUE(rows[0][0].is_null());
    EXPECT_TRUE(rows[0][1].is_null());
    EXPECT_TRUE(rows[0][2].is_null());
    Sql("DROP TABLE " + t);
}

TEST_F(MysqlDataTest, SplitRangesReturnEveryRowOnce) {
    const std::string t = Unique("split");
    Sql("DROP TABLE IF EXISTS " + t);
    Sql("CREATE TABLE " + t + " (k BIGINT NULL, v INT)");
    Sql("INSERT INTO " + t + " SELECT CAST(seq AS SIGNED) * 3 - 100, seq FROM seq_1_to_990");
    Sql("INSERT INTO " + t + " SELECT NULL, seq FROM seq_991_to_1000");
    sdk::ReadSpec spec;
    spec.table = t;
    spec.split_pk = "k";
    auto range = conn_->SplitRange(spec);
    ASSERT_TRUE(range.ok()) << range.status().message();
    ASSERT_TRUE(range->has_value());
    EXPECT_EQ((*range)->first, -97);
    EXPECT_EQ((*range)->second, 2870);

    std::multiset<std::int64_t> seen;
    const std::int64_t lo = (*range)->first;
    const std::int64_t hi = (*range)->second;
    const std::int64_t step = (hi - lo) / 4 + 1;
    for (std::int64_t a = lo; a <= hi; a += step) {
        sdk::ReadSpec part = spec;
        part.columns = {"v"};
        part.has_range = true;
        part.range_lower = a;
        part.range_upper = std::min(a + step, hi);
        part.upper_inclusive = a + step >= hi;
        for (const auto& r : ReadAll(part)) {
            seen.insert(r[0].i);
        }
        if (part.upper_inclusive) {
            break;
        }
    }
    sdk::ReadSpec nulls = spec;
    nulls.columns = {"v"};
    nulls.null_range = true;
    for (const auto& r : ReadAll(nulls)) {
        seen.insert(r[0].i);
    }
    ASSERT_EQ(seen.size(), 1000u);
    EXPECT_EQ(std::set<std::int64_t>(seen.begin(), seen.end()).size(), 1000u) << "no row read twice";

    sdk::ReadSpec filtered = spec;
    filtered.where = "v <= 10";
    auto small = conn_->SplitRange(filtered);
    ASSERT_TRUE(small.ok());
    EXPECT_EQ((*small)->second, 10 * 3 - 100);
    filtered.where = "v > 990";
    auto none = conn_->SplitRange(filtered);
    ASSERT_TRUE(none.ok());
    EXPECT_FALSE(none->has_value());
    sdk::ReadSpec text_key = spec;
    text_key.split_pk = "CONCAT('a', k)";
    auto bad = conn_->SplitRange(text_key);
    ASSERT_FALSE(bad.ok());
    EXPECT_EQ(bad.status().code(), StatusCode::kInvalidArgument);
    Sql("DROP TABLE " + t);
}

TEST_F(MysqlDataTest, ReaderClosedEarlyLeavesConnectionUsable) {
    sdk::ReadSpec spec;
    spec.query_sql = "SELECT seq, REPEAT('x', 100) FROM seq_1_to_2000000";
    {
        auto reader = conn_->OpenReader(spec);
        ASSERT_TRUE(reader.ok());
        sdk::RecordBatch batch;
        ASSERT_TRUE((*reader)->Next(batch, 10).value());
        EXPECT_EQ(batch.size(), 10u);
        EXPECT_EQ(batch.rows[9][0], Value::Int(10));
    }
    auto started = std::chrono::steady_clock::now();
    EXPECT_EQ(Sql("SELECT 7")[0][0], Value::Int(7));
    EXPECT_EQ(Sql("SELECT 8")[0][0], Value::Int(8));
    EXPECT_LT(std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count(), 2.0);

    // A small result the server has already sent completely: the KILL QUERY hits an idle session.
    spec.query_sql = "SELECT seq FROM seq_1_to_100";
    for (int i = 0; i < 3; ++i) {
        auto reader = conn_->OpenReader(spec);
        ASSERT_TRUE(reader.ok());
        sdk::RecordBatch batch;
        ASSERT_TRUE((*reader)->Next(batch, 10).value());
        reader->reset();
        EXPECT_EQ(Sql("SELECT 9")[0][0], Value::Int(9));
    }

    sdk::ReadSpec missing;
    missing.table = "myp_no_such_table";
    auto r = conn_->OpenReader(missing);
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.status().code(), StatusCode::kNotFound);
    EXPECT_NE(r.status().message().find("myp_no_such_table"), std::string::npos);
}

class MysqlWriterTest : public MysqlDataTest, public ::testing::WithParamInterface<std::string> {
protected:
    void SetUp() override {
        MysqlDataTest::SetUp();
        if (IsSkipped()) {
            return;
        }
        sdk::ConnectionSpec spec = spec_;
        spec.options["mysql_bulk"] = GetParam();
        writer_conn_ = Connect(spec);
        ASSERT_NE(writer_conn_, nullptr);
        table_ = Unique("w_" + GetParam());
        Sql("DROP TABLE IF EXISTS " + table_);
        Sql("CREATE TABLE " + table_ +
            " (id INT PRIMARY KEY, name VARCHAR(5) NOT NULL, amount DECIMAL(10,2), ts TIMESTAMP(6) NULL,"
            " flag BIT(1), raw VARBINARY(300), f DOUBLE, dt DATETIME)");
    }
    void TearDown() override {
        writer_conn_.reset();
        if (conn_) {
            Sql("DROP TABLE IF EXISTS " + table_);
        }
    }

    static sdk::Record Row(std::int64_t id, const std::string& name) {
        return {Value::Int(id), Value::Text(name), Value::Decimal(std::to_string(id) + ".25"),
                Value::Timestamp("2024-01-01 08:00:00.123456+08:00", true), Value::Bool(id % 2 == 1),
                Value::Bytes(std::string("\0\t\n\\N\r", 6) + "end"), Value::Float(0.1, 8),
                Value::Timestamp("2024-03-01 10:11:12")};
    }

    std::unique_ptr<sdk::Connection> writer_conn_;
    std::string table_;
};

TEST_P(MysqlWriterTest, InsertReplaceUpdateStoreExactRows) {
    auto w = Writer(writer_conn_.get(), table_, "insert", {}, 1000);
    ASSERT_NE(w, nullptr);
    sdk::RecordBatch batch;
    for (int i = 1; i <= 2500; ++i) {
        batch.rows.push_back(Row(i, "n" + std::to_string(i % 1000)));
    }
    std::vector<sdk::DirtyRecord> dirty;
    ASSERT_TRUE(w->Write(batch, dirty).ok());
    EXPECT_TRUE(dirty.empty()) << dirty[0].reason;
    EXPECT_EQ(Count(table_), 0) << "nothing visible before Commit";
    ASSERT_TRUE(w->Commit().ok());
    EXPECT_EQ(Count(table_), 2500);
    auto rows = Sql("SELECT id, name, amount, ts, flag, raw, f, dt FROM " + table_ + " WHERE id IN (1, 2) ORDER BY id");
    ASSERT_EQ(rows.size(), 2u);
    EXPECT_EQ(rows[0][1], Value::Text("n1"));
    EXPECT_EQ(rows[0][2], Value::Decimal("1.25"));
    EXPECT_EQ(rows[0][3], Value::Timestamp("2024-01-01 00:00:00.123456+00:00", true));
    EXPECT_EQ(rows[0][4], Value::Bool(true));
    EXPECT_EQ(rows[1][4], Value::Bool(false));
    EXPECT_EQ(rows[0][5], Value::Bytes(std::string("\0\t\n\\N\r", 6) + "end"));
    EXPECT_EQ(rows[0][6], Value::Float(0.1, 8));
    EXPECT_EQ(rows[0][7], Value::Timestamp("2024-03-01 10:11:12"));
    w.reset();

    // replace: same keys, new names; the row count stays.
    auto rep = Writer(writer_conn_.get(), table_, "replace", {"id", "name"});
    ASSERT_NE(rep, nullptr);
    sdk::RecordBatch two;
    two.rows = {{Value::Int(1), Value::Text("r1")}, {Value::Int(2), Value::Text("r2")},
                {Value::Int(5000), Value::Text("new")}};
    ASSERT_TRUE(rep->Write(two, dirty).ok());
    EXPECT_TRUE(dirty.empty());
    ASSERT_TRUE(rep->Commit().ok());
    rep.reset();
    EXPECT_EQ(Count(table_), 2501);
    rows = Sql("SELECT name, amount FROM " + table_ + " WHERE id = 1");
    EXPECT_EQ(rows[0][0], Value::Text("r1"));
    EXPECT_TRUE(rows[0][1].is_null()) << "REPLACE rewrites the whole row";

    // update: ON DUPLICATE KEY UPDATE only the listed columns.
    auto upd = Writer(writer_conn_.get(), table_, "update", {"id", "name", "amount"});
    ASSERT_NE(upd, nullptr);
    sdk::RecordBatch three;
    three.rows = {{Value::Int(3), Value::Text("n3"), Value::Decimal("99.99")},
                  {Value::Int(6000), Value::Text("u6000"), Value::Decimal("1.00")},
                  {Value::Int(6001), Value::Null(), Value::Decimal("1.00")}};
    ASSERT_TRUE(upd->Write(three, dirty).ok());
    ASSERT_EQ(dirty.size(), 1u) << dirty[0].reason;
    EXPECT_EQ(dirty[0].index_in_batch, 2u);
    EXPECT_NE(dirty[0].reason.find("'name'"), std::string::npos) << dirty[0].reason;
    ASSERT_TRUE(upd->Commit().ok());
    upd.reset();
    rows = Sql("SELECT name, amount FROM " + table_ + " WHERE id = 3");
    EXPECT_EQ(rows[0][0], Value::Text("n3"));
    EXPECT_EQ(rows[0][1], Value::Decimal("99.99"));
    EXPECT_EQ(Count(table_), 2502);
}

TEST_P(MysqlWriterTest, ColumnNamesWithDotsAndBackticksStayOneName) {
    const std::string t = table_ + "_q";
    Sql("DROP TABLE IF EXISTS " + t);
    Sql("CREATE TABLE " + t + " (`we.ird` INT, `a``b` VARCHAR(5))");
    auto w = Writer(writer_conn_.get(), t, "insert");  // all columns, names from information_schema
    ASSERT_NE(w, nullptr);
    sdk::RecordBatch batch;
    batch.rows = {{Value::Int(7), Value::Text("x")}};
    std::vector<sdk::DirtyRecord> dirty;
    ASSERT_TRUE(w->Write(batch, dirty).ok());
    ASSERT_TRUE(w->Commit().ok());
    EXPECT_TRUE(dirty.empty());
    w.reset();
    auto rows = Sql("SELECT `we.ird`, `a``b` FROM " + t);
    ASSERT_EQ(rows.size(), 1u);
    EXPECT_EQ(rows[0], (sdk::Record{Value::Int(7), Value::Text("x")}));
    Sql("DROP TABLE " + t);
}

TEST_P(MysqlWriterTest, BadRecordsAreIsolatedAndGoodOnesKept) {
    auto w = Writer(writer_conn_.get(), table_, "insert", {"id", "name", "dt"}, 5);
    ASSERT_NE(w, nullptr);
    sdk::RecordBatch batch;
    batch.rows = {{Value::Int(1), Value::Text("a"), Value::Null()},
                  {Value::Int(2), Value::Text("b"), Value::Null()},
                  {Value::Int(3), Value::Text("toolong"), Value::Null()},
                  {Value::Int(4), Value::Text("d"), Value::Null()},
                  {Value::Int(5), Value::Text("e"), Value::Null()},
                  // second chunk: NOT NULL, duplicate key, bad date, good
                  {Value::Int(6), Value::Null(), Value::Null()},
                  {Value::Int(1), Value::Text("dup"), Value::Null()},
                  {Value::Int(7), Value::Text("g"), Value::Timestamp("2024-02-30 00:00:00")},
                  {Value::Int(8), Value::Text("h"), Value::Timestamp("2024-02-29 00:00:00+99:00", true)},
                  {Value::Int(9), Value::Text("i"), Value::Null()}};
    std::vector<sdk::DirtyRecord> dirty;
    ASSERT_TRUE(w->Write(batch, dirty).ok());
    ASSERT_TRUE(w->Commit().ok());
    std::map<std::size_t, std::string> by_index;
    for (const auto& d : dirty) {
        by_index[d.index_in_batch] = d.reason;
    }
    ASSERT_EQ(by_index.size(), 5u);
    EXPECT_NE(by_index[2].find("'name'"), std::string::npos) << by_index[2];
    EXPECT_NE(by_index[2].find("1406"), std::string::npos) << by_index[2];
    EXPECT_NE(by_index[5].find("'name'"), std::string::npos) << by_index[5];
    EXPECT_NE(by_index[6].find("Duplicate entry '1'"), std::string::npos) << by_index[6];
    EXPECT_NE(by_index[7].find("`dt`"), std::string::npos) << by_index[7];
    EXPECT_NE(by_index[8].find("offset"), std::string::npos) << by_index[8];
    EXPECT_EQ(Count(table_), 5);
    auto names = Sql("SELECT GROUP_CONCAT(name ORDER BY id) FROM " + table_);
    EXPECT_EQ(names[0][0], Value::Text("a,b,d,e,i"));
}

TEST_P(MysqlWriterTest, RollbackAndDestructionLeaveNothing) {
    auto w = Writer(writer_conn_.get(), table_, "insert", {"id", "name"});
    ASSERT_NE(w, nullptr);
    sdk::RecordBatch batch;
    for (int i = 1; i <= 100; ++i) {
        batch.rows.push_back({Value::Int(i), Value::Text("x")});
    }
    std::vector<sdk::DirtyRecord> dirty;
    ASSERT_TRUE(w->Write(batch, dirty).ok());
    ASSERT_TRUE(w->Rollback().ok());
    EXPECT_EQ(Count(table_), 0);
    ASSERT_TRUE(w->Write(batch, dirty).ok());
    w.reset();  // uncommitted rows are rolled back
    EXPECT_EQ(Count(table_), 0);
    // The session is restored: autocommit on, strict mode as before.
    auto mode = Sql("SELECT @@autocommit", {}, writer_conn_.get());
    EXPECT_EQ(mode[0][0], Value::Int(1));

    sdk::RecordBatch wrong;
    wrong.rows = {{Value::Int(1)}};
    auto w2 = Writer(writer_conn_.get(), table_, "insert", {"id", "name"});
    auto st = w2->Write(wrong, dirty);
    EXPECT_EQ(st.code(), StatusCode::kInvalidArgument);
    EXPECT_NE(st.message().find("1 values"), std::string::npos) << st.message();

    sdk::WriteSpec bad;
    bad.table = table_;
    bad.columns = {"id", "nope"};
    auto b = writer_conn_->OpenWriter(bad);
    ASSERT_FALSE(b.ok());
    EXPECT_NE(b.status().message().find("'nope'"), std::string::npos);
    bad.columns = {"id"};
    bad.write_mode = "merge";
    EXPECT_EQ(writer_conn_->OpenWriter(bad).status().code(), StatusCode::kInvalidArgument);
}

INSTANTIATE_TEST_SUITE_P(BulkPaths, MysqlWriterTest, ::testing::Values("load_data", "insert", "auto"));

// The default path for insert is one LOAD DATA LOCAL INFILE per batch. Bad rows deep inside a long
// stream (a value too long, a duplicate key, NULL into NOT NULL: warnings under LOCAL) are each
// reported with their index and the server's reason, and every good row is stored.
TEST_F(MysqlDataTest, LoadDataStreamIsolatesBadRowsExactly) {
    const std::string t = Unique("ld_bad");
    Sql("DROP TABLE IF EXISTS " + t);
    Sql("CREATE TABLE " + t + " (id INT PRIMARY KEY, name VARCHAR(8) NOT NULL)");
    auto w = Writer(conn_.get(), t, "insert");
    ASSERT_NE(w, nullptr);
    EXPECT_EQ(w->Method(), "LOAD DATA LOCAL INFILE streamed from memory");
    sdk::RecordBatch batch;
    for (int i = 1; i <= 20000; ++i) {
        batch.rows.push_back({Value::Int(i), Value::Text("n" + std::to_string(i))});
    }
    batch.rows[7001][1] = Value::Text("much too long");
    batch.rows[12000][0] = Value::Int(5);  // duplicate of row 4
    batch.rows[19999][1] = Value::Null();
    std::vector<sdk::DirtyRecord> dirty;
    ASSERT_TRUE(w->Write(batch, dirty).ok());
    ASSERT_EQ(dirty.size(), 3u);
    EXPECT_EQ(dirty[0].index_in_batch, 7001u);
    EXPECT_NE(dirty[0].reason.find("name"), std::string::npos) << dirty[0].reason;
    EXPECT_EQ(dirty[1].index_in_batch, 12000u);
    EXPECT_NE(dirty[1].reason.find("Duplicate"), std::string::npos) << dirty[1].reason;
    EXPECT_EQ(dirty[2].index_in_batch, 19999u);
    ASSERT_TRUE(w->Commit().ok());
    w.reset();
    EXPECT_EQ(Count(t), 19997);
    EXPECT_EQ(Sql("SELECT SUM(id) FROM " + t)[0][0],
              Value::Decimal(std::to_string(20000 * 20001 / 2 - 7002 - 12001 - 20000)));
    EXPECT_EQ(Sql("SELECT name FROM " + t + " WHERE id = 5")[0][0], Value::Text("n5"));
    Sql("DROP TABLE " + t);
}

// With late dirty records (the engine's way), one LOAD DATA stays open across batches until Flush():
// a clean window is one statement on the server; bad rows in later batches are reported by Flush()
// with the batch that carried them and their index in it; Rollback() with a window open stores nothing.
TEST_F(MysqlDataTest, DeferredLoadDataIsOneStatementPerWindowAndReportsLateDirtyRecords) {
    const std::string t = FreshIdNameTable("ld_defer");
    auto wc = Connect(spec_);
    ASSERT_NE(wc, nullptr);
    auto loads = [&] { return LoadStatements(wc.get()); };
    auto w = Writer(wc.get(), t, "insert");
    ASSERT_NE(w, nullptr);
    ASSERT_TRUE(w->DeferDirty());
    auto batch_of = [](int first_id, int rows) {
        sdk::RecordBatch b;
        for (int i = 0; i < rows; ++i) {
            b.rows.push_back({Value::Int(first_id + i), Value::Text("n" + std::to_string(i % 1000))});
        }
        return b;
    };
    std::vector<sdk::DirtyRecord> dirty;
    std::vector<sdk::LateDirtyRecord> late;

    // Window 1: batches 0..2, two clean: one statement.
    const auto before_clean = loads();
    for (int b = 0; b < 3; ++b) {
        ASSERT_TRUE(w->Write(batch_of(1 + b * 5000, 5000), dirty).ok());
        EXPECT_TRUE(dirty.empty());
    }
    ASSERT_TRUE(w->Flush(late).ok());
    EXPECT_TRUE(late.empty());
    EXPECT_EQ(loads() - before_clean, 1);

    // Window 2: batches 3..5 with bad rows in batches 4 and 5.
    sdk::RecordBatch b3 = batch_of(15001, 5000), b4 = batch_of(20001, 5000), b5 = batch_of(25001, 5000);
    b4.rows[2500][1] = Value::Text("much too long");
    b5.rows[10][0] = Value::Int(4);  // already stored in window 1
    b5.rows[4999][1] = Value::Null();
    for (const auto* b : {&b3, &b4, &b5}) {
        ASSERT_TRUE(w->Write(*b, dirty).ok());
        EXPECT_TRUE(dirty.empty());
    }
    ASSERT_TRUE(w->Flush(late).ok());
    ASSERT_NO_FATAL_FAILURE(
        dbbridge::testing::ExpectLateDirty(late, {{4, 2500, "'name'"}, {5, 10, "Duplicate entry '4'"}, {5, 4999, ""}}));
    ASSERT_TRUE(w->Commit().ok());
    EXPECT_EQ(Count(t), 30000 - 3);
    EXPECT_EQ(Sql("SELECT name FROM " + t + " WHERE id = 4")[0][0], Value::Text("n3"));

    // A window left open by a rollback stores nothing.
    ASSERT_TRUE(w->Write(batch_of(40001, 5000), dirty).ok());
    ASSERT_TRUE(w->Rollback().ok());
    EXPECT_EQ(Count(t), 30000 - 3);
    w.reset();
    Sql("DROP TABLE " + t);
}

// Bad rows whose warnings name them ("... at row N": values too long, NULL into NOT NULL) are found by
// one replay of the window without them, not by halving: two LOAD DATAs on the server in all.
TEST_F(MysqlDataTest, DeferredLoadDataFindsRowsItsWarningsNameInOneReplay) {
    const std::string t = FreshIdNameTable("ld_named");
    auto wc = Connect(spec_);
    ASSERT_NE(wc, nullptr);
    auto loads = [&] { return LoadStatements(wc.get()); };
    auto w = Writer(wc.get(), t, "insert");
    ASSERT_NE(w, nullptr);
    ASSERT_TRUE(w->DeferDirty());
    const auto before = loads();
    std::vector<sdk::DirtyRecord> dirty;
    for (int b = 0; b < 3; ++b) {
        sdk::RecordBatch batch;
        for (int i = 0; i < 4000; ++i) {
            batch.rows.push_back({Value::Int(b * 4000 + i), Value::Text("ok")});
        }
        if (b == 1) {
            batch.rows[100][1] = Value::Text("much too long");
            batch.rows[101][1] = Value::Null();
        }
        if (b == 2) {
            batch.rows[3999][1] = Value::Text("also far too long");
        }
        ASSERT_TRUE(w->Write(batch, dirty).ok());
        EXPECT_TRUE(dirty.empty());
    }
    std::vector<sdk::LateDirtyRecord> late;
    ASSERT_TRUE(w->Flush(late).ok());
    ASSERT_NO_FATAL_FAILURE(dbbridge::testing::ExpectLateDirty(late, {{1, 100, "column 'name'"}, {1, 101, ""}, {2, 3999, ""}}));
    EXPECT_EQ(late[0].reason.find("at row"), std::string::npos) << late[0].reason;  // the window's row means nothing to a user
    EXPECT_EQ(loads() - before, 2) << "not one replay";
    ASSERT_TRUE(w->Commit().ok());
    w.reset();
    EXPECT_EQ(Count(t), 12000 - 3);
    EXPECT_EQ(Sql("SELECT COUNT(*) FROM " + t + " WHERE name <> 'ok'")[0][0], Value::Int(0));
    Sql("DROP TABLE " + t);
}

// A window that gets no data for a few seconds ends by itself (the server would drop a LOAD DATA whose
// client stays silent for net_read_timeout); the next batch opens a new one and nothing is lost.
TEST_F(MysqlDataTest, DeferredLoadDataSurvivesAPauseBetweenBatches) {
    const std::string t = FreshIdNameTable("ld_idle");
    auto wc = Connect(spec_);
    ASSERT_NE(wc, nullptr);
    Sql("SET SESSION net_read_timeout = 8", {}, wc.get());
    auto w = Writer(wc.get(), t, "insert");
    ASSERT_NE(w, nullptr);
    ASSERT_TRUE(w->DeferDirty());
    std::vector<sdk::DirtyRecord> dirty;
    for (int b = 0; b < 2; ++b) {
        sdk::RecordBatch batch;
        for (int i = 1; i <= 1000; ++i) {
            batch.rows.push_back({Value::Int(b * 1000 + i), Value::Text("x")});
        }
        ASSERT_TRUE(w->Write(batch, dirty).ok());
        EXPECT_TRUE(dirty.empty());
        if (b == 0) {
            std::this_thread::sleep_for(std::chrono::seconds(10));  // longer than net_read_timeout
        }
    }
    std::vector<sdk::LateDirtyRecord> late;
    ASSERT_TRUE(w->Flush(late).ok());
    EXPECT_TRUE(late.empty());
    ASSERT_TRUE(w->Commit().ok());
    w.reset();
    EXPECT_EQ(Count(t), 2000);
    Sql("DROP TABLE " + t);
}

// A server with local_infile off: the writer notices when it opens, says so in Method(), and stores
// the same rows with multi-row INSERT. (Changes a global of the test server for a moment; any
// writer opened meanwhile elsewhere falls back the same way and stays correct.)
TEST_F(MysqlDataTest, ServerWithoutLocalInfileFallsBackToInsert) {
    const std::string t = Unique("ld_off");
    Sql("DROP TABLE IF EXISTS " + t);
    Sql("CREATE TABLE " + t + " (id INT PRIMARY KEY, name VARCHAR(8) NOT NULL)");
    Sql("SET GLOBAL local_infile = 0");
    auto w = Writer(conn_.get(), t, "insert");
    Sql("SET GLOBAL local_infile = 1");
    ASSERT_NE(w, nullptr);
    EXPECT_EQ(w->Method(), "multi-row INSERT (the server has local_infile off)");
    sdk::RecordBatch batch;
    for (int i = 1; i <= 3000; ++i) {
        batch.rows.push_back({Value::Int(i), Value::Text("n" + std::to_string(i))});
    }
    batch.rows[2500][1] = Value::Text("much too long");
    std::vector<sdk::DirtyRecord> dirty;
    ASSERT_TRUE(w->Write(batch, dirty).ok());
    ASSERT_EQ(dirty.size(), 1u);
    EXPECT_EQ(dirty[0].index_in_batch, 2500u);
    ASSERT_TRUE(w->Commit().ok());
    w.reset();
    EXPECT_EQ(Count(t), 2999);
    Sql("DROP TABLE " + t);
}

TEST_F(MysqlDataTest, ThroughputSanity) {
    const std::string t = Unique("bulk");
    Sql("DROP TABLE IF EXISTS " + t);
    Sql("CREATE TABLE " + t + " (id BIGINT PRIMARY KEY, name VARCHAR(64), amount DECIMAL(12,2), created TIMESTAMP)");
    Sql("INSERT INTO " + t + " SELECT seq, CONCAT('customer-', seq, '-', LEFT(MD5(seq),12)), (seq*7919 % 10000000)/100,"
        " TIMESTAMP'2020-01-01 00:00:00' + INTERVAL (seq*37 % 100000000) SECOND FROM seq_1_to_200000");
    sdk::ReadSpec spec;
    spec.table = t;
    auto started = std::chrono::steady_clock::now();
    auto reader = conn_->OpenReader(spec);
    ASSERT_TRUE(reader.ok());
    sdk::RecordBatch batch;
    std::vector<sdk::Record> kept;
    std::size_t n = 0;
    for (;;) {
        auto more = (*reader)->Next(batch, 4096);
        ASSERT_TRUE(more.ok());
        if (!*more) {
            break;
        }
        n += batch.size();
        if (kept.size() < 200000) {
            kept.insert(kept.end(), batch.rows.begin(), batch.rows.end());
        }
    }
    double read_s = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    reader->reset();
    EXPECT_EQ(n, 200000u);
    std::printf("[ perf     ] read %zu rows in %.3f s = %.0f rows/s\n", n, read_s, n / read_s);

    for (const char* path : {"insert", "load_data"}) {
        const std::string target = t + "_" + path;
        Sql("DROP TABLE IF EXISTS " + target);
        Sql("CREATE TABLE " + target + " LIKE " + t);
        sdk::ConnectionSpec cs = spec_;
        cs.options["mysql_bulk"] = path;
        auto wc = Connect(cs);
        ASSERT_NE(wc, nullptr);
        auto w = Writer(wc.get(), target, "insert", {}, 4096);
        ASSERT_NE(w, nullptr);
        started = std::chrono::steady_clock::now();
        std::vector<sdk::DirtyRecord> dirty;
        sdk::RecordBatch chunk;
        for (std::size_t i = 0; i < kept.size(); i += 4096) {
            chunk.rows.assign(kept.begin() + i, kept.begin() + std::min(kept.size(), i + 4096));
            ASSERT_TRUE(w->Write(chunk, dirty).ok());
        }
        ASSERT_TRUE(w->Commit().ok());
        double write_s = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
        EXPECT_TRUE(dirty.empty());
        w.reset();
        EXPECT_EQ(Count(target), 200000);
        auto diff = Sql("SELECT COUNT(*) FROM " + t + " a JOIN " + target +
                        " b USING (id) WHERE a.name = b.name AND a.amount = b.amount AND a.created = b.created");
        EXPECT_EQ(diff[0][0], Value::Int(200000));
        std::printf("[ perf     ] write (%s) %zu rows in %.3f s = %.0f rows/s\n", path, kept.size(), write_s,
                    kept.size() / write_s);
        Sql("DROP TABLE " + target);
    }
    Sql("DROP TABLE " + t);
}

}  // namespace
}  // namespace dbbridge::mysql::testing
