#include "mysql_dialect.h"

#include <cstdlib>

#include "dbbridge/sdk/util/jdbc_url.h"
#include "dbbridge/sdk/util/no_throw.h"
#include "dbbridge/sdk/util/sql_text.h"
#include "mysql_checksum.h"
#include "mysql_connection.h"
#include "mysql_datax.h"
#include "mysql_types.h"

namespace dbbridge::mysql {

namespace {
constexpr std::size_t kMaxIdentifier = 64;  // MySQL identifier limit in bytes
}

MysqlDialect::MysqlDialect(MysqlDialectIdentity identity) : identity_(std::move(identity)) {}

std::string MysqlDialect::Name() const noexcept { return identity_.name; }
std::vector<std::string> MysqlDialect::DataxReaderNames() const noexcept { return identity_.datax_readers; }
std::vector<std::string> MysqlDialect::DataxWriterNames() const noexcept { return identity_.datax_writers; }
std::vector<std::string> MysqlDialect::JdbcUrlPrefixes() const noexcept { return identity_.jdbc_prefixes; }
int MysqlDialect::DefaultPort() const noexcept { return identity_.default_port; }

sdk::Result<sdk::ConnectionSpec> MysqlDialect::ParseJdbcUrl(const std::string& url) const noexcept {
    return sdk::util::NoThrow(
        [&]() -> sdk::Result<sdk::ConnectionSpec> {
            for (const auto& prefix : identity_.jdbc_prefixes) {
                if (!sdk::util::StartsWithNoCase(url, prefix)) {
                    continue;
                }
                DBB_ASSIGN_OR_RETURN(auto parts, sdk::util::ParseHostPortUrl(url, prefix));
                sdk::ConnectionSpec spec;
                spec.dialect = identity_.name;
                spec.host = parts.host;
                spec.port = parts.port == 0 ? identity_.default_port : parts.port;
                spec.database = parts.database;
                spec.options = parts.params;
                auto it = parts.params.find("connectTimeout");
                if (it != parts.params.end() && std::atoi(it->second.c_str()) > 0) {
                    spec.connect_timeout_ms = std::atoi(it->second.c_str());
                }
                return spec;
            }
            std::string expected = identity_.jdbc_prefixes.empty() ? "" : identity_.jdbc_prefixes[0];
            return sdk::Status::InvalidArgument("'" + url + "' is not a " + identity_.name + " JDBC URL (expected " +
                                                expected + "host:port/database)");
        },
        "parsing JDBC URL: ");
}

std::string MysqlDialect::BuildJdbcUrl(const sdk::ConnectionSpec& spec) const noexcept {
    return sdk::util::NoThrowValue(
        [&]() -> std::string {
            std::string host = spec.host.find(':') != std::string::npos ? "[" + spec.host + "]" : spec.host;
            int port = spec.port == 0 ? identity_.default_port : spec.port;
            std::string prefix = identity_.jdbc_prefixes.empty() ? "jdbc:mysql://" : identity_.jdbc_prefixes[0];
            return prefix + host + ":" + std::to_string(port) + "/" + spec.database;
        },
        std::string());
}

sdk::Result<std::unique_ptr<sdk::Connection>> MysqlDialect::Connect(const sdk::ConnectionSpec& spec) const noexcept {
    return sdk::util::NoThrow(
        [&]() -> sdk::Result<std::unique_ptr<sdk::Connection>> {
            DBB_ASSIGN_OR_RETURN(auto conn, MysqlConnection::Open(spec, identity_.name, identity_.default_port));
            return std::unique_ptr<sdk::Connection>(std::move(conn));
        },
        (identity_.name + " connect: ").c_str());
}

std::string MysqlDialect::DefaultPingSql() const noexcept { return "show databases"; }

std::string MysqlDialect::DefaultColumnsSql() const noexcept { return kColumnsSql; }

sdk::JdbcType MysqlDialect::MapNativeType(const std::string& native_type) const noexcept {
    return sdk::util::NoThrowValue([&]() -> sdk::JdbcType { return mysql::MapNativeType(native_type); },
                                   sdk::JdbcType::kOther);
}

sdk::Result<std::string> MysqlDialect::QuoteIdentifier(const std::string& name) const noexcept {
    return sdk::util::NoThrow(
        [&]() -> sdk::Result<std::string> { return sdk::util::QuoteQualifiedName(name, '`', kMaxIdentifier); });
}

std::vector<sdk::OptionSpec> MysqlDialect::DatasourceOptions() const noexcept {
    return sdk::util::NoThrowValue(
        [] {
            return std::vector<sdk::OptionSpec>{
                sdk::OptionSpec::Text("charset", "connection character set").Default("utf8mb4"),
                sdk::OptionSpec::Integer("socket_timeout_ms",
                                         "read/write timeout of the socket in ms (0: none; it also cuts long statements)",
                                         0, 86'400'000)
                    .Default("0"),
                sdk::OptionSpec::Choice("mysql_bulk",
                                        "how the writer loads batches (auto: LOAD DATA LOCAL INFILE for insert "
                                        "when the server allows it, statements otherwise)",
                                        {"auto", "insert", "load_data"})
                    .Default("auto"),
            };
        },
        std::vector<sdk::OptionSpec>{});
}

sdk::Result<std::string> MysqlDialect::RewriteBinds(const std::string& sql,
                                                    std::vector<std::string>& order) const noexcept {
    return sdk::util::NoThrow(
        [&] { return sdk::util::RewriteNamedBinds(sql, sdk::util::PlaceholderStyle::kQuestion, Lexicon(), order); },
        "bind rewriting: ");
}

sdk::Result<std::string> MysqlDialect::DataxReaderJson(const sdk::DataxSide& side) const noexcept {
    return sdk::util::NoThrow(
        [&]() -> sdk::Result<std::string> {
            std::string url = side.jdbc_url.empty() ? BuildJdbcUrl(side.connection) : side.jdbc_url;
            return mysql::DataxReaderJson(side, identity_.datax_readers.at(0), url);
        },
        "DataX reader: ");
}

sdk::Result<std::string> MysqlDialect::DataxWriterJson(const sdk::DataxSide& side) const noexcept {
    return sdk::util::NoThrow(
        [&]() -> sdk::Result<std::string> {
            std::string url = side.jdbc_url.empty() ? BuildJdbcUrl(side.connection) : side.jdbc_url;
            return mysql::DataxWriterJson(side, identity_.datax_writers.at(0), url);
        },
        "DataX writer: ");
}

sdk::Capabilities MysqlDialect::GetCapabilities() const noexcept {
    sdk::Capabilities caps;
    caps.limit = true;
    caps.dual = true;  // SELECT ... FROM DUAL is accepted
    return caps;
}

std::optional<sdk::SqlTarget> MysqlDialect::SqlTargetProfile() const noexcept {
    // LIMIT, DUAL, recursive CTEs, EXCEPT; no NULLS FIRST/LAST, no MERGE, no ROWNUM.
    sdk::SqlTarget t = sdk::SqlTarget::MySql();
    t.same_sql = identity_.same_sql_dialects;
    return t;
}

// Translation is the host's (from SqlTargetProfile()); the plugin carries no translator.
sdk::Result<sdk::TranspileResult> MysqlDialect::Transpile(const std::string& from_dialect,
                                                          const std::string& sql) const noexcept {
    (void)sql;
    return sdk::Status::Unimplemented("the mysql plugin does not translate SQL itself: the host translates " +
                                      from_dialect + " into " + identity_.name + " from SqlTargetProfile()");
}

sdk::Result<std::string> MysqlDialect::SegmentChecksumSql(const sdk::SegmentChecksumSpec& spec) const noexcept {
    return sdk::util::NoThrow([&] { return MysqlSegmentChecksumSql(*this, spec); }, "MYSQL checksum SQL: ");
}

sdk::Result<std::vector<std::string>> MysqlDialect::PrimaryKeyColumns(sdk::Connection& connection,
                                                                     const std::string& table) const noexcept {
    return sdk::util::NoThrow([&] { return MysqlPrimaryKeyColumns(*this, connection, table); }, "MYSQL primary key: ");
}

sdk::Result<std::string> MysqlDialect::ByteOrderKey(sdk::Connection& connection, const std::string& table,
                                                    const sdk::ColumnInfo& column,
                                                    const std::string& quoted) const noexcept {
    return sdk::util::NoThrow([&] { return MysqlByteOrderKey(*this, connection, table, column, quoted); },
                              "MYSQL key order: ");
}

}  // namespace dbbridge::mysql
