#include "dbbridge/sdk/util/jdbc_url.h"

#include <gtest/gtest.h>

#include "dbbridge/sdk/util/value_text.h"

namespace dbbridge::sdk::util {
namespace {

TEST(JdbcUrlUserInfoTest, UserAndPasswordBeforeTheHostAreParsedOut) {
    auto r = ParseHostPortUrl("jdbc:mysql://app:UrlSecret9@127.0.0.1:1/app?useSSL=false", "jdbc:mysql://");
    ASSERT_TRUE(r.ok()) << r.status().message();
    EXPECT_EQ(r->host, "127.0.0.1");
    EXPECT_EQ(r->port, 1);
    EXPECT_EQ(r->database, "app");
    EXPECT_EQ(r->user, "app");
    EXPECT_EQ(r->password, "UrlSecret9");
    EXPECT_EQ(r->params.at("useSSL"), "false");

    // Percent-encoded characters, an unencoded '@' in the password, user without password.
    r = ParseHostPortUrl("jdbc:postgresql://u%40x:p@ss%2Fw@[::1]:5433/db", "jdbc:postgresql://");
    ASSERT_TRUE(r.ok()) << r.status().message();
    EXPECT_EQ(r->user, "u@x");
    EXPECT_EQ(r->password, "p@ss/w");
    EXPECT_EQ(r->host, "::1");
    EXPECT_EQ(r->port, 5433);
    r = ParseHostPortUrl("jdbc:mysql://reader@h/db", "jdbc:mysql://");
    ASSERT_TRUE(r.ok());
    EXPECT_EQ(r->user, "reader");
    EXPECT_EQ(r->password, "");
    EXPECT_EQ(r->host, "h");
    r = ParseHostPortUrl("jdbc:mysql://h:3306/db", "jdbc:mysql://");
    ASSERT_TRUE(r.ok());
    EXPECT_EQ(r->user, "");
    EXPECT_EQ(r->host, "h");
}

TEST(JdbcUrlUserInfoTest, ParseErrorsNeverShowThePassword) {
    auto r = ParseHostPortUrl("jdbc:mysql://app:UrlSecret9@h:99999/x?password=Q2", "jdbc:mysql://");
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.status().message(), "JDBC URL 'jdbc:mysql://h:99999/x' has an invalid port '99999'");
    r = ParseHostPortUrl("jdbc:pg://u:UrlSecret9@h/x", "jdbc:mysql://");
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.status().message(), "JDBC URL 'jdbc:pg://h/x' does not start with 'jdbc:mysql://'");
}

TEST(RedactUrlTest, RemovesUserInfoAndPasswordParameters) {
    EXPECT_EQ(RedactUrl("jdbc:mysql://127.0.0.1:1/app?password=UrlSecret9&user=x"),
              "jdbc:mysql://127.0.0.1:1/app?user=x");
    EXPECT_EQ(RedactUrl("jdbc:mysql://app:UrlSecret9@127.0.0.1:1/app"), "jdbc:mysql://127.0.0.1:1/app");
    EXPECT_EQ(RedactUrl("jdbc:mysql://h/db?useSSL=false&PassWord=a&pwd=b&x=1&trustStorePassword=c&passwd=d"),
              "jdbc:mysql://h/db?useSSL=false&x=1");
    EXPECT_EQ(RedactUrl("jdbc:mysql://h/db?PWD=b"), "jdbc:mysql://h/db");
    EXPECT_EQ(RedactUrl("jdbc:sqlserver://h:1433;databaseName=db;password=s3;user=sa"),
              "jdbc:sqlserver://h:1433;databaseName=db;user=sa");
    EXPECT_EQ(RedactUrl("jdbc:sqlserver://h:1433;Password=s3"), "jdbc:sqlserver://h:1433");
    EXPECT_EQ(RedactUrl("jdbc:oracle:thin:scott/tiger@//db:1521/svc"), "jdbc:oracle:thin:@//db:1521/svc");
    EXPECT_EQ(RedactUrl("jdbc:oracle:thin:@db:1521:ORCL"), "jdbc:oracle:thin:@db:1521:ORCL");
    EXPECT_EQ(RedactUrl("jdbc:postgresql://u:p/w@h:5432/db?sslmode=disable"),
              "jdbc:postgresql://h:5432/db?sslmode=disable");
    // Nothing secret: unchanged.
    EXPECT_EQ(RedactUrl("jdbc:mysql://h:3306/db?useSSL=false&user=x"), "jdbc:mysql://h:3306/db?useSSL=false&user=x");
    EXPECT_EQ(RedactUrl("jdbc:mysql://h:3306/db"), "jdbc:mysql://h:3306/db");
    EXPECT_EQ(RedactUrl(""), "");
}

TEST(ValueTextTest, IsDecimalText) {
    for (const char* ok : {"0", "-1", "+2.50", ".5", "5.", "1e10", "-1.5E-3", "00012"}) {
        EXPECT_TRUE(IsDecimalText(ok)) << ok;
    }
    for (const char* bad : {"", "-", ".", "e5", "1e", "1e+", "1.2.3", " 1", "1 ", "0x10", "NaN", "inf", "1,5"}) {
        EXPECT_FALSE(IsDecimalText(bad)) << bad;
    }
}

}  // namespace
}  // namespace dbbridge::sdk::util
