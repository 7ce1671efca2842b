#pragma once
// The shared part of the ORACLE and DM plugin tests over psqlODBC: a scratch PostgreSQL database
// with Oracle's dictionary views, <prefix>_items (20 rows) and the view <prefix>_cheap, a
// connection through the plugin's dialect, and the checks both dialects must pass on it.

#include <gtest/gtest.h>

#include <algorithm>
#include <cctype>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "tests/sdk/odbc/pg_odbc_env.h"
#include "tests/support/collect_rows.h"
#include "tests/support/test_env.h"

namespace dbbridge::testing {

template <typename DialectT>
class OracleOverPgFixture : public ::testing::Test {
protected:
    // prefix: "ora" / "dm"; the scratch database is named odbcp_<prefix>_... .
    static void CreateScratch(const std::string& prefix) {
        prefix_ = prefix;
        auto driver = EnvVar("DBBRIDGE_TEST_ODBC_DRIVER");
        auto pg = EnvVar("DBBRIDGE_TEST_PG");
        if (!driver || !pg) {
            return;
        }
        db_ = new ScratchDatabase(*driver, ParsePgUrl(*pg), "odbcp_" + prefix + "_");
        if (!db_->ok()) {
            return;
        }
        auto admin = OpenPg(db_->ConnectionString());
        CreateOracleDictionaryViews(*admin);
        Exec(*admin, "CREATE TABLE " + prefix +
                         "_items (id numeric(10,0) PRIMARY KEY, name varchar(40) NOT NULL, "
                         "price numeric(12,2), created timestamp(0))");
        Exec(*admin, "INSERT INTO " + prefix +
                         "_items SELECT g, 'item ' || g, g * 1.25, "
                         "timestamp '2024-01-01 10:00:00' + g * interval '1 day' FROM generate_series(1, 20) g");
        Exec(*admin, "CREATE VIEW " + prefix + "_cheap AS SELECT * FROM " + prefix + "_items WHERE price < 5");
    }
    static void TearDownTestSuite() {
        delete db_;
        db_ = nullptr;
    }

    // Connects as dialect_name through the scratch database; options are added to the spec's.
    void ConnectAs(const std::string& dialect_name, const std::map<std::string, std::string>& options = {}) {
        DBB_REQUIRE_ENV(driver, "DBBRIDGE_TEST_ODBC_DRIVER");
        ASSERT_TRUE(db_ != nullptr && db_->ok());
        spec_.dialect = dialect_name;
        spec_.options = options;
        spec_.options["connection_string"] = db_->ConnectionString();
        auto conn = dialect_.Connect(spec_);
        ASSERT_TRUE(conn.ok()) << conn.status().message();
        conn_ = std::move(*conn);
    }

    static std::string Upper(std::string s) {
        std::transform(s.begin(), s.end(), s.begin(),
                       [](unsigned char c) { return static_cast<char>(std::toupper(c)); });
        return s;
    }

    void ExpectDictionaryListing() {
        const std::string items = prefix_ + "_items";
        auto schemas = conn_->ListSchemas();
        ASSERT_TRUE(schemas.ok()) << schemas.status().message();
        EXPECT_NE(std::find(schemas->begin(), schemas->end(), "PUBLIC"), schemas->end());
        auto tables = conn_->ListTables("");
        ASSERT_TRUE(tables.ok()) << tables.status().message();
        bool table = false;
        bool view = false;
        for (const auto& t : *tables) {
            table = table || (t.name == Upper(items) && t.type == "TABLE" && t.schema == "PUBLIC");
            view = view || (t.name == Upper(prefix_ + "_cheap") && t.type == "VIEW");
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

        auto cols = conn_->ListColumns(items);  // unquoted: folded to upper case as Oracle does
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
        auto qualified = conn_->ListColumns("PUBLIC." + Upper(items));
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
        auto quoted = conn_->ListColumns("\"" + items + "\"");  // quoted: exact case, which the views do not hold
        EXPECT_EQ(quoted.status().code(), sdk::StatusCode::kNotFound);
    }

    void ExpectNamedBindsReadsAndWrites() {
        const std::string items = prefix_ + "_items";
        std::vector<std::string> order;
        auto sql = dialect_.RewriteBinds(
            "SELECT name, price, created FROM " + items + " WHERE id = @id OR name = @name", order);
        ASSERT_TRUE(sql.ok());
        std::vector<sdk::BindValue> binds;
        for (const auto& n : order) {
            binds.push_back(n == "id" ? sdk::BindValue{n, sdk::JdbcType::kDecimal, sdk::Value::Decimal("3")}
                                      : sdk::BindValue{n, sdk::JdbcType::kVarchar, sdk::Value::Text("item 4")});
        }
        CollectRows sink;
        auto r = conn_->Execute(*sql, binds, &sink, {});
        ASSERT_TRUE(r.ok()) << r.status().message();
        ASSERT_FALSE(r->failed) << r->error_message;
        ASSERT_EQ(sink.rows.size(), 2u);
        EXPECT_EQ(sink.rows[0][1], sdk::Value::Decimal("3.75"));
        EXPECT_EQ(sink.rows[0][2], sdk::Value::Timestamp("2024-01-04 10:00:00"));

        sdk::ReadSpec read;
        read.table = items;
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

    // writeMode update: the dialect's MERGE on the key read from the (emulated) dictionary.
    void ExpectMergeUpdate() {
        const std::string t = prefix_ + "_merge";
        Exec(*conn_, "DROP TABLE IF EXISTS " + t);
        Exec(*conn_, "CREATE TABLE " + t + " (id numeric(10,0) PRIMARY KEY, name varchar(8) NOT NULL, "
                                           "price numeric(12,2))");
        Exec(*conn_, "INSERT INTO " + t + " VALUES (1, 'one', 1.00), (2, 'two', 2.00), (3, 'three', 3.00)");
        auto writer_conn = WriterConnection();
        ASSERT_NE(writer_conn, nullptr);
        sdk::WriteSpec ws;
        ws.table = t;
        ws.columns = {"id", "name", "price"};
        ws.write_mode = "update";
        auto writer = writer_conn->OpenWriter(ws);
        ASSERT_TRUE(writer.ok()) << writer.status().message();
        sdk::RecordBatch batch;
        auto row = [](int id, sdk::Value name, const char* price) {
            return sdk::Record{sdk::Value::Int(id), std::move(name), sdk::Value::Decimal(price)};
        };
        batch.rows.push_back(row(2, sdk::Value::Text("TWO"), "20.00"));          // updated
        batch.rows.push_back(row(4, sdk::Value::Text("four"), "4.00"));          // inserted
        batch.rows.push_back(row(3, sdk::Value::Null(), "30.00"));               // NOT NULL: dirty
        batch.rows.push_back(row(5, sdk::Value::Text("much too long"), "5.00"));  // varchar(8): dirty
        batch.rows.push_back(row(3, sdk::Value::Text("THREE"), "33.00"));        // updated
        std::vector<sdk::DirtyRecord> dirty;
        auto st = (*writer)->Write(batch, dirty);
        ASSERT_TRUE(st.ok()) << st.message();
        ASSERT_EQ(dirty.size(), 2u);
        EXPECT_EQ(dirty[0].index_in_batch, 2u);
        EXPECT_NE(dirty[0].reason.find("23502"), std::string::npos) << dirty[0].reason;
        EXPECT_EQ(dirty[1].index_in_batch, 3u);
        EXPECT_NE(dirty[1].reason.find("22001"), std::string::npos) << dirty[1].reason;
        ASSERT_TRUE((*writer)->Commit().ok());
        writer->reset();
        EXPECT_EQ(Rows("SELECT id, name, price FROM " + t + " ORDER BY id"),
                  "1|one|1.00;2|TWO|20.00;3|THREE|33.00;4|four|4.00;");

        ws.update_columns = {"price", "ID"};  // the key column is skipped: MERGE cannot set it
        writer = writer_conn->OpenWriter(ws);
        ASSERT_TRUE(writer.ok()) << writer.status().message();
        sdk::RecordBatch second;
        second.rows.push_back(row(1, sdk::Value::Text("ignored"), "11.00"));
        second.rows.push_back(row(6, sdk::Value::Text("six"), "6.00"));
        dirty.clear();
        ASSERT_TRUE((*writer)->Write(second, dirty).ok());
        EXPECT_TRUE(dirty.empty());
        ASSERT_TRUE((*writer)->Commit().ok());
        writer->reset();
        EXPECT_EQ(Rows("SELECT id, name, price FROM " + t + " WHERE id IN (1, 6) ORDER BY id"),
                  "1|one|11.00;6|six|6.00;");
    }

    // The key MERGE uses: a unique key when there is no primary key, the job's update(col) form,
    // and a clear refusal naming the table when there is none.
    void ExpectMergeKeyChoiceAndRefusals() {
        const std::string coded = prefix_ + "_coded";
        const std::string nokey = prefix_ + "_nokey";
        Exec(*conn_, "DROP TABLE IF EXISTS " + coded);
        Exec(*conn_, "DROP TABLE IF EXISTS " + nokey);
        Exec(*conn_, "CREATE TABLE " + coded + " (code varchar(8) UNIQUE, name varchar(8))");
        Exec(*conn_, "INSERT INTO " + coded + " VALUES ('a', 'old')");
        Exec(*conn_, "CREATE TABLE " + nokey + " (a int, b varchar(8))");
        Exec(*conn_, "INSERT INTO " + nokey + " VALUES (1, 'old')");
        auto writer_conn = WriterConnection();
        ASSERT_NE(writer_conn, nullptr);
        sdk::WriteSpec ws;
        ws.table = coded;
        ws.write_mode = "update";  // all columns, from the table
        WriteOne(*writer_conn, ws, {sdk::Value::Text("a"), sdk::Value::Text("new")});
        EXPECT_EQ(Rows("SELECT code, name FROM " + coded), "a|new;");

        ws.table = nokey;
        auto refused = writer_conn->OpenWriter(ws);
        ASSERT_FALSE(refused.ok());
        EXPECT_EQ(refused.status().code(), sdk::StatusCode::kInvalidArgument);
        EXPECT_NE(refused.status().message().find("writeMode update on table " + nokey +
                                                  ": the table has no primary or unique key"),
                  std::string::npos)
            << refused.status().message();
        ws.conflict_columns = {"a"};  // writeMode "update(a)"
        WriteOne(*writer_conn, ws, {sdk::Value::Int(1), sdk::Value::Text("new")});
        WriteOne(*writer_conn, ws, {sdk::Value::Int(2), sdk::Value::Text("added")});
        EXPECT_EQ(Rows("SELECT a, b FROM " + nokey + " ORDER BY a"), "1|new;2|added;");
        ws.conflict_columns = {"nope"};
        refused = writer_conn->OpenWriter(ws);
        ASSERT_FALSE(refused.ok());
        EXPECT_NE(refused.status().message().find("key column 'nope' is not one of the written columns"),
                  std::string::npos)
            << refused.status().message();
        ws.write_mode = "replace";
        refused = writer_conn->OpenWriter(ws);
        ASSERT_FALSE(refused.ok());
        EXPECT_EQ(refused.status().code(), sdk::StatusCode::kUnimplemented);
    }

    // A second connection for writing: psqlODBC's default statement-level rollback would release
    // the writer's savepoints (docs/databases.md), so writers use Protocol=7.4-0.
    std::unique_ptr<sdk::Connection> WriterConnection() {
        sdk::ConnectionSpec spec = spec_;
        spec.options["connection_string"] += "Protocol=7.4-0;";
        auto conn = dialect_.Connect(spec);
        EXPECT_TRUE(conn.ok()) << conn.status().message();
        return conn.ok() ? std::move(*conn) : nullptr;
    }

    void WriteOne(sdk::Connection& conn, const sdk::WriteSpec& ws, sdk::Record record) {
        auto writer = conn.OpenWriter(ws);
        ASSERT_TRUE(writer.ok()) << writer.status().message();
        sdk::RecordBatch batch;
        batch.rows.push_back(std::move(record));
        std::vector<sdk::DirtyRecord> dirty;
        ASSERT_TRUE((*writer)->Write(batch, dirty).ok());
        EXPECT_TRUE(dirty.empty()) << dirty.front().reason;
        ASSERT_TRUE((*writer)->Commit().ok());
    }

    std::string Rows(const std::string& sql) { return RowsText(*conn_, sql); }

    static inline ScratchDatabase* db_ = nullptr;
    static inline std::string prefix_;
    DialectT dialect_;
    sdk::ConnectionSpec spec_;
    std::unique_ptr<sdk::Connection> conn_;
};

}  // namespace dbbridge::testing
