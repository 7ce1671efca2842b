#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>

#include <chrono>
#include <thread>

#include "mysql_test_util.h"

namespace dbbridge::mysql::testing {
namespace {

using sdk::JdbcType;
using sdk::StatusCode;
using sdk::Value;

class MysqlConnectionTest : public MysqlServerTest {};

TEST_F(MysqlConnectionTest, PingReportsLatencyAndVersion) {
    auto ping = conn_->Ping(dialect_.DefaultPingSql());
    ASSERT_TRUE(ping.ok()) << ping.status().message();
    EXPECT_GT(ping->latency_ms, 0.0);
    EXPECT_LT(ping->latency_ms, 5000.0);
    EXPECT_NE(ping->server_version.find("MariaDB"), std::string::npos) << ping->server_version;
    auto version = conn_->ServerVersion();
    ASSERT_TRUE(version.ok());
    EXPECT_EQ(*version, ping->server_version);

    auto bad = conn_->Ping("selec 1");
    ASSERT_FALSE(bad.ok());
    EXPECT_EQ(bad.status().code(), StatusCode::kInvalidArgument);
    EXPECT_NE(bad.status().message().find("1064"), std::string::npos) << bad.status().message();
}

TEST_F(MysqlConnectionTest, WrongPasswordIsUnauthenticatedWithoutThePassword) {
    sdk::ConnectionSpec spec = spec_;
    spec.password = "wrong-pa55word-xyz";
    auto c = dialect_.Connect(spec);
    ASSERT_FALSE(c.ok());
    EXPECT_EQ(c.status().code(), StatusCode::kUnauthenticated);
    const std::string& msg = c.status().message();
    EXPECT_EQ(msg.find("wrong-pa55word-xyz"), std::string::npos) << msg;
    EXPECT_NE(msg.find(spec.host + ":" + std::to_string(spec.port)), std::string::npos) << msg;
    EXPECT_NE(msg.find("user '" + spec.user + "'"), std::string::npos) << msg;
    EXPECT_NE(msg.find("1045"), std::string::npos) << msg;
}

TEST_F(MysqlConnectionTest, UnreachablePortIsUnavailableQuickly) {
    sdk::ConnectionSpec spec = spec_;
    spec.host = "127.0.0.1";
    spec.port = 1;
    spec.connect_timeout_ms = 3000;
    auto started = std::chrono::steady_clock::now();
    auto c = dialect_.Connect(spec);
    double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    ASSERT_FALSE(c.ok());
    EXPECT_EQ(c.status().code(), StatusCode::kUnavailable) << c.status().message();
    EXPECT_LT(secs, 5.0);
    EXPECT_NE(c.status().message().find("127.0.0.1:1"), std::string::npos) << c.status().message();
}

TEST_F(MysqlConnectionTest, SilentServerTimesOut) {
    // A listener that completes TCP handshakes (kernel backlog) but never sends the MySQL greeting.
    int fd = socket(AF_INET, SOCK_STREAM, 0);
    ASSERT_GE(fd, 0);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    ASSERT_EQ(bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr), 0);
    ASSERT_EQ(listen(fd, 4), 0);
    socklen_t len = sizeof addr;
    getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len);
    sdk::ConnectionSpec spec = spec_;
    spec.host = "127.0.0.1";
    spec.port = ntohs(addr.sin_port);
    spec.connect_timeout_ms = 1000;
    auto started = std::chrono::steady_clock::now();
    auto c = dialect_.Connect(spec);
    double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    close(fd);
    ASSERT_FALSE(c.ok());
    EXPECT_EQ(c.status().code(), StatusCode::kDeadlineExceeded) << c.status().message();
    EXPECT_LT(secs, 4.0);
}

TEST_F(MysqlConnectionTest, UnknownDatabaseIsNotFound) {
    sdk::ConnectionSpec spec = spec_;
    spec.database = "myp_no_such_db";
    auto c = dialect_.Connect(spec);
    ASSERT_FALSE(c.ok());
    EXPECT_EQ(c.status().code(), StatusCode::kNotFound) << c.status().message();
    EXPECT_NE(c.status().message().find("myp_no_such_db"), std::string::npos);
}

TEST_F(MysqlConnectionTest, ListColumnsReportsEveryCommonType) {
    const std::string t = Unique("types");
    Sql("DROP TABLE IF EXISTS " + t);
    Sql("CREATE TABLE " + t +
        " (c_tiny TINYINT NOT NULL, c_bool BOOLEAN, c_small SMALLINT UNSIGNED, c_medium MEDIUMINT, c_int INT,"
        " c_uint INT UNSIGNED, c_big BIGINT, c_ubig BIGINT UNSIGNED, c_float FLOAT, c_double DOUBLE,"
        " c_dec DECIMAL(12,2) NOT NULL, c_bit1 BIT(1), c_bit8 BIT(8), c_char CHAR(10), c_varchar VARCHAR(64),"
        " c_tinytext TINYTEXT, c_text TEXT, c_mediumtext MEDIUMTEXT, c_longtext LONGTEXT, c_binary BINARY(16),"
        " c_varbinary VARBINARY(32), c_tinyblob TINYBLOB, c_blob BLOB, c_longblob LONGBLOB, c_date DATE,"
        " c_time TIME(3), c_datetime DATETIME(6), c_timestamp TIMESTAMP NULL, c_year YEAR, c_json JSON,"
        " c_enum ENUM('a','b'), c_set SET('x','y'), c_geo GEOMETRY)");
    auto cols = conn_->ListColumns(t);
    ASSERT_TRUE(cols.ok()) << cols.status().message();
    struct Expect {
        const char* name;
        const char* native;
        bool nullable;
        JdbcType jdbc;
    };
    const std::vector<Expect> expected = {
        {"c_tiny", "tinyint(4)", false, JdbcType::kTinyInt},
        {"c_bool", "tinyint(1)", true, JdbcType::kBit},
        {"c_small", "smallint(5) unsigned", true, JdbcType::kInteger},
        {"c_medium", "mediumint(9)", true, JdbcType::kInteger},
        {"c_int", "int(11)", true, JdbcType::kInteger},
        {"c_uint", "int(10) unsigned", true, JdbcType::kBigInt},
        {"c_big", "bigint(20)", true, JdbcType::kBigInt},
        {"c_ubig", "bigint(20) unsigned", true, JdbcType::kBigInt},
        {"c_float", "float", true, JdbcType::kReal},
        {"c_double", "double", true, JdbcType::kDouble},
        {"c_dec", "decimal(12,2)", false, JdbcType::kDecimal},
        {"c_bit1", "bit(1)", true, JdbcType::kBit},
        {"c_bit8", "bit(8)", true, JdbcType::kBinary},
        {"c_char", "char(10)", true, JdbcType::kChar},
        {"c_varchar", "varchar(64)", true, JdbcType::kVarchar},
        {"c_tinytext", "tinytext", true, JdbcType::kVarchar},
        {"c_text", "text", true, JdbcType::kLongVarchar},
        {"c_mediumtext", "mediumtext", true, JdbcType::kLongVarchar},
        {"c_longtext", "longtext", true, JdbcType::kLongVarchar},
        {"c_binary", "binary(16)", true, JdbcType::kBinary},
        {"c_varbinary", "varbinary(32)", true, JdbcType::kVarBinary},
        {"c_tinyblob", "tinyblob", true, JdbcType::kVarBinary},
        {"c_blob", "blob", true, JdbcType::kBlob},
        {"c_longblob", "longblob", true, JdbcType::kBlob},
        {"c_date", "date", true, JdbcType::kDate},
        {"c_time", "time(3)", true, JdbcType::kTime},
        {"c_datetime", "datetime(6)", true, JdbcType::kTimestamp},
        {"c_timestamp", "timestamp", true, JdbcType::kTimestamp},
        {"c_year", "year(4)", true, JdbcType::kDate},
        {"c_json", "longtext", true, JdbcType::kLongVarchar},  // MariaDB stores JSON as LONGTEXT
        {"c_enum", "enum('a','b')", true, JdbcType::kChar},
        {"c_set", "set('x','y')", true, JdbcType::kChar},
        {"c_geo", "geometry", true, JdbcType::kBinary},
    };
    ASSERT_EQ(cols->size(), expected.size());
    for (std::size_t i = 0; i < expected.size(); ++i) {
        const auto& c = (*cols)[i];
        EXPECT_EQ(c.name, expected[i].name);
        EXPECT_EQ(c.native_type, expected[i].native) << c.name;
        EXPECT_EQ(c.nullable, expected[i].nullable) << c.name;
        EXPECT_EQ(c.jdbc_type, expected[i].jdbc) << c.name << " " << c.native_type;
    }
    EXPECT_EQ((*cols)[10].precision, 12);
    EXPECT_EQ((*cols)[10].scale, 2);
    EXPECT_EQ((*cols)[14].precision, 64);
    Sql("DROP TABLE " + t);
}

TEST_F(MysqlConnectionTest, SchemaQualifiedNamesAndSchemaSwitch) {
    const std::string db = Unique("db");
    Sql("DROP DATABASE IF EXISTS " + db);
    Sql("CREATE DATABASE " + db);
    Sql("CREATE TABLE " + db + ".tbl (id INT PRIMARY KEY, note VARCHAR(10))");
    Sql("CREATE VIEW " + db + ".v AS SELECT id FROM " + db + ".tbl");

    auto cols = conn_->ListColumns(db + ".tbl");
    ASSERT_TRUE(cols.ok()) << cols.status().message();
    ASSERT_EQ(cols->size(), 2u);
    EXPECT_EQ((*cols)[1].name, "note");
    auto quoted = conn_->ListColumns("`" + db + "`.`tbl`");
    ASSERT_TRUE(quoted.ok()) << quoted.status().message();
    EXPECT_EQ(quoted->size(), 2u);

    auto missing = conn_->ListColumns("tbl");  // not in the current database
    ASSERT_FALSE(missing.ok());
    EXPECT_EQ(missing.status().code(), StatusCode::kNotFound);
    EXPECT_NE(missing.status().message().find("'tbl'"), std::string::npos) << missing.status().message();

    auto schemas = conn_->ListSchemas();
    ASSERT_TRUE(schemas.ok());
    EXPECT_NE(std::find(schemas->begin(), schemas->end(), db), schemas->end());
    auto tables = conn_->ListTables(db);
    ASSERT_TRUE(tables.ok()) << tables.status().message();
    ASSERT_EQ(tables->size(), 2u);
    EXPECT_EQ((*tables)[0].name, "tbl");
    EXPECT_EQ((*tables)[0].type, "TABLE");
    EXPECT_EQ((*tables)[1].name, "v");
    EXPECT_EQ((*tables)[1].type, "VIEW");

    ASSERT_TRUE(conn_->SetSchema(db).ok());
    auto switched = conn_->ListColumns("tbl");  // now found in the current database
    ASSERT_TRUE(switched.ok()) << switched.status().message();
    ASSERT_EQ(switched->size(), 2u);
    EXPECT_EQ((*switched)[0].name, "id");
    EXPECT_EQ((*switched)[1].name, "note");
    auto current = conn_->ListTables("");
    ASSERT_TRUE(current.ok());
    EXPECT_EQ(current->size(), 2u);
    auto bad = conn_->SetSchema("myp_no_such_db");
    EXPECT_EQ(bad.code(), StatusCode::kNotFound) << bad.message();

    sdk::ConnectionSpec spec = spec_;
    spec.schema = db;
    auto other = Connect(spec);
    ASSERT_NE(other, nullptr);
    EXPECT_EQ(Sql("SELECT DATABASE()", {}, other.get())[0][0].s, db);
    Sql("DROP DATABASE " + db);
}

TEST_F(MysqlConnectionTest, InjectionInTableNamesIsHarmless) {
    const std::string victim = Unique("victim");
    Sql("CREATE TABLE IF NOT EXISTS " + victim + " (id INT)");
    const std::vector<std::string> names = {"x'; DROP TABLE " + victim + "; --",
                                            "x` ; drop table " + victim + "; --", "x\" OR 1=1 --"};
    for (const std::string& name : names) {
        auto cols = conn_->ListColumns(name);
        EXPECT_FALSE(cols.ok()) << name;
        sdk::ReadSpec read;
        read.table = name;
        auto reader = conn_->OpenReader(read);
        EXPECT_FALSE(reader.ok()) << name;
        sdk::WriteSpec write;
        write.table = name;
        EXPECT_FALSE(conn_->OpenWriter(write).ok()) << name;
    }
    auto cols = conn_->ListColumns("x'; DROP TABLE " + victim + "; --");
    EXPECT_EQ(cols.status().code(), StatusCode::kNotFound);
    EXPECT_EQ(Count(victim), 0) << "the victim table must still exist";
    Sql("DROP TABLE " + victim);
}

TEST_F(MysqlConnectionTest, ExecuteRoundTripsEverySeedBindType) {
    const std::string t = Unique("binds");
    Sql("DROP TABLE IF EXISTS " + t);
    Sql("CREATE TABLE " + t +
        " (c_tiny TINYINT, c_small SMALLINT, c_int INT, c_big BIGINT, c_float FLOAT, c_double DOUBLE,"
        " c_dec DECIMAL(20,6), c_char CHAR(5), c_varchar VARCHAR(20), c_nchar NCHAR(5), c_nvarchar NVARCHAR(20),"
        " c_text TEXT, c_date DATE, c_time TIME, c_ts DATETIME(6), c_bool BOOLEAN, c_blob BLOB, c_clob LONGTEXT)");
    std::string blob;
    for (int i = 0; i < 256; ++i) {
        blob += static_cast<char>(i);
    }
    std::vector<sdk::BindValue> binds = {
        Bind("tiny", JdbcType::kTinyInt, Value::Int(-128)),
        Bind("small", JdbcType::kSmallInt, Value::Int(32767)),
        Bind("int", JdbcType::kInteger, Value::Text("-2147483648")),  // text for a number: server converts
        Bind("big", JdbcType::kBigInt, Value::Int(INT64_MAX)),
        Bind("float", JdbcType::kFloat, Value::Float(1.5f, 4)),
        Bind("double", JdbcType::kDouble, Value::Float(0.1, 8)),
        Bind("dec", JdbcType::kDecimal, Value::Decimal("12345678901234.123456")),
        Bind("char", JdbcType::kChar, Value::Text("ab")),
        Bind("varchar", JdbcType::kVarchar, Value::Text("héllo 😀")),
        Bind("nchar", JdbcType::kNChar, Value::Text("中文")),
        Bind("nvarchar", JdbcType::kNVarchar, Value::Text("日本語")),
        Bind("text", JdbcType::kLongVarchar, Value::Text("line1\nline2\t'quoted' \\ \"dq\"")),
        Bind("date", JdbcType::kDate, Value::Date("2024-02-29")),
        Bind("time", JdbcType::kTime, Value::Time("23:59:58")),
        Bind("ts", JdbcType::kTimestamp, Value::Timestamp("2024-02-29 12:34:56.123456")),
        Bind("bool", JdbcType::kBoolean, Value::Text("true")),
        Bind("blob", JdbcType::kBlob, Value::Bytes(blob)),
        Bind("clob", JdbcType::kClob, Value::Text(std::string(70000, 'c'))),
    };
    std::vector<std::string> order;
    auto sql = dialect_.RewriteBinds("INSERT INTO " + t +
                                         " VALUES (@tiny,@small,@int,@big,@float,@double,@dec,@char,@varchar,"
                                         "@nchar,@nvarchar,@text,@date,@time,@ts,@bool,@blob,@clob)",
                                     order);
    ASSERT_TRUE(sql.ok());
    auto ins = conn_->Execute(*sql, binds, nullptr, {});
    ASSERT_TRUE(ins.ok()) << ins.status().message();
    ASSERT_FALSE(ins->failed) << ins->error_message;
    EXPECT_FALSE(ins->has_rows);
    EXPECT_EQ(ins->affected_rows, 1);

    // Read back through a prepared statement (binary protocol) and the text protocol: same values.
    for (bool prepared : {true, false}) {
        CollectSink sink;
        std::vector<sdk::BindValue> where;
        std::string select = "SELECT * FROM " + t;
        if (prepared) {
            select += " WHERE c_int = ?";
            where.push_back(Bind("int", JdbcType::kInteger, Value::Int(INT32_MIN)));
        }
        auto r = conn_->Execute(select, where, &sink, {});
        ASSERT_TRUE(r.ok()) << r.status().message();
        ASSERT_FALSE(r->failed) << r->error_message;
        EXPECT_TRUE(r->has_rows);
        ASSERT_EQ(r->row_count, 1);
        ASSERT_EQ(sink.rows_.size(), 1u);
        const sdk::Record& row = sink.rows_[0];
        SCOPED_TRACE(prepared ? "prepared" : "text");
        EXPECT_EQ(row[0], Value::Int(-128));
        EXPECT_EQ(row[1], Value::Int(32767));
        EXPECT_EQ(row[2], Value::Int(INT32_MIN));
        EXPECT_EQ(row[3], Value::Int(INT64_MAX));
        EXPECT_EQ(row[4], Value::Float(1.5f, 4));
        EXPECT_EQ(row[4].width, 4);
        EXPECT_EQ(row[5], Value::Float(0.1, 8));
        EXPECT_EQ(row[6], Value::Decimal("12345678901234.123456"));
        EXPECT_EQ(row[7], Value::Text("ab"));
        EXPECT_EQ(row[8], Value::Text("héllo 😀"));
        EXPECT_EQ(row[9], Value::Text("中文"));
        EXPECT_EQ(row[10], Value::Text("日本語"));
        EXPECT_EQ(row[11], Value::Text("line1\nline2\t'quoted' \\ \"dq\""));
        EXPECT_EQ(row[12], Value::Date("2024-02-29"));
        EXPECT_EQ(row[13], Value::Time("23:59:58"));
        EXPECT_EQ(row[14], Value::Timestamp("2024-02-29 12:34:56.123456"));
        EXPECT_EQ(row[14].precision, 6);
        EXPECT_EQ(row[15], Value::Int(1));
        EXPECT_EQ(row[16], Value::Bytes(blob));
        EXPECT_EQ(row[17].s.size(), 70000u);
        const auto& cols = sink.columns_;
        ASSERT_EQ(cols.size(), 18u);
        EXPECT_EQ(cols[0].jdbc_type, JdbcType::kTinyInt);
        EXPECT_EQ(cols[4].jdbc_type, JdbcType::kReal);
        EXPECT_EQ(cols[6].jdbc_type, JdbcType::kDecimal);
        EXPECT_EQ(cols[6].native_type, "decimal(20,6)");
        EXPECT_EQ(cols[7].jdbc_type, JdbcType::kChar);
        EXPECT_EQ(cols[8].jdbc_type, JdbcType::kVarchar);
        EXPECT_EQ(cols[8].native_type, "varchar(20)");
        EXPECT_EQ(cols[11].jdbc_type, JdbcType::kLongVarchar);
        EXPECT_EQ(cols[14].jdbc_type, JdbcType::kTimestamp);
        EXPECT_EQ(cols[15].jdbc_type, JdbcType::kBit);
        EXPECT_EQ(cols[16].jdbc_type, JdbcType::kBlob);
        EXPECT_EQ(cols[17].jdbc_type, JdbcType::kLongVarchar);
    }

    auto count = conn_->Execute("SELECT COUNT(*) FROM " + t + " WHERE c_varchar = ? AND c_date = ?",
                                {Bind("v", JdbcType::kVarchar, Value::Text("héllo 😀")),
                                 Bind("d", JdbcType::kDate, Value::Text("2024-02-29"))},
                                nullptr, {});
    ASSERT_TRUE(count.ok());
    EXPECT_EQ(count->row_count, 1);
    auto mismatch = conn_->Execute("SELECT ?", {}, nullptr, {});
    ASSERT_TRUE(mismatch.ok());  // no binds: text protocol, '?' is a syntax error the server reports
    EXPECT_TRUE(mismatch->failed);
    auto too_many = conn_->Execute("SELECT ?", {Bind("a", JdbcType::kInteger, Value::Int(1)),
                                                Bind("b", JdbcType::kInteger, Value::Int(2))},
                                   nullptr, {});
    ASSERT_FALSE(too_many.ok());
    EXPECT_EQ(too_many.status().code(), StatusCode::kInvalidArgument);
    Sql("DROP TABLE " + t);
}

TEST_F(MysqlConnectionTest, StatementErrorsAndAffectedRows) {
    const std::string t = Unique("dml");
    Sql("DROP TABLE IF EXISTS " + t);
    Sql("CREATE TABLE " + t + " (id INT PRIMARY KEY, v INT)");
    auto ins = conn_->Execute("INSERT INTO " + t + " VALUES (1, 10), (2, 10), (3, 30)", {}, nullptr, {});
    ASSERT_TRUE(ins.ok());
    EXPECT_EQ(ins->affected_rows, 3);

    for (bool prepared : {false, true}) {
        auto dup = prepared ? conn_->Execute("INSERT INTO " + t + " VALUES (?, 1)",
                                             {Bind("id", JdbcType::kInteger, Value::Int(1))}, nullptr, {})
                            : conn_->Execute("INSERT INTO " + t + " VALUES (1, 1)", {}, nullptr, {});
        ASSERT_TRUE(dup.ok()) << dup.status().message();
        EXPECT_TRUE(dup->failed);
        EXPECT_EQ(dup->error_code, "1062");
        EXPECT_EQ(dup->sql_state, "23000");
        EXPECT_NE(dup->error_message.find("Duplicate entry '1'"), std::string::npos) << dup->error_message;
    }
    // CLIENT_FOUND_ROWS: rows matched, even when the value does not change.
    auto upd = conn_->Execute("UPDATE " + t + " SET v = 10 WHERE v = 10", {}, nullptr, {});
    ASSERT_TRUE(upd.ok());
    EXPECT_FALSE(upd->failed);
    EXPECT_EQ(upd->affected_rows, 2);
    auto upd_bound = conn_->Execute("UPDATE " + t + " SET v = ? WHERE id >= ?",
                                    {Bind("v", JdbcType::kInteger, Value::Int(30)),
                                     Bind("id", JdbcType::kInteger, Value::Int(3))},
                                    nullptr, {});
    ASSERT_TRUE(upd_bound.ok());
    EXPECT_EQ(upd_bound->affected_rows, 1);
    auto missing = conn_->Execute("SELECT * FROM myp_no_such_table", {}, nullptr, {});
    ASSERT_TRUE(missing.ok());
    EXPECT_TRUE(missing->failed);
    EXPECT_EQ(missing->error_code, "1146");
    EXPECT_EQ(missing->sql_state, "42S02");

    // A transaction rolled back leaves nothing.
    ASSERT_TRUE(conn_->Begin().ok());
    Sql("DELETE FROM " + t);
    ASSERT_TRUE(conn_->Rollback().ok());
    EXPECT_EQ(Count(t), 3);
    ASSERT_TRUE(conn_->Begin().ok());
    Sql("DELETE FROM " + t + " WHERE id = 3");
    ASSERT_TRUE(conn_->Commit().ok());
    EXPECT_EQ(Count(t), 2);

    // The sink may stop early; the connection stays usable.
    CollectSink sink;
    sink.limit_ = 1;
    auto early = conn_->Execute("SELECT seq FROM seq_1_to_100000", {}, &sink, {});
    ASSERT_TRUE(early.ok());
    EXPECT_EQ(sink.rows_.size(), 1u);
    EXPECT_EQ(Count(t), 2);
    Sql("DROP TABLE " + t);
}

TEST_F(MysqlConnectionTest, TimeoutAndCancelStopTheStatement) {
    sdk::ExecuteOptions options;
    options.timeout_ms = 300;
    auto started = std::chrono::steady_clock::now();
    auto r = conn_->Execute("SELECT SLEEP(10)", {}, nullptr, options);
    double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    EXPECT_LT(secs, 3.0);
    // MariaDB's SLEEP() returns 1 when killed instead of raising an error; either way it stops.
    if (!r.ok()) {
        EXPECT_EQ(r.status().code(), StatusCode::kDeadlineExceeded) << r.status().message();
    }
    EXPECT_EQ(Sql("SELECT 1")[0][0], Value::Int(1));

    started = std::chrono::steady_clock::now();
    auto slow = conn_->Execute("SELECT SUM(a.seq * b.seq) FROM seq_1_to_100000 a, seq_1_to_100000 b", {}, nullptr, options);
    secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    ASSERT_FALSE(slow.ok());
    EXPECT_EQ(slow.status().code(), StatusCode::kDeadlineExceeded) << slow.status().message();
    EXPECT_LT(secs, 3.0);

    std::thread canceller([this] {
        std::this_thread::sleep_for(std::chrono::milliseconds(300));
        conn_->Cancel();
    });
    auto cancelled = conn_->Execute("SELECT SUM(a.seq * b.seq) FROM seq_1_to_100000 a, seq_1_to_100000 b", {}, nullptr, {});
    canceller.join();
    ASSERT_FALSE(cancelled.ok());
    EXPECT_EQ(cancelled.status().code(), StatusCode::kCancelled) << cancelled.status().message();
    EXPECT_EQ(Sql("SELECT 2")[0][0], Value::Int(2));
}

}  // namespace
}  // namespace dbbridge::mysql::testing
