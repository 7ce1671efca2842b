// The unixODBC data path (sdk/odbc) driven through psqlODBC against the real PostgreSQL.
#include <gtest/gtest.h>

#include <chrono>
#include <fstream>
#include <thread>

#include "dbbridge/odbc/odbc_connection.h"
#include "tests/sdk/odbc/pg_odbc_env.h"
#include "tests/support/test_env.h"

namespace dbbridge::odbc {
namespace {

using sdk::BindValue;
using sdk::JdbcType;
using sdk::StatusCode;
using sdk::Value;
using sdk::ValueKind;

struct CollectSink : sdk::RowSink {
    std::vector<sdk::ColumnInfo> columns;
    std::vector<sdk::Record> rows;
    sdk::Status OnColumns(const std::vector<sdk::ColumnInfo>& c) noexcept override {
        columns = c;
        return sdk::Status::Ok();
    }
    bool OnRow(const sdk::Record& r) noexcept override {
        rows.push_back(r);
        return true;
    }
};

long ResidentKb() {
    std::ifstream in("/proc/self/status");
    std::string line;
    while (std::getline(in, line)) {
        if (line.rfind("VmRSS:", 0) == 0) {
            return std::stol(line.substr(6));
        }
    }
    return 0;
}

class OdbcPgTest : public ::testing::Test {
protected:
    void SetUp() override {
        DBB_REQUIRE_ENV(driver, "DBBRIDGE_TEST_ODBC_DRIVER");
        DBB_REQUIRE_ENV(pg, "DBBRIDGE_TEST_PG");
        driver_ = driver;
        target_ = testing::ParsePgUrl(pg);
        cs_ = testing::PgOdbcString(driver_, target_, target_.database);
        conn_ = testing::OpenPg(cs_);
        ASSERT_NE(conn_, nullptr);
        table_ = "odbcp_t" + std::to_string(::getpid()) + "_" +
                 ::testing::UnitTest::GetInstance()->current_test_info()->name();
        for (auto& ch : table_) {
            ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
        }
        ASSERT_TRUE(conn_->Execute("DROP TABLE IF EXISTS " + table_, {}, nullptr, {}).ok());
    }
    void TearDown() override {
        if (conn_) {
            (void)conn_->Execute("DROP TABLE IF EXISTS " + table_, {}, nullptr, {});  // best effort
        }
    }
    sdk::ExecuteResult Run(const std::string& sql, const std::vector<BindValue>& binds = {},
                           CollectSink* sink = nullptr) {
        auto r = conn_->Execute(sql, binds, sink, sdk::ExecuteOptions{});
        EXPECT_TRUE(r.ok()) << r.status().message();
        return r.ok() ? *r : sdk::ExecuteResult{};
    }

    std::string driver_;
    testing::PgTarget target_;
    std::string cs_;
    std::unique_ptr<sdk::Connection> conn_;
    std::string table_;
};

// Writers need psqlODBC's "no rollback" level: its default wraps every statement in its own
// savepoint and releases it, which also destroys the writer's savepoints.
std::unique_ptr<sdk::Connection> OpenWriterConnection(const std::string& driver, const testing::PgTarget& target) {
    return testing::OpenPg(testing::PgOdbcString(driver, target, target.database, "", "Protocol=7.4-0;"));
}

TEST_F(OdbcPgTest, PingReportsServerVersion) {
    auto ping = conn_->Ping("SELECT 1");
    ASSERT_TRUE(ping.ok()) << ping.status().message();
    EXPECT_NE(ping->server_version.find("PostgreSQL"), std::string::npos) << ping->server_version;
    EXPECT_GE(ping->latency_ms, 0.0);
}

TEST_F(OdbcPgTest, PingWithBadSqlNamesTheStatement) {
    auto ping = conn_->Ping("SELEC 1");
    ASSERT_FALSE(ping.ok());
    EXPECT_NE(ping.status().message().find("SELEC 1"), std::string::npos) << ping.status().message();
    EXPECT_NE(ping.status().message().find("42601"), std::string::npos) << ping.status().message();
}

TEST_F(OdbcPgTest, WrongPasswordIsUnauthenticated) {
    sdk::ConnectionSpec spec;
    auto conn = OdbcConnection::Open(testing::PgOdbcString(driver_, target_, target_.database, "wrong-password"),
                                     std::make_shared<testing::PgTestSql>(), spec);
    ASSERT_FALSE(conn.ok());
    EXPECT_EQ(conn.status().code(), StatusCode::kUnauthenticated) << conn.status().message();
    EXPECT_EQ(conn.status().message().find("wrong-password"), std::string::npos) << "password leaked";
}

TEST_F(OdbcPgTest, AnUnregisteredDriverIsRefusedBeforeLoading) {
    sdk::ConnectionSpec spec;
    auto conn = OdbcConnection::Open("Driver={No Such ODBC Driver};Server=127.0.0.1;Uid=u;Pwd=secret;",
                                     std::make_shared<testing::PgTestSql>(), spec);
    ASSERT_FALSE(conn.ok());
    EXPECT_EQ(conn.status().code(), StatusCode::kInvalidArgument) << conn.status().message();
    EXPECT_NE(conn.status().message().find("DRIVER 'No Such ODBC Driver' is not a driver registered in odbcinst.ini"),
              std::string::npos)
        << conn.status().message();
    EXPECT_EQ(conn.status().message().find("secret"), std::string::npos) << conn.status().message();
}

TEST_F(OdbcPgTest, DriverGivenAsALibraryPathIsRefusedBeforeLoading) {
    // The real psqlODBC library: without the check unixODBC would load it by path and connect.
    std::string lib = "/usr/lib/x86_64-linux-gnu/odbc/psqlodbcw.so";
    std::string cs = testing::PgOdbcString(driver_, target_, target_.database);
    cs.replace(cs.find("{" + driver_ + "}"), driver_.size() + 2, lib);
    sdk::ConnectionSpec spec;
    auto conn = OdbcConnection::Open(cs, std::make_shared<testing::PgTestSql>(), spec);
    ASSERT_FALSE(conn.ok());
    EXPECT_EQ(conn.status().code(), StatusCode::kInvalidArgument) << conn.status().message();
    EXPECT_EQ(conn.status().message(), "PGTEST ODBC connection string: DRIVER '" + lib +
                                           "' is a path; name a driver registered in odbcinst.ini instead (a path "
                                           "would load any library into dbbridge)");
}

TEST_F(OdbcPgTest, UnreachableServerIsUnavailable) {
    sdk::ConnectionSpec spec;
    spec.connect_timeout_ms = 3000;
    testing::PgTarget t = target_;
    t.port = "1";  // nothing listens there
    auto conn = OdbcConnection::Open(testing::PgOdbcString(driver_, t, t.database),
                                     std::make_shared<testing::PgTestSql>(), spec);
    ASSERT_FALSE(conn.ok());
    EXPECT_EQ(conn.status().code(), StatusCode::kUnavailable) << conn.status().message();
}

TEST_F(OdbcPgTest, SessionInitOptionRunsAndReportsFailures) {
    sdk::ConnectionSpec spec;
    spec.options["session_init"] = "SET TIME ZONE 'UTC'; SET application_name = 'odbcp'";
    auto conn = OdbcConnection::Open(cs_, std::make_shared<testing::PgTestSql>(), spec);
    ASSERT_TRUE(conn.ok()) << conn.status().message();
    CollectSink sink;
    auto r = (*conn)->Execute("SELECT current_setting('application_name')", {}, &sink, {});
    ASSERT_TRUE(r.ok());
    ASSERT_EQ(sink.rows.size(), 1u);
    EXPECT_EQ(sink.rows[0][0].s, "odbcp");

    spec.options["session_init"] = "ALTER SESSION SET NLS_DATE_FORMAT = 'YYYY'";
    auto bad = OdbcConnection::Open(cs_, std::make_shared<testing::PgTestSql>(), spec);
    ASSERT_FALSE(bad.ok());
    EXPECT_NE(bad.status().message().find("session_init"), std::string::npos) << bad.status().message();
}

TEST_F(OdbcPgTest, BindsEverySeedTypeCode) {
    std::vector<BindValue> binds = {
        {"f", JdbcType::kFloat, Value::Float(1.5)},
        {"d", JdbcType::kDouble, Value::Float(2.25)},
        {"c", JdbcType::kChar, Value::Text("abc")},
        {"nc", JdbcType::kNChar, Value::Text("日本")},
        {"nv", JdbcType::kNVarchar, Value::Text("Zürich 😀")},
        {"v", JdbcType::kVarchar, Value::Text("it's")},
        {"ti", JdbcType::kTinyInt, Value::Int(-7)},
        {"si", JdbcType::kSmallInt, Value::Text("32000")},
        {"i", JdbcType::kInteger, Value::Int(2147483647)},
        {"bi", JdbcType::kBigInt, Value::Int(-9223372036854775807LL)},
        {"blob", JdbcType::kBlob, Value::Bytes(std::string("\x00\x01\xff", 3))},
        {"clob", JdbcType::kClob, Value::Text(std::string(100000, 'x'))},
        {"dec", JdbcType::kDecimal, Value::Decimal("12345678901234.5678")},
        {"date", JdbcType::kDate, Value::Date("2024-02-29")},
        {"time", JdbcType::kTime, Value::Time("13:14:15")},
        {"ts", JdbcType::kTimestamp, Value::Timestamp("2024-02-29 13:14:15.123456")},
        {"rowid", JdbcType::kRowId, Value::Text("AAAR3sAAEAAAACXAAA")},
        {"b", JdbcType::kBoolean, Value::Bool(true)},
        {"lv", JdbcType::kLongVarchar, Value::Text("long text")},
        {"n", JdbcType::kInteger, Value::Null()},
    };
    CollectSink sink;
    auto r = Run("SELECT CAST(? AS real), CAST(? AS float8), CAST(? AS char(3)), CAST(? AS varchar), "
                 "CAST(? AS varchar), CAST(? AS varchar), CAST(? AS smallint), CAST(? AS smallint), CAST(? AS int), "
                 "CAST(? AS bigint), CAST(? AS bytea), CAST(? AS text), CAST(? AS numeric(30,4)), CAST(? AS date), "
                 "CAST(? AS time), CAST(? AS timestamp(6)), CAST(? AS varchar), CAST(? AS boolean), "
                 "CAST(? AS text), CAST(? AS int)",
                 binds, &sink);
    ASSERT_FALSE(r.failed) << r.error_message;
    ASSERT_EQ(sink.rows.size(), 1u);
    const auto& row = sink.rows[0];
    EXPECT_EQ(row[0], Value::Float(1.5, 4));
    EXPECT_EQ(row[1], Value::Float(2.25));
    EXPECT_EQ(row[2], Value::Text("abc"));
    EXPECT_EQ(row[3], Value::Text("日本"));
    EXPECT_EQ(row[4], Value::Text("Zürich 😀"));
    EXPECT_EQ(row[5], Value::Text("it's"));
    EXPECT_EQ(row[6], Value::Int(-7));
    EXPECT_EQ(row[7], Value::Int(32000));
    EXPECT_EQ(row[8], Value::Int(2147483647));
    EXPECT_EQ(row[9], Value::Int(-9223372036854775807LL));
    EXPECT_EQ(row[10], Value::Bytes(std::string("\x00\x01\xff", 3)));
    EXPECT_EQ(row[11].s.size(), 100000u);
    EXPECT_EQ(row[12], Value::Decimal("12345678901234.5678"));
    EXPECT_EQ(row[13], Value::Date("2024-02-29"));
    EXPECT_EQ(row[14], Value::Time("13:14:15"));
    EXPECT_EQ(row[15], Value::Timestamp("2024-02-29 13:14:15.123456"));
    EXPECT_EQ(row[16], Value::Text("AAAR3sAAEAAAACXAAA"));
    EXPECT_EQ(row[17], Value::Bool(true));
    EXPECT_EQ(row[18], Value::Text("long text"));
    EXPECT_TRUE(row[19].is_null());
}

TEST_F(OdbcPgTest, BindOfWrongValueFailsNamingTheBind) {
    auto r = Run("SELECT CAST(? AS int)", {{"age", JdbcType::kInteger, Value::Text("forty")}});
    ASSERT_TRUE(r.failed);
    EXPECT_NE(r.error_message.find("@age"), std::string::npos) << r.error_message;
    EXPECT_NE(r.error_message.find("forty"), std::string::npos) << r.error_message;
}

TEST_F(OdbcPgTest, ResultSetsCarryEveryTypeCanonically) {
    Run("CREATE TABLE " + table_ +
        " (s smallint, i int, b bigint, n numeric(38,10), r real, d double precision, v varchar(20), "
        "c char(5), t text, y bytea, dt date, tm time, ts timestamp(3), bo boolean)");
    Run("INSERT INTO " + table_ +
        " VALUES (1, -2, 9007199254740993, 1234567890123456789012345678.0123456789, 0.5, 0.1, "
        "'汉字😀', 'ab', repeat('z', 70000), '\\x00ff10'::bytea, '1999-12-31', '23:59:58', "
        "'2000-01-02 03:04:05.678', false), (NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, "
        "NULL, NULL, NULL)");
    CollectSink sink;
    auto r = Run("SELECT * FROM " + table_ + " ORDER BY s NULLS LAST", {}, &sink);
    ASSERT_FALSE(r.failed) << r.error_message;
    ASSERT_TRUE(r.has_rows);
    EXPECT_EQ(r.row_count, 2);
    ASSERT_EQ(sink.columns.size(), 14u);
    EXPECT_EQ(sink.columns[0].jdbc_type, JdbcType::kSmallInt);
    EXPECT_EQ(sink.columns[2].jdbc_type, JdbcType::kBigInt);
    EXPECT_EQ(sink.columns[3].jdbc_type, JdbcType::kNumeric);
    EXPECT_EQ(sink.columns[10].jdbc_type, JdbcType::kDate);
    EXPECT_EQ(sink.columns[12].jdbc_type, JdbcType::kTimestamp);
    EXPECT_EQ(sink.columns[6].name, "v");
    const auto& row = sink.rows[0];
    EXPECT_EQ(row[0], Value::Int(1));
    EXPECT_EQ(row[1], Value::Int(-2));
    EXPECT_EQ(row[2], Value::Int(9007199254740993LL));  // beyond double precision
    EXPECT_EQ(row[3], Value::Decimal("1234567890123456789012345678.0123456789"));
    EXPECT_EQ(row[4], Value::Float(0.5, 4));
    EXPECT_EQ(row[5], Value::Float(0.1));
    EXPECT_EQ(row[6], Value::Text("汉字😀"));
    EXPECT_EQ(row[7], Value::Text("ab   "));
    EXPECT_EQ(row[8].s, std::string(70000, 'z'));
    EXPECT_EQ(row[9], Value::Bytes(std::string("\x00\xff\x10", 3)));
    EXPECT_EQ(row[10], Value::Date("1999-12-31"));
    EXPECT_EQ(row[11], Value::Time("23:59:58"));
    EXPECT_EQ(row[12], Value::Timestamp("2000-01-02 03:04:05.678"));
    EXPECT_EQ(row[13], Value::Bool(false));
    for (const auto& v : sink.rows[1]) {
        EXPECT_TRUE(v.is_null());
    }
}

TEST_F(OdbcPgTest, AffectedRowsAndStatementErrors) {
    Run("CREATE TABLE " + table_ + " (id int primary key, name varchar(10))");
    auto ins = Run("INSERT INTO " + table_ + " VALUES (?, ?), (?, ?), (?, ?)",
                   {{"a", JdbcType::kInteger, Value::Int(1)}, {"b", JdbcType::kVarchar, Value::Text("x")},
                    {"c", JdbcType::kInteger, Value::Int(2)}, {"d", JdbcType::kVarchar, Value::Text("y")},
                    {"e", JdbcType::kInteger, Value::Int(3)}, {"f", JdbcType::kVarchar, Value::Text("z")}});
    EXPECT_FALSE(ins.has_rows);
    EXPECT_EQ(ins.affected_rows, 3);
    EXPECT_EQ(Run("UPDATE " + table_ + " SET name = 'w'").affected_rows, 3);
    EXPECT_EQ(Run("DELETE FROM " + table_ + " WHERE id > ?", {{"id", JdbcType::kInteger, Value::Int(99)}})
                  .affected_rows,
              0);
    auto dup = Run("INSERT INTO " + table_ + " VALUES (1, 'again')");
    ASSERT_TRUE(dup.failed);
    EXPECT_EQ(dup.sql_state, "23505");
    EXPECT_NE(dup.error_message.find("duplicate key"), std::string::npos) << dup.error_message;
    auto bad = Run("SELECT * FROM odbcp_no_such_table");
    ASSERT_TRUE(bad.failed);
    EXPECT_EQ(bad.sql_state, "42P01");
    EXPECT_NE(bad.error_message.find("odbcp_no_such_table"), std::string::npos);
    // The connection stays usable after statement errors.
    CollectSink sink;
    Run("SELECT count(*) FROM " + table_, {}, &sink);
    ASSERT_EQ(sink.rows.size(), 1u);
    EXPECT_EQ(sink.rows[0][0], Value::Int(3));
}

TEST_F(OdbcPgTest, TransactionsCommitAndRollBack) {
    Run("CREATE TABLE " + table_ + " (id int)");
    ASSERT_TRUE(conn_->Begin().ok());
    Run("INSERT INTO " + table_ + " VALUES (1)");
    ASSERT_TRUE(conn_->Rollback().ok());
    ASSERT_TRUE(conn_->Begin().ok());
    Run("INSERT INTO " + table_ + " VALUES (2)");
    ASSERT_TRUE(conn_->Commit().ok());
    CollectSink sink;
    Run("SELECT id FROM " + table_, {}, &sink);
    ASSERT_EQ(sink.rows.size(), 1u);
    EXPECT_EQ(sink.rows[0][0], Value::Int(2));
}

TEST_F(OdbcPgTest, StreamsTwoHundredThousandRowsWithFlatMemory) {
    sdk::ReadSpec spec;
    spec.query_sql = "SELECT g AS id, repeat('x', 200) AS pad FROM generate_series(1, 200000) g";
    auto reader = conn_->OpenReader(spec);
    ASSERT_TRUE(reader.ok()) << reader.status().message();
    ASSERT_EQ((*reader)->Columns().size(), 2u);
    long before = ResidentKb();
    sdk::RecordBatch batch;
    std::int64_t rows = 0;
    std::int64_t sum = 0;
    long peak = before;
    for (;;) {
        auto more = (*reader)->Next(batch, 5000);
        ASSERT_TRUE(more.ok()) << more.status().message();
        for (const auto& r : batch.rows) {
            sum += r[0].i;
        }
        rows += static_cast<std::int64_t>(batch.size());
        peak = std::max(peak, ResidentKb());
        if (!*more) {
            break;
        }
    }
    EXPECT_EQ(rows, 200000);
    EXPECT_EQ(sum, 200000LL * 200001 / 2);
    // 200k rows x 200 bytes is ~40 MB (~80 MB as UTF-16); a cursor fetching 10k rows at a time stays far below.
    EXPECT_LT(peak - before, 30 * 1024) << "RSS grew by " << (peak - before) << " kB";
}

TEST_F(OdbcPgTest, SplitRangeAndRangeReads) {
    Run("CREATE TABLE " + table_ + " (id int, v text)");
    Run("INSERT INTO " + table_ + " SELECT g, 'v' || g FROM generate_series(1, 100) g UNION ALL SELECT NULL, 'null'");
    sdk::ReadSpec spec;
    spec.table = table_;
    spec.columns = {"id", "v"};
    spec.split_pk = "id";
    spec.where = "id <> 7;";
    auto range = conn_->SplitRange(spec);
    ASSERT_TRUE(range.ok()) << range.status().message();
    ASSERT_TRUE(range->has_value());
    EXPECT_EQ((*range)->first, 1);
    EXPECT_EQ((*range)->second, 100);
    auto count = [&](const sdk::ReadSpec& s) {
        auto reader = conn_->OpenReader(s);
        EXPECT_TRUE(reader.ok()) << reader.status().message();
        if (!reader.ok()) {
            return -1;
        }
        sdk::RecordBatch batch;
        int n = 0;
        while (true) {
            auto more = (*reader)->Next(batch, 7);
            EXPECT_TRUE(more.ok());
            n += static_cast<int>(batch.size());
            if (!more.ok() || !*more) {
                break;
            }
        }
        return n;
    };
    spec.has_range = true;
    spec.range_lower = 1;
    spec.range_upper = 50;
    EXPECT_EQ(count(spec), 48);  // 1..49 without 7
    spec.range_lower = 50;
    spec.range_upper = 100;
    spec.upper_inclusive = true;
    EXPECT_EQ(count(spec), 51);
    spec.has_range = false;
    spec.null_range = true;
    EXPECT_EQ(count(spec), 0);  // the where clause applies to the NULL range too, as in DataX
    spec.where.clear();
    EXPECT_EQ(count(spec), 1);
}

TEST_F(OdbcPgTest, BatchedWriteReportsDirtyRecordsAndKeepsTheRest) {
    Run("CREATE TABLE " + table_ +
        " (id int primary key, name varchar(5), amount numeric(12,2), ts timestamp, data bytea, ok boolean)");
    sdk::WriteSpec ws;
    ws.table = table_;
    ws.columns = {"id", "name", "amount", "ts", "data", "ok"};
    auto wconn = OpenWriterConnection(driver_, target_);
    ASSERT_NE(wconn, nullptr);
    auto writer = wconn->OpenWriter(ws);
    ASSERT_TRUE(writer.ok()) << writer.status().message();
    sdk::RecordBatch batch;
    for (int i = 1; i <= 100; ++i) {
        batch.rows.push_back({Value::Int(i), Value::Text("n" + std::to_string(i)), Value::Decimal("12.50"),
                              Value::Timestamp("2024-01-02 03:04:05.5"), Value::Bytes("\x01\x02"), Value::Bool(i % 2)});
    }
    batch.rows[10][0] = Value::Int(1);                       // duplicate key: rejected by the server
    batch.rows[20][1] = Value::Text("much too long");        // varchar(5) overflow: rejected by the server
    batch.rows[30][2] = Value::Text("12,5x");                // not a number: rejected before sending
    std::vector<sdk::DirtyRecord> dirty;
    auto written = (*writer)->Write(batch, dirty);
    ASSERT_TRUE(written.ok()) << written.message();
    ASSERT_EQ(dirty.size(), 3u);
    std::sort(dirty.begin(), dirty.end(), [](const auto& a, const auto& b) { return a.index_in_batch < b.index_in_batch; });
    EXPECT_EQ(dirty[0].index_in_batch, 10u);
    EXPECT_NE(dirty[0].reason.find("23505"), std::string::npos) << dirty[0].reason;
    EXPECT_EQ(dirty[1].index_in_batch, 20u);
    EXPECT_NE(dirty[1].reason.find("22001"), std::string::npos) << dirty[1].reason;
    EXPECT_EQ(dirty[2].index_in_batch, 30u);
    EXPECT_NE(dirty[2].reason.find("column amount"), std::string::npos) << dirty[2].reason;

    sdk::RecordBatch second;
    for (int i = 101; i <= 300; ++i) {
        second.rows.push_back({Value::Int(i), Value::Null(), Value::Int(i), Value::Date("2024-05-06"), Value::Null(),
                               Value::Text("true")});
    }
    dirty.clear();
    ASSERT_TRUE((*writer)->Write(second, dirty).ok());
    EXPECT_TRUE(dirty.empty());
    ASSERT_TRUE((*writer)->Commit().ok());
    writer->reset();

    CollectSink sink;
    Run("SELECT count(*), sum(amount), min(ts), count(data), sum(CASE WHEN ok THEN 1 ELSE 0 END) FROM " + table_, {},
        &sink);
    ASSERT_EQ(sink.rows.size(), 1u);
    EXPECT_EQ(sink.rows[0][0], Value::Int(297));
    EXPECT_EQ(sink.rows[0][1], Value::Decimal("41312.50"));  // 97 x 12.50 + (101 + ... + 300)
    EXPECT_EQ(sink.rows[0][2], Value::Timestamp("2024-01-02 03:04:05.5"));
    EXPECT_EQ(sink.rows[0][3], Value::Int(97));
    EXPECT_EQ(sink.rows[0][4], Value::Int(47 + 200));  // odd ids of the first batch minus 11, 21, 31
}

TEST_F(OdbcPgTest, WriterRollbackDiscardsAndRejectsUpsertModes) {
    Run("CREATE TABLE " + table_ + " (id int)");
    sdk::WriteSpec ws;
    ws.table = table_;
    ws.write_mode = "replace";
    auto wconn = OpenWriterConnection(driver_, target_);
    ASSERT_NE(wconn, nullptr);
    auto refused = wconn->OpenWriter(ws);
    ASSERT_FALSE(refused.ok());
    EXPECT_EQ(refused.status().code(), StatusCode::kUnimplemented);
    ws.write_mode = "insert";
    auto writer = wconn->OpenWriter(ws);  // all columns, from the table
    ASSERT_TRUE(writer.ok()) << writer.status().message();
    sdk::RecordBatch batch;
    batch.rows.push_back({Value::Int(1)});
    std::vector<sdk::DirtyRecord> dirty;
    ASSERT_TRUE((*writer)->Write(batch, dirty).ok());
    ASSERT_TRUE((*writer)->Rollback().ok());
    writer->reset();
    CollectSink sink;
    Run("SELECT count(*) FROM " + table_, {}, &sink);
    EXPECT_EQ(sink.rows[0][0], Value::Int(0));
}

TEST_F(OdbcPgTest, WriterColumnsMustBeSingleNames) {
    Run("CREATE TABLE " + table_ + " (a int, b int, \"Mixed\" text)");
    auto wconn = OpenWriterConnection(driver_, target_);
    ASSERT_NE(wconn, nullptr);
    sdk::WriteSpec ws;
    ws.table = table_;
    for (const std::string column : {"a, b", "t.*", "a + 1"}) {
        ws.columns = {"a", column};
        auto writer = wconn->OpenWriter(ws);
        ASSERT_FALSE(writer.ok()) << column;
        EXPECT_EQ(writer.status().code(), StatusCode::kInvalidArgument);
        EXPECT_NE(writer.status().message().find("PGTEST writer for table " + table_ + ": column '" + column + "'"),
                  std::string::npos)
            << writer.status().message();
    }
    ws.columns = {"b", "\"Mixed\""};  // a quoted name keeps its case
    auto writer = wconn->OpenWriter(ws);
    ASSERT_TRUE(writer.ok()) << writer.status().message();
    sdk::RecordBatch batch;
    batch.rows.push_back({Value::Int(5), Value::Text("x")});
    std::vector<sdk::DirtyRecord> dirty;
    ASSERT_TRUE((*writer)->Write(batch, dirty).ok());
    ASSERT_TRUE((*writer)->Commit().ok());
    EXPECT_TRUE(dirty.empty());
    writer->reset();
    CollectSink sink;
    Run("SELECT a, b, \"Mixed\" FROM " + table_, {}, &sink);
    ASSERT_EQ(sink.rows.size(), 1u);
    EXPECT_EQ(sink.rows[0], (sdk::Record{Value::Null(), Value::Int(5), Value::Text("x")}));
}

TEST_F(OdbcPgTest, InjectionThroughTableOrSplitPkChangesNothing) {
    const std::string table = "odbcp_i" + std::to_string(::getpid());
    const std::string victim = "odbcp_v" + std::to_string(::getpid());
    Run("DROP TABLE IF EXISTS " + table);
    Run("DROP TABLE IF EXISTS " + victim);
    Run("CREATE TABLE " + table + " (id int)");
    Run("INSERT INTO " + table + " VALUES (1), (2)");
    Run("CREATE TABLE " + victim + " (id int)");
    Run("INSERT INTO " + victim + " VALUES (42)");
    const std::string drop = "; DROP TABLE " + victim + "; SELECT 1";

    // Each attempt reaches the server as one quoted name, which does not exist.
    sdk::ReadSpec rs;
    rs.table = table + drop;
    auto reader = conn_->OpenReader(rs);
    ASSERT_FALSE(reader.ok());
    EXPECT_NE(reader.status().message().find("relation \"" + sdk::util::ToUpper(table + drop) + "\" does not exist"),
              std::string::npos)
        << reader.status().message();
    rs.table = table;
    rs.split_pk = "id) FROM " + table + drop + " --";
    auto range = conn_->SplitRange(rs);
    ASSERT_FALSE(range.ok());
    EXPECT_NE(range.status().message().find("42703"), std::string::npos) << range.status().message();
    rs.null_range = true;
    auto ranged = conn_->OpenReader(rs);
    ASSERT_FALSE(ranged.ok());
    EXPECT_NE(ranged.status().message().find("42703"), std::string::npos) << ranged.status().message();
    auto wconn = OpenWriterConnection(driver_, target_);
    ASSERT_NE(wconn, nullptr);
    sdk::WriteSpec ws;
    ws.table = table + drop;
    auto writer = wconn->OpenWriter(ws);
    ASSERT_FALSE(writer.ok());
    EXPECT_NE(writer.status().message().find("42P01"), std::string::npos) << writer.status().message();

    CollectSink sink;
    Run("SELECT id FROM " + victim, {}, &sink);
    ASSERT_EQ(sink.rows.size(), 1u);
    EXPECT_EQ(sink.rows[0][0], Value::Int(42));
    Run("DROP TABLE " + victim);
    Run("DROP TABLE " + table);
}

TEST_F(OdbcPgTest, QuotedTableAndSplitPkNamesKeepTheirCase) {
    const std::string mixed = "Odbcp_Mixed_" + std::to_string(::getpid());
    Run("DROP TABLE IF EXISTS \"" + mixed + "\"");
    Run("CREATE TABLE \"" + mixed + "\" (\"Id\" int)");
    Run("INSERT INTO \"" + mixed + "\" VALUES (3), (9)");
    sdk::ReadSpec rs;
    rs.table = "\"" + mixed + "\"";
    rs.split_pk = "\"Id\"";
    auto range = conn_->SplitRange(rs);
    ASSERT_TRUE(range.ok()) << range.status().message();
    ASSERT_TRUE(range->has_value());
    EXPECT_EQ(**range, std::make_pair(std::int64_t{3}, std::int64_t{9}));
    rs.has_range = true;
    rs.range_lower = 5;
    rs.range_upper = 10;
    auto reader = conn_->OpenReader(rs);
    ASSERT_TRUE(reader.ok()) << reader.status().message();
    sdk::RecordBatch batch;
    ASSERT_TRUE((*reader)->Next(batch, 10).ok());
    ASSERT_EQ(batch.size(), 1u);
    EXPECT_EQ(batch.rows[0][0], Value::Int(9));
    reader->reset();
    Run("DROP TABLE \"" + mixed + "\"");
}

TEST_F(OdbcPgTest, CancelInterruptsARunningStatement) {
    auto start = std::chrono::steady_clock::now();
    std::thread canceller([&] {
        std::this_thread::sleep_for(std::chrono::milliseconds(300));
        conn_->Cancel();
    });
    auto r = conn_->Execute("SELECT pg_sleep(20)", {}, nullptr, {});
    canceller.join();
    auto seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    EXPECT_LT(seconds, 10.0);
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.status().code(), StatusCode::kCancelled) << r.status().message();
    auto after = conn_->Ping("SELECT 1");
    EXPECT_TRUE(after.ok()) << after.status().message();
}

TEST_F(OdbcPgTest, StatementTimeoutIsDeadlineExceeded) {
    sdk::ExecuteOptions options;
    options.timeout_ms = 500;
    auto r = conn_->Execute("SELECT pg_sleep(10)", {}, nullptr, options);
    if (r.ok()) {
        // psqlODBC reports its statement timeout as a server-side cancel (57014).
        ASSERT_TRUE(r->failed);
        EXPECT_EQ(r->sql_state, "57014") << r->error_message;
    } else {
        EXPECT_EQ(r.status().code(), StatusCode::kDeadlineExceeded) << r.status().message();
    }
}

}  // namespace
}  // namespace dbbridge::odbc
