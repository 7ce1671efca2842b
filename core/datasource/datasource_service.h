#pragma once
// Datasource management (seed 000 §1): validation, storage with encrypted passwords, and the
// live operations (ping, tables, columns) through the dialect plugins. The HTTP handlers call
// this; so does the job engine, through ConnectionResolver.
//
// Every method returns a Status naming the field, datasource or plugin at fault; errors from a
// plugin are prefixed with the datasource ("datasource 'pg-main' (POSTGRESQL 127.0.0.1:15432/app):
// ..."). uid is the acting user of every user-facing call, checked through auth::AccessPolicy when
// the datasource is used: owners and admins use and edit, project members use; to anyone else a
// datasource is reported as not found.
// Thread-safe: the service holds no mutable state of its own beyond the ping limiter's counts.

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "core/auth/access_policy.h"
#include "core/datasource/connection_resolver.h"
#include "core/datasource/datasource.h"
#include "core/datasource/datasource_options.h"
#include "core/datasource/ping_limiter.h"
#include "core/plugin/plugin_registry.h"
#include "core/secret/secret_box.h"
#include "core/store/columns_query_repository.h"
#include "core/store/datasource_repository.h"
#include "core/store/metadata_store.h"
#include "dbbridge/sdk/connection.h"
#include "dbbridge/sdk/status.h"

namespace dbbridge::core {

class DatasourceService : public ConnectionResolver {
public:
    static constexpr std::size_t kMaxSourceNameChars = 128;

    DatasourceService(MetadataStore& store, SecretBox& secrets, const PluginRegistry& plugins);

    // Validates and stores a new datasource for ds.uid (ds.id is ignored). Returns it as stored,
    // without password. kInvalidArgument naming the field; kAlreadyExists naming source_name.
    // A PWD= / PASSWORD= attribute in options.connection_string (Save, Update, unsaved Ping) is
    // moved into the encrypted password (refused when password is given too): the stored and
    // returned connection_string never hold it; ToConnectionSpec puts it back for the plugin.
    sdk::Result<Datasource> Save(const Datasource& ds);
    // Changes only the fields set in patch; the stored password stays unless a new one is given.
    // Secret options (OptionSpec::secret) are stored sealed like the password and returned as
    // kSecretOptionMask by every method here;
    // sent back so, the stored value stays, unless where or as whom it connects changes (host,
    // port, username, db_type, an option that locates the server): then it is cleared.
    // kNotFound for an unknown id or one owned by another uid.
    sdk::Result<Datasource> Update(const DatasourcePatch& patch, const std::string& uid);
    // Physical delete. kNotFound when absent.
    sdk::Status Delete(std::int64_t id, const std::string& uid);

    sdk::Result<Datasource> Get(std::int64_t id, const std::string& uid);
    // uid's own datasource named name, else the one of that name in uid's projects (kNotFound
    // otherwise, as for another user's).
    sdk::Result<Datasource> GetByName(const std::string& name, const std::string& uid);
    sdk::Result<Page<Datasource>> Query(const DatasourceQuery& query, const std::string& uid);
    // All of uid's datasources of db_type (case-insensitive; empty: all), ordered by id.
    sdk::Result<std::vector<Datasource>> ListByType(const std::string& db_type, const std::string& uid);

    // Connection settings for ds as given (its password as is): the dialect's default port when
    // ds.port is 0, options copied, connect_timeout_ms applied, and ds.password appended to a
    // connection_string as PWD={...} (plugins use that string verbatim). kInvalidArgument for an
    // unknown db_type.
    sdk::Result<sdk::ConnectionSpec> ToConnectionSpec(const Datasource& ds) const;

    // Connects and runs the ping SQL (columns_query's row for the db_type, else the dialect's default).
    sdk::Result<sdk::PingResult> Ping(std::int64_t id, const std::string& uid);
    // The same for a datasource that is not saved (validated like Save, except source_name),
    // limited per unsaved.uid (PingLimiter: kResourceExhausted past the limit).
    sdk::Result<sdk::PingResult> Ping(const Datasource& unsaved);
    // Tables of the datasource's database / current schema.
    sdk::Result<std::vector<sdk::TableInfo>> Tables(std::int64_t id, const std::string& uid);
    // Columns of table ("name" or "schema.name"; bound as a parameter by the plugin).
    sdk::Result<std::vector<sdk::ColumnInfo>> Columns(std::int64_t id, const std::string& table,
                                                      const std::string& uid);

    // Seeds columns_query with each loaded dialect's DefaultColumnsSql/DefaultPingSql where the
    // db_type has no row yet; rows that exist (possibly edited by users) are left alone.
    // Returns how many rows were inserted.
    sdk::Result<int> RegisterDialectDefaults();

    // ConnectionResolver (any uid; the job engine runs on behalf of whoever saved the job).
    sdk::Result<sdk::ConnectionSpec> ResolveById(std::int64_t id) override;
    // kInvalidArgument when several users have a datasource of that name.
    sdk::Result<sdk::ConnectionSpec> ResolveByName(const std::string& name) override;
    // Only a datasource uid may use (AccessPolicy); another's is kNotFound. A saved job's run resolves
    // through these for the job's owner.
    sdk::Result<sdk::ConnectionSpec> ResolveByIdForUser(std::int64_t id, const std::string& uid);
    // uid's own datasource, else one of that name in uid's projects (the multiplex service acts
    // for the caller). kInvalidArgument when several of uid's projects' datasources share the name.
    sdk::Result<sdk::ConnectionSpec> ResolveByNameForUser(const std::string& name, const std::string& uid) override;

    // The options a datasource of db_type may carry: core's connect_timeout_ms, then what the
    // dialect's plugin declares (empty when no plugin serves db_type). GET /api/plugins shows them.
    std::vector<sdk::OptionSpec> OptionsOf(const std::string& db_type) const;

private:
    sdk::Status Validate(const Datasource& ds, bool require_name, bool check_dialect) const;
    // ds as a user sees it: every secret option but connection_string shown as kSecretOptionMask.
    sdk::Result<Datasource> Shown(sdk::Result<Datasource> ds) const;
    // Secret options in after that an update did not resend (sent back as kSecretOptionMask, or
    // no options sent at all) get before's stored values, or are cleared when new_target (another
    // server or account, as for the password). kInvalidArgument for the mask with nothing stored.
    sdk::Status KeepOrClearSecrets(const Datasource& before, Datasource& after, bool options_sent,
                                   bool new_target) const;
    // Secret options (but connection_string) sealed with the SecretBox for storage / opened again
    // for the plugin and for an update (a value stored in clear before sealing is kept as is).
    sdk::Status SealSecrets(Datasource& ds) const;
    sdk::Status OpenSecrets(Datasource& ds) const;
    // The row when uid may have need on it (AccessPolicy); kNotFound otherwise, as for a missing id.
    sdk::Result<DatasourceRow> LoadOwned(std::int64_t id, const std::string& uid, Access need);
    // uid's own datasource of that name, else the one of that name in uid's projects.
    sdk::Result<DatasourceRow> VisibleByName(const std::string& name, const std::string& uid);
    // The connection settings of a loaded row (its password decrypted), or the load's error.
    sdk::Result<sdk::ConnectionSpec> SpecOf(const sdk::Result<DatasourceRow>& row) const;
    // The stored row as a Datasource with its decrypted password (never leaves the service).
    sdk::Result<Datasource> WithSecret(const DatasourceRow& row) const;
    sdk::Result<std::unique_ptr<sdk::Connection>> Connect(const Datasource& ds, std::string& context) const;
    // columns_query's ping SQL for db_type, else the dialect's default.
    sdk::Result<std::string> PingSql(const std::string& db_type);
    sdk::Result<sdk::PingResult> PingOn(sdk::Connection& conn, const Datasource& ds, const std::string& context);
    // Loads uid's datasource id with its password, connects, and hands fn the connection and the
    // datasource's description for messages ("datasource 'x' (MYSQL h:3306/db)").
    template <typename T>
    using ConnectionFn = std::function<sdk::Result<T>(sdk::Connection&, const Datasource&, const std::string&)>;
    template <typename T>
    sdk::Result<T> WithConnection(std::int64_t id, const std::string& uid, const ConnectionFn<T>& fn);

    DatasourceRepository datasources_;
    ColumnsQueryRepository columns_queries_;
    SecretBox& secrets_;
    const PluginRegistry& plugins_;
    auth::AccessPolicy access_;
    PingLimiter unsaved_pings_;
};

}  // namespace dbbridge::core
