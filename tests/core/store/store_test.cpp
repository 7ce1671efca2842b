#include <gtest/gtest.h>

#include <fstream>
#include <iterator>

#include "core/secret/secret_box.h"
#include "tests/core/store/repository_suite.h"

namespace dbbridge::core::testing {
namespace {

INSTANTIATE_TEST_SUITE_P(Store, RepositorySuite, ::testing::Values(TestBackend::kSqlite), TestBackendName);

std::string ReadFile(const std::filesystem::path& p) {
    std::ifstream in(p, std::ios::binary);
    return std::string((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
}

TEST(StoreUrlTest, SqliteForms) {
    auto rel = ParseStoreUrl("sqlite:var/dbbridge.db");
    ASSERT_TRUE(rel.ok());
    EXPECT_EQ(rel->backend, StoreBackend::kSqlite);
    EXPECT_EQ(rel->sqlite_path, "var/dbbridge.db");
    EXPECT_EQ(ParseStoreUrl("sqlite:///tmp/x.db")->sqlite_path, "/tmp/x.db");
    EXPECT_EQ(ParseStoreUrl("sqlite::memory:")->sqlite_path, ":memory:");
    EXPECT_EQ(ParseStoreUrl("sqlite:").status().code(), sdk::StatusCode::kInvalidArgument);
}

TEST(StoreUrlTest, PostgresBecomesKeyValueWithoutLeakingThePassword) {
    auto t = ParseStoreUrl("postgresql://app:p%40ss'w@127.0.0.1:15432/meta?sslmode=disable");
    ASSERT_TRUE(t.ok()) << t.status().message();
    EXPECT_EQ(t->connector, "PostgreSQL");
    EXPECT_EQ(t->connection_string,
              "host='127.0.0.1' port=15432 user='app' dbname='meta' password='p@ss\\'w' sslmode='disable'");
    EXPECT_EQ(t->display, "postgresql://app@127.0.0.1:15432/meta");
    EXPECT_EQ(ParseStoreUrl("postgres://u@h/db")->connection_string, "host='h' port=5432 user='u' dbname='db'");
}

TEST(StoreUrlTest, MysqlConnectorStringAndErrors) {
    auto t = ParseStoreUrl("mysql://app:app@127.0.0.1:13306/meta");
    ASSERT_TRUE(t.ok());
    EXPECT_EQ(t->connection_string, "host=127.0.0.1;port=13306;user=app;password=app;db=meta;character-set=utf8mb4");
    auto semi = ParseStoreUrl("mysql://app:a%3Bb@h/db");
    EXPECT_EQ(semi.status().code(), sdk::StatusCode::kInvalidArgument);
    EXPECT_NE(semi.status().message().find("password"), std::string::npos);
    EXPECT_EQ(semi.status().message().find("a;b"), std::string::npos) << "never echo the password";
    EXPECT_NE(ParseStoreUrl("mysql://app@h:99999/db").status().message().find("port"), std::string::npos);
    EXPECT_NE(ParseStoreUrl("mysql://app@h:3306").status().message().find("database"), std::string::npos);
    EXPECT_NE(ParseStoreUrl("oracle://x@h/db").status().message().find("unsupported scheme 'oracle'"),
              std::string::npos);
}

TEST(StoreSessionTest, PlaceholdersBecomeDollarNumbersOnlyForPostgresAndOutsideLiterals) {
    const std::string sql = "SELECT '?', a FROM t WHERE b = ? AND c = 'it''s?' AND d = ?";
    EXPECT_EQ(StoreSession::Placeholders(sql, StoreBackend::kPostgres),
              "SELECT '?', a FROM t WHERE b = $1 AND c = 'it''s?' AND d = $2");
    EXPECT_EQ(StoreSession::Placeholders(sql, StoreBackend::kMysql), sql);
    EXPECT_EQ(StoreSession::Placeholders(sql, StoreBackend::kSqlite), sql);
}

TEST(SqliteStoreTest, MemoryStoreWorksAndIsPrivate) {
    RegisterStoreConnectors();
    auto a = MetadataStore::Open("sqlite::memory:");
    auto b = MetadataStore::Open("sqlite::memory:");
    ASSERT_TRUE(a.ok()) << a.status().message();
    ASSERT_TRUE(b.ok());
    DatasourceRepository ra(*a.value());
    DatasourceRepository rb(*b.value());
    DatasourceRow row;
    row.source_name = "m";
    row.db_type = "MYSQL";
    ASSERT_TRUE(ra.Insert(row).ok());
    EXPECT_EQ(ra.List("", "").value().size(), 1u);
    EXPECT_EQ(rb.List("", "").value().size(), 0u);
}

TEST(SqliteStoreTest, FileAndWalNeverContainTheClearPassword) {
    TestStoreDb db(TestBackend::kSqlite, "");
    auto store = MetadataStore::Open(db.url());
    ASSERT_TRUE(store.ok()) << store.status().message();
    auto box = SecretBox::FromKey(std::string(SecretBox::kKeySize, 'k'));
    ASSERT_TRUE(box.ok());
    const std::string plain = "Plain-Text-Password-4711";
    DatasourceRow row;
    row.source_name = "findable-source-name";
    row.db_type = "MYSQL";
    row.password = box.value()->Encrypt(plain).value();
    DatasourceRepository repo(*store.value());
    ASSERT_TRUE(repo.Insert(row).ok());

    const auto file = db.dir() / "nested" / "meta.db";
    std::string bytes = ReadFile(file) + ReadFile(file.string() + "-wal");
    // The name proves we are reading the data; the password must not be there.
    EXPECT_NE(bytes.find("findable-source-name"), std::string::npos);
    EXPECT_EQ(bytes.find(plain), std::string::npos);
    EXPECT_TRUE(std::filesystem::exists(file.string() + "-wal")) << "WAL mode expected";
}

TEST(SqliteStoreTest, ADatabaseFromANewerVersionIsRefused) {
    TestStoreDb db(TestBackend::kSqlite, "");
    {
        auto store = MetadataStore::Open(db.url());
        ASSERT_TRUE(store.ok());
        auto st = store.value()->Run([](StoreSession& s) {
            return s
                .Execute("INSERT INTO schema_version (version, description, applied_at) VALUES (999, 'future', 'x')")
                .status();
        });
        ASSERT_TRUE(st.ok()) << st.message();
    }
    auto again = MetadataStore::Open(db.url());
    EXPECT_FALSE(again.ok());
    EXPECT_NE(again.status().message().find("schema version 999 is newer"), std::string::npos)
        << again.status().message();
}

TEST(SqliteStoreTest, UnopenablePathNamesTheUrl) {
    RegisterStoreConnectors();
    auto store = MetadataStore::Open("sqlite:/proc/no-such-dir/x.db");
    ASSERT_FALSE(store.ok());
    EXPECT_NE(store.status().message().find("/proc/no-such-dir"), std::string::npos) << store.status().message();
}

}  // namespace
}  // namespace dbbridge::core::testing
