#pragma once
// OCEAN_BASE_ORACLE: an OceanBase Oracle-mode tenant over unixODBC with OceanBase Connector/ODBC
// (a MySQL-ODBC-based driver speaking OceanBase's protocol). Oracle dictionary SQL, Oracle types.
//
// Datasource options: connection_string (verbatim), dsn, odbc_driver (default
// "OceanBase ODBC 2.0 Driver"), tenant, cluster (compose user@tenant#cluster), odbc_attributes,
// session_init (default: Oracle's NLS/TIME_ZONE pinning). Built keywords: SERVER, PORT, UID, PWD,
// DATABASE. Its DataX blocks are oceanbasev10reader/writer, whose names OCEAN_BASE_MYSQL owns.

#include <string>
#include <vector>

#include "oracle_dialect.h"

namespace dbbridge::oceanbase {

inline constexpr const char* kDefaultObOdbcDriver = "OceanBase ODBC 2.0 Driver";

sdk::Result<std::string> BuildObOracleConnectionString(const sdk::ConnectionSpec& spec);

class ObOracleDialect final : public oracle::OracleDialect {
public:
    ObOracleDialect();

    std::string Name() const noexcept override { return "OCEAN_BASE_ORACLE"; }
    // Empty: one DataX name and URL prefix must map to one dialect; OCEAN_BASE_MYSQL has them.
    std::vector<std::string> DataxReaderNames() const noexcept override { return {}; }
    std::vector<std::string> DataxWriterNames() const noexcept override { return {}; }
    std::vector<std::string> JdbcUrlPrefixes() const noexcept override { return {}; }
    int DefaultPort() const noexcept override;

    sdk::Result<sdk::ConnectionSpec> ParseJdbcUrl(const std::string& url) const noexcept override;
    std::string BuildJdbcUrl(const sdk::ConnectionSpec& spec) const noexcept override;
    sdk::Result<std::string> BuildConnectionString(const sdk::ConnectionSpec& spec) const noexcept override;
    std::vector<std::string> SameFamily() const noexcept override { return {"OCEAN_BASE_ORACLE", "ORACLE"}; }

    std::string DefaultPingSql() const noexcept override { return "SELECT 1 FROM DUAL"; }
    // No segment checksum: OceanBase's Oracle mode documents ORA_HASH, whose value no other
    // engine computes, but not STANDARD_HASH, so a compare counts and fetches every range.
    sdk::Result<std::string> SegmentChecksumSql(const sdk::SegmentChecksumSpec& spec) const noexcept override {
        return sdk::Status::Unimplemented("dialect OCEAN_BASE_ORACLE provides no segment checksum SQL (table '" +
                                          spec.table + "')");
    }
    sdk::Result<std::string> DataxReaderJson(const sdk::DataxSide& side) const noexcept override;
    sdk::Result<std::string> DataxWriterJson(const sdk::DataxSide& side) const noexcept override;

protected:
    std::string DefaultOdbcDriver() const noexcept override { return kDefaultObOdbcDriver; }
    // tenant, cluster (Oracle's service_name / sid do not apply).
    std::vector<sdk::OptionSpec> ExtraDatasourceOptions() const override;
};

// tenant and cluster, which compose the user name user@tenant#cluster (both tenant modes).
std::vector<sdk::OptionSpec> ObTenantOptions();

}  // namespace dbbridge::oceanbase
