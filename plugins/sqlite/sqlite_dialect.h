#pragma once
// The SQLITE dialect: a database file through Debian's libsqlite3. No server: the datasource's
// database (db_name) is the file's path and no host is needed (DefaultPort() is 0).
//
// Datasource options: open_mode (read_write: the file must exist | read_write_create | read_only),
// busy_timeout_ms (wait for another process's lock). SQL lexicon: standard quoting plus MySQL-style
// `backticks` (SQLite accepts both), no backslash escapes. Binds: "?". Identifiers: "double quotes".
// Transpile: SQLITE SQL runs unchanged; translating from ORACLE/MYSQL is not offered (Unimplemented).
// Thread-safe.

#include <string>
#include <vector>

#include "dbbridge/sdk/dialect.h"

namespace dbbridge::sqlite {

class SqliteDialect final : public sdk::Dialect {
public:
    std::string Name() const noexcept override { return "SQLITE"; }
    std::vector<std::string> DataxReaderNames() const noexcept override { return {"sqlitereader"}; }
    std::vector<std::string> DataxWriterNames() const noexcept override { return {"sqlitewriter"}; }
    std::vector<std::string> JdbcUrlPrefixes() const noexcept override { return {"jdbc:sqlite:"}; }
    int DefaultPort() const noexcept override { return 0; }

    std::vector<sdk::OptionSpec> DatasourceOptions() const noexcept override;
    sdk::SqlLexicon Lexicon() const noexcept override;

    sdk::Result<sdk::ConnectionSpec> ParseJdbcUrl(const std::string& url) const noexcept override;
    std::string BuildJdbcUrl(const sdk::ConnectionSpec& spec) const noexcept override;
    sdk::Result<std::unique_ptr<sdk::Connection>> Connect(const sdk::ConnectionSpec& spec) const noexcept override;

    std::string DefaultPingSql() const noexcept override { return "SELECT 1"; }
    // Columns of a table, its name bound: name, declared type, nullability.
    std::string DefaultColumnsSql() const noexcept override;
    sdk::JdbcType MapNativeType(const std::string& native_type) const noexcept override;
    sdk::Result<std::string> QuoteIdentifier(const std::string& name) const noexcept override;
    sdk::Result<std::string> RewriteBinds(const std::string& sql,
                                          std::vector<std::string>& order) const noexcept override;
    sdk::Result<std::string> DataxReaderJson(const sdk::DataxSide& side) const noexcept override;
    sdk::Result<std::string> DataxWriterJson(const sdk::DataxSide& side) const noexcept override;
    sdk::Capabilities GetCapabilities() const noexcept override;
    sdk::Result<sdk::TranspileResult> Transpile(const std::string& from_dialect,
                                                const std::string& sql) const noexcept override;
};

}  // namespace dbbridge::sqlite
