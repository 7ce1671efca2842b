#include "core/transpile/transpile_service.h"

#include "core/sql/transpiler.h"
#include "dbbridge/sdk/util/sql_text.h"

namespace dbbridge::core {

sdk::Result<sdk::TranspileResult> TranspileFor(const sdk::Dialect& dialect, const std::string& from,
                                               const std::string& sql) {
    const std::optional<sdk::SqlTarget> target = dialect.SqlTargetProfile();
    if (!target) {
        return dialect.Transpile(from, sql);
    }
    return sql::TranspileForDialect(from, sql, sql::ProfileFromSqlTarget(dialect.Name(), *target),
                                         target->same_sql);
}

sdk::Result<sdk::TranspileResult> TranspileSql(const PluginRegistry& registry, const std::string& from,
                                               const std::string& to, const std::string& sql) {
    std::string source = sdk::util::ToUpper(from);
    if (source != "ORACLE" && source != "MYSQL") {
        return sdk::Status::InvalidArgument("source dialect '" + from + "' is not supported: use ORACLE or MYSQL");
    }
    if (const sdk::Dialect* target = registry.Find(to)) {
        return TranspileFor(*target, source, sql);
    }
    return sql::TranspileForTarget(source, to, sql);
}

}  // namespace dbbridge::core
