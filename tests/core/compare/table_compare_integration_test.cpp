// Table compare on the real MariaDB and PostgreSQL: identical tables of every supported type are
// proved identical by the checksums alone (no row fetched), and differences are reported as the
// user sees them: rows missing, extra, changed in one column (with the rule that judged it),
// changes the typed rules treat as equal, duplicate keys, string and composite keys bisected,
// and a table without a key refused by name.

#include <gtest/gtest.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <memory>
#include <string>
#include <vector>

#include "core/compare/table_compare.h"
#include "core/plugin/plugin_registry.h"
#include "tests/support/test_db.h"
#include "tests/support/test_env.h"

namespace dbbridge::core::compare {
namespace {

class TableCompareTest : public ::testing::Test {
protected:
    static void SetUpTestSuite() {
        registry_ = new PluginRegistry();
        registry_->LoadDirectory(DBB_PLUGIN_BUILD_DIR);
    }
    static void TearDownTestSuite() {
        delete registry_;
        registry_ = nullptr;
    }

    void SetUp() override {
        auto my = dbbridge::testing::EnvVar("DBBRIDGE_TEST_MYSQL");
        auto pg = dbbridge::testing::EnvVar("DBBRIDGE_TEST_PG");
        if (!my || !pg) GTEST_SKIP() << "DBBRIDGE_TEST_MYSQL / DBBRIDGE_TEST_PG are not set (scripts/db-up.sh sets them)";
        my_url_ = *my;
        pg_url_ = *pg;
        ASSERT_NE(registry_->Find("MYSQL"), nullptr);
        ASSERT_NE(registry_->Find("POSTGRESQL"), nullptr);
    }

    void TearDown() override {
        for (const auto& t : my_tables_) dbbridge::testing::ExecSql(my_url_, {"DROP TABLE IF EXISTS " + t});
        for (const auto& t : pg_tables_) dbbridge::testing::ExecSql(pg_url_, {"DROP TABLE IF EXISTS " + t});
    }

    std::string Name(const std::string& base) { return base + "_" + std::to_string(getpid()); }

    void My(const std::string& table, const std::vector<std::string>& sql) {
        my_tables_.push_back(table);
        dbbridge::testing::ExecSql(my_url_, sql);
    }
    void Pg(const std::string& table, const std::vector<std::string>& sql) {
        pg_tables_.push_back(table);
        dbbridge::testing::ExecSql(pg_url_, sql);
    }

    TableSide MySide(const std::string& table) {
        return {"maria", registry_->Find("MYSQL"), dbbridge::testing::ConnectionSpecFromUrl(my_url_, "MYSQL"), table};
    }
    TableSide PgSide(const std::string& table) {
        return {"pg", registry_->Find("POSTGRESQL"), dbbridge::testing::ConnectionSpecFromUrl(pg_url_, "POSTGRESQL"),
                table};
    }

    static TableCompareReport Compare(TableCompareRequest request) {
        auto report = CompareTables(request, nullptr);
        EXPECT_TRUE(report.ok()) << report.status().message();
        return report.ok() ? report.value() : TableCompareReport{};
    }

    static PluginRegistry* registry_;
    std::string my_url_, pg_url_;
    std::vector<std::string> my_tables_, pg_tables_;
};

PluginRegistry* TableCompareTest::registry_ = nullptr;

TEST_F(TableCompareTest, IdenticalTablesOfEveryTypeAreProvedByChecksumsAlone) {
    const std::string t = Name("cmp_types");
    My(t, {"CREATE TABLE " + t +
               " (id BIGINT PRIMARY KEY, i INT, si SMALLINT, b TINYINT(1), d DECIMAL(30,10), f DOUBLE, s VARCHAR(100),"
               " c CHAR(10), tx TEXT, dt DATE, ts DATETIME(6), tz TIMESTAMP(6) NULL DEFAULT NULL, tm TIME(6),"
               " bin VARBINARY(16)) DEFAULT CHARSET=utf8mb4",
           "INSERT INTO " + t +
               " VALUES (1, 2147483647, 32767, 1, 12345678901234567890.1234567890, 1.5, 'héllo 世界 😀', 'ab',"
               " 'trailing  ', '2024-02-29', '2024-01-02 03:04:05.123456', '2024-01-02 03:04:05.5', '23:59:59.999999',"
               " x'00ff10')",
           "INSERT INTO " + t +
               " VALUES (-9223372036854775808, -2147483648, -32768, 0, -0.0000000001, -2.25, '', NULL, 'x',"
               " '1970-01-01', '1999-12-31 23:59:59', '2038-01-19 03:14:07', '00:00:00', x'')",
           "INSERT INTO " + t + " VALUES (9223372036854775807, 0, 0, NULL, 0.0000000000, 0, ' ', ' ', '', NULL, NULL,"
                                " NULL, NULL, NULL)",
           "INSERT INTO " + t + " (id) VALUES (42)"});
    Pg(t, {"CREATE TABLE " + t +
               " (id bigint PRIMARY KEY, i int, si smallint, b boolean, d numeric(30,10), f double precision,"
               " s varchar(100), c char(10), tx text, dt date, ts timestamp(6), tz timestamptz(6), tm time(6), bin bytea)",
           "INSERT INTO " + t +
               " VALUES (1, 2147483647, 32767, true, 12345678901234567890.1234567890, 1.5, 'héllo 世界 😀', 'ab',"
               " 'trailing  ', '2024-02-29', '2024-01-02 03:04:05.123456', '2024-01-02 11:04:05.5+08',"
               " '23:59:59.999999', '\\x00ff10')",
           "INSERT INTO " + t +
               " VALUES (-9223372036854775808, -2147483648, -32768, false, -0.0000000001, -2.25, '', NULL, 'x',"
               " '1970-01-01', '1999-12-31 23:59:59', '2038-01-19 03:14:07+00', '00:00:00', '\\x')",
           "INSERT INTO " + t + " VALUES (9223372036854775807, 0, 0, NULL, 0, 0, ' ', ' ', '', NULL, NULL, NULL,"
                                " NULL, NULL)",
           "INSERT INTO " + t + " (id) VALUES (42)"});
    TableCompareRequest request;
    request.source = MySide(t);
    request.target = PgSide(t);
    auto report = Compare(request);
    EXPECT_TRUE(report.identical()) << ReportText(report);
    EXPECT_EQ(report.source_rows, 4);
    EXPECT_EQ(report.target_rows, 4);
    EXPECT_EQ(report.segments_fetched, 0) << "the canonical texts differ somewhere:\n" << ReportText(report);
    EXPECT_EQ(report.key, std::vector<std::string>{"id"});
    EXPECT_EQ(report.columns.size(), 14u);
}

// The same rows with one missing, one extra, one changed, one changed only in decimal scale.
class DifferencesTest : public TableCompareTest {
protected:
    void CreatePair(const std::string& t, int rows) {
        std::string values;
        for (int i = 1; i <= rows; ++i) {
            values += (i > 1 ? "," : "") + std::string("(") + std::to_string(i) + ", 'name " + std::to_string(i) +
                      "', " + std::to_string(i) + ".50)";
        }
        My(t, {"CREATE TABLE " + t + " (id INT PRIMARY KEY, name VARCHAR(40), amount DECIMAL(12,2))",
               "INSERT INTO " + t + " VALUES " + values});
        Pg(t, {"CREATE TABLE " + t + " (id int PRIMARY KEY, name varchar(40), amount numeric(14,4))",
               "INSERT INTO " + t + " VALUES " + values});
    }
};

TEST_F(DifferencesTest, ReportsMissingExtraAndChangedRowsAndExcusesScaleOnly) {
    const std::string t = Name("cmp_diff");
    CreatePair(t, 3000);
    dbbridge::testing::ExecSql(pg_url_, {"DELETE FROM " + t + " WHERE id = 17",
                                         "INSERT INTO " + t + " VALUES (5000, 'extra', 1)",
                                         "UPDATE " + t + " SET name = 'changed' WHERE id = 2500",
                                         "UPDATE " + t + " SET amount = 2.5 WHERE id = 2"});  // 2.50 vs 2.5000
    TableCompareRequest request;
    request.source = MySide(t);
    request.target = PgSide(t);
    request.limits.fetch_threshold = 100;
    request.limits.segments = 4;
    auto report = Compare(request);
    EXPECT_FALSE(report.identical());
    EXPECT_EQ(report.source_rows, 3000);
    EXPECT_EQ(report.target_rows, 3000);
    EXPECT_EQ(report.only_in_source, 1);
    EXPECT_EQ(report.only_in_source_keys, std::vector<std::string>{"id=17"});
    EXPECT_EQ(report.only_in_target, 1);
    EXPECT_EQ(report.only_in_target_keys, std::vector<std::string>{"id=5000"});
    ASSERT_EQ(report.differing_rows, 1) << ReportText(report);
    ASSERT_EQ(report.differing.size(), 1u);
    EXPECT_EQ(report.differing[0].key, "id=2500");
    ASSERT_EQ(report.differing[0].cells.size(), 1u);
    EXPECT_EQ(report.differing[0].cells[0].column, "name");
    EXPECT_EQ(report.differing[0].cells[0].source, std::optional<std::string>("name 2500"));
    EXPECT_EQ(report.differing[0].cells[0].target, std::optional<std::string>("changed"));
    EXPECT_EQ(report.differing[0].cells[0].rule, "exact");
    // Bisection fetched only small segments, not the table.
    EXPECT_LT(report.rows_fetched, 1000) << ReportText(report);
    const std::string text = ReportText(report);
    EXPECT_NE(text.find("only in source (1):\n  id=17"), std::string::npos) << text;
    EXPECT_NE(text.find("name: 'name 2500' vs 'changed' [exact]"), std::string::npos) << text;
    EXPECT_NE(text.find("DIFFERENT"), std::string::npos);
    EXPECT_NE(ReportJson(report).find("\"onlyInTarget\":{\"count\":1,\"keys\":[\"id=5000\"]}"), std::string::npos)
        << ReportJson(report);
}

TEST_F(DifferencesTest, DecimalChangedOnlyInScaleIsEqualAndTheRuleIsNamed) {
    const std::string t = Name("cmp_scale");
    CreatePair(t, 50);
    // Force a row-level look: one real change in the same segment as the scale-only one.
    dbbridge::testing::ExecSql(pg_url_, {"UPDATE " + t + " SET name = 'x' WHERE id = 3"});
    TableCompareRequest request;
    request.source = MySide(t);
    request.target = PgSide(t);
    request.limits.fetch_threshold = 100;
    request.limits.segments = 1;  // one segment of 50 rows: all of them judged row by row
    auto report = Compare(request);
    EXPECT_EQ(report.differing_rows, 1);
    ASSERT_EQ(report.column_rules.size(), 3u);
    EXPECT_EQ(report.column_rules[2].column, "amount");
    EXPECT_EQ(report.column_rules[2].rules, "decimal_trailing_zeros") << ReportText(report);
    EXPECT_EQ(report.column_rules[2].cells, 50);
}

TEST_F(TableCompareTest, DuplicateKeysOnOneSideAreReported) {
    const std::string t = Name("cmp_dup");
    My(t, {"CREATE TABLE " + t + " (code VARCHAR(10) PRIMARY KEY, v INT)",
           "INSERT INTO " + t + " VALUES ('a', 1), ('b', 2), ('c', 3)"});
    Pg(t, {"CREATE TABLE " + t + " (code varchar(10), v int)",
           "INSERT INTO " + t + " VALUES ('a', 1), ('b', 2), ('b', 2), ('c', 3)"});
    TableCompareRequest request;
    request.source = MySide(t);
    request.target = PgSide(t);
    auto report = Compare(request);
    EXPECT_FALSE(report.identical());
    EXPECT_EQ(report.duplicate_keys, 1);
    EXPECT_EQ(report.duplicates, std::vector<std::string>{"target: code=b (2 rows)"});
    EXPECT_EQ(report.only_in_source + report.only_in_target + report.differing_rows, 0);
}

TEST_F(TableCompareTest, CompositeStringKeyIsBisectedDownToTheChangedRows) {
    const std::string t = Name("cmp_comp");
    std::string values;
    for (int i = 0; i < 2000; ++i) {
        values += (i ? "," : "") + std::string("('r") + std::to_string(i % 37) + "', " + std::to_string(i) + ", 'v" +
                  std::to_string(i) + "')";
    }
    My(t, {"CREATE TABLE " + t + " (region VARCHAR(10), n INT, v VARCHAR(20), PRIMARY KEY (region, n))",
           "INSERT INTO " + t + " VALUES " + values});
    Pg(t, {"CREATE TABLE " + t + " (region varchar(10), n int, v varchar(20), PRIMARY KEY (region, n))",
           "INSERT INTO " + t + " VALUES " + values, "UPDATE " + t + " SET v = 'changed' WHERE n IN (100, 1500)"});
    TableCompareRequest request;
    request.source = PgSide(t);
    request.target = MySide(t);
    request.limits.fetch_threshold = 100;
    request.limits.segments = 8;
    request.limits.threads = 3;
    auto report = Compare(request);
    ASSERT_EQ(report.differing_rows, 2) << ReportText(report);
    std::vector<std::string> keys{report.differing[0].key, report.differing[1].key};
    std::sort(keys.begin(), keys.end());
    EXPECT_EQ(keys, (std::vector<std::string>{"region=r20, n=1500", "region=r26, n=100"}));
    EXPECT_EQ(report.key, (std::vector<std::string>{"region", "n"}));
    EXPECT_LT(report.rows_fetched, 1000) << ReportText(report);
}

// Mixed-case text keys: MariaDB's default collation orders 'a0002' before 'A0003', PostgreSQL's "C"
// puts every 'A' first, ICU's "und" mixes them again. Each plugin bounds and orders the key by its
// UTF-8 bytes (Dialect::ByteOrderKey), so the segments select the same rows on both sides and
// only the one changed row is fetched and reported, whichever side is the source.
class KeyOrderTest : public TableCompareTest {
protected:
    void MakeTables(const std::string& t, const std::string& my_collation, const std::string& pg_collation) {
        std::string values;
        for (int i = 0; i < 3000; ++i) {
            char code[16];
            std::snprintf(code, sizeof code, "%c%04d", i % 2 ? 'A' : 'a', i);
            values += (i ? "," : "") + std::string("('") + code + "', " + std::to_string(i) + ")";
        }
        My(t, {"CREATE TABLE " + t + " (code VARCHAR(10) COLLATE " + my_collation +
                   " PRIMARY KEY, v INT) DEFAULT CHARSET=utf8mb4",
               "INSERT INTO " + t + " VALUES " + values, "UPDATE " + t + " SET v = -1 WHERE code = 'A1501'"});
        Pg(t, {"CREATE TABLE " + t + " (code varchar(10) COLLATE " + pg_collation + " PRIMARY KEY, v int)",
               "INSERT INTO " + t + " VALUES " + values});
    }
    void ExpectOnlyTheChangedRow(const std::string& base, const std::string& my_collation,
                                 const std::string& pg_collation, bool postgres_is_source) {
        const std::string t = Name(base);
        MakeTables(t, my_collation, pg_collation);
        TableCompareRequest request;
        request.source = postgres_is_source ? PgSide(t) : MySide(t);
        request.target = postgres_is_source ? MySide(t) : PgSide(t);
        request.limits.fetch_threshold = 100;
        request.limits.segments = 4;
        const auto started = std::chrono::steady_clock::now();
        auto report = Compare(request);
        EXPECT_LT(std::chrono::steady_clock::now() - started, std::chrono::seconds(60));
        EXPECT_EQ(report.source_rows, 3000) << ReportText(report);
        EXPECT_EQ(report.target_rows, 3000) << ReportText(report);
        EXPECT_EQ(report.only_in_source, 0) << ReportText(report);
        EXPECT_EQ(report.only_in_target, 0) << ReportText(report);
        ASSERT_EQ(report.differing_rows, 1) << ReportText(report);
        EXPECT_EQ(report.differing[0].key, "code=A1501");
        // Bisected down to a few small ranges, not the whole table moved.
        EXPECT_LT(report.rows_fetched, 600) << ReportText(report);
    }
};

TEST_F(KeyOrderTest, PostgresCSourceAgainstMariaDbCaseInsensitiveTarget) {
    ExpectOnlyTheChangedRow("cmp_order_pg", "utf8mb4_general_ci", "\"C\"", true);
}

TEST_F(KeyOrderTest, MariaDbCaseInsensitiveSourceAgainstPostgresCTarget) {
    ExpectOnlyTheChangedRow("cmp_order_my", "utf8mb4_general_ci", "\"C\"", false);
}

TEST_F(KeyOrderTest, MariaDbBinarySourceAgainstPostgresIcuTarget) {
    ExpectOnlyTheChangedRow("cmp_order_icu", "utf8mb4_nopad_bin", "\"und-x-icu\"", false);
}

TEST_F(TableCompareTest, ValueRulesExcuseCaseAndRoundingAndAreNamedInTheReport) {
    const std::string t = Name("cmp_rules");
    My(t, {"CREATE TABLE " + t + " (id INT PRIMARY KEY, name VARCHAR(20), amount DECIMAL(10,4))",
           "INSERT INTO " + t + " VALUES (1, 'Alpha', 1.2340), (2, 'beta', 2.0000), (3, 'gamma', 3.3333)"});
    Pg(t, {"CREATE TABLE " + t + " (id int PRIMARY KEY, name varchar(20), amount numeric(10,4))",
           "INSERT INTO " + t + " VALUES (1, 'ALPHA', 1.2341), (2, 'beta', 2.0000), (3, 'gamma', 3.3333)"});
    TableCompareRequest request;
    request.source = MySide(t);
    request.target = PgSide(t);
    auto strict = Compare(request);
    ASSERT_EQ(strict.differing_rows, 1) << ReportText(strict);
    EXPECT_EQ(strict.differing[0].cells.size(), 2u) << ReportText(strict);

    request.rules.ignore_case = true;
    request.rules.round_decimals = 2;
    auto excused = Compare(request);
    EXPECT_TRUE(excused.identical()) << ReportText(excused);
    EXPECT_EQ(excused.rules, "round_decimals=2, ignore_case");
    const std::string text = ReportText(excused);
    EXPECT_NE(text.find("rules: round_decimals=2, ignore_case"), std::string::npos) << text;
    EXPECT_NE(text.find("column name: 1 values equal through ignore_case"), std::string::npos) << text;
    EXPECT_NE(text.find("column amount: 1 values equal through"), std::string::npos) << text;
    EXPECT_NE(text.find("round_decimals\n"), std::string::npos) << text;
}

TEST_F(TableCompareTest, ATableChangedWhileComparedIsSaidSoInTheReport) {
    const std::string t = Name("cmp_moving");
    std::string values;
    for (int i = 1; i <= 400; ++i) values += (i > 1 ? "," : "") + std::string("(") + std::to_string(i) + ", 'v')";
    My(t, {"CREATE TABLE " + t + " (id INT PRIMARY KEY, v VARCHAR(20))", "INSERT INTO " + t + " VALUES " + values});
    Pg(t, {"CREATE TABLE " + t + " (id int PRIMARY KEY, v varchar(20))", "INSERT INTO " + t + " VALUES " + values,
           "UPDATE " + t + " SET v = 'changed' WHERE id = 5"});
    TableCompareRequest request;
    request.source = MySide(t);
    request.target = PgSide(t);
    request.limits.segments = 8;  // 50 rows each: the first one (ids 1-50) is fetched as it is checked
    request.limits.threads = 1;
    request.limits.fetch_threshold = 100;
    // Once the first range has been compared, someone writes to it on the target.
    bool written = false;
    auto report = CompareTables(request, nullptr, [&](std::int64_t, std::int64_t) {
        if (written) return;
        written = true;
        dbbridge::testing::ExecSql(pg_url_, {"UPDATE " + t + " SET v = 'again' WHERE id = 7"});
    });
    ASSERT_TRUE(report.ok()) << report.status().message();
    ASSERT_EQ(report->differing_rows, 1) << ReportText(*report);
    ASSERT_EQ(report->notes.size(), 1u) << ReportText(*report);
    EXPECT_EQ(report->notes[0].find("datasource 'pg' table '" + t + "' changed while it was compared: 1 of the 1 key ranges"),
              0u)
        << report->notes[0];

    // Nobody writing: no note.
    auto quiet = Compare(request);
    EXPECT_TRUE(quiet.notes.empty()) << ReportText(quiet);
    EXPECT_EQ(quiet.differing_rows, 2) << ReportText(quiet);
}

TEST_F(TableCompareTest, TheRowPathFetchesEveryRowAndFindsWhatTheChecksumsFind) {
    const std::string t = Name("cmp_rowpath");
    std::string values;
    for (int i = 1; i <= 500; ++i) values += (i > 1 ? "," : "") + std::string("(") + std::to_string(i) + ", 'v')";
    My(t, {"CREATE TABLE " + t + " (id INT PRIMARY KEY, v VARCHAR(20))", "INSERT INTO " + t + " VALUES " + values});
    Pg(t, {"CREATE TABLE " + t + " (id int PRIMARY KEY, v varchar(20))", "INSERT INTO " + t + " VALUES " + values,
           "UPDATE " + t + " SET v = 'changed' WHERE id = 250"});
    TableCompareRequest request;
    request.source = MySide(t);
    request.target = PgSide(t);
    request.limits.fetch_threshold = 100;
    auto checksums = Compare(request);
    request.use_checksums = false;
    auto rows = Compare(request);
    for (const auto* r : {&checksums, &rows}) {
        ASSERT_EQ(r->differing_rows, 1) << ReportText(*r);
        EXPECT_EQ(r->differing[0].key, "id=250");
    }
    EXPECT_EQ(rows.rows_fetched, 1000) << ReportText(rows);
    EXPECT_LT(checksums.rows_fetched, 200) << ReportText(checksums);
}

TEST_F(TableCompareTest, RowsWithANullKeyAreCountedAndNeverCalledIdentical) {
    const std::string t = Name("cmp_nullkey");
    My(t, {"CREATE TABLE " + t + " (code VARCHAR(10) NULL, v INT)",
           "INSERT INTO " + t + " VALUES ('a', 1), ('b', 2), (NULL, 3), (NULL, 4)"});
    Pg(t, {"CREATE TABLE " + t + " (code varchar(10) NULL, v int)", "INSERT INTO " + t + " VALUES ('a', 1), ('b', 2)"});
    TableCompareRequest request;
    request.source = MySide(t);
    request.target = PgSide(t);
    request.key = {"code"};
    auto report = Compare(request);
    EXPECT_EQ(report.null_key_source, 2) << ReportText(report);
    EXPECT_EQ(report.null_key_target, 0);
    EXPECT_EQ(report.differing_rows, 0);
    EXPECT_FALSE(report.identical());
    const std::string text = ReportText(report);
    EXPECT_NE(text.find("note: datasource 'maria' table '" + t + "' has 2 rows whose key is NULL"), std::string::npos)
        << text;
    EXPECT_NE(text.find("DIFFERENT"), std::string::npos) << text;
}

TEST_F(TableCompareTest, TableWithoutKeyIsRefusedByName) {
    const std::string t = Name("cmp_nokey");
    My(t, {"CREATE TABLE " + t + " (v INT)"});
    Pg(t, {"CREATE TABLE " + t + " (v int)"});
    TableCompareRequest request;
    request.source = MySide(t);
    request.target = PgSide(t);
    auto report = CompareTables(request, nullptr);
    ASSERT_FALSE(report.ok());
    EXPECT_EQ(report.status().message(), "table '" + t + "' on datasource 'maria' has no primary key: name the "
                                         "columns that identify a row with --key (key in the API)");
}

TEST_F(TableCompareTest, UnknownColumnAndTableAreNamed) {
    const std::string t = Name("cmp_cols");
    My(t, {"CREATE TABLE " + t + " (id INT PRIMARY KEY, a INT, b INT)"});
    Pg(t, {"CREATE TABLE " + t + " (id int PRIMARY KEY, a int)"});
    TableCompareRequest request;
    request.source = MySide(t);
    request.target = PgSide(t);
    auto report = CompareTables(request, nullptr);
    ASSERT_FALSE(report.ok());
    EXPECT_EQ(report.status().message(), "column 'b' not found in table '" + t + "' on datasource 'pg'");
    request.columns = {"a"};
    EXPECT_TRUE(CompareTables(request, nullptr).ok());
    request.target.table = t + "_missing";
    report = CompareTables(request, nullptr);
    ASSERT_FALSE(report.ok());
    EXPECT_NE(report.status().message().find("datasource 'pg' table '" + t + "_missing': table '" + t +
                                             "_missing' not found"),
              std::string::npos)
        << report.status().message();
}

}  // namespace
}  // namespace dbbridge::core::compare
