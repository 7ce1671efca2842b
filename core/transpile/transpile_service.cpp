#include "core/transpile/transpile_service.h"

#include "core/transpile/datasource_catalog.h"
#include "dbbridge/sdk/util/sql_text.h"

namespace dbbridge::core {

sdk::Result<sdk::TranspileResult> TranspileFor(const sdk::Dialect& dialect, const std::string& from,
                                               const std::string& sql, sql::CatalogSource* catalog) {
    const std::optional<sdk::SqlTarget> target = dialect.SqlTargetProfile();
    if (!target) {
        return dialect.Transpile(from, sql);
    }
    sql::TranspileOptions options;
    options.source = catalog;
    return sql::TranspileForDialect(from, sql, sql::ProfileFromSqlTarget(dialect.Name(), *target), target->same_sql,
                                    options);
}

sdk::Result<sdk::TranspileResult> TranspileSql(const PluginRegistry& registry, const std::string& from,
                                               const std::string& to, const std::string& sql,
                                               const TranspileDatasource* datasource) {
    std::string source = sdk::util::ToUpper(from);
    if (source != "ORACLE" && source != "MYSQL") {
        return sdk::Status::InvalidArgument("source dialect '" + from + "' is not supported: use ORACLE or MYSQL");
    }
    if (!datasource) {
        if (const sdk::Dialect* target = registry.Find(to)) {
            return TranspileFor(*target, source, sql);
        }
        return sql::TranspileForTarget(source, to, sql);
    }
    const sdk::Dialect* reader = registry.Find(datasource->spec.dialect);
    if (!reader) {
        return sdk::Status::InvalidArgument("datasource '" + datasource->label + "': no loaded plugin serves its type " +
                                            datasource->spec.dialect);
    }
    // The SQL may be printed for another name than the datasource's type (e.g. GAUSSDB_ORACLE
    // SQL checked against a PostgreSQL datasource): its catalog is read the datasource's way.
    const sdk::Dialect* target = to.empty() ? reader : registry.Find(to);
    if (!target) {
        return sdk::Status::InvalidArgument("to: no loaded plugin serves '" + to +
                                            "' (with a datasource the target must be a loaded dialect)");
    }
    DatasourceCatalog catalog(*reader, datasource->spec, datasource->label, DatasourceCatalog::OnError::kFail);
    return TranspileFor(*target, source, sql, &catalog);
}

}  // namespace dbbridge::core
