#include "core/datasource/datasource_service.h"

#include <Poco/Exception.h>
#include <Poco/JSON/Object.h>
#include <Poco/JSON/Parser.h>

#include <algorithm>
#include <optional>
#include <set>

#include "dbbridge/sdk/util/json_writer.h"
#include "dbbridge/sdk/util/odbc_connection_string.h"
#include "dbbridge/sdk/util/sql_text.h"

namespace dbbridge::core {

namespace {

constexpr std::size_t kMaxDescriptionChars = 1024;
constexpr std::size_t kMaxHostChars = 255;
constexpr std::size_t kMaxDbNameChars = 255;
constexpr std::size_t kMaxUsernameChars = 255;
constexpr std::size_t kMaxProjectChars = 128;
constexpr std::size_t kMaxUidChars = 64;
constexpr std::size_t kMaxPasswordBytes = 1024;
constexpr int kMaxPort = 65535;
constexpr std::size_t kMaxFilterChars = 255;  // list filters (project, name)

std::size_t Utf8Chars(const std::string& s) {
    return static_cast<std::size_t>(
        std::count_if(s.begin(), s.end(), [](char c) { return (static_cast<unsigned char>(c) & 0xC0) != 0x80; }));
}

std::string Trim(const std::string& s) {
    const char* ws = " \t\r\n";
    auto b = s.find_first_not_of(ws);
    if (b == std::string::npos) {
        return "";
    }
    return s.substr(b, s.find_last_not_of(ws) - b + 1);
}

std::string Join(const std::vector<std::string>& items) {
    std::string out;
    for (const auto& i : items) {
        out += (out.empty() ? "" : ", ") + i;
    }
    return out;
}

sdk::Status CheckLength(const std::string& field, const std::string& value, std::size_t max_chars) {
    std::size_t n = Utf8Chars(value);
    if (n > max_chars) {
        return sdk::Status::InvalidArgument(field + " must be at most " + std::to_string(max_chars) +
                                            " characters (got " + std::to_string(n) + ")");
    }
    return sdk::Status::Ok();
}

// Names may not hold control characters (SQLite and C strings stop at a NUL, so "\u0000x" would
// be kept as "" and shown so); other text fields may hold newlines and tabs but no NUL.
sdk::Status CheckText(const std::string& field, const std::string& value, bool is_name) {
    for (std::size_t i = 0; i < value.size(); ++i) {
        const unsigned char c = static_cast<unsigned char>(value[i]);
        if (c == 0 || (is_name && (c < 0x20 || c == 0x7F))) {
            return sdk::Status::InvalidArgument(field + " must not contain " +
                                                (is_name ? "control characters" : "NUL characters") + " (found byte " +
                                                std::to_string(c) + " at position " + std::to_string(i) + ")");
        }
    }
    return sdk::Status::Ok();
}

constexpr const char* kConnectionString = kConnectionStringOption;

// cs with "PWD={password};" appended (the plugins use connection_string verbatim).
std::string WithPasswordAttribute(const std::string& cs, const std::string& password) {
    std::string out = sdk::util::SplitOdbcPassword(cs).rest;
    if (!out.empty() && out.back() != ';') {
        out += ';';
    }
    return out + "PWD=" + sdk::util::BraceOdbcValue(password) + ";";
}

// Moves a password written into options.connection_string into ds.password, so it is stored
// encrypted and never shown. Refused when ds.password is given too (which one would win is unclear).
sdk::Status MovePasswordOut(Datasource& ds) {
    auto it = ds.options.find(kConnectionString);
    if (it == ds.options.end()) {
        return sdk::Status::Ok();
    }
    auto split = sdk::util::SplitOdbcPassword(it->second);
    if (!split.password) {
        return sdk::Status::Ok();
    }
    if (!ds.password.empty()) {
        return sdk::Status::InvalidArgument(
            "options.connection_string holds a password (PWD=...) and password is given too; give it only in "
            "password");
    }
    ds.password = *split.password;
    it->second = split.rest;
    return sdk::Status::Ok();
}

std::string OptionsToJson(const std::map<std::string, std::string>& options) {
    sdk::util::JsonWriter w;
    w.BeginObject();
    for (const auto& [k, v] : options) {
        w.Key(k).String(v);
    }
    w.EndObject();
    return w.str();
}

// The columns a user edits, as stored (options as JSON); id, uid, password and times are the
// caller's business.
void CopyEditableFields(const Datasource& ds, DatasourceRow& row) {
    row.source_name = ds.source_name;
    row.description = ds.description;
    row.db_type = ds.db_type;
    row.host = ds.host;
    row.port = ds.port;
    row.db_name = ds.db_name;
    row.username = ds.username;
    row.project = ds.project;
    row.options = OptionsToJson(ds.options);
}

sdk::Result<std::map<std::string, std::string>> OptionsFromJson(const std::string& json) {
    std::map<std::string, std::string> out;
    if (json.empty()) {
        return out;
    }
    try {
        Poco::JSON::Parser parser;
        auto obj = parser.parse(json).extract<Poco::JSON::Object::Ptr>();
        for (const auto& [k, v] : *obj) {
            out[k] = v.isEmpty() ? "" : v.convert<std::string>();
        }
        return out;
    } catch (const Poco::Exception& e) {
        return sdk::Status::Internal("stored options are not a JSON object: " + e.displayText());
    }
}

// Output form: never carries a password.
sdk::Result<Datasource> FromRow(const DatasourceRow& row) {
    Datasource ds;
    ds.id = row.id;
    ds.source_name = row.source_name;
    ds.description = row.description;
    ds.db_type = row.db_type;
    ds.host = row.host;
    ds.port = row.port;
    ds.db_name = row.db_name;
    ds.username = row.username;
    ds.has_password = !row.password.empty();
    ds.project = row.project;
    ds.uid = row.uid;
    ds.insert_time = row.insert_time;
    ds.update_time = row.update_time;
    auto options = OptionsFromJson(row.options);
    if (!options.ok()) {
        return options.status().WithContext("datasource '" + row.source_name + "'");
    }
    ds.options = std::move(options.value());
    auto cs = ds.options.find(kConnectionString);
    if (cs != ds.options.end()) {
        cs->second = sdk::util::SplitOdbcPassword(cs->second).rest;  // rows saved before passwords were moved out
    }
    return ds;
}

// The password a row saved before passwords were moved out keeps in its connection_string.
std::optional<std::string> LegacyPassword(const DatasourceRow& row) {
    if (!row.password.empty()) {
        return std::nullopt;
    }
    auto options = OptionsFromJson(row.options);
    if (!options.ok() || !options->count(kConnectionString)) {
        return std::nullopt;
    }
    return sdk::util::SplitOdbcPassword(options->at(kConnectionString)).password;
}

// "datasource 'pg-main' (POSTGRESQL 127.0.0.1:15432/app)"
std::string Describe(const Datasource& ds, int effective_port) {
    std::string where;
    if (ds.host.empty()) {
        auto it = ds.options.find("dsn");
        where = it != ds.options.end() ? "dsn=" + it->second : "connection_string";
    } else {
        where = ds.host + ":" + std::to_string(effective_port);
    }
    std::string out = "datasource ";
    if (!ds.source_name.empty()) {
        out += "'" + ds.source_name + "' ";
    }
    return out + "(" + ds.db_type + " " + where + (ds.db_name.empty() ? "" : "/" + ds.db_name) + ")";
}

// What changed of where or as whom a datasource connects: host, port, username, db_type and the
// options that locate the server (declared so by the plugin, and the ODBC driver).
std::vector<std::string> TargetChanges(const Datasource& before, const Datasource& after,
                                       const std::vector<sdk::OptionSpec>& declared) {
    std::vector<std::string> changed;
    auto compare = [&](const std::string& field, const std::string& a, const std::string& b) {
        if (a != b) {
            changed.push_back(field);
        }
    };
    auto option = [](const Datasource& ds, const std::string& key) {
        auto it = ds.options.find(key);
        return it == ds.options.end() ? std::string() : it->second;
    };
    compare("host", before.host, after.host);
    compare("port", std::to_string(before.port), std::to_string(after.port));
    compare("username", before.username, after.username);
    compare("db_type", before.db_type, after.db_type);
    std::set<std::string> locating{"odbc_driver", "dsn", kConnectionString};
    for (const auto& spec : declared) {
        if (spec.locates_server) {
            locating.insert(spec.name);
        }
    }
    for (const auto& key : locating) {
        compare("options." + key, option(before, key), option(after, key));
    }
    return changed;
}

// The stored password must not follow a datasource to another server or account: pointing a
// saved datasource at one's own listener and pinging it would hand the password over. So a change
// of where or as whom it connects needs the password again.
sdk::Status RequirePasswordForNewTarget(const std::vector<std::string>& changed) {
    if (changed.empty()) {
        return sdk::Status::Ok();
    }
    return sdk::Status::InvalidArgument("password is required when " + Join(changed) +
                                        " changes (the stored password is not sent to a new server or account)");
}

sdk::Status RefuseMaskWithoutStoredValue(const std::string& key) {
    return sdk::Status::InvalidArgument("options." + key + ": '" + kSecretOptionMask +
                                        "' stands for the stored value, but none is stored; give the value");
}

}  // namespace

DatasourceService::DatasourceService(MetadataStore& store, SecretBox& secrets, const PluginRegistry& plugins)
    : datasources_(store), columns_queries_(store), secrets_(secrets), plugins_(plugins), access_(store) {}

sdk::Result<Datasource> DatasourceService::Shown(sdk::Result<Datasource> ds) const {
    if (ds.ok()) {
        MaskSecretOptions(ds->options, OptionsOf(ds->db_type));
    }
    return ds;
}

sdk::Status DatasourceService::KeepOrClearSecrets(const Datasource& before, Datasource& after, bool options_sent,
                                                  bool new_target) const {
    for (const auto& spec : OptionsOf(after.db_type)) {
        auto sent = after.options.find(spec.name);
        if (!IsMaskedSecret(spec) || sent == after.options.end() || sent->second.empty()) {
            continue;
        }
        const bool masked = sent->second == kSecretOptionMask;
        if (options_sent && !masked) {
            continue;  // resent: the value given is the value
        }
        auto stored = before.options.find(spec.name);
        if (stored == before.options.end() || stored->second.empty()) {
            return RefuseMaskWithoutStoredValue(spec.name);
        }
        if (new_target) {
            after.options.erase(sent);  // not sent along to another server or account
        } else {
            sent->second = stored->second;
        }
    }
    return sdk::Status::Ok();
}

sdk::Status DatasourceService::SealSecrets(Datasource& ds) const {
    for (const auto& spec : OptionsOf(ds.db_type)) {
        auto it = ds.options.find(spec.name);
        if (IsMaskedSecret(spec) && it != ds.options.end() && !it->second.empty()) {
            DBB_ASSIGN_OR_RETURN(it->second, secrets_.Encrypt(it->second));
        }
    }
    return sdk::Status::Ok();
}

sdk::Status DatasourceService::OpenSecrets(Datasource& ds) const {
    for (const auto& spec : OptionsOf(ds.db_type)) {
        auto it = ds.options.find(spec.name);
        // A value saved before secret options were sealed is still in clear: used as it is.
        if (!IsMaskedSecret(spec) || it == ds.options.end() || !SecretBox::LooksEncrypted(it->second)) {
            continue;
        }
        auto plain = secrets_.Decrypt(it->second);
        if (!plain.ok()) {
            return plain.status().WithContext("datasource '" + ds.source_name + "': stored options." + spec.name);
        }
        it->second = plain.value();
    }
    return sdk::Status::Ok();
}

std::vector<sdk::OptionSpec> DatasourceService::OptionsOf(const std::string& db_type) const {
    const sdk::Dialect* dialect = plugins_.Find(db_type);
    return dialect != nullptr ? DeclaredOptions(*dialect) : std::vector<sdk::OptionSpec>{};
}

sdk::Status DatasourceService::Validate(const Datasource& ds, bool require_name, bool check_dialect) const {
    if (require_name && ds.source_name.empty()) {
        return sdk::Status::InvalidArgument("source_name is required");
    }
    DBB_RETURN_IF_ERROR(CheckLength("source_name", ds.source_name, kMaxSourceNameChars));
    DBB_RETURN_IF_ERROR(CheckText("source_name", ds.source_name, /*is_name=*/true));
    for (const auto& [field, value] : {std::pair<const char*, const std::string*>{"description", &ds.description},
                                       {"db_type", &ds.db_type},
                                       {"host", &ds.host},
                                       {"db_name", &ds.db_name},
                                       {"username", &ds.username},
                                       {"password", &ds.password},
                                       {"project", &ds.project},
                                       {"uid", &ds.uid}}) {
        DBB_RETURN_IF_ERROR(CheckText(field, *value, /*is_name=*/false));
    }
    DBB_RETURN_IF_ERROR(CheckLength("description", ds.description, kMaxDescriptionChars));
    const std::string supported = Join(plugins_.DialectNames());
    if (ds.db_type.empty()) {
        return sdk::Status::InvalidArgument("db_type is required (supported: " + supported + ")");
    }
    if (check_dialect && plugins_.Find(ds.db_type) == nullptr) {
        return sdk::Status::InvalidArgument("db_type '" + ds.db_type +
                                            "' is not served by any loaded plugin (supported: " +
                                            (supported.empty() ? "none; no plugin is loaded" : supported) + ")");
    }
    // Options are the plugin's: checked against its declaration. A datasource whose plugin is not
    // loaded right now (an edit that keeps its db_type) keeps options that cannot be checked.
    const sdk::Dialect* dialect = plugins_.Find(ds.db_type);
    const std::vector<sdk::OptionSpec> declared = dialect != nullptr ? DeclaredOptions(*dialect)
                                                                     : std::vector<sdk::OptionSpec>{};
    if (dialect != nullptr) {
        DBB_RETURN_IF_ERROR(ValidateOptions(ds.options, declared, dialect->Name()));
    }
    for (const auto& [key, value] : ds.options) {  // what the store needs whatever the plugin says
        DBB_RETURN_IF_ERROR(CheckText("options." + key, value, /*is_name=*/false));
        DBB_RETURN_IF_ERROR(CheckLength("options." + key, value, kMaxOptionValueBytes));
    }
    const bool serverless = dialect != nullptr && dialect->DefaultPort() == 0;  // a database file
    if (ds.host.empty() && !serverless && !LocatesServer(ds.options, declared)) {
        return sdk::Status::InvalidArgument("host is required (unless an option that locates the server is set: " +
                                            LocatingOptionNames(declared) + ")");
    }
    DBB_RETURN_IF_ERROR(CheckLength("host", ds.host, kMaxHostChars));
    if (ds.port < 0 || ds.port > kMaxPort) {
        return sdk::Status::InvalidArgument("port must be between 1 and 65535, or 0 for the default (got " +
                                            std::to_string(ds.port) + ")");
    }
    DBB_RETURN_IF_ERROR(CheckLength("db_name", ds.db_name, kMaxDbNameChars));
    if (ds.username.empty() && !serverless) {
        return sdk::Status::InvalidArgument("username is required");
    }
    DBB_RETURN_IF_ERROR(CheckLength("username", ds.username, kMaxUsernameChars));
    if (ds.password.size() > kMaxPasswordBytes) {
        return sdk::Status::InvalidArgument("password must be at most " + std::to_string(kMaxPasswordBytes) + " bytes");
    }
    DBB_RETURN_IF_ERROR(CheckLength("project", ds.project, kMaxProjectChars));
    DBB_RETURN_IF_ERROR(CheckLength("uid", ds.uid, kMaxUidChars));
    return sdk::Status::Ok();
}

sdk::Result<Datasource> DatasourceService::Save(const Datasource& input) {
    Datasource ds = input;
    ds.source_name = Trim(ds.source_name);
    ds.host = Trim(ds.host);
    ds.db_type = sdk::util::ToUpper(Trim(ds.db_type));
    DBB_RETURN_IF_ERROR(MovePasswordOut(ds));
    DBB_RETURN_IF_ERROR(KeepOrClearSecrets(Datasource{}, ds, /*options_sent=*/true, /*new_target=*/false));
    DBB_RETURN_IF_ERROR(Validate(ds, /*require_name=*/true, /*check_dialect=*/true));
    DBB_RETURN_IF_ERROR(access_.CheckProject(ds.uid, ds.project));
    DatasourceRow row;
    DBB_RETURN_IF_ERROR(SealSecrets(ds));
    CopyEditableFields(ds, row);
    row.uid = ds.uid;
    if (!ds.password.empty()) {
        DBB_ASSIGN_OR_RETURN(auto enc, secrets_.Encrypt(ds.password));
        row.password = enc;
    }
    DBB_ASSIGN_OR_RETURN(auto id, datasources_.Insert(row));
    DBB_ASSIGN_OR_RETURN(auto stored, datasources_.Get(id));
    return Shown(FromRow(stored));
}

sdk::Result<DatasourceRow> DatasourceService::LoadOwned(std::int64_t id, const std::string& uid, Access need) {
    auto row = datasources_.Get(id);
    if (!row.ok()) {
        return row.status();
    }
    // Another user's datasource answers as a missing id does (see AccessPolicy).
    DBB_RETURN_IF_ERROR(access_.Check(uid, {row->uid, row->project}, need, "datasource id " + std::to_string(id)));
    return row;
}

sdk::Result<Datasource> DatasourceService::Update(const DatasourcePatch& patch, const std::string& uid) {
    auto loaded = LoadOwned(patch.id, uid, Access::kEdit);
    if (!loaded.ok()) {
        return loaded.status();
    }
    DatasourceRow row = loaded.value();
    DBB_ASSIGN_OR_RETURN(auto current, FromRow(row));
    DBB_RETURN_IF_ERROR(OpenSecrets(current));
    Datasource ds = current;
    if (patch.source_name) {
        ds.source_name = Trim(*patch.source_name);
    }
    if (patch.description) {
        ds.description = *patch.description;
    }
    if (patch.db_type) {
        ds.db_type = sdk::util::ToUpper(Trim(*patch.db_type));
    }
    if (patch.host) {
        ds.host = Trim(*patch.host);
    }
    if (patch.port) {
        ds.port = *patch.port;
    }
    if (patch.db_name) {
        ds.db_name = *patch.db_name;
    }
    if (patch.username) {
        ds.username = *patch.username;
    }
    if (patch.project && *patch.project != ds.project) {
        DBB_RETURN_IF_ERROR(access_.CheckProject(uid, *patch.project));
        ds.project = *patch.project;
    }
    if (patch.options) {
        ds.options = *patch.options;
    }
    ds.password = patch.password.value_or("");
    DBB_RETURN_IF_ERROR(MovePasswordOut(ds));
    // Compared once a password in the connection string has moved out, as the stored one has.
    const std::vector<std::string> changed = TargetChanges(current, ds, OptionsOf(ds.db_type));
    DBB_RETURN_IF_ERROR(KeepOrClearSecrets(current, ds, patch.options.has_value(), !changed.empty()));
    const bool keeps_password = ds.password.empty() && !patch.clear_password &&
                                (!row.password.empty() || LegacyPassword(row).has_value());
    if (ds.password.empty() && !patch.clear_password) {
        // A row saved before passwords were moved out: its password moves now.
        ds.password = LegacyPassword(row).value_or("");
    }
    // The dialect is checked only when it changes: a datasource whose plugin is not loaded
    // right now can still be edited.
    DBB_RETURN_IF_ERROR(Validate(ds, /*require_name=*/true, /*check_dialect=*/patch.db_type.has_value()));
    if (keeps_password) {
        DBB_RETURN_IF_ERROR(RequirePasswordForNewTarget(changed));
    }

    DBB_RETURN_IF_ERROR(SealSecrets(ds));
    CopyEditableFields(ds, row);
    if (patch.clear_password) {
        row.password.clear();
    }
    if (!ds.password.empty()) {
        DBB_ASSIGN_OR_RETURN(auto enc, secrets_.Encrypt(ds.password));
        row.password = enc;
    }
    DBB_RETURN_IF_ERROR(datasources_.Update(row));
    DBB_ASSIGN_OR_RETURN(auto stored, datasources_.Get(row.id));
    return Shown(FromRow(stored));
}

sdk::Status DatasourceService::Delete(std::int64_t id, const std::string& uid) {
    auto loaded = LoadOwned(id, uid, Access::kEdit);
    if (!loaded.ok()) {
        return loaded.status();
    }
    return datasources_.Delete(id);
}

sdk::Result<Datasource> DatasourceService::Get(std::int64_t id, const std::string& uid) {
    DBB_ASSIGN_OR_RETURN(auto loaded, LoadOwned(id, uid, Access::kUse));
    return Shown(FromRow(loaded));
}

sdk::Result<Page<Datasource>> DatasourceService::Query(const DatasourceQuery& query, const std::string& uid) {
    auto visible = access_.VisibleTo(uid);
    DBB_RETURN_IF_ERROR(visible.status());
    DatasourceFilter filter(sdk::util::ToUpper(Trim(query.db_type)));
    filter.project = Trim(query.project);
    filter.name = Trim(query.name);
    for (const auto& [field, value] : {std::pair<const char*, const std::string*>{"project", &filter.project},
                                       {"name", &filter.name}}) {
        if (value->size() > kMaxFilterChars) {
            return sdk::Status::InvalidArgument(std::string(field) + " is longer than " +
                                                std::to_string(kMaxFilterChars) + " characters");
        }
    }
    DBB_ASSIGN_OR_RETURN(auto rows, datasources_.Query(*visible, filter, query.page, query.page_size));
    Page<Datasource> page;
    page.total = rows.total;
    page.page = rows.page;
    page.page_size = rows.page_size;
    for (const auto& r : rows.items) {
        DBB_ASSIGN_OR_RETURN(auto ds, Shown(FromRow(r)));
        page.items.push_back(std::move(ds));
    }
    return page;
}

sdk::Result<std::vector<Datasource>> DatasourceService::ListByType(const std::string& db_type, const std::string& uid) {
    auto visible = access_.VisibleTo(uid);
    DBB_RETURN_IF_ERROR(visible.status());
    DBB_ASSIGN_OR_RETURN(auto rows, datasources_.List(*visible, sdk::util::ToUpper(Trim(db_type))));
    std::vector<Datasource> out;
    for (const auto& r : rows) {
        DBB_ASSIGN_OR_RETURN(auto ds, Shown(FromRow(r)));
        out.push_back(std::move(ds));
    }
    return out;
}

sdk::Result<Datasource> DatasourceService::WithSecret(const DatasourceRow& row) const {
    auto ds = FromRow(row);
    if (!ds.ok()) {
        return ds.status();
    }
    DBB_RETURN_IF_ERROR(OpenSecrets(*ds));
    if (!row.password.empty()) {
        auto plain = secrets_.Decrypt(row.password);
        if (!plain.ok()) {
            return plain.status().WithContext("datasource '" + row.source_name + "': stored password");
        }
        ds->password = plain.value();
    } else {
        ds->password = LegacyPassword(row).value_or("");
    }
    return ds;
}

sdk::Result<sdk::ConnectionSpec> DatasourceService::ToConnectionSpec(const Datasource& ds) const {
    const sdk::Dialect* dialect = plugins_.Find(ds.db_type);
    if (dialect == nullptr) {
        return sdk::Status::InvalidArgument(
            "datasource '" + ds.source_name + "': db_type '" + ds.db_type +
            "' is not served by any loaded plugin (supported: " + Join(plugins_.DialectNames()) + ")");
    }
    sdk::ConnectionSpec spec;
    spec.dialect = dialect->Name();
    spec.host = ds.host;
    spec.port = ds.port != 0 ? ds.port : dialect->DefaultPort();
    spec.database = ds.db_name;
    spec.user = ds.username;
    spec.password = ds.password;
    spec.options = ds.options;
    auto cs = spec.options.find(kConnectionString);
    if (cs != spec.options.end() && !cs->second.empty() && !ds.password.empty()) {
        cs->second = WithPasswordAttribute(cs->second, ds.password);
    }
    auto timeout = ds.options.find(kConnectTimeoutOption);
    if (timeout != ds.options.end()) {
        try {
            spec.connect_timeout_ms = std::stoi(timeout->second);
        } catch (const std::exception&) {
            return sdk::Status::InvalidArgument(std::string("options.") + kConnectTimeoutOption +
                                                " must be a positive integer (got '" + timeout->second + "')");
        }
    }
    return spec;
}

sdk::Result<std::unique_ptr<sdk::Connection>> DatasourceService::Connect(const Datasource& ds,
                                                                         std::string& context) const {
    DBB_ASSIGN_OR_RETURN(auto spec, ToConnectionSpec(ds));
    context = Describe(ds, spec.port);
    const sdk::Dialect* dialect = plugins_.Find(ds.db_type);
    auto conn = dialect->Connect(spec);
    if (!conn.ok()) {
        return conn.status().WithContext(context);
    }
    return conn;
}

sdk::Result<std::string> DatasourceService::PingSql(const std::string& db_type) {
    const sdk::Dialect* dialect = plugins_.Find(db_type);
    std::string ping_sql = dialect != nullptr ? dialect->DefaultPingSql() : "";
    auto row = columns_queries_.Get(db_type);
    if (row.ok() && !Trim(row->ping).empty()) {
        ping_sql = row->ping;
    } else if (!row.ok() && row.status().code() != sdk::StatusCode::kNotFound) {
        return row.status();
    }
    return ping_sql;
}

sdk::Result<sdk::PingResult> DatasourceService::PingOn(sdk::Connection& conn, const Datasource& ds,
                                                       const std::string& context) {
    DBB_ASSIGN_OR_RETURN(auto ping_sql, PingSql(ds.db_type));
    auto pong = conn.Ping(ping_sql);
    if (!pong.ok()) {
        return pong.status().WithContext(context);
    }
    if (pong->server_version.empty()) {
        auto version = conn.ServerVersion();
        if (version.ok()) {
            pong->server_version = version.value();
        }
    }
    return pong;
}

template <typename T>
sdk::Result<T> DatasourceService::WithConnection(std::int64_t id, const std::string& uid, const ConnectionFn<T>& fn) {
    DBB_ASSIGN_OR_RETURN(auto row, LoadOwned(id, uid, Access::kUse));
    DBB_ASSIGN_OR_RETURN(auto ds, WithSecret(row));
    std::string context;
    DBB_ASSIGN_OR_RETURN(auto conn, Connect(ds, context));
    return fn(*conn, ds, context);
}

sdk::Result<sdk::PingResult> DatasourceService::Ping(std::int64_t id, const std::string& uid) {
    return WithConnection<sdk::PingResult>(
        id, uid, [this](sdk::Connection& conn, const Datasource& ds, const std::string& context) {
            return PingOn(conn, ds, context);
        });
}

sdk::Result<sdk::PingResult> DatasourceService::Ping(const Datasource& unsaved) {
    auto slot = unsaved_pings_.Acquire(unsaved.uid);
    if (!slot.ok()) {
        return slot.status();
    }
    Datasource ds = unsaved;
    ds.source_name = Trim(ds.source_name);
    ds.host = Trim(ds.host);
    ds.db_type = sdk::util::ToUpper(Trim(ds.db_type));
    DBB_RETURN_IF_ERROR(MovePasswordOut(ds));
    DBB_RETURN_IF_ERROR(Validate(ds, /*require_name=*/false, /*check_dialect=*/true));
    std::string context;
    DBB_ASSIGN_OR_RETURN(auto conn, Connect(ds, context));
    return PingOn(*conn, ds, context);
}

sdk::Result<std::vector<sdk::TableInfo>> DatasourceService::Tables(std::int64_t id, const std::string& uid) {
    return WithConnection<std::vector<sdk::TableInfo>>(
        id, uid, [](sdk::Connection& conn, const Datasource&, const std::string& context) {
            auto tables = conn.ListTables("");
            if (!tables.ok()) {
                return sdk::Result<std::vector<sdk::TableInfo>>(tables.status().WithContext(context));
            }
            return tables;
        });
}

sdk::Result<std::vector<sdk::ColumnInfo>> DatasourceService::Columns(std::int64_t id, const std::string& table,
                                                                     const std::string& uid) {
    const std::string name = Trim(table);
    if (name.empty()) {
        return sdk::Status::InvalidArgument("tableName is required");
    }
    return WithConnection<std::vector<sdk::ColumnInfo>>(
        id, uid, [&name](sdk::Connection& conn, const Datasource&, const std::string& context) {
            using Columns = sdk::Result<std::vector<sdk::ColumnInfo>>;
            auto columns = conn.ListColumns(name);
            if (!columns.ok()) {
                return Columns(columns.status().WithContext(context));
            }
            if (columns->empty()) {
                return Columns(
                    sdk::Status::NotFound(context + ": table '" + name + "' not found (or it has no columns)"));
            }
            return columns;
        });
}

sdk::Result<int> DatasourceService::RegisterDialectDefaults() {
    int inserted = 0;
    for (const auto& name : plugins_.DialectNames()) {
        const sdk::Dialect* d = plugins_.Find(name);
        if (d == nullptr) {
            continue;
        }
        auto done = columns_queries_.InsertDefaultIfAbsent(name, d->DefaultColumnsSql(), d->DefaultPingSql());
        if (!done.ok()) {
            return done.status().WithContext("columns_query defaults for " + name);
        }
        inserted += done.value() ? 1 : 0;
    }
    return inserted;
}

sdk::Result<sdk::ConnectionSpec> DatasourceService::SpecOf(const sdk::Result<DatasourceRow>& row) const {
    if (!row.ok()) {
        return row.status();
    }
    DBB_ASSIGN_OR_RETURN(auto ds, WithSecret(row.value()));
    return ToConnectionSpec(ds);
}

sdk::Result<sdk::ConnectionSpec> DatasourceService::ResolveById(std::int64_t id) { return SpecOf(datasources_.Get(id)); }

sdk::Result<sdk::ConnectionSpec> DatasourceService::ResolveByIdForUser(std::int64_t id, const std::string& uid) {
    return SpecOf(LoadOwned(id, uid, Access::kUse));
}

sdk::Result<Datasource> DatasourceService::GetByName(const std::string& name, const std::string& uid) {
    DBB_ASSIGN_OR_RETURN(auto row, VisibleByName(name, uid));
    return Shown(FromRow(row));
}

sdk::Result<sdk::ConnectionSpec> DatasourceService::ResolveByName(const std::string& name) {
    DBB_ASSIGN_OR_RETURN(auto rows, datasources_.FindByName(name));
    if (rows.empty()) {
        return sdk::Status::NotFound("datasource '" + name + "' not found");
    }
    if (rows.size() > 1) {
        return sdk::Status::InvalidArgument("datasource name '" + name + "' is used by " + std::to_string(rows.size()) +
                                            " users; refer to it by datasourceId instead");
    }
    return SpecOf(rows.front());
}

sdk::Result<DatasourceRow> DatasourceService::VisibleByName(const std::string& name, const std::string& uid) {
    auto own = datasources_.GetByName(uid, name);
    if (own.ok() || own.status().code() != sdk::StatusCode::kNotFound) {
        return own;
    }
    // Not uid's own: one of its projects' (names are unique per owner, so maybe several).
    auto visible = access_.VisibleTo(uid);
    DBB_RETURN_IF_ERROR(visible.status());
    auto rows = datasources_.List(*visible, "");
    DBB_RETURN_IF_ERROR(rows.status());
    std::vector<DatasourceRow> named;
    for (auto& r : *rows) {
        if (r.source_name == name) {
            named.push_back(std::move(r));
        }
    }
    if (named.size() > 1) {
        return sdk::Status::InvalidArgument("datasource '" + name + "' names " + std::to_string(named.size()) +
                                            " datasources of different owners; use its id");
    }
    if (named.empty()) {
        return own.status();  // not found, as for another user's
    }
    return std::move(named.front());
}

sdk::Result<sdk::ConnectionSpec> DatasourceService::ResolveByNameForUser(const std::string& name,
                                                                         const std::string& uid) {
    return SpecOf(VisibleByName(name, uid));
}

}  // namespace dbbridge::core
