#pragma once
// Common half of an ODBC-backed sdk::Dialect: connecting through OdbcConnection, "?" binds,
// quoting and type mapping through the DialectSql, identity transpilation within a family.
// Subclasses supply identity, JDBC URLs, the ODBC connection string and DataX plugin names.

#include <memory>
#include <string>
#include <vector>

#include "dbbridge/odbc/dialect_sql.h"
#include "dbbridge/sdk/dialect.h"

namespace dbbridge::odbc {

class OdbcDialectBase : public sdk::Dialect {
public:
    explicit OdbcDialectBase(std::shared_ptr<const DialectSql> sql) : sql_(std::move(sql)) {}

    // The ODBC connection string for spec (the "connection_string" option wins when set).
    virtual sdk::Result<std::string> BuildConnectionString(const sdk::ConnectionSpec& spec) const noexcept = 0;
    // Dialects whose SQL this one runs unchanged (e.g. ORACLE for OCEAN_BASE_ORACLE).
    virtual std::vector<std::string> SameFamily() const noexcept = 0;

    // connection_string, dsn, odbc_driver (DefaultOdbcDriver()), odbc_attributes, session_init
    // (the DialectSql's statements), then ExtraDatasourceOptions().
    std::vector<sdk::OptionSpec> DatasourceOptions() const noexcept override;
    // Oracle's: q'[...]' literals, no backslash escapes (DM and OceanBase Oracle mode share it).
    sdk::SqlLexicon Lexicon() const noexcept override { return sdk::SqlLexicon::Oracle(); }

    // Refuses odbc_driver/dsn options and DRIVER=/DSN= values that are paths (CheckDriverKeywords).
    sdk::Result<std::unique_ptr<sdk::Connection>> Connect(const sdk::ConnectionSpec& spec) const noexcept override;
    sdk::JdbcType MapNativeType(const std::string& native_type) const noexcept override;
    sdk::Result<std::string> QuoteIdentifier(const std::string& name) const noexcept override;
    // "@name" -> "?" (ODBC markers); Oracle q'[...]' literals and comments are skipped.
    sdk::Result<std::string> RewriteBinds(const std::string& sql, std::vector<std::string>& order) const noexcept override;
    // The subclass's SqlTargetData() with SameFamily() as the dialects that run unchanged.
    std::optional<sdk::SqlTarget> SqlTargetProfile() const noexcept override;
    // Unimplemented: translation is the host's (from SqlTargetProfile()).
    sdk::Result<sdk::TranspileResult> Transpile(const std::string& from_dialect,
                                                const std::string& sql) const noexcept override;

    // <DataxReaderName()> with fetchSize DataxFetchSize() unless the side has one, and
    // <DataxWriterName()>, which accepts writeMode insert only (as DataX's oraclewriter and
    // rdbmswriter do). The jdbcUrl is the side's, else built from its connection.
    sdk::Result<std::string> DataxReaderJson(const sdk::DataxSide& side) const noexcept override;
    sdk::Result<std::string> DataxWriterJson(const sdk::DataxSide& side) const noexcept override;

    const DialectSql& sql() const { return *sql_; }

protected:
    // What this dialect's SQL accepts (family, native constructs, spellings), as data.
    virtual sdk::SqlTarget SqlTargetData() const noexcept = 0;
    // The odbcinst.ini driver name used when the datasource names none.
    virtual std::string DefaultOdbcDriver() const noexcept = 0;
    // Options of this dialect beyond the ODBC ones (service_name, tenant, ...).
    virtual std::vector<sdk::OptionSpec> ExtraDatasourceOptions() const { return {}; }
    virtual std::string DataxReaderName() const noexcept = 0;
    virtual std::string DataxWriterName() const noexcept = 0;
    virtual int DataxFetchSize() const noexcept { return 0; }

    std::shared_ptr<const DialectSql> sql_;
};

}  // namespace dbbridge::odbc
