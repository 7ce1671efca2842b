#include <gtest/gtest.h>

#include "mysql_dialect.h"

namespace dbbridge::mysql {
namespace {

sdk::DataxSide Side() {
    sdk::DataxSide side;
    side.connection.host = "10.0.0.5";
    side.connection.port = 3306;
    side.connection.database = "sales";
    side.connection.user = "etl";
    side.connection.password = "s3cret";
    side.tables = {"orders"};
    return side;
}

TEST(MysqlDataxTest, ReaderTableModeWithCredentials) {
    MysqlDialect d;
    sdk::DataxSide side = Side();
    side.columns = {"id", "amount", "'const'"};
    side.split_pk = "id";
    side.where = "id > 100";
    auto json = d.DataxReaderJson(side);
    ASSERT_TRUE(json.ok()) << json.status().message();
    EXPECT_EQ(*json,
              R"({"name":"mysqlreader","parameter":{"username":"etl","password":"s3cret",)"
              R"("column":["id","amount","'const'"],"splitPk":"id","where":"id > 100",)"
              R"("connection":[{"table":["orders"],"jdbcUrl":["jdbc:mysql://10.0.0.5:3306/sales"]}]}})");
}

TEST(MysqlDataxTest, ReaderQueryModeWithDatasourceIdHasNoCredentials) {
    MysqlDialect d;
    sdk::DataxSide side = Side();
    side.tables.clear();
    side.query_sql = "select a, \"b\" from t where x = 1";
    side.datasource_id = 7;
    side.jdbc_url = "jdbc:mysql://h:3306/db?useSSL=false";
    side.fetch_size = 500;
    auto json = d.DataxReaderJson(side);
    ASSERT_TRUE(json.ok()) << json.status().message();
    EXPECT_EQ(*json,
              R"({"name":"mysqlreader","parameter":{"datasourceId":7,)"
              R"("connection":[{"querySql":["select a, \"b\" from t where x = 1"],)"
              R"("jdbcUrl":["jdbc:mysql://h:3306/db?useSSL=false"]}],"fetchSize":500}})");
    EXPECT_EQ(json->find("password"), std::string::npos);
    EXPECT_EQ(json->find("username"), std::string::npos);
}

TEST(MysqlDataxTest, ReaderRejectsMissingOrConflictingSource) {
    MysqlDialect d;
    sdk::DataxSide none = Side();
    none.tables.clear();
    auto a = d.DataxReaderJson(none);
    ASSERT_FALSE(a.ok());
    EXPECT_NE(a.status().message().find("table or querySql"), std::string::npos);
    sdk::DataxSide both = Side();
    both.query_sql = "select 1";
    auto b = d.DataxReaderJson(both);
    ASSERT_FALSE(b.ok());
    EXPECT_NE(b.status().message().find("cannot both"), std::string::npos);
}

TEST(MysqlDataxTest, WriterBlockHasStringJdbcUrl) {
    MysqlDialect d;
    sdk::DataxSide side = Side();
    side.columns = {"id", "name"};
    side.write_mode = "update";
    side.pre_sql = {"delete from @table"};
    side.post_sql = {"analyze table orders"};
    side.batch_size = 1024;
    auto json = d.DataxWriterJson(side);
    ASSERT_TRUE(json.ok()) << json.status().message();
    EXPECT_EQ(*json,
              R"({"name":"mysqlwriter","parameter":{"writeMode":"update","username":"etl","password":"s3cret",)"
              R"("column":["id","name"],"preSql":["delete from @table"],"postSql":["analyze table orders"],)"
              R"("connection":[{"jdbcUrl":"jdbc:mysql://10.0.0.5:3306/sales","table":["orders"]}],)"
              R"("batchSize":1024}})");
}

TEST(MysqlDataxTest, WriterDefaultsAndValidation) {
    MysqlDialect d;
    sdk::DataxSide side = Side();
    side.datasource_id = 3;
    auto json = d.DataxWriterJson(side);
    ASSERT_TRUE(json.ok());
    EXPECT_EQ(*json,
              R"({"name":"mysqlwriter","parameter":{"writeMode":"insert","datasourceId":3,"column":["*"],)"
              R"("connection":[{"jdbcUrl":"jdbc:mysql://10.0.0.5:3306/sales","table":["orders"]}]}})");
    side.write_mode = "merge";
    auto bad = d.DataxWriterJson(side);
    ASSERT_FALSE(bad.ok());
    EXPECT_NE(bad.status().message().find("writeMode 'merge'"), std::string::npos);
    side.write_mode = "insert";
    side.tables.clear();
    EXPECT_FALSE(d.DataxWriterJson(side).ok());
}

}  // namespace
}  // namespace dbbridge::mysql
