#pragma once
// The Dialect for PostgreSQL and its Oracle-compatible derivatives. One class, parameterised by
// identity: the protocol code is the same, names, URL forms and capabilities differ.
// Thread-safe (immutable after construction).

#include <string>
#include <vector>

#include "dbbridge/sdk/dialect.h"

namespace dbbridge::postgres {

struct DialectIdentity {
    std::string name;                        // API name
    std::vector<std::string> datax_readers;  // empty for the variants (postgresqlreader is POSTGRESQL's)
    std::vector<std::string> datax_writers;
    std::vector<std::string> jdbc_prefixes;   // announced for URL detection
    std::vector<std::string> parse_prefixes;  // accepted by ParseJdbcUrl (announced ones first)
    int default_port = 5432;
    bool oracle_compatible = false;  // orafce's "oracle" schema on the search_path
    sdk::Capabilities capabilities;
    sdk::SqlTarget sql_target;       // what the engine's SQL accepts, as data
};

DialectIdentity PostgresqlIdentity();
DialectIdentity LightdbOracleIdentity();
DialectIdentity GaussdbOracleIdentity();
DialectIdentity Gaussdb500OracleIdentity();

class PgDialect final : public sdk::Dialect {
public:
    explicit PgDialect(DialectIdentity identity) : id_(std::move(identity)) {}

    std::string Name() const noexcept override;
    std::vector<std::string> DataxReaderNames() const noexcept override;
    std::vector<std::string> DataxWriterNames() const noexcept override;
    std::vector<std::string> JdbcUrlPrefixes() const noexcept override;
    int DefaultPort() const noexcept override { return id_.default_port; }
    sdk::Result<sdk::ConnectionSpec> ParseJdbcUrl(const std::string& url) const noexcept override;
    std::string BuildJdbcUrl(const sdk::ConnectionSpec& spec) const noexcept override;
    sdk::Result<std::unique_ptr<sdk::Connection>> Connect(const sdk::ConnectionSpec& spec) const noexcept override;
    std::string DefaultPingSql() const noexcept override;
    std::string DefaultColumnsSql() const noexcept override;
    sdk::JdbcType MapNativeType(const std::string& native_type) const noexcept override;
    sdk::Result<std::string> QuoteIdentifier(const std::string& name) const noexcept override;
    sdk::Result<std::string> RewriteBinds(const std::string& sql,
                                          std::vector<std::string>& order) const noexcept override;
    sdk::Result<std::string> DataxReaderJson(const sdk::DataxSide& side) const noexcept override;
    sdk::Result<std::string> DataxWriterJson(const sdk::DataxSide& side) const noexcept override;
    sdk::Capabilities GetCapabilities() const noexcept override { return id_.capabilities; }
    // sslmode.
    std::vector<sdk::OptionSpec> DatasourceOptions() const noexcept override;
    sdk::SqlLexicon Lexicon() const noexcept override { return sdk::SqlLexicon::Postgres(); }
    // The engine's SQL as data; the host's translator prints SQL for it.
    std::optional<sdk::SqlTarget> SqlTargetProfile() const noexcept override;
    // Unimplemented: translation is the host's (from SqlTargetProfile()).
    sdk::Result<sdk::TranspileResult> Transpile(const std::string& from_dialect,
                                                const std::string& sql) const noexcept override;
    // Table compare: count and checksum of a key range (pg_checksum.h).
    sdk::Result<std::string> SegmentChecksumSql(const sdk::SegmentChecksumSpec& spec) const noexcept override;
    sdk::Result<std::vector<std::string>> PrimaryKeyColumns(sdk::Connection& connection,
                                                            const std::string& table) const noexcept override;
    sdk::Result<std::string> ByteOrderKey(sdk::Connection& connection, const std::string& table,
                                          const sdk::ColumnInfo& column,
                                          const std::string& quoted) const noexcept override;

private:
    DialectIdentity id_;
};

}  // namespace dbbridge::postgres
