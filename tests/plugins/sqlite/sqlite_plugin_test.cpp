// The SQLITE dialect on real database files (no server needed): options, lexicon, URLs, metadata,
// multiplex execution with binds and compared errors, the engine's reader and writer, DataX blocks.

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>

#include "sqlite_dialect.h"
#include "tests/support/collect_rows.h"

namespace dbbridge::sqlite {
namespace {

using sdk::JdbcType;
using sdk::Value;

class SqlitePluginTest : public ::testing::Test {
protected:
    void SetUp() override {
        dir_ = std::filesystem::temp_directory_path() /
               ("dbb_sqlite_" + std::to_string(getpid()) + "_" +
                ::testing::UnitTest::GetInstance()->current_test_info()->name());
        std::filesystem::remove_all(dir_);
        std::filesystem::create_directories(dir_);
        spec_.dialect = "SQLITE";
        spec_.database = (dir_ / "app.db").string();
        spec_.options["open_mode"] = "read_write_create";
        auto conn = dialect_.Connect(spec_);
        ASSERT_TRUE(conn.ok()) << conn.status().message();
        conn_ = std::move(conn).value();
        Exec("CREATE TABLE item (id INTEGER PRIMARY KEY, name VARCHAR(20) NOT NULL, price DECIMAL(12,2), "
             "created TIMESTAMP, ok BOOLEAN)");
        Exec("INSERT INTO item VALUES (1, 'a', 1.5, '2024-01-02 10:00:00', 1), (2, 'b', NULL, NULL, 0), "
             "(3, 'c', 3.25, '2024-03-04 00:00:00', 1)");
    }
    void TearDown() override {
        conn_.reset();
        std::filesystem::remove_all(dir_);
    }

    sdk::ExecuteResult Exec(const std::string& sql, const std::vector<sdk::BindValue>& binds = {},
                            testing::CollectRows* sink = nullptr) {
        auto r = conn_->Execute(sql, binds, sink, {});
        EXPECT_TRUE(r.ok()) << sql << ": " << r.status().message();
        return r.ok() ? r.value() : sdk::ExecuteResult{};
    }

    SqliteDialect dialect_;
    std::filesystem::path dir_;
    sdk::ConnectionSpec spec_;
    std::unique_ptr<sdk::Connection> conn_;
};

TEST_F(SqlitePluginTest, DeclaresItsOptionsLexiconAndUrls) {
    auto options = dialect_.DatasourceOptions();
    ASSERT_EQ(options.size(), 2u);
    EXPECT_EQ(options[0].name, "open_mode");
    EXPECT_EQ(options[0].allowed_values, (std::vector<std::string>{"read_write", "read_write_create", "read_only"}));
    EXPECT_EQ(options[1].name, "busy_timeout_ms");
    EXPECT_EQ(dialect_.DefaultPort(), 0);  // no server: a datasource needs no host
    EXPECT_FALSE(dialect_.Lexicon().backslash_escapes);
    EXPECT_TRUE(dialect_.Lexicon().backtick_identifiers);

    auto spec = dialect_.ParseJdbcUrl("jdbc:sqlite:/var/data/app.db?journal_mode=WAL");
    ASSERT_TRUE(spec.ok()) << spec.status().message();
    EXPECT_EQ(spec->database, "/var/data/app.db");
    EXPECT_EQ(dialect_.BuildJdbcUrl(*spec), "jdbc:sqlite:/var/data/app.db");
    EXPECT_FALSE(dialect_.ParseJdbcUrl("jdbc:sqlite::memory:").ok());
    EXPECT_FALSE(dialect_.ParseJdbcUrl("jdbc:mysql://h/db").ok());

    std::vector<std::string> order;
    auto sql = dialect_.RewriteBinds("select '@no', `@col`, @a from t where b = @b", order);
    ASSERT_TRUE(sql.ok());
    EXPECT_EQ(*sql, "select '@no', `@col`, ? from t where b = ?");
    EXPECT_EQ(order, (std::vector<std::string>{"a", "b"}));
    EXPECT_EQ(*dialect_.QuoteIdentifier("main.my\"t"), "\"main\".\"my\"\"t\"");
    EXPECT_EQ(dialect_.MapNativeType("VARCHAR(20)"), JdbcType::kVarchar);
    EXPECT_EQ(dialect_.MapNativeType("INTEGER"), JdbcType::kBigInt);
    EXPECT_EQ(dialect_.MapNativeType("decimal(12,2)"), JdbcType::kDecimal);
    EXPECT_EQ(dialect_.MapNativeType("double precision"), JdbcType::kDouble);
}

TEST_F(SqlitePluginTest, AMistypedPathFailsInsteadOfCreatingAnEmptyDatabase) {
    sdk::ConnectionSpec missing = spec_;
    missing.database = (dir_ / "no-such.db").string();
    missing.options.erase("open_mode");
    auto conn = dialect_.Connect(missing);
    ASSERT_FALSE(conn.ok());
    EXPECT_EQ(conn.status().code(), sdk::StatusCode::kUnavailable);
    EXPECT_NE(conn.status().message().find("no-such.db"), std::string::npos) << conn.status().message();
    EXPECT_FALSE(std::filesystem::exists(missing.database));
}

TEST_F(SqlitePluginTest, PingAndMetadataWithNamesBound) {
    auto ping = conn_->Ping(dialect_.DefaultPingSql());
    ASSERT_TRUE(ping.ok()) << ping.status().message();
    EXPECT_EQ(ping->server_version.rfind("SQLite 3.", 0), 0u) << ping->server_version;
    EXPECT_EQ(*conn_->ListSchemas(), (std::vector<std::string>{"main"}));
    auto tables = conn_->ListTables("");
    ASSERT_TRUE(tables.ok()) << tables.status().message();
    ASSERT_EQ(tables->size(), 1u);
    EXPECT_EQ((*tables)[0].name, "item");
    EXPECT_EQ((*tables)[0].type, "TABLE");
    auto columns = conn_->ListColumns("main.item");
    ASSERT_TRUE(columns.ok()) << columns.status().message();
    ASSERT_EQ(columns->size(), 5u);
    EXPECT_EQ((*columns)[1].name, "name");
    EXPECT_EQ((*columns)[1].native_type, "VARCHAR(20)");
    EXPECT_FALSE((*columns)[1].nullable);
    EXPECT_EQ((*columns)[2].jdbc_type, JdbcType::kDecimal);
    EXPECT_EQ(conn_->ListColumns("item' OR '1'='1").status().code(), sdk::StatusCode::kNotFound);
    EXPECT_FALSE(conn_->SetSchema("other").ok());
}

TEST_F(SqlitePluginTest, ExecuteWithBindsTypedValuesAndComparedErrors) {
    testing::CollectRows rows;
    auto r = Exec("select id, name, price, created, ok from item where id >= ? order by id",
                  {{"min", JdbcType::kInteger, Value::Int(2)}}, &rows);
    EXPECT_TRUE(r.has_rows);
    ASSERT_EQ(rows.rows.size(), 2u);
    EXPECT_EQ(rows.rows[0][1], Value::Text("b"));
    EXPECT_TRUE(rows.rows[0][2].is_null());
    EXPECT_EQ(rows.rows[1][2], Value::Decimal("3.25"));
    EXPECT_EQ(rows.rows[1][3], Value::Timestamp("2024-03-04 00:00:00"));
    EXPECT_EQ(rows.rows[1][4], Value::Bool(true));

    auto updated = Exec("update item set name = ? where id = ?",
                        {{"n", JdbcType::kVarchar, Value::Text("z")}, {"id", JdbcType::kInteger, Value::Int(1)}});
    EXPECT_FALSE(updated.has_rows);
    EXPECT_EQ(updated.affected_rows, 1);

    auto dup = Exec("insert into item (id, name) values (1, 'again')");
    EXPECT_TRUE(dup.failed);
    EXPECT_EQ(dup.error_code, "1555");  // SQLITE_CONSTRAINT_PRIMARYKEY
    EXPECT_EQ(dup.sql_state, "23505");
    EXPECT_NE(dup.error_message.find("UNIQUE constraint failed: item.id"), std::string::npos) << dup.error_message;
    auto missing = Exec("select * from nowhere");
    EXPECT_TRUE(missing.failed);
    EXPECT_NE(missing.error_message.find("no such table: nowhere"), std::string::npos);
    EXPECT_FALSE(conn_->Execute("select 1; select 2", {}, nullptr, {}).ok());
}

TEST_F(SqlitePluginTest, WriterReportsDirtyRecordsAndReaderSplitsByRange) {
    sdk::WriteSpec w;
    w.table = "item";
    w.columns = {"id", "name", "price"};
    auto writer = conn_->OpenWriter(w);
    ASSERT_TRUE(writer.ok()) << writer.status().message();
    sdk::RecordBatch batch;
    batch.rows = {{Value::Int(10), Value::Text("x"), Value::Decimal("9.99")},
                  {Value::Int(11), Value::Null(), Value::Null()},  // NOT NULL name
                  {Value::Int(12), Value::Text("y"), Value::Null()}};
    std::vector<sdk::DirtyRecord> dirty;
    ASSERT_TRUE((*writer)->Write(batch, dirty).ok());
    ASSERT_TRUE((*writer)->Commit().ok());
    writer->reset();
    ASSERT_EQ(dirty.size(), 1u);
    EXPECT_EQ(dirty[0].index_in_batch, 1u);
    EXPECT_NE(dirty[0].reason.find("NOT NULL constraint failed: item.name"), std::string::npos) << dirty[0].reason;

    sdk::ReadSpec r;
    r.table = "item";
    r.columns = {"id", "name"};
    r.split_pk = "id";
    r.where = "id > 1";
    auto range = conn_->SplitRange(r);
    ASSERT_TRUE(range.ok()) << range.status().message();
    ASSERT_TRUE(range->has_value());
    EXPECT_EQ(**range, std::make_pair(std::int64_t{2}, std::int64_t{12}));
    r.has_range = true;
    r.range_lower = 2;
    r.range_upper = 11;
    auto reader = conn_->OpenReader(r);
    ASSERT_TRUE(reader.ok()) << reader.status().message();
    sdk::RecordBatch got;
    std::vector<std::int64_t> ids;
    while (true) {
        auto more = (*reader)->Next(got, 2);
        ASSERT_TRUE(more.ok()) << more.status().message();
        for (const auto& row : got.rows) {
            ids.push_back(row[0].i);
        }
        if (!*more) {
            break;
        }
    }
    EXPECT_EQ(ids, (std::vector<std::int64_t>{2, 3, 10}));
}

TEST_F(SqlitePluginTest, DataxBlocksNameTheSqlitePlugins) {
    sdk::DataxSide side;
    side.connection = spec_;
    side.tables = {"item"};
    side.columns = {"id", "name"};
    auto reader = dialect_.DataxReaderJson(side);
    ASSERT_TRUE(reader.ok()) << reader.status().message();
    EXPECT_NE(reader->find("\"name\":\"sqlitereader\""), std::string::npos) << *reader;
    EXPECT_NE(reader->find("\"jdbcUrl\":[\"jdbc:sqlite:" + spec_.database + "\"]"), std::string::npos) << *reader;
    side.write_mode = "replace";
    auto writer = dialect_.DataxWriterJson(side);
    ASSERT_TRUE(writer.ok()) << writer.status().message();
    EXPECT_NE(writer->find("\"name\":\"sqlitewriter\""), std::string::npos) << *writer;
    EXPECT_NE(writer->find("\"writeMode\":\"replace\""), std::string::npos) << *writer;
    side.write_mode = "merge";
    EXPECT_FALSE(dialect_.DataxWriterJson(side).ok());
}

}  // namespace
}  // namespace dbbridge::sqlite
