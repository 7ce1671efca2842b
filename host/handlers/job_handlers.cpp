#include "host/handlers/job_handlers.h"

#include <Poco/Exception.h>
#include <Poco/JSON/ParseHandler.h>
#include <Poco/JSON/Parser.h>

#include <sstream>

#include "dbbridge/sdk/util/json_writer.h"
#include "host/handlers/handler_util.h"

namespace dbbridge::host {

namespace {

using sdk::Result;
using sdk::Status;
using sdk::util::JsonWriter;

constexpr std::int64_t kMaxChannel = 1024;

const std::vector<std::string> kReaderKeys = {"datasource_id", "table", "columns", "where", "splitPk", "querySql"};
const std::vector<std::string> kWriterKeys = {"datasource_id", "table", "columns", "writeMode", "preSql", "postSql"};
const std::vector<std::string> kSettingKeys = {"channel", "byte", "record", "errorLimit"};
const std::vector<std::string> kErrorLimitKeys = {"record", "percentage"};

// The body as a JSON object with key order kept (a user's DataX job reads as they wrote it).
Result<Poco::JSON::Object::Ptr> OrderedBody(const Request& req) {
    if (req.body.find_first_not_of(" \t\r\n") == std::string::npos) {
        return Status::InvalidArgument("request body is empty; a JSON object is required");
    }
    try {
        Poco::JSON::Parser parser(new Poco::JSON::ParseHandler(true));
        Poco::Dynamic::Var v = parser.parse(req.body);
        if (v.type() != typeid(Poco::JSON::Object::Ptr)) {
            return Status::InvalidArgument("request body must be a JSON object");
        }
        return v.extract<Poco::JSON::Object::Ptr>();
    } catch (const Poco::Exception& e) {
        return Status::InvalidArgument("request body is not valid JSON: " + e.message());
    } catch (const std::exception& e) {
        return Status::InvalidArgument(std::string("request body is not valid JSON: ") + e.what());
    }
}

Result<core::JobSideRequest> ParseSide(const JsonFields& f, bool is_reader) {
    DBB_RETURN_IF_ERROR(f.OnlyKeys(is_reader ? kReaderKeys : kWriterKeys));
    core::JobSideRequest side;
    auto id = f.Int("datasource_id", true, 1, INT64_MAX);
    DBB_RETURN_IF_ERROR(id.status());
    side.datasource_id = **id;
    auto table = f.String("table", false, 512);
    DBB_RETURN_IF_ERROR(table.status());
    side.table = table->value_or("");
    auto columns = f.StringList("columns", false);
    DBB_RETURN_IF_ERROR(columns.status());
    side.columns = columns->value_or(std::vector<std::string>{});
    for (std::size_t i = 0; i < side.columns.size(); ++i) {
        if (side.columns[i].empty()) {
            return Status::InvalidArgument("field '" + f.Path("columns") + "[" + std::to_string(i) +
                                           "]' must not be empty");
        }
    }
    if (is_reader) {
        for (auto [key, out] : {std::pair<const char*, std::string*>{"where", &side.where},
                                {"splitPk", &side.split_pk},
                                {"querySql", &side.query_sql}}) {
            auto v = f.String(key, false, 1 << 20);
            DBB_RETURN_IF_ERROR(v.status());
            *out = v->value_or("");
        }
        return side;
    }
    auto mode = f.String("writeMode", false, 32);
    DBB_RETURN_IF_ERROR(mode.status());
    side.write_mode = mode->value_or("");
    auto pre = f.StringList("preSql", false);
    DBB_RETURN_IF_ERROR(pre.status());
    side.pre_sql = pre->value_or(std::vector<std::string>{});
    auto post = f.StringList("postSql", false);
    DBB_RETURN_IF_ERROR(post.status());
    side.post_sql = post->value_or(std::vector<std::string>{});
    return side;
}

Result<core::JobSettingRequest> ParseSetting(const JsonFields& f) {
    DBB_RETURN_IF_ERROR(f.OnlyKeys(kSettingKeys));
    core::JobSettingRequest s;
    auto channel = f.Int("channel", false, 1, kMaxChannel);
    auto byte = f.Int("byte", false, 0, INT64_MAX);
    auto record = f.Int("record", false, 0, INT64_MAX);
    for (const Status* st : {&channel.status(), &byte.status(), &record.status()}) {
        DBB_RETURN_IF_ERROR(*st);
    }
    s.channel = channel->value_or(1);
    s.byte = byte->value_or(0);
    s.record = record->value_or(0);
    auto limit = f.Object("errorLimit", false);
    DBB_RETURN_IF_ERROR(limit.status());
    if (limit.value()) {
        JsonFields l(limit.value(), f.Path("errorLimit"));
        DBB_RETURN_IF_ERROR(l.OnlyKeys(kErrorLimitKeys));
        auto rec = l.Int("record", false, 0, INT64_MAX);
        DBB_RETURN_IF_ERROR(rec.status());
        s.error_record = *rec;
        if (l.Has("percentage")) {
            Poco::Dynamic::Var v = l.object()->get("percentage");
            double p = -1;
            if (v.isNumeric() && !v.isBoolean()) {
                p = v.convert<double>();
            }
            if (!(p >= 0 && p <= 1)) {
                return Status::InvalidArgument("field '" + l.Path("percentage") + "' must be a number between 0 and 1");
            }
            s.error_percentage = p;
        }
    }
    return s;
}

// Which request a config body is: save, update (names the config by "id") or build (a save body
// whose config_name, description and project are optional and unused).
enum class ConfigBody { kSave, kUpdate, kBuild };

Result<core::JobConfigRequest> ParseConfigRequest(const Poco::JSON::Object::Ptr& body, ConfigBody kind) {
    const bool with_id = kind == ConfigBody::kUpdate;
    JsonFields f(body);
    std::vector<std::string> keys = {"config_name", "description", "project", "reader",
                                     "writer",      "setting",     "content", "verify_after_run"};
    if (with_id) {
        keys.push_back("id");
    }
    DBB_RETURN_IF_ERROR(f.OnlyKeys(keys));
    core::JobConfigRequest r;
    if (with_id) {
        auto id = f.Int("id", true, 1, INT64_MAX);
        DBB_RETURN_IF_ERROR(id.status());
        r.id = **id;
    }
    auto name = f.String("config_name", kind == ConfigBody::kSave, core::JobService::kMaxConfigNameChars * 4);
    DBB_RETURN_IF_ERROR(name.status());
    r.config_name = *name;
    auto description = f.String("description", false);
    DBB_RETURN_IF_ERROR(description.status());
    r.description = *description;
    auto project = f.String("project", false, 255);
    DBB_RETURN_IF_ERROR(project.status());
    r.project = *project;
    auto verify = f.Bool("verify_after_run", false);
    DBB_RETURN_IF_ERROR(verify.status());
    r.verify_after_run = *verify;
    for (auto [key, is_reader] : {std::pair<const char*, bool>{"reader", true}, {"writer", false}}) {
        auto obj = f.Object(key, false);
        DBB_RETURN_IF_ERROR(obj.status());
        if (!obj.value()) {
            continue;
        }
        auto side = ParseSide(JsonFields(obj.value(), key), is_reader);
        DBB_RETURN_IF_ERROR(side.status());
        (is_reader ? r.reader : r.writer) = side.value();
    }
    auto setting = f.Object("setting", false);
    DBB_RETURN_IF_ERROR(setting.status());
    if (setting.value()) {
        auto s = ParseSetting(JsonFields(setting.value(), "setting"));
        DBB_RETURN_IF_ERROR(s.status());
        r.setting = s.value();
    }
    if (f.Has("content")) {
        Poco::Dynamic::Var v = body->get("content");
        if (v.type() == typeid(Poco::JSON::Object::Ptr)) {
            std::ostringstream text;
            v.extract<Poco::JSON::Object::Ptr>()->stringify(text);
            r.content = text.str();
        } else if (v.isString()) {
            r.content = v.extract<std::string>();  // the job as JSON text, as some UIs send it
        } else {
            return Status::InvalidArgument("field 'content' must be a DataX job object ({\"job\": {...}})");
        }
    }
    return r;
}

// No server file paths: where the job file lives is the server's business, not the client's.
void WriteConfig(JsonWriter& w, const core::JsonConfigRow& c) {
    w.BeginObject().Key("id").Int(c.id).Key("config_name").String(c.config_name);
    w.Key("description").String(c.description).Key("uid").String(c.uid).Key("project").String(c.project);
    w.Key("verify_after_run").Bool(c.verify_after_run);
    w.Key("insert_time").String(TimeForApi(c.insert_time)).Key("update_time").String(TimeForApi(c.update_time));
    // The stored text is the JSON the service validated; embed it as a value.
    w.Key("content").Raw(c.content.empty() ? "null" : c.content);
    w.EndObject();
}

std::string ConfigJson(const core::JsonConfigRow& c) { return ItemJson(c, WriteConfig); }

std::string ConfigListJson(const std::vector<core::JsonConfigRow>& list) { return ListJson(list, WriteConfig); }

void WriteProgress(JsonWriter& w, const core::RunProgress& p) {
    w.BeginObject().Key("records").Int(p.records).Key("bytes").Int(p.bytes);
    w.Key("record_speed").Int(p.record_speed).Key("byte_speed").Int(p.byte_speed);
    w.Key("error_records").Int(p.error_records).Key("percentage").Double(p.percentage).EndObject();
}

// Seed 000's exec_log in snake_case. The camelCase names of 0.1 (configId, execName, startTime,
// endTime, recordsRead, recordsWritten, recordsFailed, exitReason, execResult, insertDate) are
// kept until 0.3 for scripts written against 0.1 (docs/api.md).
void WriteRunFields(JsonWriter& w, const core::ExecLogRow& r) {
    const std::string status = core::ExecStatusName(r.status);
    const std::string start = TimeForApi(r.start_time);
    const std::string end = TimeForApi(r.end_time);
    const std::string inserted = TimeForApi(r.insert_date);
    w.Key("id").Int(r.id).Key("config_id").Int(r.config_id).Key("exec_name").String(r.exec_name);
    w.Key("exec_result").String(r.exec_result).Key("status").String(status);
    w.Key("start_time").String(start).Key("end_time").String(end).Key("insert_date").String(inserted);
    w.Key("records_read").Int(r.records_read).Key("records_written").Int(r.records_written);
    w.Key("records_failed").Int(r.records_failed).Key("bytes").Int(r.bytes).Key("exit_reason").String(r.exit_reason);
    w.Key("progress");
    if (r.progress) {
        WriteProgress(w, *r.progress);
    } else {
        w.Null();
    }
    w.Key("configId").Int(r.config_id).Key("execName").String(r.exec_name).Key("startTime").String(start);
    w.Key("endTime").String(end).Key("recordsRead").Int(r.records_read).Key("recordsWritten").Int(r.records_written);
    w.Key("recordsFailed").Int(r.records_failed).Key("exitReason").String(r.exit_reason);
    w.Key("execResult").String(r.exec_result).Key("insertDate").String(inserted);
}

void WriteRun(JsonWriter& w, const core::ExecLogRow& r) {
    w.BeginObject();
    WriteRunFields(w, r);
    w.EndObject();
}

// One run's page: the run, the table compare verifying it (null: none; the report itself is at
// GET /api/compare/table), and for an admin where it ran and its log file, in a field of their own.
std::string RunPageJson(const core::ExecLogRow& r, bool admin, const std::optional<core::compare::CompareJob>& verify) {
    JsonWriter w;
    w.BeginObject();
    WriteRunFields(w, r);
    w.Key("verify");
    if (verify) {
        w.BeginObject().Key("compare_id").Int(verify->id).Key("status").String(verify->status);
        w.Key("error").String(verify->error).EndObject();
    } else {
        w.Null();
    }
    if (admin) {
        w.Key("server").BeginObject().Key("host_name").String(r.host_name).Key("log_path").String(r.log_path);
        w.EndObject();
    }
    w.EndObject();
    return w.str();
}

std::string RunJson(const core::ExecLogRow& r) { return ItemJson(r, WriteRun); }

// nextOffset is the 0.1 name of next_offset, kept until 0.3.
std::string LogJson(const core::LogChunk& c) {
    JsonWriter w;
    w.BeginObject().Key("id").Int(c.exec_id).Key("offset").Int(c.offset).Key("next_offset").Int(c.next_offset);
    w.Key("size").Int(c.size).Key("status").String(core::ExecStatusName(c.status)).Key("finished").Bool(c.finished);
    w.Key("text").String(c.text).Key("nextOffset").Int(c.next_offset).EndObject();
    return w.str();
}

// ?configId (as 0.1 spelled it) or ?config_id.
sdk::Result<std::int64_t> ConfigIdParam(const Request& req) {
    return req.query.count("config_id") ? QueryId(req, "config_id") : QueryId(req, "configId");
}

// ?id=N or {"id": N}, optionally with "params": {"name": "value"} (${name} values for the job),
// "time_zone" (of the built-ins ${bizdate}, ${now}, ${last_success_time}; UTC when absent) and
// "fire_time" (the moment the run stands for, a backfill; now when absent).
Result<std::pair<std::int64_t, core::ManualRun>> ParseExecRequest(const Request& req) {
    core::ManualRun run;
    if (req.body.find("\"params\"") == std::string::npos && req.body.find("\"time_zone\"") == std::string::npos &&
        req.body.find("\"fire_time\"") == std::string::npos) {
        auto id = IdFromQueryOrBody(req);
        DBB_RETURN_IF_ERROR(id.status());
        return std::make_pair(*id, run);
    }
    auto body = req.JsonObject();
    DBB_RETURN_IF_ERROR(body.status());
    JsonFields f(*body);
    DBB_RETURN_IF_ERROR(f.OnlyKeys({"id", "params", "time_zone", "fire_time"}));
    auto params = f.StringMap("params");
    DBB_RETURN_IF_ERROR(params.status());
    auto zone = f.String("time_zone", false, 64);
    DBB_RETURN_IF_ERROR(zone.status());
    auto fire = f.String("fire_time", false, 32);
    DBB_RETURN_IF_ERROR(fire.status());
    std::int64_t id = 0;
    if (req.query.count("id")) {
        auto q = QueryId(req);
        DBB_RETURN_IF_ERROR(q.status());
        id = *q;
    } else {
        auto b = f.Int("id", true, 1, INT64_MAX);
        DBB_RETURN_IF_ERROR(b.status());
        id = **b;
    }
    run.params = params->value_or(core::RunParams{});
    run.time_zone = zone->value_or(run.time_zone);
    run.fire_time = fire->value_or("");
    return std::make_pair(id, run);
}

// GET /api/runs: ?status, ?from (inclusive), ?to (exclusive) on the time a run started (a run
// not started yet: the time it was queued).
Result<core::RunFilter> ParseRunFilter(const Request& req) {
    core::RunFilter filter;
    auto status = req.QueryString("status", false);
    DBB_RETURN_IF_ERROR(status.status());
    if (!status->empty()) {
        filter.status = core::ParseExecStatus(*status);
        if (!filter.status) {
            return Status::InvalidArgument(
                "status must be queued, running, succeeded, failed, killed or interrupted (got '" + *status + "')");
        }
    }
    auto from = TimeParam(req, "from");
    DBB_RETURN_IF_ERROR(from.status());
    auto to = TimeParam(req, "to");
    DBB_RETURN_IF_ERROR(to.status());
    filter.from = *from;
    filter.to = *to;
    return filter;
}

}  // namespace

void AddJobRoutes(Router& router, core::JobService& jobs, core::compare::CompareService& compares) {
    router.Add("POST", "/api/config/save", [&jobs](const Request& req) {
        auto body = OrderedBody(req);
        if (!body.ok()) {
            return ApiReply::FromStatus(body.status());
        }
        auto parsed = ParseConfigRequest(*body, ConfigBody::kSave);
        if (!parsed.ok()) {
            return ApiReply::FromStatus(parsed.status());
        }
        return Reply(jobs.Save(*parsed, req.uid), ConfigJson);
    }, {false, "job.save"});
    // The builder's preview: the DataX job a save of this body would store, saving nothing.
    router.Add("POST", "/api/config/build", [&jobs](const Request& req) {
        auto body = OrderedBody(req);
        if (!body.ok()) {
            return ApiReply::FromStatus(body.status());
        }
        auto parsed = ParseConfigRequest(*body, ConfigBody::kBuild);
        if (!parsed.ok()) {
            return ApiReply::FromStatus(parsed.status());
        }
        return Reply(jobs.Build(*parsed, req.uid), [](const std::string& job) { return "{\"content\":" + job + "}"; });
    });
    router.Add("POST", "/api/config/update", [&jobs](const Request& req) {
        auto body = OrderedBody(req);
        if (!body.ok()) {
            return ApiReply::FromStatus(body.status());
        }
        auto parsed = ParseConfigRequest(*body, ConfigBody::kUpdate);
        if (!parsed.ok()) {
            return ApiReply::FromStatus(parsed.status());
        }
        return Reply(jobs.Update(*parsed, req.uid), ConfigJson);
    }, {false, "job.update"});
    router.Add("POST", "/api/config/delete", [&jobs](const Request& req) {
        auto id = IdFromQueryOrBody(req);
        if (!id.ok()) {
            return ApiReply::FromStatus(id.status());
        }
        return IdReply(jobs.Delete(*id, req.uid), *id);
    }, {false, "job.delete"});
    router.Add("GET", "/api/config/query", [&jobs](const Request& req) {
        auto paging = Paging(req);
        if (!paging.ok()) {
            return ApiReply::FromStatus(paging.status());
        }
        auto name = req.QueryString("name", false).value();
        return Reply(jobs.Query(name, paging->first, paging->second, req.uid),
                     [](const core::Page<core::JsonConfigRow>& p) { return PageJson(p, WriteConfig); });
    });
    router.Add("GET", "/api/config/list",
               [&jobs](const Request& req) { return Reply(jobs.List(req.uid), ConfigListJson); });
    router.Add("GET", "/api/config/get", [&jobs](const Request& req) {
        auto id = QueryId(req);
        if (!id.ok()) {
            return ApiReply::FromStatus(id.status());
        }
        return Reply(jobs.Get(*id, req.uid), ConfigJson);
    });
    router.Add("GET", "/api/config/export", [&jobs](const Request& req) {
        auto id = QueryId(req);
        if (!id.ok()) {
            return ApiReply::FromStatus(id.status());
        }
        return Reply(jobs.Export(*id, req.uid), [](const std::string& job) { return job; });
    }, {false, "job.export"});
    router.Add("POST", "/api/config/exec", [&jobs](const Request& req) {
        auto parsed = ParseExecRequest(req);
        if (!parsed.ok()) {
            return ApiReply::FromStatus(parsed.status());
        }
        const std::int64_t* id = &parsed->first;
        return Reply(jobs.Exec(*id, req.uid, parsed->second), [&](std::int64_t exec_id) {
            const std::string config = std::to_string(*id);
            return "{\"id\":" + std::to_string(exec_id) + ",\"config_id\":" + config + ",\"configId\":" + config + "}";
        });
    }, {false, "job.run"});
    router.Add("GET", "/api/config/logs", [&jobs](const Request& req) {
        auto config_id = ConfigIdParam(req);
        if (!config_id.ok()) {
            return ApiReply::FromStatus(config_id.status());
        }
        auto paging = Paging(req);
        if (!paging.ok()) {
            return ApiReply::FromStatus(paging.status());
        }
        return Reply(jobs.Logs(*config_id, paging->first, paging->second, req.uid),
                     [](const core::Page<core::ExecLogRow>& p) { return PageJson(p, WriteRun); });
    });
    router.Add("GET", "/api/runs", [&jobs](const Request& req) {
        auto filter = ParseRunFilter(req);
        if (!filter.ok()) {
            return ApiReply::FromStatus(filter.status());
        }
        auto paging = Paging(req);
        if (!paging.ok()) {
            return ApiReply::FromStatus(paging.status());
        }
        return Reply(jobs.Runs(*filter, paging->first, paging->second, req.uid),
                     [](const core::Page<core::ExecLogRow>& p) { return PageJson(p, WriteRun); });
    });
    router.Add("GET", "/api/config/run", [&jobs, &compares](const Request& req) {
        auto id = QueryId(req);
        if (!id.ok()) {
            return ApiReply::FromStatus(id.status());
        }
        auto run = jobs.Run(*id, req.uid);
        if (!run.ok()) {
            return ApiReply::FromStatus(run.status());
        }
        auto verify = compares.ForRun(run->id);  // uid may see the run: checked just above
        if (!verify.ok()) {
            return ApiReply::FromStatus(verify.status());
        }
        return ApiReply::Ok(RunPageJson(*run, req.admin(), *verify));
    });
    router.Add("GET", "/api/config/log", [&jobs](const Request& req) {
        auto id = QueryId(req);
        auto offset = req.QueryInt("offset", false, 0, 0, INT64_MAX);
        auto limit =
            req.QueryInt("limit", false, core::JobService::kDefaultLogLimit, 1, core::JobService::kMaxLogLimit);
        for (const Status* st : {&id.status(), &offset.status(), &limit.status()}) {
            if (!st->ok()) {
                return ApiReply::FromStatus(*st);
            }
        }
        return Reply(jobs.Log(*id, *offset, *limit, req.uid), LogJson);
    });
    router.Add("POST", "/api/config/kill", [&jobs](const Request& req) {
        auto id = IdFromQueryOrBody(req);
        if (!id.ok()) {
            return ApiReply::FromStatus(id.status());
        }
        return Reply(jobs.Kill(*id, req.uid), RunJson);
    }, {false, "job.kill"});
}

}  // namespace dbbridge::host
