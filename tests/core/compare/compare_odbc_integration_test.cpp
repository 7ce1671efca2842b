// Table compare with an ODBC side: the DM dialect through psqlODBC against a scratch PostgreSQL
// database that emulates Oracle's dictionary (psqlODBC stands in for DM's driver; no DM server can
// run here). DM has no checksum SQL, so every range is counted and fetched over ODBC and judged by
// the typed comparator: the one changed row is found, and a DM source without --key is refused.
#include <gtest/gtest.h>
#include <unistd.h>

#include <memory>
#include <string>

#include "core/compare/table_compare.h"
#include "core/plugin/plugin_registry.h"
#include "tests/sdk/odbc/oracle_dictionary_views.h"
#include "tests/support/test_db.h"
#include "tests/support/test_env.h"

namespace dbbridge::core::compare {
namespace {

class CompareOdbcTest : public ::testing::Test {
protected:
    void SetUp() override {
        auto my = testing::EnvVar("DBBRIDGE_TEST_MYSQL");
        auto pg = testing::EnvVar("DBBRIDGE_TEST_PG");
        auto driver = testing::EnvVar("DBBRIDGE_TEST_ODBC_DRIVER");
        if (!my || !pg || !driver) {
            GTEST_SKIP() << "DBBRIDGE_TEST_MYSQL / DBBRIDGE_TEST_PG / DBBRIDGE_TEST_ODBC_DRIVER are not set";
        }
        my_url_ = *my;
        registry_.LoadDirectory(DBB_PLUGIN_BUILD_DIR);
        const sdk::Dialect* pg_dialect = registry_.Find("POSTGRESQL");
        ASSERT_NE(pg_dialect, nullptr);
        ASSERT_NE(registry_.Find("DM"), nullptr) << "dm plugin not found in " << DBB_PLUGIN_BUILD_DIR;
        url_ = testing::ParseDbUrl(*pg);
        auto admin = pg_dialect->Connect(testing::ConnectionSpecFromUrl(*pg, "POSTGRESQL"));
        ASSERT_TRUE(admin.ok()) << admin.status().message();
        admin_ = std::move(*admin);
        scratch_ = "cmp_odbc_" + std::to_string(::getpid());
        testing::Exec(*admin_, "DROP DATABASE IF EXISTS " + scratch_ + " WITH (FORCE)");
        testing::Exec(*admin_, "CREATE DATABASE " + scratch_);
        connection_string_ = "Driver={" + *driver + "};Server=" + url_.host + ";Port=" + std::to_string(url_.port) +
                             ";Database=" + scratch_ + ";Uid=" + url_.user + ";Pwd=" + url_.password +
                             ";UseDeclareFetch=1;Fetch=10000;BoolsAsChar=0;Protocol=7.4-0;";
        auto dm = registry_.Find("DM")->Connect(DmSide().connection);
        ASSERT_TRUE(dm.ok()) << dm.status().message();
        testing::CreateOracleDictionaryViews(**dm);
        // Oracle-style upper-case names, as DM's dictionary reports them.
        testing::Exec(**dm, "CREATE TABLE \"CMP_ITEMS\" (\"ID\" numeric(10,0) PRIMARY KEY, \"NAME\" varchar(40), "
                            "\"PRICE\" numeric(12,2))");
        testing::Exec(**dm, "INSERT INTO \"CMP_ITEMS\" SELECT g, 'item ' || g, g * 1.25 FROM generate_series(1, 300) g");
        testing::Exec(**dm, "UPDATE \"CMP_ITEMS\" SET \"NAME\" = 'changed' WHERE \"ID\" = 150");
        my_table_ = "cmp_items_" + std::to_string(::getpid());
        testing::ExecSql(my_url_, {"CREATE TABLE " + my_table_ + " (id INT PRIMARY KEY, name VARCHAR(40), price DECIMAL(12,2))",
                                   "INSERT INTO " + my_table_ + " SELECT seq, CONCAT('item ', seq), seq * 1.25 FROM seq_1_to_300"});
    }
    void TearDown() override {
        if (!my_table_.empty()) testing::ExecSql(my_url_, {"DROP TABLE IF EXISTS " + my_table_});
        if (admin_) (void)admin_->Execute("DROP DATABASE IF EXISTS " + scratch_ + " WITH (FORCE)", {}, nullptr, {});
    }

    TableSide DmSide() {
        TableSide side{"dm-standin", registry_.Find("DM"), {}, "CMP_ITEMS"};
        side.connection.dialect = "DM";
        side.connection.options["connection_string"] = connection_string_;
        side.connection.options["session_init"] = "";  // no DM session statements on PostgreSQL
        return side;
    }
    TableSide MySide() {
        return {"maria", registry_.Find("MYSQL"), testing::ConnectionSpecFromUrl(my_url_, "MYSQL"), my_table_};
    }

    PluginRegistry registry_;
    testing::DbUrl url_;
    std::unique_ptr<sdk::Connection> admin_;
    std::string my_url_, scratch_, connection_string_, my_table_;
};

TEST_F(CompareOdbcTest, ADmTargetWithoutChecksumSqlIsComparedRowByRowOverOdbc) {
    TableCompareRequest request;
    request.source = MySide();
    request.target = DmSide();
    request.limits.fetch_threshold = 100;
    auto report = CompareTables(request, nullptr);
    ASSERT_TRUE(report.ok()) << report.status().message();
    EXPECT_EQ(report->source_rows, 300);
    EXPECT_EQ(report->target_rows, 300);
    EXPECT_EQ(report->only_in_source + report->only_in_target, 0) << ReportText(*report);
    ASSERT_EQ(report->differing_rows, 1) << ReportText(*report);
    EXPECT_EQ(report->differing[0].key, "id=150");
    ASSERT_EQ(report->differing[0].cells.size(), 1u) << ReportText(*report);
    EXPECT_EQ(report->differing[0].cells[0].column, "name");
    EXPECT_EQ(report->rows_fetched, 600) << ReportText(*report);  // no checksums: every row moved
}

TEST_F(CompareOdbcTest, ADmSourceNeedsAKeyAndIsComparedWithOne) {
    TableCompareRequest request;
    request.source = DmSide();
    request.target = MySide();
    auto refused = CompareTables(request, nullptr);
    ASSERT_FALSE(refused.ok());
    EXPECT_NE(refused.status().message().find("--key"), std::string::npos) << refused.status().message();
    request.key = {"ID"};
    auto report = CompareTables(request, nullptr);
    ASSERT_TRUE(report.ok()) << report.status().message();
    EXPECT_EQ(report->differing_rows, 1) << ReportText(*report);
}

}  // namespace
}  // namespace dbbridge::core::compare
