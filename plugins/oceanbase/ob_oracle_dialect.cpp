#include "ob_oracle_dialect.h"

#include "dbbridge/odbc/connection_string.h"
#include "ob_datax.h"
#include "ob_url.h"
#include "oracle_sql.h"

namespace dbbridge::oceanbase {

sdk::Result<std::string> BuildObOracleConnectionString(const sdk::ConnectionSpec& spec) {
    std::string override_cs = spec.Option("connection_string");
    if (!override_cs.empty()) {
        return override_cs;
    }
    odbc::ConnectionStringBuilder b;
    std::string dsn = spec.Option("dsn");
    if (!dsn.empty()) {
        b.Add("DSN", dsn);
    } else {
        if (spec.host.empty()) {
            return sdk::Status::InvalidArgument("OCEAN_BASE_ORACLE datasource: set host (or a dsn, or "
                                                "connection_string)");
        }
        b.AddBraced("DRIVER", spec.Option("odbc_driver", kDefaultObOdbcDriver));
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

sdk::Result<sdk::ConnectionSpec> ObOracleDialect::ParseJdbcUrl(const std::string& url) const noexcept {
    try {
        auto spec = ParseObJdbcUrl(url);
        if (spec.ok()) {
            spec->dialect = Name();
        }
        return spec;
    } catch (const std::exception& e) {
        return sdk::Status::Internal(e.what());
    }
}

std::string ObOracleDialect::BuildJdbcUrl(const sdk::ConnectionSpec& spec) const noexcept {
    try {
        return BuildObJdbcUrl(spec, false);
    } catch (...) {
        return "";
    }
}

sdk::Result<std::string> ObOracleDialect::BuildConnectionString(const sdk::ConnectionSpec& spec) const noexcept {
    try {
        return BuildObOracleConnectionString(spec);
    } catch (const std::exception& e) {
        return sdk::Status::Internal(e.what());
    }
}

sdk::Result<std::string> ObOracleDialect::DataxReaderJson(const sdk::DataxSide& side) const noexcept {
    try {
        return ObReaderJson(side, false);
    } catch (const std::exception& e) {
        return sdk::Status::Internal(e.what());
    }
}

sdk::Result<std::string> ObOracleDialect::DataxWriterJson(const sdk::DataxSide& side) const noexcept {
    try {
        return ObWriterJson(side, false);
    } catch (const std::exception& e) {
        return sdk::Status::Internal(e.what());
    }
}

}  // namespace dbbridge::oceanbase
