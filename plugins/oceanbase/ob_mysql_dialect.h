#pragma once
// OCEAN_BASE_MYSQL: an OceanBase MySQL-mode tenant over the MySQL protocol, reusing the mysql
// plugin's dialect (connection, reader, writer, types) under OceanBase's identity. Owns the DataX
// names oceanbasev10reader/oceanbasev10writer (the DataX plugin serves both tenant modes; a job
// read from a file is run in MySQL mode) and the URL prefixes jdbc:oceanbase:// and the
// ||_dsc_ob10_dsc_|| form. Connect composes user@tenant#cluster from the tenant/cluster options.

#include <memory>
#include <string>

#include "mysql_dialect.h"

namespace dbbridge::oceanbase {

class ObMysqlDialect final : public mysql::MysqlDialect {
public:
    ObMysqlDialect();

    sdk::Result<sdk::ConnectionSpec> ParseJdbcUrl(const std::string& url) const noexcept override;
    std::string BuildJdbcUrl(const sdk::ConnectionSpec& spec) const noexcept override;
    sdk::Result<std::unique_ptr<sdk::Connection>> Connect(const sdk::ConnectionSpec& spec) const noexcept override;
    std::string DefaultPingSql() const noexcept override { return "SELECT 1"; }
    sdk::Result<std::string> DataxReaderJson(const sdk::DataxSide& side) const noexcept override;
    sdk::Result<std::string> DataxWriterJson(const sdk::DataxSide& side) const noexcept override;
    // The mysql plugin's options plus tenant and cluster.
    std::vector<sdk::OptionSpec> DatasourceOptions() const noexcept override;
};

mysql::MysqlDialectIdentity ObMysqlIdentity();

}  // namespace dbbridge::oceanbase
