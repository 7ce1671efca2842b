#include "ob_oracle_dialect.h"

#include "dbbridge/odbc/connection_string.h"
#include "dbbridge/sdk/util/no_throw.h"
#include "ob_datax.h"
#include "ob_url.h"
#include "oracle_sql.h"

namespace dbbridge::oceanbase {

sdk::Result<std::string> BuildObOracleConnectionString(const sdk::ConnectionSpec& spec) {
    odbc::ConnectionStringBuilder b;
    if (auto verbatim = odbc::StartConnectionString(spec, kDefaultObOdbcDriver, b)) {
        return *verbatim;
    }
    if (spec.host.empty() && spec.Option("dsn").empty()) {
        return sdk::Status::InvalidArgument("OCEAN_BASE_ORACLE datasource: set host (or a dsn, or connection_string)");
    }
    if (!spec.host.empty()) {
        b.Add("SERVER", spec.host);
        b.Add("PORT", std::to_string(spec.port > 0 ? spec.port : kDefaultObPort));
    }
    b.Add("UID", ComposeObUser(spec));
    b.Add("PWD", spec.password);
    b.Add("DATABASE", spec.database);
    b.AddRaw(spec.Option("odbc_attributes"));
    return b.str();
}

ObOracleDialect::ObOracleDialect() : OracleDialect(std::make_shared<oracle::OracleSql>("OCEAN_BASE_ORACLE")) {}

int ObOracleDialect::DefaultPort() const noexcept { return kDefaultObPort; }

std::vector<sdk::OptionSpec> ObTenantOptions() {
    return {sdk::OptionSpec::Text("tenant", "tenant name, composed into the user as user@tenant#cluster"),
            sdk::OptionSpec::Text("cluster", "cluster name, composed into the user as user@tenant#cluster")};
}

std::vector<sdk::OptionSpec> ObOracleDialect::ExtraDatasourceOptions() const { return ObTenantOptions(); }

sdk::Result<sdk::ConnectionSpec> ObOracleDialect::ParseJdbcUrl(const std::string& url) const noexcept {
    return sdk::util::NoThrow([&] { return ParseObJdbcUrl(url, Name()); });
}

std::string ObOracleDialect::BuildJdbcUrl(const sdk::ConnectionSpec& spec) const noexcept {
    return sdk::util::NoThrowValue([&]() -> std::string { return BuildObJdbcUrl(spec, false); }, std::string());
}

sdk::Result<std::string> ObOracleDialect::BuildConnectionString(const sdk::ConnectionSpec& spec) const noexcept {
    return sdk::util::NoThrow([&] { return BuildObOracleConnectionString(spec); });
}

sdk::Result<std::string> ObOracleDialect::DataxReaderJson(const sdk::DataxSide& side) const noexcept {
    return sdk::util::NoThrow([&] { return ObReaderJson(side, false); });
}

sdk::Result<std::string> ObOracleDialect::DataxWriterJson(const sdk::DataxSide& side) const noexcept {
    return sdk::util::NoThrow([&] { return ObWriterJson(side, false); });
}

}  // namespace dbbridge::oceanbase
