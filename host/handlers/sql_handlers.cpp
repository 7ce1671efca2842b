#include "host/handlers/sql_handlers.h"

#include "core/transpile/transpile_service.h"
#include "dbbridge/sdk/util/json_writer.h"

namespace dbbridge::host {

namespace {
constexpr std::size_t kMaxSqlBytes = 4 * 1024 * 1024;
}  // namespace

void AddSqlRoutes(Router& router, const core::PluginRegistry& registry) {
    router.Add("POST", "/api/sql/transpile", [&registry](const Request& req) {
        auto body = req.JsonObject();
        if (!body.ok()) {
            return ApiReply::FromStatus(body.status());
        }
        JsonFields f(*body);
        auto known = f.OnlyKeys({"from", "to", "sql"});
        auto from = f.String("from", true, 64);
        auto to = f.String("to", true, 64);
        auto sql = f.String("sql", true, kMaxSqlBytes);
        for (const sdk::Status* st : {static_cast<const sdk::Status*>(&known), &from.status(), &to.status(), &sql.status()}) {
            if (!st->ok()) {
                return ApiReply::FromStatus(*st);
            }
        }
        auto r = core::TranspileSql(registry, **from, **to, **sql);
        if (!r.ok()) {
            return ApiReply::FromStatus(r.status());
        }
        sdk::util::JsonWriter w;
        w.BeginObject().Key("sql").String(r->sql).Key("notes").StringArray(r->notes).EndObject();
        return ApiReply::Ok(w.str());
    });
}

}  // namespace dbbridge::host
