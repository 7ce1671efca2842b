#include "dm_dialect.h"

#include "dbbridge/odbc/connection_string.h"
#include "dbbridge/sdk/util/no_throw.h"
#include "dm_sql.h"
#include "dm_url.h"

namespace dbbridge::dm {

sdk::Result<std::string> BuildDmConnectionString(const sdk::ConnectionSpec& spec) {
    odbc::ConnectionStringBuilder b;
    if (auto verbatim = odbc::StartConnectionString(spec, kDefaultDmOdbcDriver, b)) {
        return *verbatim;
    }
    if (spec.host.empty() && spec.Option("dsn").empty()) {
        return sdk::Status::InvalidArgument("DM datasource: set host (or a dsn, or connection_string)");
    }
    if (!spec.host.empty()) {
        b.Add("SERVER", spec.host);
        b.Add("TCP_PORT", std::to_string(spec.port > 0 ? spec.port : kDefaultDmPort));
    }
    b.Add("UID", spec.user);
    b.Add("PWD", spec.password);
    b.AddRaw(spec.Option("odbc_attributes"));
    return b.str();
}

DmDialect::DmDialect() : OdbcDialectBase(std::make_shared<DmSql>()) {}

int DmDialect::DefaultPort() const noexcept { return kDefaultDmPort; }

sdk::Result<sdk::ConnectionSpec> DmDialect::ParseJdbcUrl(const std::string& url) const noexcept {
    return sdk::util::NoThrow([&] { return ParseDmJdbcUrl(url); });
}

std::string DmDialect::BuildJdbcUrl(const sdk::ConnectionSpec& spec) const noexcept {
    return sdk::util::NoThrowValue([&]() -> std::string { return BuildDmJdbcUrl(spec); }, std::string());
}

sdk::Result<std::string> DmDialect::BuildConnectionString(const sdk::ConnectionSpec& spec) const noexcept {
    return sdk::util::NoThrow([&] { return BuildDmConnectionString(spec); });
}

std::string DmDialect::DefaultColumnsSql() const noexcept { return odbc::OracleDictionarySql::ColumnsSql(); }

sdk::SqlTarget DmDialect::SqlTargetData() const noexcept {
    // DM8: Oracle syntax native (ROWNUM, CONNECT BY, (+), NEXTVAL, DUAL, MERGE) plus LIMIT; '' and
    // NULL are distinct unless COMPATIBLE_MODE=2, and its DATE has no time part.
    sdk::SqlTarget t = sdk::SqlTarget::Oracle();
    t.limit = true;
    t.empty_string_is_null = t.oracle_date = t.concat_ignores_null = false;
    return t;
}

sdk::Capabilities DmDialect::GetCapabilities() const noexcept {
    sdk::Capabilities c;
    c.connect_by = true;
    c.rownum = true;
    c.oracle_outer_join = true;
    c.empty_string_is_null = false;  // only with COMPATIBLE_MODE=2; the transpiler must not rely on it
    c.dual = true;
    c.sequence_nextval = true;
    c.merge = true;
    c.limit = true;
    c.fetch_first = true;
    c.nulls_ordering = true;
    c.oracle_date = false;  // DM's DATE has no time part
    c.oracle_functions = true;
    return c;
}

}  // namespace dbbridge::dm
