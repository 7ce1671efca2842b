#include "host/handlers/sql_handlers.h"

#include <limits>
#include <optional>

#include "core/transpile/transpile_service.h"
#include "dbbridge/sdk/util/json_writer.h"

namespace dbbridge::host {

namespace {

constexpr std::size_t kMaxSqlBytes = 4 * 1024 * 1024;

struct TranspileRequest {
    std::string from;
    std::string to;
    std::string sql;
    std::optional<core::TranspileDatasource> datasource;
};

// The datasource the caller names, checked for use by the caller now (another's is not found).
sdk::Result<core::TranspileDatasource> UsableDatasource(core::DatasourceService& datasources, std::int64_t id,
                                                        const std::string& uid) {
    auto ds = datasources.Get(id, uid);
    if (!ds.ok()) {
        return ds.status().WithContext("datasourceId");
    }
    auto spec = datasources.ResolveByIdForUser(id, uid);
    if (!spec.ok()) {
        return spec.status().WithContext("datasourceId");
    }
    return core::TranspileDatasource{std::move(spec.value()), ds->source_name};
}

sdk::Result<TranspileRequest> ParseTranspileRequest(const Request& req, core::DatasourceService& datasources) {
    auto body = req.JsonObject();
    DBB_RETURN_IF_ERROR(body.status());
    JsonFields f(*body);
    DBB_RETURN_IF_ERROR(f.OnlyKeys({"from", "to", "sql", "datasourceId"}));
    auto id = f.Int("datasourceId", false, 1, std::numeric_limits<std::int64_t>::max());
    DBB_RETURN_IF_ERROR(id.status());
    auto from = f.String("from", true, 64);
    auto to = f.String("to", !id.value().has_value(), 64);  // with a datasource: its type by default
    auto sql = f.String("sql", true, kMaxSqlBytes);
    for (const sdk::Status* st : {&from.status(), &to.status(), &sql.status()}) {
        DBB_RETURN_IF_ERROR(*st);
    }
    TranspileRequest r{**from, to.value().value_or(""), **sql, std::nullopt};
    if (id.value()) {
        DBB_ASSIGN_OR_RETURN(r.datasource, UsableDatasource(datasources, **id, req.uid));
    }
    return r;
}

}  // namespace

void AddSqlRoutes(Router& router, const core::PluginRegistry& registry, core::DatasourceService& datasources) {
    router.Add("POST", "/api/sql/transpile", [&registry, &datasources](const Request& req) {
        auto parsed = ParseTranspileRequest(req, datasources);
        if (!parsed.ok()) {
            return ApiReply::FromStatus(parsed.status());
        }
        const TranspileRequest& t = *parsed;
        auto r = core::TranspileSql(registry, t.from, t.to, t.sql, t.datasource ? &*t.datasource : nullptr);
        if (!r.ok()) {
            return ApiReply::FromStatus(r.status());
        }
        sdk::util::JsonWriter w;
        w.BeginObject().Key("sql").String(r->sql).Key("notes").StringArray(r->notes).EndObject();
        return ApiReply::Ok(w.str());
    });
}

}  // namespace dbbridge::host
