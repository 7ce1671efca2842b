#include "host/handlers/datasource_handlers.h"

#include "dbbridge/sdk/util/json_writer.h"
#include "host/handlers/handler_util.h"

namespace dbbridge::host {

namespace {

using sdk::Result;
using sdk::Status;
using sdk::util::JsonWriter;

// Body keys a datasource may carry; "user" and "database" are the seed's ping spellings.
const std::vector<std::string> kDatasourceKeys = {"id", "source_name", "description", "db_type", "host", "port",
                                                  "db_name", "database", "username", "user", "password",
                                                  "clear_password", "project", "options"};

void WriteDatasource(JsonWriter& w, const core::Datasource& ds) {
    w.BeginObject();
    w.Key("id").Int(ds.id).Key("source_name").String(ds.source_name).Key("description").String(ds.description);
    w.Key("db_type").String(ds.db_type).Key("host").String(ds.host).Key("port").Int(ds.port);
    w.Key("db_name").String(ds.db_name).Key("username").String(ds.username).Key("has_password").Bool(ds.has_password);
    w.Key("project").String(ds.project).Key("uid").String(ds.uid);
    w.Key("options").BeginObject();
    for (const auto& [k, v] : ds.options) {
        w.Key(k).String(v);
    }
    w.EndObject();
    w.Key("insert_time").String(TimeForApi(ds.insert_time)).Key("update_time").String(TimeForApi(ds.update_time));
    w.EndObject();
}

std::string DatasourceJson(const core::Datasource& ds) { return ItemJson(ds, WriteDatasource); }

std::string DatasourceListJson(const std::vector<core::Datasource>& list) { return ListJson(list, WriteDatasource); }

// Reads one string field that has two accepted spellings (SPEC name first, then the seed's).
Result<std::optional<std::string>> StringEither(const JsonFields& f, const std::string& key, const std::string& alt) {
    auto v = f.String(key, false);
    if (!v.ok() || v->has_value()) {
        return v;
    }
    return f.String(alt, false);
}

// Fills a Datasource from a body; required says whether the fields Save needs must be present.
Result<core::Datasource> ParseDatasource(const JsonFields& f, bool require_name) {
    DBB_RETURN_IF_ERROR(f.OnlyKeys(kDatasourceKeys));
    core::Datasource ds;
    auto name = f.String("source_name", require_name, core::DatasourceService::kMaxSourceNameChars * 4);
    auto description = f.String("description", false);
    auto db_type = f.String("db_type", true, 64);
    auto host = f.String("host", false, 255);
    auto port = f.Int("port", false, 0, 65535);
    auto db_name = StringEither(f, "db_name", "database");
    auto username = StringEither(f, "username", "user");
    auto password = f.String("password", false);
    auto project = f.String("project", false, 255);
    auto options = f.StringMap("options");
    for (const Status* st : {&name.status(), &description.status(), &db_type.status(), &host.status(), &port.status(),
                             &db_name.status(), &username.status(), &password.status(), &project.status(),
                             &options.status()}) {
        DBB_RETURN_IF_ERROR(*st);
    }
    ds.source_name = name->value_or("");
    ds.description = description->value_or("");
    ds.db_type = db_type->value_or("");
    ds.host = host->value_or("");
    ds.port = static_cast<int>(port->value_or(0));
    ds.db_name = db_name->value_or("");
    ds.username = username->value_or("");
    ds.password = password->value_or("");
    ds.project = project->value_or("");
    ds.options = options->value_or(std::map<std::string, std::string>{});
    return ds;
}

Result<core::DatasourcePatch> ParsePatch(const JsonFields& f) {
    DBB_RETURN_IF_ERROR(f.OnlyKeys(kDatasourceKeys));
    core::DatasourcePatch p;
    auto id = f.Int("id", true, 1, INT64_MAX);
    DBB_RETURN_IF_ERROR(id.status());
    p.id = **id;
    auto set = [&f](const std::string& key, const std::string& alt, std::optional<std::string>& out) -> Status {
        auto v = alt.empty() ? f.String(key, false) : StringEither(f, key, alt);
        DBB_RETURN_IF_ERROR(v.status());
        out = *v;
        return Status::Ok();
    };
    DBB_RETURN_IF_ERROR(set("source_name", "", p.source_name));
    DBB_RETURN_IF_ERROR(set("description", "", p.description));
    DBB_RETURN_IF_ERROR(set("db_type", "", p.db_type));
    DBB_RETURN_IF_ERROR(set("host", "", p.host));
    DBB_RETURN_IF_ERROR(set("db_name", "database", p.db_name));
    DBB_RETURN_IF_ERROR(set("username", "user", p.username));
    DBB_RETURN_IF_ERROR(set("password", "", p.password));
    DBB_RETURN_IF_ERROR(set("project", "", p.project));
    auto port = f.Int("port", false, 0, 65535);
    DBB_RETURN_IF_ERROR(port.status());
    if (port->has_value()) {
        p.port = static_cast<int>(**port);
    }
    auto clear = f.Bool("clear_password", false);
    DBB_RETURN_IF_ERROR(clear.status());
    p.clear_password = clear->value_or(false);
    auto options = f.StringMap("options");
    DBB_RETURN_IF_ERROR(options.status());
    p.options = *options;
    return p;
}

std::string PingJson(const sdk::PingResult& p) {
    JsonWriter w;
    w.BeginObject().Key("latency_ms").Double(p.latency_ms).Key("server_version").String(p.server_version).EndObject();
    return w.str();
}

}  // namespace

void AddDatasourceRoutes(Router& router, core::DatasourceService& ds) {
    router.Add("POST", "/api/datasource/save", [&ds](const Request& req) {
        auto body = req.JsonObject();
        if (!body.ok()) {
            return ApiReply::FromStatus(body.status());
        }
        auto parsed = ParseDatasource(JsonFields(*body), true);
        if (!parsed.ok()) {
            return ApiReply::FromStatus(parsed.status());
        }
        parsed->uid = req.uid;
        return Reply(ds.Save(*parsed), DatasourceJson);
    }, {false, "datasource.create"});
    router.Add("POST", "/api/datasource/update", [&ds](const Request& req) {
        auto body = req.JsonObject();
        if (!body.ok()) {
            return ApiReply::FromStatus(body.status());
        }
        auto patch = ParsePatch(JsonFields(*body));
        if (!patch.ok()) {
            return ApiReply::FromStatus(patch.status());
        }
        return Reply(ds.Update(*patch, req.uid), DatasourceJson);
    }, {false, "datasource.update"});
    router.Add("POST", "/api/datasource/delete", [&ds](const Request& req) {
        auto id = IdFromQueryOrBody(req);
        if (!id.ok()) {
            return ApiReply::FromStatus(id.status());
        }
        return IdReply(ds.Delete(*id, req.uid), *id);
    }, {false, "datasource.delete"});
    router.Add("GET", "/api/datasource/query", [&ds](const Request& req) {
        auto paging = Paging(req);
        if (!paging.ok()) {
            return ApiReply::FromStatus(paging.status());
        }
        core::DatasourceQuery q;
        q.page = paging->first;
        q.page_size = paging->second;
        q.db_type = req.QueryString("db_type", false).value();
        q.project = req.QueryString("project", false).value();
        q.name = req.QueryString("name", false).value();
        return Reply(ds.Query(q, req.uid),
                     [](const core::Page<core::Datasource>& p) { return PageJson(p, WriteDatasource); });
    });
    router.Add("GET", "/api/datasource/list", [&ds](const Request& req) {
        return Reply(ds.ListByType(req.QueryString("db_type", false).value(), req.uid), DatasourceListJson);
    });
    router.Add("GET", "/api/datasource/get", [&ds](const Request& req) {
        auto id = QueryId(req);
        if (!id.ok()) {
            return ApiReply::FromStatus(id.status());
        }
        return Reply(ds.Get(*id, req.uid), DatasourceJson);
    });
    router.Add("POST", "/api/datasource/ping", [&ds](const Request& req) {
        auto body = req.JsonObject();
        if (!body.ok()) {
            return ApiReply::FromStatus(body.status());
        }
        JsonFields f(*body);
        // {"id": N} pings a saved datasource; anything else is an unsaved one (the seed's example).
        if (f.Has("id") && !f.Has("db_type")) {
            auto id = f.Int("id", true, 1, INT64_MAX);
            if (!id.ok()) {
                return ApiReply::FromStatus(id.status());
            }
            return Reply(ds.Ping(**id, req.uid), PingJson);
        }
        auto parsed = ParseDatasource(f, false);
        if (!parsed.ok()) {
            return ApiReply::FromStatus(parsed.status());
        }
        parsed->uid = req.uid;  // the limit on unsaved pings is per user
        return Reply(ds.Ping(*parsed), PingJson);
    });
    router.Add("GET", "/api/datasource/tables", [&ds](const Request& req) {
        auto id = QueryId(req);
        if (!id.ok()) {
            return ApiReply::FromStatus(id.status());
        }
        return Reply(ds.Tables(*id, req.uid), [](const std::vector<sdk::TableInfo>& tables) {
            JsonWriter w;
            w.BeginArray();
            for (const auto& t : tables) {
                w.BeginObject().Key("schema").String(t.schema).Key("name").String(t.name).Key("type").String(t.type);
                w.EndObject();
            }
            w.EndArray();
            return w.str();
        });
    });
    router.Add("GET", "/api/datasource/columns", [&ds](const Request& req) {
        auto id = QueryId(req);
        if (!id.ok()) {
            return ApiReply::FromStatus(id.status());
        }
        // tableName (seed 1.2.6) or table_name (seed 三 2.3).
        std::string table = req.QueryString("tableName", false).value();
        if (table.empty()) {
            table = req.QueryString("table_name", false).value();
        }
        if (table.empty()) {
            return ApiReply::FromStatus(Status::InvalidArgument("query parameter 'tableName' is required"));
        }
        return Reply(ds.Columns(*id, table, req.uid), [](const std::vector<sdk::ColumnInfo>& cols) {
            JsonWriter w;
            w.BeginArray();
            for (const auto& c : cols) {
                // snake_case like the rest of seed 000; nativeType, jdbcType, jdbcTypeName are 0.1's
                // names, kept until 0.3 (docs/api.md).
                const int jdbc = static_cast<int>(c.jdbc_type);
                const std::string jdbc_name = sdk::JdbcTypeName(c.jdbc_type);
                w.BeginObject().Key("name").String(c.name).Key("native_type").String(c.native_type);
                w.Key("nullable").Bool(c.nullable).Key("jdbc_type").Int(jdbc).Key("jdbc_type_name").String(jdbc_name);
                w.Key("nativeType").String(c.native_type).Key("jdbcType").Int(jdbc);
                w.Key("jdbcTypeName").String(jdbc_name);
                w.EndObject();
            }
            w.EndArray();
            return w.str();
        });
    });
}

}  // namespace dbbridge::host
