#pragma once
// The MYSQL dialect. Its identity (API name, DataX plugin names, JDBC prefixes, default port) is data,
// so a MySQL-protocol sibling such as OCEAN_BASE_MYSQL reuses the whole class, connection, reader and
// writer with its own identity, overriding only what differs (e.g. ParseJdbcUrl). Thread-safe.

#include <string>
#include <vector>

#include "dbbridge/sdk/dialect.h"

namespace dbbridge::mysql {

struct MysqlDialectIdentity {
    std::string name = "MYSQL";
    std::vector<std::string> datax_readers{"mysqlreader"};
    std::vector<std::string> datax_writers{"mysqlwriter"};
    std::vector<std::string> jdbc_prefixes{"jdbc:mysql://"};
    int default_port = 3306;
    // Source dialects whose SQL this dialect runs unchanged (until the transpiler exists).
    std::vector<std::string> same_sql_dialects{"MYSQL"};
};

class MysqlDialect : public sdk::Dialect {
public:
    explicit MysqlDialect(MysqlDialectIdentity identity = MysqlDialectIdentity());

    std::string Name() const noexcept override;
    std::vector<std::string> DataxReaderNames() const noexcept override;
    std::vector<std::string> DataxWriterNames() const noexcept override;
    std::vector<std::string> JdbcUrlPrefixes() const noexcept override;
    int DefaultPort() const noexcept override;

    // "jdbc:mysql://host[:port][/db][?k=v&...]": query parameters land in options; connectTimeout (ms)
    // also sets connect_timeout_ms.
    sdk::Result<sdk::ConnectionSpec> ParseJdbcUrl(const std::string& url) const noexcept override;
    std::string BuildJdbcUrl(const sdk::ConnectionSpec& spec) const noexcept override;

    // TCP always (even for "localhost"), charset utf8mb4 (option charset overrides), CLIENT_FOUND_ROWS,
    // session time_zone '+00:00', then USE spec.schema when set. Errors: Unauthenticated (1045),
    // NotFound (unknown database), Unavailable (unreachable, refused, lost), DeadlineExceeded (timeout);
    // messages name host:port, database and user, never the password.
    sdk::Result<std::unique_ptr<sdk::Connection>> Connect(const sdk::ConnectionSpec& spec) const noexcept override;

    std::string DefaultPingSql() const noexcept override;
    std::string DefaultColumnsSql() const noexcept override;
    sdk::JdbcType MapNativeType(const std::string& native_type) const noexcept override;
    sdk::Result<std::string> QuoteIdentifier(const std::string& name) const noexcept override;
    sdk::Result<std::string> RewriteBinds(const std::string& sql,
                                          std::vector<std::string>& order) const noexcept override;
    sdk::Result<std::string> DataxReaderJson(const sdk::DataxSide& side) const noexcept override;
    sdk::Result<std::string> DataxWriterJson(const sdk::DataxSide& side) const noexcept override;
    sdk::Capabilities GetCapabilities() const noexcept override;
    // charset, socket_timeout_ms, mysql_bulk.
    std::vector<sdk::OptionSpec> DatasourceOptions() const noexcept override;
    sdk::SqlLexicon Lexicon() const noexcept override { return sdk::SqlLexicon::MySql(); }
    // MySQL 8 / MariaDB 10.11 SQL; the dialects in identity.same_sql_dialects run unchanged.
    std::optional<sdk::SqlTarget> SqlTargetProfile() const noexcept override;
    sdk::Result<sdk::TranspileResult> Transpile(const std::string& from_dialect,
                                                const std::string& sql) const noexcept override;
    // Table compare: count and checksum of a key range (mysql_checksum.h).
    sdk::Result<std::string> SegmentChecksumSql(const sdk::SegmentChecksumSpec& spec) const noexcept override;
    sdk::Result<std::vector<std::string>> PrimaryKeyColumns(sdk::Connection& connection,
                                                            const std::string& table) const noexcept override;
    sdk::Result<std::string> ByteOrderKey(sdk::Connection& connection, const std::string& table,
                                          const sdk::ColumnInfo& column,
                                          const std::string& quoted) const noexcept override;

protected:
    const MysqlDialectIdentity& identity() const { return identity_; }

private:
    MysqlDialectIdentity identity_;
};

}  // namespace dbbridge::mysql
