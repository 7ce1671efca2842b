// Authentication over real HTTP against a served host (SQLite store): every route needs a user,
// login and its limits, tokens, cookies and CSRF, trusted proxies, disabled users, the audit trail.
#include <gtest/gtest.h>
#include <sys/stat.h>

#include <regex>
#include <set>

#include "tests/support/host_process.h"

namespace dbbridge::testing {
namespace {

const std::map<std::string, std::string> kJson = {{"Content-Type", "application/json"}};

std::string Str(const HttpReply& r, const std::string& key) {
    if (!r.json || !r.json->has("data") || r.json->isNull("data")) {
        return "";
    }
    auto data = r.json->getObject("data");
    return data && data->has(key) ? data->get(key).convert<std::string>() : "";
}

std::string Header(const HttpReply& r, const std::string& name) {
    auto it = r.headers.find(name);
    return it == r.headers.end() ? "" : it->second;
}

class AuthApiTest : public ::testing::Test {
protected:
    void SetUp() override {
        host_ = std::make_unique<HostProcess>(extra_yaml_);
        ASSERT_TRUE(host_->Start()) << host_->output();
    }

    HttpReply Login(const std::string& user, const std::string& password) {
        return host_->Send("POST", "/api/auth/login",
                           "{\"username\":\"" + user + "\",\"password\":\"" + password + "\"}", kJson);
    }

    HttpReply WithToken(const std::string& method, const std::string& path, const std::string& token,
                        const std::string& body = "") {
        auto headers = kJson;
        headers["Authorization"] = "Bearer " + token;
        return host_->Send(method, path, body, headers);
    }

    std::string extra_yaml_;
    std::unique_ptr<HostProcess> host_;
};

// Every route of the API, as (method, path).
const std::vector<std::pair<std::string, std::string>> kRoutes = {
    {"POST", "/api/datasource/save"},   {"POST", "/api/datasource/update"},  {"POST", "/api/datasource/delete"},
    {"GET", "/api/datasource/query"},   {"GET", "/api/datasource/list"},     {"GET", "/api/datasource/get?id=1"},
    {"POST", "/api/datasource/ping"},   {"GET", "/api/datasource/tables?id=1"},
    {"GET", "/api/datasource/columns?id=1&tableName=t"},
    {"POST", "/api/config/save"},       {"POST", "/api/config/update"},      {"POST", "/api/config/delete"},
    {"GET", "/api/config/query"},       {"GET", "/api/config/list"},         {"GET", "/api/config/get?id=1"},
    {"GET", "/api/config/export?id=1"}, {"POST", "/api/config/exec?id=1"},   {"GET", "/api/config/logs?configId=1"},
    {"GET", "/api/config/log?id=1"},    {"POST", "/api/config/kill?id=1"},   {"POST", "/api/sql/transpile"},
    {"GET", "/api/runs"},               {"GET", "/api/schedule/query"},      {"POST", "/api/schedule/save"},
    {"GET", "/api/plugins"},            {"POST", "/api/auth/logout"},        {"GET", "/api/auth/me"},
    {"POST", "/api/auth/password"},     {"POST", "/api/auth/tokens"},        {"GET", "/api/auth/tokens"},
    {"DELETE", "/api/auth/tokens?id=1"}, {"GET", "/api/users"},              {"POST", "/api/users"},
    {"POST", "/api/users/update"},      {"GET", "/api/projects"},            {"POST", "/api/projects"},
    {"DELETE", "/api/projects?name=x"}, {"POST", "/api/projects/members"},  {"DELETE", "/api/projects/members"},
    {"GET", "/api/audit"},
};

TEST_F(AuthApiTest, EveryRouteWithoutAUserIs401AndMultiplexIs40003) {
    for (const auto& [method, path] : kRoutes) {
        auto r = host_->Send(method, path, "{}", kJson);
        EXPECT_EQ(r.http_status, 401) << method << " " << path << ": " << r.body;
        EXPECT_EQ(r.code(), 401) << method << " " << path << ": " << r.body;
        EXPECT_EQ(Header(r, "WWW-Authenticate"), "Bearer") << path;
    }
    for (const std::string path : {"/multiplex/multiplex", "/multiplex/report?traceId=x", "/multiplex/reports",
                                   "/multiplex/report.html?traceId=x"}) {
        auto r = host_->Send(path == "/multiplex/multiplex" ? "POST" : "GET", path, "{}", kJson);
        EXPECT_EQ(r.code(), 40003) << path << ": " << r.body;
        EXPECT_NE(r.message().find("比对服务地址未授权"), std::string::npos) << r.body;
    }
    // A forged or malformed credential is no better.
    EXPECT_EQ(WithToken("GET", "/api/auth/me", std::string(64, 'a')).http_status, 401);
    auto basic = host_->Send("GET", "/api/auth/me", "", {{"Authorization", "Basic YWRtaW46YWRtaW4="}});
    EXPECT_EQ(basic.code(), 401);
    EXPECT_NE(basic.message().find("Bearer"), std::string::npos) << basic.body;
    // Open: health and login.
    EXPECT_EQ(host_->Send("GET", "/api/health", "", {}).code(), 0);
}

TEST_F(AuthApiTest, FirstAdminPasswordIsInA0600FileWhosePathIsLoggedNotThePassword) {
    const std::string file = host_->work_dir() + "/admin.password";
    struct stat st {};
    ASSERT_EQ(::stat(file.c_str(), &st), 0);
    EXPECT_EQ(st.st_mode & 0777, 0600u);
    const std::string password = host_->PasswordFor("admin");
    ASSERT_GE(password.size(), 20u);
    EXPECT_NE(host_->output().find(file), std::string::npos) << host_->output();
    EXPECT_EQ(host_->output().find(password), std::string::npos);
    auto login = Login("admin", password);
    ASSERT_EQ(login.code(), 0) << login.body;
    EXPECT_EQ(login.json->getObject("data")->getObject("user")->getValue<std::string>("role"), "admin");

    // A restart on the same store creates nobody and leaves the file alone.
    host_->Kill(SIGTERM);
    host_->Wait();
    ASSERT_TRUE(host_->Start()) << host_->output();
    EXPECT_EQ(host_->PasswordFor("admin"), password);
    EXPECT_EQ(Login("admin", password).code(), 0);
}

TEST_F(AuthApiTest, LoginGivesATokenAndAStrictHttpOnlyCookieLogoutEndsBoth) {
    host_->SetUid("alice");
    ASSERT_FALSE(host_->TokenFor("alice").empty());
    auto login = Login("alice", host_->PasswordFor("alice"));
    ASSERT_EQ(login.code(), 0) << login.body;
    const std::string token = Str(login, "token");
    EXPECT_EQ(token.size(), 64u);
    EXPECT_FALSE(Str(login, "expire_time").empty());
    const std::string cookie = Header(login, "Set-Cookie");
    EXPECT_NE(cookie.find("dbbridge_session=" + token), std::string::npos) << cookie;
    EXPECT_NE(cookie.find("HttpOnly"), std::string::npos) << cookie;
    EXPECT_NE(cookie.find("SameSite=Strict"), std::string::npos) << cookie;
    EXPECT_NE(cookie.find("Max-Age=43200"), std::string::npos) << cookie;  // 720 minutes
    EXPECT_EQ(cookie.find("Secure"), std::string::npos) << "plain http: " << cookie;
    // Only a trusted proxy may say the browser used https.
    auto claimed = host_->Send("POST", "/api/auth/login",
                               R"({"username":"alice","password":")" + host_->PasswordFor("alice") + "\"}",
                               {{"Content-Type", "application/json"}, {"X-Forwarded-Proto", "https"}});
    EXPECT_EQ(Header(claimed, "Set-Cookie").find("Secure"), std::string::npos) << Header(claimed, "Set-Cookie");

    auto me = WithToken("GET", "/api/auth/me", token);
    EXPECT_EQ(Str(me, "name"), "alice") << me.body;
    EXPECT_EQ(Str(me, "role"), "user");
    auto by_cookie = host_->Send("GET", "/api/auth/me", "", {{"Cookie", "x=1; dbbridge_session=" + token}});
    EXPECT_EQ(Str(by_cookie, "name"), "alice") << by_cookie.body;

    auto out = WithToken("POST", "/api/auth/logout", token, "{}");
    EXPECT_EQ(out.code(), 0) << out.body;
    EXPECT_NE(Header(out, "Set-Cookie").find("Max-Age=0"), std::string::npos);
    EXPECT_EQ(WithToken("GET", "/api/auth/me", token).http_status, 401);
    // Other sessions of alice are unaffected.
    EXPECT_EQ(host_->Get("/api/auth/me").code(), 0);
}

TEST_F(AuthApiTest, WrongPasswordsAreRateLimitedPerUserAndPerAddress) {
    host_->TokenFor("alice");
    for (int i = 0; i < 5; ++i) {
        auto r = Login("alice", "wrong-password");
        EXPECT_EQ(r.http_status, 401) << r.body;
        EXPECT_EQ(r.message(), "wrong user name or password");
    }
    auto limited = Login("alice", host_->PasswordFor("alice"));  // even the right password waits
    EXPECT_EQ(limited.http_status, 429) << limited.body;
    EXPECT_EQ(limited.code(), 429);
    EXPECT_FALSE(Header(limited, "Retry-After").empty());
    // Another user from the same address is still allowed (15 failures so far < 20) ...
    EXPECT_EQ(Login("admin", host_->PasswordFor("admin")).code(), 0);
    // ... until the address has failed 20 times, whatever the names.
    for (int i = 0; i < 15; ++i) {
        Login("nobody" + std::to_string(i), "wrong-password");
    }
    EXPECT_EQ(Login("admin", host_->PasswordFor("admin")).http_status, 429);
    // Unknown user and wrong password read the same.
    EXPECT_EQ(Login("nobody", "x").message(), Login("alice", "x").message());
}

TEST_F(AuthApiTest, XUidIsIgnoredFromAnUntrustedPeer) {
    host_->TokenFor("alice");
    auto forged = host_->Send("GET", "/api/auth/me", "", {{"X-Uid", "admin"}});
    EXPECT_EQ(forged.http_status, 401) << forged.body;
    auto headers = std::map<std::string, std::string>{{"X-Uid", "admin"},
                                                      {"Authorization", "Bearer " + host_->TokenFor("alice")}};
    EXPECT_EQ(Str(host_->Send("GET", "/api/auth/me", "", headers), "name"), "alice");
}

class TrustedProxyTest : public AuthApiTest {
protected:
    void SetUp() override {
        extra_yaml_ = "  trusted_proxies: [127.0.0.1]\n";  // continues the security: section
        AuthApiTest::SetUp();
    }
};

TEST_F(TrustedProxyTest, XUidFromATrustedProxyNamesTheUserButNotADisabledOne) {
    auto r = host_->Send("GET", "/api/auth/me", "", {{"X-Uid", "sso-carol"}});
    EXPECT_EQ(Str(r, "name"), "sso-carol") << r.body;
    EXPECT_EQ(Str(r, "role"), "user");
    host_->TokenFor("alice");
    ASSERT_EQ(WithToken("POST", "/api/users/update", host_->TokenFor("admin"), R"({"name":"alice","disabled":true})")
                  .code(),
              0);
    EXPECT_EQ(host_->Send("GET", "/api/auth/me", "", {{"X-Uid", "alice"}}).http_status, 401);
    EXPECT_EQ(host_->Send("GET", "/api/auth/me", "", {{"X-Uid", "bad name"}}).http_status, 401);
}

TEST_F(TrustedProxyTest, TheCookieIsSecureWhenTheProxySaysTheBrowserUsedHttps) {
    host_->TokenFor("alice");
    const std::string body = R"({"username":"alice","password":")" + host_->PasswordFor("alice") + "\"}";
    auto https = host_->Send("POST", "/api/auth/login", body,
                             {{"Content-Type", "application/json"}, {"X-Forwarded-Proto", "https, http"}});
    ASSERT_EQ(https.code(), 0) << https.body;
    EXPECT_NE(Header(https, "Set-Cookie").find("; Secure"), std::string::npos) << Header(https, "Set-Cookie");
    auto http = host_->Send("POST", "/api/auth/login", body,
                            {{"Content-Type", "application/json"}, {"X-Forwarded-Proto", "http"}});
    EXPECT_EQ(Header(http, "Set-Cookie").find("Secure"), std::string::npos) << Header(http, "Set-Cookie");
}

class SecureCookieTest : public AuthApiTest {
protected:
    void SetUp() override {
        extra_yaml_ = "  cookie_secure: true\n";  // continues the security: section
        AuthApiTest::SetUp();
    }
};

TEST_F(SecureCookieTest, CookieSecureMarksEveryLoginAndLogoutCookie) {
    host_->TokenFor("alice");
    auto login = Login("alice", host_->PasswordFor("alice"));
    ASSERT_EQ(login.code(), 0) << login.body;
    EXPECT_NE(Header(login, "Set-Cookie").find("; Secure"), std::string::npos) << Header(login, "Set-Cookie");
    auto out = WithToken("POST", "/api/auth/logout", Str(login, "token"), "{}");
    EXPECT_NE(Header(out, "Set-Cookie").find("; Secure"), std::string::npos) << Header(out, "Set-Cookie");
}

TEST_F(AuthApiTest, CookieRequestsThatChangeStateMustBeJsonFromThisOrigin) {
    const std::string token = host_->TokenFor("alice");
    const std::string cookie = "dbbridge_session=" + token;
    const std::string body = R"({"name":"ci","expires_days":1})";
    const std::string host = "127.0.0.1:" + std::to_string(host_->port());
    auto text = host_->Send("POST", "/api/auth/tokens", body, {{"Cookie", cookie}, {"Content-Type", "text/plain"}});
    EXPECT_EQ(text.http_status, 403) << text.body;
    EXPECT_NE(text.message().find("application/json"), std::string::npos) << text.body;
    auto form = host_->Send("POST", "/api/auth/tokens", body,
                            {{"Cookie", cookie}, {"Content-Type", "application/x-www-form-urlencoded"}});
    EXPECT_EQ(form.http_status, 403);
    auto cross = host_->Send("POST", "/api/auth/tokens", body,
                             {{"Cookie", cookie}, {"Content-Type", "application/json"}, {"Origin", "http://evil.example"}});
    EXPECT_EQ(cross.http_status, 403) << cross.body;
    EXPECT_NE(cross.message().find("evil.example"), std::string::npos) << cross.body;
    EXPECT_EQ(WithToken("GET", "/api/auth/tokens", token).body.find("\"ci\""), std::string::npos);  // none made

    auto same = host_->Send("POST", "/api/auth/tokens", body,
                            {{"Cookie", cookie}, {"Content-Type", "application/json"}, {"Origin", "http://" + host}});
    EXPECT_EQ(same.code(), 0) << same.body;
    auto no_origin = host_->Send("POST", "/api/auth/tokens", body,
                                 {{"Cookie", cookie}, {"Content-Type", "application/json; charset=utf-8"}});
    EXPECT_EQ(no_origin.code(), 0) << no_origin.body;
    // A bearer token is not sent by browsers on their own: no such rule for it.
    auto bearer = host_->Send("POST", "/api/auth/tokens", body,
                              {{"Authorization", "Bearer " + token}, {"Content-Type", "text/plain"}});
    EXPECT_EQ(bearer.code(), 0) << bearer.body;
}

TEST_F(AuthApiTest, ApiTokensAreShownOnceWorkAndStopWhenRevoked) {
    host_->SetUid("alice");
    auto made = host_->Post("/api/auth/tokens", R"({"name":"nightly-sync","expires_days":30})");
    ASSERT_EQ(made.code(), 0) << made.body;
    const std::string token = Str(made, "token");
    const std::string id = Str(made, "id");
    ASSERT_EQ(token.size(), 64u);
    auto listed = host_->Get("/api/auth/tokens");
    EXPECT_NE(listed.body.find("nightly-sync"), std::string::npos) << listed.body;
    EXPECT_EQ(listed.body.find(token), std::string::npos) << listed.body;
    EXPECT_NE(listed.body.find("\"last_used\":\"\""), std::string::npos) << "never used yet: " << listed.body;
    EXPECT_EQ(Str(WithToken("GET", "/api/auth/me", token), "name"), "alice");
    // The first use is noted; more uses within the minute do not write again.
    const std::regex last_used("\"last_used\":\"(20[0-9-]+T[0-9:.]+Z)\"");
    std::smatch first;
    const std::string after_use = host_->Get("/api/auth/tokens").body;
    ASSERT_TRUE(std::regex_search(after_use, first, last_used)) << after_use;
    EXPECT_EQ(Str(WithToken("GET", "/api/auth/me", token), "name"), "alice");
    std::smatch second;
    const std::string after_reuse = host_->Get("/api/auth/tokens").body;
    ASSERT_TRUE(std::regex_search(after_reuse, second, last_used)) << after_reuse;
    EXPECT_EQ(first[1].str(), second[1].str());

    host_->SetUid("bob");
    EXPECT_EQ(host_->Delete("/api/auth/tokens?id=" + id).code(), 404);  // not bob's
    EXPECT_EQ(Str(WithToken("GET", "/api/auth/me", token), "name"), "alice");
    host_->SetUid("alice");
    EXPECT_EQ(host_->Delete("/api/auth/tokens?id=" + id).code(), 0);
    EXPECT_EQ(WithToken("GET", "/api/auth/me", token).http_status, 401);

    EXPECT_EQ(host_->Post("/api/auth/tokens", R"({"name":"x","expires_days":0})").code(), 400);
    EXPECT_EQ(host_->Post("/api/auth/tokens", R"({"expires_days":3})").code(), 400);
}

TEST_F(AuthApiTest, AdminsManageUsersOthersAreRefused) {
    host_->SetUid("alice");
    EXPECT_EQ(host_->Get("/api/users").code(), 403);
    EXPECT_EQ(host_->Post("/api/users", R"({"name":"mallory","password":"long-enough-1","role":"admin"})").code(),
              403);
    EXPECT_EQ(host_->Post("/api/users/update", R"({"name":"alice","role":"admin"})").code(), 403);
    EXPECT_EQ(host_->Get("/api/audit").code(), 403);

    host_->SetUid("admin");
    auto made = host_->Post("/api/users", R"({"name":"dave","password":"dave-password-1"})");
    ASSERT_EQ(made.code(), 0) << made.body;
    EXPECT_EQ(Str(made, "role"), "user");
    EXPECT_EQ(made.body.find("dave-password-1"), std::string::npos);
    EXPECT_EQ(made.body.find("argon2"), std::string::npos);
    EXPECT_EQ(host_->Post("/api/users", R"({"name":"dave","password":"dave-password-1"})").code(), 409);
    auto bad = host_->Post("/api/users", R"({"name":"eve","password":"short"})");
    EXPECT_EQ(bad.code(), 400);
    EXPECT_NE(bad.message().find("password"), std::string::npos) << bad.body;
    auto users = host_->Get("/api/users");
    EXPECT_NE(users.body.find("\"dave\""), std::string::npos) << users.body;
    EXPECT_EQ(users.body.find("password_hash"), std::string::npos);
    // The only admin cannot lock everyone out.
    auto last = host_->Post("/api/users/update", R"({"name":"admin","disabled":true})");
    EXPECT_EQ(last.code(), 400) << last.body;
}

TEST_F(AuthApiTest, ADisabledUserIsLoggedOutAndCannotLogIn) {
    const std::string token = host_->TokenFor("alice");
    host_->SetUid("admin");
    ASSERT_EQ(host_->Post("/api/users/update", R"({"name":"alice","disabled":true})").code(), 0);
    EXPECT_EQ(WithToken("GET", "/api/auth/me", token).http_status, 401);
    EXPECT_EQ(Login("alice", host_->PasswordFor("alice")).http_status, 401);
    ASSERT_EQ(host_->Post("/api/users/update", R"({"name":"alice","disabled":false})").code(), 0);
    EXPECT_EQ(Login("alice", host_->PasswordFor("alice")).code(), 0);
}

TEST_F(AuthApiTest, ChangingTheOwnPasswordNeedsTheCurrentOneAndEndsSessions) {
    host_->SetUid("alice");
    const std::string old_password = host_->PasswordFor("alice");
    auto wrong = host_->Post("/api/auth/password", R"({"current_password":"nope-nope","new_password":"brand-new-pw"})");
    EXPECT_EQ(wrong.code(), 401) << wrong.body;
    auto ok = host_->Post("/api/auth/password",
                          "{\"current_password\":\"" + old_password + "\",\"new_password\":\"brand-new-pw\"}");
    ASSERT_EQ(ok.code(), 0) << ok.body;
    EXPECT_EQ(host_->Get("/api/auth/me").http_status, 401);  // the cached session ended
    EXPECT_EQ(Login("alice", old_password).http_status, 401);
    EXPECT_EQ(Login("alice", "brand-new-pw").code(), 0);
}

TEST_F(AuthApiTest, TheAuditTrailRecordsLoginsTokensAndUserChanges) {
    Login("alice", "wrong-password");  // no such user yet
    host_->SetUid("alice");
    auto made = host_->Post("/api/auth/tokens", R"({"name":"t1","expires_days":1})");
    ASSERT_EQ(made.code(), 0);
    host_->Delete("/api/auth/tokens?id=" + Str(made, "id"));
    host_->SetUid("admin");
    auto page = host_->Get("/api/audit?pageSize=100");
    ASSERT_EQ(page.code(), 0) << page.body;
    auto items = page.json->getObject("data")->getArray("items");
    std::set<std::string> seen;
    for (std::size_t i = 0; i < items->size(); ++i) {
        auto row = items->getObject(static_cast<unsigned>(i));
        seen.insert(row->getValue<std::string>("action") + "/" + row->getValue<std::string>("outcome") + "/" +
                    row->getValue<std::string>("actor"));
    }
    for (const std::string want : {"login/failed/alice", "user.create/ok/admin", "login/ok/alice",
                                   "token.create/ok/alice", "token.revoke/ok/alice", "login/ok/admin"}) {
        EXPECT_TRUE(seen.count(want)) << want << " in " << page.body;
    }
    EXPECT_EQ(page.body.find(host_->PasswordFor("alice")), std::string::npos);
    auto filtered = host_->Get("/api/audit?actor=alice&action=token.create");
    EXPECT_EQ(filtered.json->getObject("data")->getValue<int>("total"), 1) << filtered.body;
}

}  // namespace
}  // namespace dbbridge::testing
