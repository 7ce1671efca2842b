#include "oracle_dialect.h"

#include "dbbridge/odbc/connection_string.h"
#include "dbbridge/sdk/util/no_throw.h"
#include "oracle_checksum.h"
#include "oracle_sql.h"
#include "oracle_url.h"

namespace dbbridge::oracle {

sdk::Result<std::string> BuildOracleConnectionString(const sdk::ConnectionSpec& spec, int default_port) {
    odbc::ConnectionStringBuilder b;
    if (auto verbatim = odbc::StartConnectionString(spec, kDefaultOracleOdbcDriver, b)) {
        return *verbatim;
    }
    if (!spec.host.empty()) {
        int port = spec.port > 0 ? spec.port : default_port;
        std::string sid = spec.Option("sid");
        if (!sid.empty()) {
            // EZConnect cannot name a SID; a TNS descriptor can.
            b.Add("DBQ", "(DESCRIPTION=(ADDRESS=(PROTOCOL=TCP)(HOST=" + spec.host + ")(PORT=" + std::to_string(port) +
                             "))(CONNECT_DATA=(SID=" + sid + ")))");
        } else {
            std::string service = spec.Option("service_name", spec.database);
            if (service.empty()) {
                return sdk::Status::InvalidArgument(
                    "ORACLE datasource: set service_name or sid (or the database field), or a dsn");
            }
            b.Add("DBQ", "//" + spec.host + ":" + std::to_string(port) + "/" + service);
        }
    } else if (spec.Option("dsn").empty()) {
        return sdk::Status::InvalidArgument("ORACLE datasource: set host (with service_name or sid), a dsn, "
                                            "or connection_string");
    }
    b.Add("UID", spec.user);
    b.Add("PWD", spec.password);
    b.AddRaw(spec.Option("odbc_attributes"));
    return b.str();
}

sdk::Capabilities OracleCapabilities() {
    sdk::Capabilities c;
    c.connect_by = true;
    c.rownum = true;
    c.oracle_outer_join = true;
    c.empty_string_is_null = true;
    c.dual = true;
    c.sequence_nextval = true;
    c.merge = true;
    c.limit = false;
    c.fetch_first = true;
    c.nulls_ordering = true;
    c.oracle_date = true;
    c.oracle_functions = true;
    return c;
}

OracleDialect::OracleDialect() : OdbcDialectBase(std::make_shared<OracleSql>("ORACLE")) {}

int OracleDialect::DefaultPort() const noexcept { return kDefaultOraclePort; }

std::vector<sdk::OptionSpec> OracleDialect::ExtraDatasourceOptions() const {
    return {sdk::OptionSpec::Text("service_name", "the service to connect to (default: the datasource's database)"),
            sdk::OptionSpec::Text("sid", "an instance SID instead of a service name")};
}

sdk::Result<sdk::ConnectionSpec> OracleDialect::ParseJdbcUrl(const std::string& url) const noexcept {
    return sdk::util::NoThrow([&] {
        auto spec = ParseOracleJdbcUrl(url, DefaultPort());
        if (spec.ok()) {
            spec->dialect = Name();
        }
        return spec;
    });
}

std::string OracleDialect::BuildJdbcUrl(const sdk::ConnectionSpec& spec) const noexcept {
    return sdk::util::NoThrowValue([&]() -> std::string { return BuildOracleJdbcUrl(spec, DefaultPort()); },
                                   std::string());
}

sdk::Result<std::string> OracleDialect::BuildConnectionString(const sdk::ConnectionSpec& spec) const noexcept {
    return sdk::util::NoThrow([&] { return BuildOracleConnectionString(spec, DefaultPort()); });
}

std::string OracleDialect::DefaultPingSql() const noexcept { return "select table_name from user_tables"; }

std::string OracleDialect::DefaultColumnsSql() const noexcept { return odbc::OracleDictionarySql::ColumnsSql(); }

sdk::Capabilities OracleDialect::GetCapabilities() const noexcept { return OracleCapabilities(); }

sdk::Result<std::string> OracleDialect::SegmentChecksumSql(const sdk::SegmentChecksumSpec& spec) const noexcept {
    return sdk::util::NoThrow([&] { return OracleSegmentChecksumSql(*this, spec); }, "ORACLE checksum SQL: ");
}

sdk::Result<std::vector<std::string>> OracleDialect::PrimaryKeyColumns(sdk::Connection& connection,
                                                                      const std::string& table) const noexcept {
    return sdk::util::NoThrow([&] { return OraclePrimaryKeyColumns(*this, connection, table); },
                              "ORACLE primary key: ");
}

}  // namespace dbbridge::oracle
