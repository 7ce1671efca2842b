// The shared DataX RDBMS blocks: content, credentials, validation and the per-plugin key orders.
#include "dbbridge/sdk/util/datax_blocks.h"

#include <gtest/gtest.h>

namespace dbbridge::sdk::util {
namespace {

DataxBlockOptions OracleReader() {
    DataxBlockOptions o;
    o.plugin_name = "oraclereader";
    o.jdbc_url = "jdbc:oracle:thin:@//h:1521/s";
    o.username = "scott";
    o.default_fetch_size = 1024;
    return o;
}

TEST(DataxBlocksTest, ReaderTableModeAndQueryMode) {
    DataxSide side;
    side.connection.password = "pw";
    side.tables = {"EMP"};
    side.columns = {"ID", "NAME"};
    side.split_pk = "ID";
    side.where = "ID > 1";
    auto r = RdbmsReaderJson(side, OracleReader());
    ASSERT_TRUE(r.ok()) << r.status().message();
    EXPECT_EQ(*r, R"({"name":"oraclereader","parameter":{"username":"scott","password":"pw","column":["ID","NAME"],)"
                  R"("splitPk":"ID","where":"ID > 1","fetchSize":1024,"connection":[{"table":["EMP"],)"
                  R"("jdbcUrl":["jdbc:oracle:thin:@//h:1521/s"]}]}})");
    side.query_sql = "select 1 from dual";
    auto both = RdbmsReaderJson(side, OracleReader());
    ASSERT_FALSE(both.ok());
    EXPECT_EQ(both.status().message(), "oraclereader: table and querySql cannot both be set (DataX refuses both)");
    side.tables.clear();
    side.datasource_id = 7;
    side.fetch_size = 10;
    auto q = RdbmsReaderJson(side, OracleReader());
    ASSERT_TRUE(q.ok());
    EXPECT_EQ(*q, R"({"name":"oraclereader","parameter":{"datasourceId":7,"fetchSize":10,)"
                  R"("connection":[{"querySql":["select 1 from dual"],"jdbcUrl":["jdbc:oracle:thin:@//h:1521/s"]}]}})");
    side.query_sql.clear();
    auto none = RdbmsReaderJson(side, OracleReader());
    ASSERT_FALSE(none.ok());
    EXPECT_EQ(none.status().message(), "oraclereader: table or querySql is required");
}

TEST(DataxBlocksTest, EmptyJdbcUrlOrNoTableIsRefused) {
    DataxSide side;
    side.tables = {"T"};
    DataxBlockOptions o = OracleReader();
    o.jdbc_url.clear();
    auto r = RdbmsReaderJson(side, o);
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.status().message(), "oraclereader: jdbcUrl is empty");
    o.plugin_name = "oraclewriter";
    EXPECT_EQ(RdbmsWriterJson(side, o).status().message(), "oraclewriter: jdbcUrl is empty");
    side.tables.clear();
    EXPECT_EQ(RdbmsWriterJson(side, OracleReader()).status().message(), "oraclereader: table is required");
}

TEST(DataxBlocksTest, WriterKeyOrdersFollowEachPluginsDocs) {
    DataxSide side;
    side.connection.password = "pw";
    side.tables = {"T"};
    side.pre_sql = {"delete from T"};
    side.batch_size = 64;
    DataxBlockOptions o;
    o.plugin_name = "w";
    o.jdbc_url = "jdbc:x://h/d";
    o.username = "u";
    o.write_mode = "update";
    // rdbms family: writeMode after column, batchSize before connection, table before jdbcUrl.
    EXPECT_EQ(*RdbmsWriterJson(side, o),
              R"({"name":"w","parameter":{"username":"u","password":"pw","column":["*"],"writeMode":"update",)"
              R"("preSql":["delete from T"],"batchSize":64,"connection":[{"table":["T"],"jdbcUrl":"jdbc:x://h/d"}]}})");
    // mysqlwriter: writeMode first, jdbcUrl before table, batchSize last.
    o.write_mode_at = DataxWriteModeAt::kFirst;
    o.jdbc_url_before_table = true;
    o.sizes_after_connection = true;
    EXPECT_EQ(*RdbmsWriterJson(side, o),
              R"({"name":"w","parameter":{"writeMode":"update","username":"u","password":"pw","column":["*"],)"
              R"("preSql":["delete from T"],"connection":[{"jdbcUrl":"jdbc:x://h/d","table":["T"]}],"batchSize":64}})");
    // postgresqlwriter: writeMode right before connection; no write mode, no key.
    o.write_mode_at = DataxWriteModeAt::kBeforeConnection;
    o.sizes_after_connection = false;
    EXPECT_EQ(*RdbmsWriterJson(side, o),
              R"({"name":"w","parameter":{"username":"u","password":"pw","column":["*"],)"
              R"("preSql":["delete from T"],"batchSize":64,"writeMode":"update",)"
              R"("connection":[{"jdbcUrl":"jdbc:x://h/d","table":["T"]}]}})");
    o.write_mode.clear();
    o.write_mode_key = "obWriteMode";
    EXPECT_EQ(RdbmsWriterJson(side, o)->find("riteMode"), std::string::npos);
}

}  // namespace
}  // namespace dbbridge::sdk::util
