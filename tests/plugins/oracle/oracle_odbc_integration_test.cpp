// The ORACLE plugin's real ODBC paths through psqlODBC against PostgreSQL, with Oracle's dictionary
// views provided as views over information_schema (no Oracle server can run here).
#include <gtest/gtest.h>

#include "oracle_dialect.h"
#include "tests/sdk/odbc/pg_odbc_env.h"
#include "tests/support/test_env.h"

namespace dbbridge::oracle {
namespace {

using sdk::Value;

class OracleOverPgTest : public ::testing::Test {
protected:
    static void SetUpTestSuite() {
        auto driver = testing::EnvVar("DBBRIDGE_TEST_ODBC_DRIVER");
        auto pg = testing::EnvVar("DBBRIDGE_TEST_PG");
        if (!driver || !pg) {
            return;
        }
        db_ = new testing::ScratchDatabase(*driver, testing::ParsePgUrl(*pg), "odbcp_ora_");
        if (!db_->ok()) {
            return;
        }
        auto admin = testing::OpenPg(db_->ConnectionString());
        testing::CreateOracleDictionaryViews(*admin);
        testing::Exec(*admin, "CREATE TABLE ora_items (id numeric(10,0) PRIMARY KEY, name varchar(40) NOT NULL, "
                              "price numeric(12,2), created timestamp(0))");
        testing::Exec(*admin, "INSERT INTO ora_items SELECT g, 'item ' || g, g * 1.25, "
                              "timestamp '2024-01-01 10:00:00' + g * interval '1 day' FROM generate_series(1, 20) g");
        testing::Exec(*admin, "CREATE VIEW ora_cheap AS SELECT * FROM ora_items WHERE price < 5");
    }
    static void TearDownTestSuite() {
        delete db_;
        db_ = nullptr;
    }
    void SetUp() override {
        DBB_REQUIRE_ENV(driver, "DBBRIDGE_TEST_ODBC_DRIVER");
        ASSERT_TRUE(db_ != nullptr && db_->ok());
        spec_.dialect = "ORACLE";
        spec_.options["connection_string"] = db_->ConnectionString();
        spec_.options["session_init"] = "";  // ALTER SESSION does not exist on PostgreSQL
        auto conn = dialect_.Connect(spec_);
        ASSERT_TRUE(conn.ok()) << conn.status().message();
        conn_ = std::move(*conn);
    }

    static testing::ScratchDatabase* db_;
    OracleDialect dialect_;
    sdk::ConnectionSpec spec_;
    std::unique_ptr<sdk::Connection> conn_;
};

testing::ScratchDatabase* OracleOverPgTest::db_ = nullptr;

TEST_F(OracleOverPgTest, PingsWithTheSeedSql) {
    auto ping = conn_->Ping(dialect_.DefaultPingSql());
    ASSERT_TRUE(ping.ok()) << ping.status().message();
    EXPECT_FALSE(ping->server_version.empty());
}

TEST_F(OracleOverPgTest, ConnectionStringWithADriverPathIsRefused) {
    // psqlODBC by its library path: without the check unixODBC would load it and connect.
    sdk::ConnectionSpec spec = spec_;
    std::string cs = spec.options["connection_string"];
    std::size_t open = cs.find('{');
    cs.replace(open, cs.find('}') - open + 1, "/usr/lib/x86_64-linux-gnu/odbc/psqlodbcw.so");
    spec.options["connection_string"] = cs;
    auto conn = dialect_.Connect(spec);
    ASSERT_FALSE(conn.ok());
    EXPECT_EQ(conn.status().code(), sdk::StatusCode::kInvalidArgument);
    EXPECT_EQ(conn.status().message().rfind("ORACLE datasource option connection_string: DRIVER "
                                            "'/usr/lib/x86_64-linux-gnu/odbc/psqlodbcw.so' is a path",
                                            0),
              0u)
        << conn.status().message();
}

TEST_F(OracleOverPgTest, DefaultSessionInitRunsAndItsFailureIsExplained) {
    sdk::ConnectionSpec spec = spec_;
    spec.options.erase("session_init");
    auto conn = dialect_.Connect(spec);
    ASSERT_FALSE(conn.ok());
    EXPECT_NE(conn.status().message().find("ALTER SESSION SET NLS_DATE_FORMAT"), std::string::npos)
        << conn.status().message();
    EXPECT_NE(conn.status().message().find("session_init"), std::string::npos);
}

TEST_F(OracleOverPgTest, ListsSchemasTablesAndColumnsFromTheDictionary) {
    auto schemas = conn_->ListSchemas();
    ASSERT_TRUE(schemas.ok()) << schemas.status().message();
    EXPECT_NE(std::find(schemas->begin(), schemas->end(), "PUBLIC"), schemas->end());
    auto tables = conn_->ListTables("");
    ASSERT_TRUE(tables.ok()) << tables.status().message();
    bool table = false;
    bool view = false;
    for (const auto& t : *tables) {
        table = table || (t.name == "ORA_ITEMS" && t.type == "TABLE" && t.schema == "PUBLIC");
        view = view || (t.name == "ORA_CHEAP" && t.type == "VIEW");
    }
    EXPECT_TRUE(table && view);
    auto named = conn_->ListTables("public");  // the current schema, named: folded to PUBLIC
    ASSERT_TRUE(named.ok()) << named.status().message();
    ASSERT_EQ(named->size(), tables->size());
    for (std::size_t i = 0; i < named->size(); ++i) {
        EXPECT_EQ((*named)[i].schema, "PUBLIC");
        EXPECT_EQ((*named)[i].name, (*tables)[i].name);
        EXPECT_EQ((*named)[i].type, (*tables)[i].type);
    }

    auto cols = conn_->ListColumns("ora_items");  // unquoted: folded to upper case as Oracle does
    ASSERT_TRUE(cols.ok()) << cols.status().message();
    ASSERT_EQ(cols->size(), 4u);
    EXPECT_EQ((*cols)[0].name, "ID");
    EXPECT_EQ((*cols)[0].native_type, "NUMERIC(10,0)");
    EXPECT_EQ((*cols)[0].jdbc_type, sdk::JdbcType::kDecimal);
    EXPECT_FALSE((*cols)[0].nullable);
    EXPECT_EQ((*cols)[1].native_type, "CHARACTER VARYING(40)");
    EXPECT_EQ((*cols)[1].jdbc_type, sdk::JdbcType::kVarchar);
    EXPECT_EQ((*cols)[2].precision, 12);
    EXPECT_EQ((*cols)[2].scale, 2);
    EXPECT_TRUE((*cols)[2].nullable);
    auto qualified = conn_->ListColumns("PUBLIC.ORA_ITEMS");
    ASSERT_TRUE(qualified.ok()) << qualified.status().message();
    ASSERT_EQ(qualified->size(), 4u);
    const std::vector<std::string> names = {"ID", "NAME", "PRICE", "CREATED"};
    for (std::size_t i = 0; i < names.size(); ++i) {
        EXPECT_EQ((*qualified)[i].name, names[i]);
        EXPECT_EQ((*qualified)[i].native_type, (*cols)[i].native_type);
    }
    auto missing = conn_->ListColumns("no_such_table");
    ASSERT_FALSE(missing.ok());
    EXPECT_EQ(missing.status().code(), sdk::StatusCode::kNotFound);
    EXPECT_NE(missing.status().message().find("PUBLIC.NO_SUCH_TABLE"), std::string::npos);
    auto quoted = conn_->ListColumns("\"ora_items\"");  // quoted: exact case, which the views do not hold
    EXPECT_EQ(quoted.status().code(), sdk::StatusCode::kNotFound);
}

TEST_F(OracleOverPgTest, SchemaSwitchUsesAlterSession) {
    auto st = conn_->SetSchema("hr");
    ASSERT_FALSE(st.ok());  // PostgreSQL has no ALTER SESSION; the message shows what was sent
    EXPECT_NE(st.message().find("switching to schema 'HR'"), std::string::npos) << st.message();
}

TEST_F(OracleOverPgTest, ExecutesNamedBindsReadsAndWrites) {
    std::vector<std::string> order;
    auto sql = dialect_.RewriteBinds("SELECT name, price, created FROM ora_items WHERE id = @id OR name = @name", order);
    ASSERT_TRUE(sql.ok());
    std::vector<sdk::BindValue> binds;
    for (const auto& n : order) {
        binds.push_back(n == "id" ? sdk::BindValue{n, sdk::JdbcType::kDecimal, Value::Decimal("3")}
                                  : sdk::BindValue{n, sdk::JdbcType::kVarchar, Value::Text("item 4")});
    }
    struct Sink : sdk::RowSink {
        std::vector<sdk::Record> rows;
        sdk::Status OnColumns(const std::vector<sdk::ColumnInfo>&) override { return sdk::Status::Ok(); }
        bool OnRow(const sdk::Record& r) override {
            rows.push_back(r);
            return true;
        }
    } sink;
    auto r = conn_->Execute(*sql, binds, &sink, {});
    ASSERT_TRUE(r.ok()) << r.status().message();
    ASSERT_FALSE(r->failed) << r->error_message;
    ASSERT_EQ(sink.rows.size(), 2u);
    EXPECT_EQ(sink.rows[0][1], Value::Decimal("3.75"));
    EXPECT_EQ(sink.rows[0][2], Value::Timestamp("2024-01-04 10:00:00"));

    sdk::ReadSpec read;
    read.table = "ora_items";
    read.columns = {"id", "price"};
    read.split_pk = "id";
    auto range = conn_->SplitRange(read);
    ASSERT_TRUE(range.ok()) << range.status().message();
    EXPECT_EQ((*range)->second, 20);
    read.has_range = true;
    read.range_lower = 5;
    read.range_upper = 10;
    auto reader = conn_->OpenReader(read);
    ASSERT_TRUE(reader.ok()) << reader.status().message();
    sdk::RecordBatch batch;
    ASSERT_TRUE((*reader)->Next(batch, 100).ok());
    EXPECT_EQ(batch.size(), 5u);
}

}  // namespace
}  // namespace dbbridge::oracle
