#include "ob_mysql_dialect.h"

#include "ob_datax.h"
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

std::string ObMysqlDialect::BuildJdbcUrl(const sdk::ConnectionSpec& spec) const noexcept {
    try {
        return BuildObJdbcUrl(spec, true);
    } catch (...) {
        return "";
    }
}

sdk::Result<std::unique_ptr<sdk::Connection>> ObMysqlDialect::Connect(const sdk::ConnectionSpec& spec) const noexcept {
    try {
        sdk::ConnectionSpec routed = spec;
        routed.user = ComposeObUser(spec);
        return MysqlDialect::Connect(routed);
    } catch (const std::exception& e) {
        return sdk::Status::Internal(std::string("OCEAN_BASE_MYSQL connect: ") + e.what());
    }
}

sdk::Result<std::string> ObMysqlDialect::DataxReaderJson(const sdk::DataxSide& side) const noexcept {
    try {
        return ObReaderJson(side, true);
    } catch (const std::exception& e) {
        return sdk::Status::Internal(e.what());
    }
}

sdk::Result<std::string> ObMysqlDialect::DataxWriterJson(const sdk::DataxSide& side) const noexcept {
    try {
        return ObWriterJson(side, true);
    } catch (const std::exception& e) {
        return sdk::Status::Internal(e.what());
    }
}

}  // namespace dbbridge::oceanbase
