#pragma once
// The DM dialect (Dameng DM8): unixODBC with DM's ODBC driver.
//
// Datasource options:
//   connection_string  used verbatim when set
//   dsn                an odbc.ini data source; else
//   odbc_driver        the driver name in odbcinst.ini (default "DM8 ODBC DRIVER")
//   odbc_attributes    extra "KEY=value;" pairs appended to the built string
//   session_init       ';'-separated statements run after connecting (default none)
// The built string uses DM's keywords SERVER, TCP_PORT, UID, PWD; the schema is switched with
// SET SCHEMA after connecting. DataX: rdbmsreader/rdbmswriter (DataX has no DM plugin). Thread-safe.

#include <string>
#include <vector>

#include "dbbridge/odbc/odbc_dialect_base.h"

namespace dbbridge::dm {

inline constexpr const char* kDefaultDmOdbcDriver = "DM8 ODBC DRIVER";

sdk::Result<std::string> BuildDmConnectionString(const sdk::ConnectionSpec& spec);

class DmDialect final : public odbc::OdbcDialectBase {
public:
    DmDialect();

    std::string Name() const noexcept override { return "DM"; }
    std::vector<std::string> DataxReaderNames() const noexcept override { return {"rdbmsreader"}; }
    std::vector<std::string> DataxWriterNames() const noexcept override { return {"rdbmswriter"}; }
    std::vector<std::string> JdbcUrlPrefixes() const noexcept override { return {"jdbc:dm://"}; }
    int DefaultPort() const noexcept override;

    sdk::Result<sdk::ConnectionSpec> ParseJdbcUrl(const std::string& url) const noexcept override;
    std::string BuildJdbcUrl(const sdk::ConnectionSpec& spec) const noexcept override;
    sdk::Result<std::string> BuildConnectionString(const sdk::ConnectionSpec& spec) const noexcept override;
    // DM runs Oracle SQL largely unchanged (ROWNUM, CONNECT BY, (+), DUAL, MERGE are native).
    std::vector<std::string> SameFamily() const noexcept override { return {"DM", "ORACLE"}; }

    std::string DefaultPingSql() const noexcept override { return "SELECT 1 FROM DUAL"; }
    std::string DefaultColumnsSql() const noexcept override;
    sdk::Capabilities GetCapabilities() const noexcept override;

protected:
    sdk::SqlTarget SqlTargetData() const noexcept override;
    std::string DefaultOdbcDriver() const noexcept override { return kDefaultDmOdbcDriver; }
    std::string DataxReaderName() const noexcept override { return "rdbmsreader"; }
    std::string DataxWriterName() const noexcept override { return "rdbmswriter"; }
    int DataxFetchSize() const noexcept override { return 1000; }  // rdbmsreader's default
};

}  // namespace dbbridge::dm
