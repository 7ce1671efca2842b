#pragma once
// Users, tokens, projects, access and audit written once and run on every store backend: SQLite
// in identity_test.cpp, PostgreSQL and MariaDB in identity_integration_test.cpp.

#include <gtest/gtest.h>
#include <sys/stat.h>

#include <filesystem>
#include <fstream>

#include "core/auth/access_policy.h"
#include "core/auth/auth_service.h"
#include "core/auth/project_service.h"
#include "core/store/audit_repository.h"
#include "core/store/metadata_store.h"
#include "core/store/store_query.h"
#include "tests/core/store/test_store_db.h"

namespace dbbridge::core::testing {

class IdentitySuite : public ::testing::TestWithParam<TestBackend> {
protected:
    void SetUp() override {
        const char* env = TestStoreDb::EnvName(GetParam());
        std::string server;
        if (*env != '\0') {
            auto value = ::dbbridge::testing::EnvVar(env);
            if (!value) {
                GTEST_SKIP() << env << " is not set (scripts/db-up.sh sets it)";
            }
            server = *value;
        }
        db_ = std::make_unique<TestStoreDb>(GetParam(), server);
        auto s = MetadataStore::Open(db_->url());
        ASSERT_TRUE(s.ok()) << s.status().message();
        store_ = std::move(s.value());
        auth_ = std::make_unique<auth::AuthService>(*store_, auth::AuthOptions{});
    }

    void TearDown() override {
        auth_.reset();
        store_.reset();
        db_.reset();
    }

    void AddUser(const std::string& name, const std::string& role = auth::kRoleUser) {
        auto added = auth_->AddUser(name, role, "pw-" + name + "-12345");
        ASSERT_TRUE(added.ok()) << added.status().message();
    }

    std::string Login(const std::string& name) {
        auto t = auth_->Login(name, "pw-" + name + "-12345");
        EXPECT_TRUE(t.ok()) << t.status().message();
        return t.ok() ? t->token : "";
    }

    std::vector<std::string> Column(const std::string& sql) {
        auto rows = SelectRows(*store_, sql, {}, +[](const StoreRow& r) { return r.Text(0); });
        EXPECT_TRUE(rows.ok()) << rows.status().message();
        return rows.ok() ? *rows : std::vector<std::string>{};
    }

    std::unique_ptr<TestStoreDb> db_;
    std::unique_ptr<MetadataStore> store_;
    std::unique_ptr<auth::AuthService> auth_;
};

TEST_P(IdentitySuite, UsersAreStoredWithAnArgon2idHashAndUniqueNames) {
    AddUser("alice");
    auto hashes = Column("SELECT password_hash FROM users WHERE name = 'alice'");
    ASSERT_EQ(hashes.size(), 1u);
    EXPECT_EQ(hashes[0].rfind("$argon2id$", 0), 0u) << hashes[0];
    EXPECT_EQ(hashes[0].find("pw-alice"), std::string::npos);

    auto again = auth_->AddUser("alice", auth::kRoleUser, "another-password");
    EXPECT_EQ(again.status().code(), sdk::StatusCode::kAlreadyExists);
    EXPECT_NE(again.status().message().find("'alice'"), std::string::npos) << again.status().message();
    // Names are case-sensitive, as the objects' uid columns are.
    AddUser("Alice");

    EXPECT_EQ(auth_->AddUser("bad name", auth::kRoleUser, "long-enough-1").status().code(),
              sdk::StatusCode::kInvalidArgument);
    EXPECT_EQ(auth_->AddUser("@local", auth::kRoleUser, "long-enough-1").status().code(),
              sdk::StatusCode::kInvalidArgument);
    auto short_pw = auth_->AddUser("carol", auth::kRoleUser, "short");
    EXPECT_NE(short_pw.status().message().find("password"), std::string::npos) << short_pw.status().message();
    auto role = auth_->AddUser("carol", "root", "long-enough-1");
    EXPECT_NE(role.status().message().find("role"), std::string::npos) << role.status().message();
}

TEST_P(IdentitySuite, LoginGivesATokenThatOnlyItsHashIsStoredFor) {
    AddUser("alice");
    auto wrong = auth_->Login("alice", "not-the-password");
    EXPECT_EQ(wrong.status().code(), sdk::StatusCode::kUnauthenticated);
    auto nobody = auth_->Login("nobody", "pw-nobody-12345");
    EXPECT_EQ(nobody.status().message(), wrong.status().message());  // does not tell who exists

    const std::string token = Login("alice");
    ASSERT_EQ(token.size(), 64u);  // 256 bits, hex
    auto who = auth_->Authenticate(token);
    ASSERT_TRUE(who.ok()) << who.status().message();
    EXPECT_EQ(who->name, "alice");
    EXPECT_EQ(who->role, "user");
    auto stored = Column("SELECT token_hash FROM auth_token");
    ASSERT_EQ(stored.size(), 1u);
    EXPECT_NE(stored[0], token);
    EXPECT_EQ(auth_->GetUser("alice")->last_login.empty(), false);

    ASSERT_TRUE(auth_->Logout(token).ok());
    EXPECT_EQ(auth_->Authenticate(token).status().code(), sdk::StatusCode::kUnauthenticated);
}

TEST_P(IdentitySuite, ExpiredSessionsAreRefused) {
    AddUser("alice");
    auth::AuthOptions options;
    options.session_ttl_minutes = 1;
    auth::AuthService short_lived(*store_, options);
    auto t = short_lived.Login("alice", "pw-alice-12345");
    ASSERT_TRUE(t.ok());
    ASSERT_TRUE(short_lived.Authenticate(t->token).ok());
    ASSERT_TRUE(RunFor(*store_, [](StoreSession& s) {
                    return s.Execute("UPDATE auth_token SET expire_time = '2000-01-01T00:00:00Z'");
                }).ok());
    EXPECT_EQ(short_lived.Authenticate(t->token).status().code(), sdk::StatusCode::kUnauthenticated);
}

TEST_P(IdentitySuite, DisablingAUserOrChangingThePasswordEndsItsTokens) {
    AddUser("root", auth::kRoleAdmin);
    AddUser("alice");
    std::string session = Login("alice");
    auto api = auth_->CreateApiToken("alice", "cron", 30);
    ASSERT_TRUE(api.ok()) << api.status().message();
    ASSERT_TRUE(auth_->Authenticate(api->token).ok());

    ASSERT_TRUE(auth_->SetDisabled("alice", true).ok());
    EXPECT_FALSE(auth_->Authenticate(session).ok());
    EXPECT_FALSE(auth_->Authenticate(api->token).ok());
    EXPECT_EQ(auth_->Login("alice", "pw-alice-12345").status().code(), sdk::StatusCode::kUnauthenticated);

    ASSERT_TRUE(auth_->SetDisabled("alice", false).ok());
    session = Login("alice");
    ASSERT_TRUE(auth_->ChangeOwnPassword("alice", "pw-alice-12345", "a-brand-new-one").ok());
    EXPECT_FALSE(auth_->Authenticate(session).ok());
    EXPECT_TRUE(auth_->Login("alice", "a-brand-new-one").ok());
    EXPECT_EQ(auth_->ChangeOwnPassword("alice", "wrong-current", "whatever-else").code(),
              sdk::StatusCode::kUnauthenticated);
}

TEST_P(IdentitySuite, TheLastAdminCannotBeDisabledOrDemoted) {
    AddUser("root", auth::kRoleAdmin);
    auto st = auth_->SetDisabled("root", true);
    EXPECT_EQ(st.code(), sdk::StatusCode::kInvalidArgument);
    EXPECT_NE(st.message().find("last enabled admin"), std::string::npos) << st.message();
    EXPECT_EQ(auth_->SetRole("root", auth::kRoleUser).code(), sdk::StatusCode::kInvalidArgument);
    AddUser("root2", auth::kRoleAdmin);
    EXPECT_TRUE(auth_->SetRole("root", auth::kRoleUser).ok());
    EXPECT_EQ(auth_->SetDisabled("nobody", true).code(), sdk::StatusCode::kNotFound);
}

TEST_P(IdentitySuite, ApiTokensAreListedWithoutTheTokenAndRevokedOnlyByTheirOwner) {
    AddUser("alice");
    AddUser("bob");
    auto t = auth_->CreateApiToken("alice", "nightly", 7);
    ASSERT_TRUE(t.ok()) << t.status().message();
    auto listed = auth_->ListApiTokens("alice");
    ASSERT_TRUE(listed.ok());
    ASSERT_EQ(listed->size(), 1u);
    EXPECT_EQ((*listed)[0].name, "nightly");
    EXPECT_NE((*listed)[0].token_hash, t->token);
    EXPECT_EQ(auth_->RevokeApiToken("bob", t->id).code(), sdk::StatusCode::kNotFound);
    EXPECT_TRUE(auth_->Authenticate(t->token).ok());
    EXPECT_TRUE(auth_->RevokeApiToken("alice", t->id).ok());
    EXPECT_FALSE(auth_->Authenticate(t->token).ok());

    EXPECT_EQ(auth_->CreateApiToken("alice", "", 7).status().code(), sdk::StatusCode::kInvalidArgument);
    auto days = auth_->CreateApiToken("alice", "x", 0);
    EXPECT_NE(days.status().message().find("expires_days"), std::string::npos) << days.status().message();
}

TEST_P(IdentitySuite, FirstAdminIsCreatedOnceWithAPasswordFileOnlyItsOwnerCanRead) {
    auto dir = std::filesystem::temp_directory_path() / ("dbb_admin_" + RandomSuffix());
    std::filesystem::create_directories(dir);
    const std::string file = (dir / "admin.password").string();
    auto created = auth_->EnsureFirstAdmin(file);
    ASSERT_TRUE(created.ok()) << created.status().message();
    EXPECT_TRUE(*created);
    struct stat st {};
    ASSERT_EQ(::stat(file.c_str(), &st), 0);
    EXPECT_EQ(st.st_mode & 0777, 0600u);
    std::ifstream in(file);
    std::string password;
    std::getline(in, password);
    EXPECT_GE(password.size(), 20u);
    auto t = auth_->Login("admin", password);
    ASSERT_TRUE(t.ok()) << t.status().message();
    EXPECT_TRUE(auth_->Authenticate(t->token)->admin());

    std::filesystem::remove(file);
    auto again = auth_->EnsureFirstAdmin(file);
    ASSERT_TRUE(again.ok());
    EXPECT_FALSE(*again);
    EXPECT_FALSE(std::filesystem::exists(file));
    std::filesystem::remove_all(dir);
}

TEST_P(IdentitySuite, OwnersAndAdminsEditMembersUseOthersSeeNothing) {
    AddUser("root", auth::kRoleAdmin);
    AddUser("alice");
    AddUser("bob");
    AddUser("eve");
    auth::ProjectService projects(*store_);
    ASSERT_TRUE(projects.Create("sales", "", "root").ok());
    ASSERT_TRUE(projects.AddMember("sales", "alice").ok());
    ASSERT_TRUE(projects.AddMember("sales", "bob").ok());
    EXPECT_EQ(projects.AddMember("sales", "bob").code(), sdk::StatusCode::kAlreadyExists);
    EXPECT_EQ(projects.AddMember("sales", "nobody").code(), sdk::StatusCode::kInvalidArgument);

    auth::AccessPolicy policy(*store_);
    const auth::OwnedObject shared{"alice", "sales"};
    const auth::OwnedObject personal{"alice", ""};
    
    EXPECT_TRUE(policy.Check("alice", shared, Access::kEdit, "datasource 1").ok());
    EXPECT_TRUE(policy.Check("root", personal, Access::kEdit, "datasource 1").ok());
    EXPECT_TRUE(policy.Check(auth::kLocalOperator, personal, Access::kEdit, "datasource 1").ok());
    EXPECT_TRUE(policy.Check("bob", shared, Access::kUse, "datasource 1").ok());
    auto edit = policy.Check("bob", shared, Access::kEdit, "datasource 1");
    EXPECT_EQ(edit.code(), sdk::StatusCode::kPermissionDenied);
    EXPECT_NE(edit.message().find("only its owner or an admin"), std::string::npos) << edit.message();
    EXPECT_EQ(policy.Check("bob", personal, Access::kUse, "datasource 1").code(), sdk::StatusCode::kNotFound);
    EXPECT_EQ(policy.Check("eve", shared, Access::kUse, "datasource 1").code(), sdk::StatusCode::kNotFound);

    auto bob_sees = policy.VisibleTo("bob");
    ASSERT_TRUE(bob_sees.ok());
    EXPECT_FALSE(bob_sees->all);
    EXPECT_EQ(bob_sees->projects, std::vector<std::string>{"sales"});
    EXPECT_TRUE(policy.VisibleTo("root")->all);

    EXPECT_TRUE(policy.CheckProject("bob", "sales").ok());
    EXPECT_EQ(policy.CheckProject("eve", "sales").code(), sdk::StatusCode::kInvalidArgument);
    EXPECT_EQ(policy.CheckProject("root", "nowhere").code(), sdk::StatusCode::kInvalidArgument);

    // Removing a member or disabling the admin takes effect at the next check.
    ASSERT_TRUE(projects.RemoveMember("sales", "bob").ok());
    EXPECT_EQ(policy.Check("bob", shared, Access::kUse, "datasource 1").code(), sdk::StatusCode::kNotFound);
    AddUser("root2", auth::kRoleAdmin);
    ASSERT_TRUE(auth_->SetDisabled("root", true).ok());
    EXPECT_EQ(policy.Check("root", personal, Access::kUse, "datasource 1").code(), sdk::StatusCode::kNotFound);
    ASSERT_TRUE(projects.Delete("sales").ok());
    EXPECT_EQ(policy.Check("alice", auth::OwnedObject{"carol", "sales"}, Access::kUse, "x").code(),
              sdk::StatusCode::kNotFound);
}

TEST_P(IdentitySuite, AuditRowsArePagedNewestFirstAndFilteredByActor) {
    AuditRepository audit(*store_);
    for (int i = 0; i < 3; ++i) {
        AuditRow row;
        row.actor = i == 2 ? "bob" : "alice";
        row.action = "login";
        row.object_type = "user";
        row.object_id = row.actor;
        row.outcome = "ok";
        row.detail = std::string(2000, 'x');  // cut to the column
        ASSERT_TRUE(audit.Append(row).ok());
    }
    AuditQuery q;
    q.page_size = 2;
    auto page = audit.Query(q);
    ASSERT_TRUE(page.ok()) << page.status().message();
    EXPECT_EQ(page->total, 3);
    ASSERT_EQ(page->items.size(), 2u);
    EXPECT_EQ(page->items[0].actor, "bob");
    EXPECT_EQ(page->items[0].detail.size(), 1024u);
    q.actor = "alice";
    EXPECT_EQ(audit.Query(q)->total, 2);
}

}  // namespace dbbridge::core::testing
