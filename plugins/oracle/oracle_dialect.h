#pragma once
// The ORACLE dialect: unixODBC with Oracle's ODBC driver (Instant Client ODBC package).
//
// Datasource options:
//   connection_string  used verbatim when set (everything else below is ignored)
//   dsn                an odbc.ini data source; else
//   odbc_driver        the driver name registered in odbcinst.ini (default "Oracle 21 ODBC driver")
//   service_name | sid the database (service_name defaults to the datasource's database)
//   odbc_attributes    extra "KEY=value;" pairs appended to the built string
//   session_init       ';'-separated statements run after connecting (default: pin NLS formats and
//                      TIME_ZONE '+00:00'); empty disables
// The built string uses the Oracle driver's keywords: DBQ=//host:port/service (EZConnect) or a TNS
// descriptor for a SID, UID, PWD. Thread-safe.

#include <memory>
#include <string>
#include <vector>

#include "dbbridge/odbc/odbc_dialect_base.h"

namespace dbbridge::oracle {

inline constexpr const char* kDefaultOracleOdbcDriver = "Oracle 21 ODBC driver";

// The ODBC connection string for an Oracle datasource (see the options above).
sdk::Result<std::string> BuildOracleConnectionString(const sdk::ConnectionSpec& spec, int default_port);

class OracleDialect : public odbc::OdbcDialectBase {
public:
    OracleDialect();

    std::string Name() const noexcept override { return "ORACLE"; }
    std::vector<std::string> DataxReaderNames() const noexcept override { return {"oraclereader"}; }
    std::vector<std::string> DataxWriterNames() const noexcept override { return {"oraclewriter"}; }
    std::vector<std::string> JdbcUrlPrefixes() const noexcept override { return {"jdbc:oracle:thin:"}; }
    int DefaultPort() const noexcept override;

    sdk::Result<sdk::ConnectionSpec> ParseJdbcUrl(const std::string& url) const noexcept override;
    std::string BuildJdbcUrl(const sdk::ConnectionSpec& spec) const noexcept override;
    sdk::Result<std::string> BuildConnectionString(const sdk::ConnectionSpec& spec) const noexcept override;
    std::vector<std::string> SameFamily() const noexcept override { return {"ORACLE"}; }

    // Seed 000 §1.3: "select table_name from user_tables".
    std::string DefaultPingSql() const noexcept override;
    // The seed's USER_TAB_COLUMNS/USER_COL_COMMENTS query over ALL_* views, OWNER and TABLE_NAME bound.
    std::string DefaultColumnsSql() const noexcept override;

    sdk::Capabilities GetCapabilities() const noexcept override;

    // Table compare: count and STANDARD_HASH checksum of a key range, and the primary key
    // (oracle_checksum.h). Oracle compares VARCHAR2 by its bytes (NLS_COMP=BINARY), so key ranges
    // keep the plain column (ByteOrderKey's default).
    sdk::Result<std::string> SegmentChecksumSql(const sdk::SegmentChecksumSpec& spec) const noexcept override;
    sdk::Result<std::vector<std::string>> PrimaryKeyColumns(sdk::Connection& connection,
                                                            const std::string& table) const noexcept override;

protected:
    // Oracle SQL as is (OceanBase Oracle mode too: ROWNUM, CONNECT BY, (+), sequences, DUAL; no LIMIT).
    sdk::SqlTarget SqlTargetData() const noexcept override { return sdk::SqlTarget::Oracle(); }
    std::string DefaultOdbcDriver() const noexcept override { return kDefaultOracleOdbcDriver; }
    // service_name, sid.
    std::vector<sdk::OptionSpec> ExtraDatasourceOptions() const override;
    // oraclereader (fetchSize 1024 unless given) / oraclewriter.
    std::string DataxReaderName() const noexcept override { return "oraclereader"; }
    std::string DataxWriterName() const noexcept override { return "oraclewriter"; }
    int DataxFetchSize() const noexcept override { return 1024; }

    explicit OracleDialect(std::shared_ptr<const odbc::DialectSql> sql) : OdbcDialectBase(std::move(sql)) {}
};

// Everything Oracle SQL has natively (no LIMIT: Oracle uses FETCH FIRST / ROWNUM).
sdk::Capabilities OracleCapabilities();

}  // namespace dbbridge::oracle
