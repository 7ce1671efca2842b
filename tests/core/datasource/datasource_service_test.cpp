#include <gtest/gtest.h>

#include "tests/core/datasource/service_fixture.h"

namespace dbbridge::core::testing {
namespace {

using sdk::StatusCode;

class DatasourceServiceTest : public ServiceFixture {
protected:
    // Saves ds and expects kInvalidArgument whose message contains every fragment.
    void ExpectInvalid(const Datasource& ds, std::initializer_list<const char*> fragments) {
        auto saved = service_->Save(ds);
        ASSERT_FALSE(saved.ok()) << "saved although invalid: " << ds.source_name;
        EXPECT_EQ(saved.status().code(), StatusCode::kInvalidArgument) << saved.status().message();
        for (const char* f : fragments) {
            EXPECT_NE(saved.status().message().find(f), std::string::npos)
                << "'" << f << "' missing from: " << saved.status().message();
        }
    }

    std::string StoredPassword(std::int64_t id) {
        std::string text;
        auto st = store_->Run([&](StoreSession& s) {
            auto rows = s.Query("SELECT password FROM datasource WHERE id = ?", {id});
            if (rows.ok() && !rows->empty()) {
                text = rows->front().Text(0);
            }
            return rows.status();
        });
        EXPECT_TRUE(st.ok()) << st.message();
        return text;
    }
};

TEST_F(DatasourceServiceTest, EachValidationErrorNamesItsField) {
    auto ds = Valid();
    ds.source_name = "  ";
    ExpectInvalid(ds, {"source_name is required"});
    ds = Valid(std::string(129, 'n'));
    ExpectInvalid(ds, {"source_name", "at most 128", "got 129"});
    ds = Valid();
    ds.db_type = "";
    ExpectInvalid(ds, {"db_type is required", "MYSQL", "POSTGRESQL"});
    ds.db_type = "sybase";
    ExpectInvalid(ds, {"db_type 'SYBASE'", "supported:", "MYSQL", "POSTGRESQL"});
    ds = Valid();
    ds.host = "";
    ExpectInvalid(ds, {"host is required", "none for this db_type"});
    ds.db_type = "oracle";
    ExpectInvalid(ds, {"host is required", "options.connection_string, options.dsn"});
    ds = Valid();
    ds.port = 70000;
    ExpectInvalid(ds, {"port must be between 1 and 65535", "70000"});
    ds.port = -1;
    ExpectInvalid(ds, {"port"});
    ds = Valid();
    ds.username = "";
    ExpectInvalid(ds, {"username is required"});
    ds = Valid();
    ds.options["sslmode"] = "require";
    ExpectInvalid(ds, {"options.sslmode is not an option of MYSQL", "options: connect_timeout_ms, charset"});
    ds = Valid();
    ds.options["connect_timeout_ms"] = "soon";
    ExpectInvalid(ds, {"options.connect_timeout_ms", "'soon'"});
    ds = Valid();
    ds.description = std::string(1025, 'd');
    ExpectInvalid(ds, {"description"});
    // Control characters in the name (a NUL would cut it short in the store) and NUL anywhere.
    ExpectInvalid(Valid(std::string("\0x", 2)), {"source_name", "control characters"});
    ExpectInvalid(Valid("tab\tname"), {"source_name", "control characters"});
    ExpectInvalid(Valid("bell\x7f"), {"source_name", "control characters"});
    ds = Valid();
    ds.username = std::string("ap\0p", 4);
    ExpectInvalid(ds, {"username", "NUL"});
    ds = Valid();
    ds.options["charset"] = std::string("utf8\0", 5);
    ExpectInvalid(ds, {"options.charset", "NUL"});
    ds = Valid();
    ds.description = "two\nlines\tand a tab";
    EXPECT_TRUE(service_->Save(ds).ok()) << "a description may hold newlines";
    DatasourcePatch nul_name;
    nul_name.id = service_->Save(Valid("renamed-later")).value().id;
    nul_name.source_name = std::string("\0y", 2);
    auto renamed = service_->Update(nul_name, "alice");
    EXPECT_EQ(renamed.status().code(), StatusCode::kInvalidArgument);
    EXPECT_NE(renamed.status().message().find("source_name"), std::string::npos) << renamed.status().message();
    // Names are counted in characters, not bytes.
    EXPECT_TRUE(service_->Save(Valid(std::string(40, 'x') + "数据源名称")).ok());
}

// Options are the plugin's: what a dialect declares is accepted with values of its type, nothing else.
TEST_F(DatasourceServiceTest, OptionsAreCheckedAgainstTheDialectsDeclaration) {
    auto ora = Valid("ora");
    ora.db_type = "oracle";
    ora.options = {{"session_init", ""}, {"odbc_attributes", "FetchBufferSize=1048576"}, {"service_name", "orcl"}};
    auto saved = service_->Save(ora);
    ASSERT_TRUE(saved.ok()) << saved.status().message();
    EXPECT_EQ(saved->options.at("session_init"), "");  // empty is kept: it disables the set-up statements
    auto ob = Valid("ob");
    ob.db_type = "ocean_base_mysql";
    ob.options = {{"tenant", "t1"}, {"cluster", "c1"}, {"mysql_bulk", "load_data"}};
    EXPECT_TRUE(service_->Save(ob).ok());
    auto pg = Valid("pg");
    pg.db_type = "postgresql";
    pg.options = {{"sslmode", "require"}};
    EXPECT_TRUE(service_->Save(pg).ok());

    pg.options = {{"sslmode", "sometimes"}};
    ExpectInvalid(pg, {"options.sslmode must be one of disable, allow, prefer, require, verify-ca, verify-full",
                       "'sometimes'"});
    auto my = Valid("my");
    my.options = {{"socket_timeout_ms", "-5"}};
    ExpectInvalid(my, {"options.socket_timeout_ms must be an integer from 0 to 86400000", "'-5'"});
    my.options = {{"session_init", ""}};
    ExpectInvalid(my, {"options.session_init is not an option of MYSQL"});
    ora.options = {{"tenant", "t1"}};  // OceanBase's, not Oracle's
    ExpectInvalid(ora, {"options.tenant is not an option of ORACLE", "service_name, sid"});
    ora.options = {{"connect_timeout_ms", "0"}};
    ExpectInvalid(ora, {"options.connect_timeout_ms must be an integer from 1 to 30000"});
}

TEST_F(DatasourceServiceTest, OptionsOfADialectAreCoresThenThePlugins) {
    auto names = [&](const std::string& db_type) {
        std::string out;
        for (const auto& o : service_->OptionsOf(db_type)) {
            out += o.name + " ";
        }
        return out;
    };
    EXPECT_EQ(names("ORACLE"),
              "connect_timeout_ms connection_string dsn odbc_driver odbc_attributes session_init odbc_array_size service_name sid ");
    EXPECT_EQ(names("mysql"), "connect_timeout_ms charset socket_timeout_ms mysql_bulk ");
    EXPECT_EQ(names("SYBASE"), "");
}

TEST_F(DatasourceServiceTest, APasswordInTheConnectionStringIsStoredEncryptedAndNeverShown) {
    auto ds = Valid("by-cs");
    ds.host = "";
    ds.password = "";
    ds.db_type = "oracle";
    ds.options["connection_string"] = "Driver={PostgreSQL Unicode};Server=h;UID=u; pwd ={se;cr}}et77};Port=5432";
    auto saved = service_->Save(ds);
    ASSERT_TRUE(saved.ok()) << saved.status().message();
    EXPECT_TRUE(saved->has_password);
    // The rest stays as written (unixODBC's reading: the pair goes, its ';' stays so the rest parses
    // as before, nothing else moves).
    EXPECT_EQ(saved->options.at("connection_string"), "Driver={PostgreSQL Unicode};Server=h;UID=u; ;Port=5432");
    EXPECT_EQ(service_->Get(saved->id, "alice")->options.at("connection_string").find("et77"), std::string::npos);
    std::string stored_options;
    ASSERT_TRUE(store_
                    ->Run([&](StoreSession& s) {
                        auto rows = s.Query("SELECT options, password FROM datasource WHERE id = ?", {saved->id});
                        if (rows.ok() && !rows->empty()) {
                            stored_options = rows->front().Text(0) + rows->front().Text(1);
                        }
                        return rows.status();
                    })
                    .ok());
    EXPECT_EQ(stored_options.find("et77"), std::string::npos) << stored_options;
    EXPECT_NE(stored_options.find("v1:"), std::string::npos) << stored_options;

    // The plugin gets it back in the string it uses verbatim, braced and escaped.
    auto spec = service_->ResolveById(saved->id);
    ASSERT_TRUE(spec.ok()) << spec.status().message();
    EXPECT_EQ(spec->password, "se;cr}et77");
    EXPECT_EQ(spec->options.at("connection_string"),
              "Driver={PostgreSQL Unicode};Server=h;UID=u; ;Port=5432;PWD={se;cr}}et77};");

    // Both places at once is refused, naming the option.
    ds.source_name = "both";
    ds.password = "other";
    ds.options["connection_string"] = "Server=h;PASSWORD=x";
    ExpectInvalid(ds, {"options.connection_string", "password"});

    // An update moves it too; the stored password is replaced.
    DatasourcePatch patch;
    patch.id = saved->id;
    patch.options = std::map<std::string, std::string>{{"connection_string", "Server=h2;Password=NewOne99"}};
    auto updated = service_->Update(patch, "alice");
    ASSERT_TRUE(updated.ok()) << updated.status().message();
    EXPECT_EQ(updated->options.at("connection_string"), "Server=h2;");
    EXPECT_EQ(service_->ResolveById(saved->id)->options.at("connection_string"), "Server=h2;PWD={NewOne99};");
    patch.password = "given";
    EXPECT_EQ(service_->Update(patch, "alice").status().code(), StatusCode::kInvalidArgument);

    // A separate password reaches a connection_string that has none.
    auto plain = Valid("cs-and-password");
    plain.host = "";
    plain.db_type = "dm";
    plain.options["connection_string"] = "Server=h";
    auto with_password = service_->Save(plain);
    ASSERT_TRUE(with_password.ok()) << with_password.status().message();
    EXPECT_EQ(with_password->options.at("connection_string"), "Server=h");
    EXPECT_EQ(service_->ResolveById(with_password->id)->options.at("connection_string"), "Server=h;PWD={app-secret};");
}

TEST_F(DatasourceServiceTest, DsnOrConnectionStringReplaceHostAndDbTypeIsCaseInsensitive) {
    auto ds = Valid("by-dsn");
    ds.host = "";
    ds.port = 0;
    ds.db_type = "ocean_base_oracle";
    ds.options["dsn"] = "pg-dsn";
    auto saved = service_->Save(ds);
    ASSERT_TRUE(saved.ok()) << saved.status().message();
    EXPECT_EQ(saved->db_type, "OCEAN_BASE_ORACLE");
    EXPECT_EQ(saved->options.at("dsn"), "pg-dsn");
    EXPECT_EQ(saved->port, 0);
}

TEST_F(DatasourceServiceTest, DuplicateNameForTheSameUserIsAConflict) {
    ASSERT_TRUE(service_->Save(Valid("dup")).ok());
    auto again = service_->Save(Valid("dup"));
    EXPECT_EQ(again.status().code(), StatusCode::kAlreadyExists);
    EXPECT_NE(again.status().message().find("'dup'"), std::string::npos) << again.status().message();
    auto bob = Valid("dup");
    bob.uid = "bob";
    bob.project = "";  // bob is not a member of p1
    EXPECT_TRUE(service_->Save(bob).ok());
}

TEST_F(DatasourceServiceTest, PasswordIsStoredEncryptedAndNeverReturned) {
    auto saved = service_->Save(Valid());
    ASSERT_TRUE(saved.ok()) << saved.status().message();
    EXPECT_EQ(saved->password, "");
    EXPECT_TRUE(saved->has_password);
    EXPECT_EQ(saved->db_type, "MYSQL");
    EXPECT_EQ(saved->uid, "alice");
    EXPECT_FALSE(saved->insert_time.empty());

    std::string stored = StoredPassword(saved->id);
    EXPECT_EQ(stored.rfind("v1:", 0), 0u) << stored;
    EXPECT_EQ(stored.find("app-secret"), std::string::npos);

    EXPECT_EQ(service_->Get(saved->id, "alice")->password, "");
    auto page = service_->Query({}, "alice");
    ASSERT_TRUE(page.ok());
    ASSERT_EQ(page->items.size(), 1u);
    EXPECT_EQ(page->items[0].password, "");
    EXPECT_TRUE(page->items[0].has_password);
    EXPECT_EQ(service_->ListByType("MYSQL", "alice")->at(0).password, "");

    // Only the resolver (for the engine) sees it, decrypted.
    auto spec = service_->ResolveById(saved->id);
    ASSERT_TRUE(spec.ok()) << spec.status().message();
    EXPECT_EQ(spec->password, "app-secret");

    auto no_password = Valid("no-pass");
    no_password.password = "";
    auto np = service_->Save(no_password);
    ASSERT_TRUE(np.ok());
    EXPECT_FALSE(np->has_password);
    EXPECT_EQ(StoredPassword(np->id), "");
}

TEST_F(DatasourceServiceTest, PartialUpdateChangesOnlyGivenFieldsAndKeepsThePassword) {
    auto saved = service_->Save(Valid()).value();
    DatasourcePatch patch;
    patch.id = saved.id;
    patch.description = "renamed host";
    patch.host = "db.example";
    patch.password = "";  // what a form sends back
    // A new host does not get the stored password: it must be given again.
    auto refused = service_->Update(patch, "alice");
    EXPECT_EQ(refused.status().code(), StatusCode::kInvalidArgument);
    EXPECT_NE(refused.status().message().find("password is required when host changes"), std::string::npos)
        << refused.status().message();
    EXPECT_EQ(service_->Get(saved.id, "alice")->host, saved.host);
    patch.password = "app-secret";
    auto updated = service_->Update(patch, "alice");
    ASSERT_TRUE(updated.ok()) << updated.status().message();
    EXPECT_EQ(updated->description, "renamed host");
    EXPECT_EQ(updated->host, "db.example");
    EXPECT_EQ(updated->port, 13306);
    EXPECT_EQ(updated->username, "app");
    EXPECT_EQ(updated->project, "p1");
    EXPECT_EQ(updated->insert_time, saved.insert_time);
    EXPECT_TRUE(updated->has_password);
    EXPECT_EQ(updated->password, "");
    EXPECT_EQ(service_->ResolveById(saved.id)->password, "app-secret");

    DatasourcePatch new_password;
    new_password.id = saved.id;
    new_password.password = "rotated";
    ASSERT_TRUE(service_->Update(new_password, "alice").ok());
    EXPECT_EQ(service_->ResolveById(saved.id)->password, "rotated");

    DatasourcePatch clear;
    clear.id = saved.id;
    clear.clear_password = true;
    EXPECT_FALSE(service_->Update(clear, "alice")->has_password);
    EXPECT_EQ(service_->ResolveById(saved.id)->password, "");
}

TEST_F(DatasourceServiceTest, UpdateValidatesOwnsAndDetectsConflicts) {
    auto a = service_->Save(Valid("a")).value();
    ASSERT_TRUE(service_->Save(Valid("b")).ok());
    DatasourcePatch patch;
    patch.id = a.id;
    patch.port = 0;
    patch.password = "app-secret";  // another port is another server: the password comes again
    EXPECT_TRUE(service_->Update(patch, "alice").ok()) << "0 means the default port";
    patch.port = 65536;
    auto bad_port = service_->Update(patch, "alice");
    EXPECT_EQ(bad_port.status().code(), StatusCode::kInvalidArgument);
    EXPECT_NE(bad_port.status().message().find("port"), std::string::npos);

    DatasourcePatch bad_type;
    bad_type.id = a.id;
    bad_type.db_type = "informix";
    EXPECT_NE(service_->Update(bad_type, "alice").status().message().find("db_type 'INFORMIX'"), std::string::npos);

    DatasourcePatch rename;
    rename.id = a.id;
    rename.source_name = "b";
    auto conflict = service_->Update(rename, "alice");
    EXPECT_EQ(conflict.status().code(), StatusCode::kAlreadyExists);
    EXPECT_NE(conflict.status().message().find("'b'"), std::string::npos);

    DatasourcePatch other_user;
    other_user.id = a.id;
    other_user.description = "hijack";
    EXPECT_EQ(service_->Update(other_user, "mallory").status().code(), StatusCode::kNotFound);
    EXPECT_EQ(service_->Get(a.id, "mallory").status().code(), StatusCode::kNotFound);
    EXPECT_EQ(service_->Delete(a.id, "mallory").code(), StatusCode::kNotFound);
    EXPECT_EQ(service_->Get(a.id, "alice")->description, "test");

    DatasourcePatch missing;
    missing.id = 4242;
    auto nf = service_->Update(missing, "alice");
    EXPECT_EQ(nf.status().code(), StatusCode::kNotFound);
    EXPECT_NE(nf.status().message().find("4242"), std::string::npos);
}

TEST_F(DatasourceServiceTest, DeleteIsPhysical) {
    auto saved = service_->Save(Valid()).value();
    ASSERT_TRUE(service_->Delete(saved.id, "alice").ok());
    EXPECT_EQ(service_->Get(saved.id, "alice").status().code(), StatusCode::kNotFound);
    EXPECT_EQ(service_->Delete(saved.id, "alice").code(), StatusCode::kNotFound);
    EXPECT_EQ(service_->ResolveById(saved.id).status().code(), StatusCode::kNotFound);
    EXPECT_TRUE(service_->Save(Valid()).ok()) << "the name is free again";
}

TEST_F(DatasourceServiceTest, QueryPagesAndFiltersTypeCaseInsensitively) {
    for (int i = 0; i < 12; ++i) {
        auto ds = Valid("ds" + std::to_string(i));
        ds.db_type = i % 3 == 0 ? "PostgreSQL" : "MySQL";
        ASSERT_TRUE(service_->Save(ds).ok());
    }
    DatasourceQuery q;
    auto first = service_->Query(q, "alice");
    ASSERT_TRUE(first.ok());
    EXPECT_EQ(first->total, 12);
    EXPECT_EQ(first->page, 1);
    EXPECT_EQ(first->page_size, 10);
    EXPECT_EQ(first->items.size(), 10u);
    q.page = 2;
    EXPECT_EQ(service_->Query(q, "alice")->items.size(), 2u);
    q = {};
    q.db_type = "postgresql";
    auto pg = service_->Query(q, "alice");
    EXPECT_EQ(pg->total, 4);
    EXPECT_EQ(pg->items[0].db_type, "POSTGRESQL");
    EXPECT_EQ(service_->ListByType("mysql", "alice")->size(), 8u);
    EXPECT_EQ(service_->ListByType("", "alice")->size(), 12u);
    EXPECT_EQ(service_->Query({}, "bob")->total, 0);
    // Names match anywhere, case-insensitively; LIKE's wildcards are plain characters.
    q = {};
    q.name = " DS1 ";
    auto named = service_->Query(q, "alice");
    ASSERT_TRUE(named.ok()) << named.status().message();
    ASSERT_EQ(named->total, 3) << "ds1, ds10, ds11";
    EXPECT_EQ(named->items[0].source_name, "ds1");
    q.name = "%";
    EXPECT_EQ(service_->Query(q, "alice")->total, 0);
    q.name = "ds1";
    q.db_type = "POSTGRESQL";
    EXPECT_EQ(service_->Query(q, "alice")->total, 0) << "filters combine: ds1, ds10 and ds11 are MySQL";
    q = {};
    q.project = "nowhere";
    EXPECT_EQ(service_->Query(q, "alice")->total, 0);
    q.project = std::string(256, 'p');
    EXPECT_EQ(service_->Query(q, "alice").status().message(), "project is longer than 255 characters");
    q = {};
    q.page_size = 1001;
    auto too_big = service_->Query(q, "alice");
    EXPECT_EQ(too_big.status().code(), StatusCode::kInvalidArgument);
    EXPECT_NE(too_big.status().message().find("pageSize"), std::string::npos);
}

TEST_F(DatasourceServiceTest, ConnectionSpecUsesTheDialectDefaultPort) {
    auto ds = Valid();
    ds.port = 0;
    ds.options["connect_timeout_ms"] = "2500";
    ds.options["charset"] = "utf8mb4";
    auto spec = service_->ToConnectionSpec(ds);
    ASSERT_TRUE(spec.ok()) << spec.status().message();
    EXPECT_EQ(spec->dialect, "MYSQL");
    EXPECT_EQ(spec->port, 3306);
    EXPECT_EQ(spec->connect_timeout_ms, 2500);
    EXPECT_EQ(spec->Option("charset"), "utf8mb4");
    EXPECT_EQ(spec->user, "app");
    EXPECT_EQ(spec->database, "app");
    ds.db_type = "POSTGRESQL";
    EXPECT_EQ(service_->ToConnectionSpec(ds)->port, 5432);
    ds.port = 15432;
    EXPECT_EQ(service_->ToConnectionSpec(ds)->port, 15432);
}

TEST_F(DatasourceServiceTest, ResolveByNameIsUniqueAcrossUsersOrAsksForTheId) {
    ASSERT_TRUE(service_->Save(Valid("solo")).ok());
    auto spec = service_->ResolveByName("solo");
    ASSERT_TRUE(spec.ok()) << spec.status().message();
    EXPECT_EQ(spec->password, "app-secret");
    EXPECT_EQ(service_->ResolveByName("nobody").status().code(), StatusCode::kNotFound);
    auto bob = Valid("solo");
    bob.uid = "bob";
    bob.project = "";  // bob is not a member of p1
    ASSERT_TRUE(service_->Save(bob).ok());
    auto ambiguous = service_->ResolveByName("solo");
    EXPECT_EQ(ambiguous.status().code(), StatusCode::kInvalidArgument);
    EXPECT_NE(ambiguous.status().message().find("datasourceId"), std::string::npos);
}

TEST_F(DatasourceServiceTest, AnotherKeyCannotDecryptStoredPasswords) {
    auto saved = service_->Save(Valid("keyed")).value();
    auto other_box = SecretBox::FromKey(std::string(SecretBox::kKeySize, 'o')).value();
    DatasourceService other(*store_, *other_box, *registry_);
    auto spec = other.ResolveById(saved.id);
    ASSERT_FALSE(spec.ok());
    EXPECT_NE(spec.status().message().find("datasource 'keyed': stored password"), std::string::npos)
        << spec.status().message();
    EXPECT_NE(spec.status().message().find("key file"), std::string::npos);
}

TEST_F(DatasourceServiceTest, DialectDefaultsAreSeededOnceAndOverridesSurvive) {
    auto first = service_->RegisterDialectDefaults();
    ASSERT_TRUE(first.ok()) << first.status().message();
    EXPECT_EQ(first.value(), static_cast<int>(registry_->DialectNames().size()));
    ColumnsQueryRepository repo(*store_);
    auto mysql = repo.Get("MYSQL");
    ASSERT_TRUE(mysql.ok());
    EXPECT_EQ(mysql->ping, registry_->Find("MYSQL")->DefaultPingSql());
    EXPECT_EQ(mysql->query_sql, registry_->Find("MYSQL")->DefaultColumnsSql());

    ASSERT_TRUE(repo.SetOverride("MYSQL", "SELECT 'mine'", "SELECT 42").ok());
    EXPECT_EQ(service_->RegisterDialectDefaults().value(), 0);
    EXPECT_EQ(repo.Get("MYSQL")->ping, "SELECT 42");
}

TEST_F(DatasourceServiceTest, LiveCallsValidateBeforeConnecting) {
    Datasource unsaved;
    unsaved.db_type = "mysql";
    unsaved.username = "app";
    auto ping = service_->Ping(unsaved);
    EXPECT_EQ(ping.status().code(), StatusCode::kInvalidArgument);
    EXPECT_NE(ping.status().message().find("host is required"), std::string::npos) << ping.status().message();
    auto saved = service_->Save(Valid()).value();
    auto cols = service_->Columns(saved.id, " ", "alice");
    EXPECT_NE(cols.status().message().find("tableName is required"), std::string::npos);
    EXPECT_EQ(service_->Tables(999, "alice").status().code(), StatusCode::kNotFound);
    EXPECT_EQ(service_->Ping(saved.id, "bob").status().code(), StatusCode::kNotFound);
}

// A dialect declaring a secret option (api_token) and one that locates the server (endpoint):
// the test fixture plugin in test-plugins/.
class SecretOptionTest : public DatasourceServiceTest {
protected:
    static void SetUpTestSuite() {
        ServiceFixture::SetUpTestSuite();
        registry_->LoadDirectory(DBB_TEST_PLUGIN_DIR);
    }

    std::int64_t SaveWithToken(const std::string& token, const std::string& name = "with-token") {
        auto ds = Valid(name);
        ds.db_type = "options_fixture";
        ds.options = {{"api_token", token}, {"region", "eu"}};
        auto saved = service_->Save(ds);
        EXPECT_TRUE(saved.ok()) << saved.status().message();
        return saved.ok() ? saved->id : 0;
    }
    // The api_token the plugin would get ("" when none).
    std::string TokenForPlugin(std::int64_t id) {
        auto spec = service_->ResolveById(id);
        EXPECT_TRUE(spec.ok()) << spec.status().message();
        return spec.ok() && spec->options.count("api_token") ? spec->options.at("api_token") : "";
    }
    Datasource Updated(DatasourcePatch patch) {
        auto updated = service_->Update(patch, "alice");
        EXPECT_TRUE(updated.ok()) << updated.status().message();
        return updated.ok() ? updated.value() : Datasource{};
    }
};

TEST_F(SecretOptionTest, EveryResponseMasksTheSecretAndThePluginGetsIt) {
    ASSERT_NE(registry_->Find("OPTIONS_FIXTURE"), nullptr) << "options fixture not loaded from " DBB_TEST_PLUGIN_DIR;
    const std::int64_t id = SaveWithToken("tok-1");
    ASSERT_NE(id, 0);
    auto got = service_->Get(id, "alice");
    ASSERT_TRUE(got.ok()) << got.status().message();
    EXPECT_EQ(got->options.at("api_token"), kSecretOptionMask);
    EXPECT_EQ(got->options.at("region"), "eu");
    EXPECT_EQ(service_->GetByName("with-token", "alice")->options.at("api_token"), kSecretOptionMask);
    auto listed = service_->ListByType("OPTIONS_FIXTURE", "alice");
    ASSERT_TRUE(listed.ok() && listed->size() == 1u);
    EXPECT_EQ(listed->front().options.at("api_token"), kSecretOptionMask);
    auto page = service_->Query(DatasourceQuery{}, "alice");
    ASSERT_TRUE(page.ok() && page->items.size() == 1u);
    EXPECT_EQ(page->items.front().options.at("api_token"), kSecretOptionMask);
    EXPECT_EQ(TokenForPlugin(id), "tok-1");
    // Stored sealed, as the password is.
    std::string stored_options;
    ASSERT_TRUE(store_
                    ->Run([&](StoreSession& s) {
                        auto rows = s.Query("SELECT options FROM datasource WHERE id = ?", {id});
                        if (rows.ok() && !rows->empty()) {
                            stored_options = rows->front().Text(0);
                        }
                        return rows.status();
                    })
                    .ok());
    EXPECT_EQ(stored_options.find("tok-1"), std::string::npos) << stored_options;
    EXPECT_NE(stored_options.find("\"api_token\":\"v1:"), std::string::npos) << stored_options;
    EXPECT_NE(stored_options.find("\"region\":\"eu\""), std::string::npos) << stored_options;
}

TEST_F(SecretOptionTest, TheMaskSentBackKeepsTheStoredValue) {
    const std::int64_t id = SaveWithToken("tok-1");
    DatasourcePatch patch;
    patch.id = id;
    patch.options = std::map<std::string, std::string>{{"api_token", kSecretOptionMask}, {"region", "us"}};
    EXPECT_EQ(Updated(patch).options.at("api_token"), kSecretOptionMask);
    EXPECT_EQ(TokenForPlugin(id), "tok-1");
    EXPECT_EQ(service_->Get(id, "alice")->options.at("region"), "us");

    DatasourcePatch rename;  // no options sent: kept too
    rename.id = id;
    rename.description = "renamed";
    Updated(rename);
    EXPECT_EQ(TokenForPlugin(id), "tok-1");

    patch.options = std::map<std::string, std::string>{{"api_token", "tok-2"}};  // resent: replaced
    Updated(patch);
    EXPECT_EQ(TokenForPlugin(id), "tok-2");
}

TEST_F(SecretOptionTest, ANewServerWithoutTheSecretResentClearsIt) {
    const std::int64_t id = SaveWithToken("tok-1");
    DatasourcePatch to_endpoint;  // an option that locates the server changes, the secret comes back masked
    to_endpoint.id = id;
    to_endpoint.password = "app-secret";
    to_endpoint.options = std::map<std::string, std::string>{{"api_token", kSecretOptionMask}, {"endpoint", "evil:1"}};
    EXPECT_EQ(Updated(to_endpoint).options.count("api_token"), 0u);
    EXPECT_EQ(TokenForPlugin(id), "");

    const std::int64_t other = SaveWithToken("tok-3", "other-token");
    DatasourcePatch to_host;  // the host changes, no options sent at all
    to_host.id = other;
    to_host.host = "attacker.example";
    to_host.password = "app-secret";
    EXPECT_EQ(Updated(to_host).options.count("api_token"), 0u);
    EXPECT_EQ(TokenForPlugin(other), "");

    to_host.options = std::map<std::string, std::string>{{"api_token", "tok-4"}};  // resent with the move: kept
    to_host.host = "moved.example";
    EXPECT_EQ(Updated(to_host).options.at("api_token"), kSecretOptionMask);
    EXPECT_EQ(TokenForPlugin(other), "tok-4");
}

TEST_F(SecretOptionTest, TheMaskWithNothingStoredIsRefused) {
    auto ds = Valid("mask-only");
    ds.db_type = "options_fixture";
    ds.options = {{"api_token", kSecretOptionMask}};
    ExpectInvalid(ds, {"options.api_token", "stands for the stored value, but none is stored"});
}

}  // namespace
}  // namespace dbbridge::core::testing
