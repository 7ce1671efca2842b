#include "pg_dialect.h"

#include <cstdlib>

#include "dbbridge/sdk/util/jdbc_url.h"
#include "dbbridge/sdk/util/no_throw.h"
#include "dbbridge/sdk/util/sql_text.h"
#include "pg_checksum.h"
#include "pg_connection.h"
#include "pg_datax.h"
#include "pg_names.h"
#include "pg_session.h"
#include "pg_types.h"

namespace dbbridge::postgres {

using sdk::Result;
using sdk::Status;

namespace {

constexpr int kPostgresPort = 5432;
constexpr int kMillisPerSecond = 1000;

sdk::Capabilities PostgresCapabilities() {
    sdk::Capabilities c;
    c.limit = true;
    c.fetch_first = true;
    c.nulls_ordering = true;
    return c;
}

// GetCapabilities() of the variants (the host translates from sql_target, not from these): the
// subset every Oracle-compatible PostgreSQL kernel shares, Oracle functions and DUAL.
sdk::Capabilities OracleVariantCapabilities() {
    sdk::Capabilities c = PostgresCapabilities();
    c.oracle_functions = true;
    c.dual = true;
    return c;
}

}  // namespace

DialectIdentity PostgresqlIdentity() {
    DialectIdentity id;
    id.name = "POSTGRESQL";
    id.datax_readers = {"postgresqlreader"};
    id.datax_writers = {"postgresqlwriter"};
    id.jdbc_prefixes = {"jdbc:postgresql://"};
    id.parse_prefixes = id.jdbc_prefixes;
    id.default_port = kPostgresPort;
    id.capabilities = PostgresCapabilities();
    id.sql_target = sdk::SqlTarget::PostgreSql();
    return id;
}

DialectIdentity LightdbOracleIdentity() {
    DialectIdentity id;
    id.name = "LIGHTDB_ORACLE";
    // LightDB Oracle mode: PostgreSQL kernel + orafce fork; CONNECT BY, ROWNUM, NEXTVAL, DUAL,
    // SYSDATE, MINUS and NUMBER/VARCHAR2 native; '' stays distinct from NULL (orafce opt-in only);
    // '||' propagates NULL unless a GUC is set; (+) not documented, so rewritten.
    id.sql_target = sdk::SqlTarget::Oracle();
    id.sql_target.family = sdk::SqlFamily::kPostgres;
    id.sql_target.limit = true;
    id.sql_target.oracle_outer_join = id.sql_target.empty_string_is_null = false;
    id.sql_target.concat_ignores_null = id.sql_target.listagg = false;
    id.jdbc_prefixes = {"jdbc:lightdb-postgresql://"};
    id.parse_prefixes = id.jdbc_prefixes;
    id.default_port = kPostgresPort;
    id.oracle_compatible = true;
    id.capabilities = OracleVariantCapabilities();
    return id;
}

DialectIdentity GaussdbOracleIdentity() {
    DialectIdentity id;
    id.name = "GAUSSDB_ORACLE";
    // GaussDB A-compatibility: '' IS NULL, DATE = timestamp(0), ROWNUM, CONNECT BY, NEXTVAL, DUAL,
    // '||' ignores NULL (DWS ORA-mode documentation); LIMIT from the PostgreSQL kernel; (+) rewritten.
    id.sql_target = sdk::SqlTarget::Oracle();
    id.sql_target.family = sdk::SqlFamily::kPostgres;
    id.sql_target.limit = true;
    id.sql_target.oracle_outer_join = id.sql_target.listagg = false;
    id.jdbc_prefixes = {"jdbc:gaussdb://", "jdbc:opengauss://"};
    id.parse_prefixes = id.jdbc_prefixes;
    id.default_port = kPostgresPort;
    id.oracle_compatible = true;
    id.capabilities = OracleVariantCapabilities();
    return id;
}

DialectIdentity Gaussdb500OracleIdentity() {
    DialectIdentity id = GaussdbOracleIdentity();
    id.name = "GAUSSDB500_ORACLE";
    // A URL cannot tell kernel 500 from 505: detection by URL picks GAUSSDB_ORACLE, while a
    // datasource saved as GAUSSDB500_ORACLE still parses and builds the same URL forms.
    id.jdbc_prefixes.clear();
    return id;
}

std::string PgDialect::Name() const noexcept { return id_.name; }
std::vector<std::string> PgDialect::DataxReaderNames() const noexcept { return id_.datax_readers; }
std::vector<std::string> PgDialect::DataxWriterNames() const noexcept { return id_.datax_writers; }
std::vector<std::string> PgDialect::JdbcUrlPrefixes() const noexcept { return id_.jdbc_prefixes; }

Result<sdk::ConnectionSpec> PgDialect::ParseJdbcUrl(const std::string& url) const noexcept {
    return sdk::util::NoThrow(
        [&]() -> Result<sdk::ConnectionSpec> {
            const std::string* prefix = nullptr;
            for (const auto& p : id_.parse_prefixes) {
                if (sdk::util::StartsWithNoCase(url, p)) {
                    prefix = &p;
                    break;
                }
            }
            if (prefix == nullptr) {
                std::string expected;
                for (const auto& p : id_.parse_prefixes) {
                    expected += (expected.empty() ? "" : " or ") + p;
                }
                return Status::InvalidArgument("JDBC URL '" + url + "' is not a " + id_.name + " URL (expected " +
                                               expected + "host:port/database)");
            }
            DBB_ASSIGN_OR_RETURN(auto parts, sdk::util::ParseHostPortUrl(url, *prefix));
            sdk::ConnectionSpec spec;
            spec.dialect = id_.name;
            spec.host = parts.host;
            spec.port = parts.port > 0 ? parts.port : id_.default_port;
            spec.database = parts.database;
            for (const auto& [key, value] : parts.params) {
                std::string k = sdk::util::ToLower(key);
                if (k == "currentschema") {
                    spec.schema = value.substr(0, value.find(','));
                } else if (k == "connecttimeout" || k == "logintimeout") {
                    int seconds = std::atoi(value.c_str());
                    if (seconds > 0) {
                        spec.connect_timeout_ms = seconds * kMillisPerSecond;
                    }
                } else if (k == "sslmode") {
                    spec.options["sslmode"] = value;
                } else if (k == "pg_copy_format") {
                    // A DataX job file has no datasource options: the writer's COPY format rides in the URL.
                    if (value != "auto" && value != "text") {
                        return Status::InvalidArgument("JDBC URL parameter pg_copy_format: expected auto or text, got '" +
                                                       value + "'");
                    }
                    spec.options["pg_copy_format"] = value;
                }
            }
            return spec;
        },
        "postgres plugin: ");
}

std::string PgDialect::BuildJdbcUrl(const sdk::ConnectionSpec& spec) const noexcept {
    return sdk::util::NoThrowValue(
        [&]() -> std::string {
            const std::string& prefix = id_.parse_prefixes.front();
            std::string host = spec.host.find(':') != std::string::npos ? "[" + spec.host + "]" : spec.host;
            std::string url = prefix + host + ":" + std::to_string(spec.port > 0 ? spec.port : id_.default_port) + "/" +
                              spec.database;
            if (!spec.schema.empty()) {
                url += "?currentSchema=" + spec.schema;
            }
            return url;
        },
        std::string());
}

Result<std::unique_ptr<sdk::Connection>> PgDialect::Connect(const sdk::ConnectionSpec& spec) const noexcept {
    return sdk::util::NoThrow(
        [&]() -> Result<std::unique_ptr<sdk::Connection>> {
            if (spec.host.empty()) {
                return Status::InvalidArgument("host is required to connect to " + id_.name);
            }
            DBB_ASSIGN_OR_RETURN(auto session, PgSession::Open(spec, id_.default_port));
            auto conn = std::make_unique<PgConnection>(std::move(session), id_.oracle_compatible);
            // The Oracle-compatible derivatives are not known to read binary COPY the same way: text there.
            conn->AllowBinaryCopy(!id_.oracle_compatible && spec.Option("pg_copy_format", "auto") != "text");
            DBB_RETURN_IF_ERROR(conn->Init(spec.schema));
            return std::unique_ptr<sdk::Connection>(std::move(conn));
        },
        "postgres plugin: ");
}

std::string PgDialect::DefaultPingSql() const noexcept { return "SELECT 1"; }

std::string PgDialect::DefaultColumnsSql() const noexcept { return kColumnsSql; }

sdk::JdbcType PgDialect::MapNativeType(const std::string& native_type) const noexcept {
    return sdk::util::NoThrowValue([&]() -> sdk::JdbcType { return MapPgTypeName(native_type); },
                                   sdk::JdbcType::kOther);
}

Result<std::string> PgDialect::QuoteIdentifier(const std::string& name) const noexcept {
    return sdk::util::NoThrow([&]() { return sdk::util::QuoteQualifiedName(name, '"', kMaxIdentifierBytes); },
                              "postgres plugin: ");
}

std::vector<sdk::OptionSpec> PgDialect::DatasourceOptions() const noexcept {
    return sdk::util::NoThrowValue(
        [] {
            return std::vector<sdk::OptionSpec>{
                sdk::OptionSpec::Choice("sslmode", "libpq TLS mode",
                                        {"disable", "allow", "prefer", "require", "verify-ca", "verify-full"})
                    .Default("prefer"),
                sdk::OptionSpec::Choice("pg_copy_format",
                                        "how the writer sends COPY data (auto: binary on PostgreSQL for column "
                                        "sets that gain from it, e.g. integers, numeric, timestamps; text "
                                        "otherwise); a DataX job's jdbcUrl may carry ?pg_copy_format=text",
                                        {"auto", "text"})
                    .Default("auto"),
            };
        },
        std::vector<sdk::OptionSpec>{});
}

Result<std::string> PgDialect::RewriteBinds(const std::string& sql, std::vector<std::string>& order) const noexcept {
    return sdk::util::NoThrow(
        [&]() {
            return sdk::util::RewriteNamedBinds(sql, sdk::util::PlaceholderStyle::kDollarNumber, Lexicon(), order);
        },
        "postgres plugin: ");
}

Result<std::string> PgDialect::DataxReaderJson(const sdk::DataxSide& side) const noexcept {
    return sdk::util::NoThrow(
        [&]() {
            // The variants get postgresqlreader blocks too (same protocol). Stock DataX loads only
            // org.postgresql.Driver there, so a URL is built in jdbc:postgresql:// form unless given.
            std::string url =
                side.jdbc_url.empty() ? PgDialect(PostgresqlIdentity()).BuildJdbcUrl(side.connection) : side.jdbc_url;
            return BuildReaderJson(side, url);
        },
        "postgres plugin: ");
}

Result<std::string> PgDialect::DataxWriterJson(const sdk::DataxSide& side) const noexcept {
    return sdk::util::NoThrow(
        [&]() {
            std::string url =
                side.jdbc_url.empty() ? PgDialect(PostgresqlIdentity()).BuildJdbcUrl(side.connection) : side.jdbc_url;
            return BuildWriterJson(side, url);
        },
        "postgres plugin: ");
}

std::optional<sdk::SqlTarget> PgDialect::SqlTargetProfile() const noexcept { return id_.sql_target; }

Result<sdk::TranspileResult> PgDialect::Transpile(const std::string& from_dialect,
                                                  const std::string& sql) const noexcept {
    (void)sql;
    return Status::Unimplemented("the postgres plugin does not translate SQL itself: the host translates " +
                                 from_dialect + " into " + id_.name + " from SqlTargetProfile()");
}

Result<std::string> PgDialect::SegmentChecksumSql(const sdk::SegmentChecksumSpec& spec) const noexcept {
    return sdk::util::NoThrow([&]() -> Result<std::string> { return PgSegmentChecksumSql(*this, spec); },
                              "postgres plugin: ");
}

Result<std::vector<std::string>> PgDialect::PrimaryKeyColumns(sdk::Connection& connection,
                                                              const std::string& table) const noexcept {
    return sdk::util::NoThrow(
        [&]() -> Result<std::vector<std::string>> { return PgPrimaryKeyColumns(*this, connection, table); },
        "postgres plugin: ");
}

Result<std::string> PgDialect::ByteOrderKey(sdk::Connection& connection, const std::string& table,
                                            const sdk::ColumnInfo& column, const std::string& quoted) const noexcept {
    return sdk::util::NoThrow(
        [&]() -> Result<std::string> { return PgByteOrderKey(*this, connection, table, column, quoted); },
        "postgres plugin: ");
}

}  // namespace dbbridge::postgres
