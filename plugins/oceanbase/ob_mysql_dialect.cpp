#include "ob_mysql_dialect.h"

#include "dbbridge/sdk/util/no_throw.h"
#include "ob_datax.h"
#include "ob_oracle_dialect.h"
#include "ob_url.h"

namespace dbbridge::oceanbase {

mysql::MysqlDialectIdentity ObMysqlIdentity() {
    mysql::MysqlDialectIdentity id;
    id.name = "OCEAN_BASE_MYSQL";
    id.datax_readers = {"oceanbasev10reader"};
    id.datax_writers = {"oceanbasev10writer"};
    id.jdbc_prefixes = {"jdbc:oceanbase://", kObMarker};
    id.default_port = kDefaultObPort;
    id.same_sql_dialects = {"OCEAN_BASE_MYSQL", "MYSQL"};
    return id;
}

ObMysqlDialect::ObMysqlDialect() : MysqlDialect(ObMysqlIdentity()) {}

sdk::Result<sdk::ConnectionSpec> ObMysqlDialect::ParseJdbcUrl(const std::string& url) const noexcept {
    return sdk::util::NoThrow([&] { return ParseObJdbcUrl(url, Name()); });
}

std::string ObMysqlDialect::BuildJdbcUrl(const sdk::ConnectionSpec& spec) const noexcept {
    return sdk::util::NoThrowValue([&]() -> std::string { return BuildObJdbcUrl(spec, true); }, std::string());
}

sdk::Result<std::unique_ptr<sdk::Connection>> ObMysqlDialect::Connect(const sdk::ConnectionSpec& spec) const noexcept {
    return sdk::util::NoThrow(
        [&] {
            sdk::ConnectionSpec routed = spec;
            routed.user = ComposeObUser(spec);
            return MysqlDialect::Connect(routed);
        },
        "OCEAN_BASE_MYSQL connect: ");
}

sdk::Result<std::string> ObMysqlDialect::DataxReaderJson(const sdk::DataxSide& side) const noexcept {
    return sdk::util::NoThrow([&] { return ObReaderJson(side, true); });
}

sdk::Result<std::string> ObMysqlDialect::DataxWriterJson(const sdk::DataxSide& side) const noexcept {
    return sdk::util::NoThrow([&] { return ObWriterJson(side, true); });
}

std::vector<sdk::OptionSpec> ObMysqlDialect::DatasourceOptions() const noexcept {
    return sdk::util::NoThrowValue(
        [&] {
            std::vector<sdk::OptionSpec> out = MysqlDialect::DatasourceOptions();
            for (auto& o : ObTenantOptions()) {
                out.push_back(std::move(o));
            }
            return out;
        },
        std::vector<sdk::OptionSpec>{});
}

}  // namespace dbbridge::oceanbase
