#include "host/handlers/schedule_handlers.h"

#include "core/cluster/run_queue.h"
#include "host/handlers/handler_util.h"
#include "host/webhook_target.h"

namespace dbbridge::host {

namespace {

using sdk::Result;
using sdk::Status;
using sdk::util::JsonWriter;

constexpr int kPreviewCount = 5;

void WriteTimes(JsonWriter& w, const std::vector<std::int64_t>& times) {
    w.BeginArray();
    for (auto t : times) {
        w.String(core::IsoMillis(t));
    }
    w.EndArray();
}

void WriteSchedule(JsonWriter& w, const core::Schedule& s) {
    w.BeginObject().Key("id").Int(s.id).Key("name").String(s.name).Key("config_id").Int(s.config_id);
    w.Key("cron").String(s.cron).Key("time_zone").String(s.time_zone).Key("enabled").Bool(s.enabled);
    w.Key("misfire").String(s.misfire).Key("overlap").String(s.overlap);
    w.Key("max_retries").Int(s.max_retries).Key("retry_backoff_s").Int(s.retry_backoff_s);
    w.Key("timeout_s").Int(s.timeout_s).Key("alert_webhook").String(s.alert_webhook);
    w.Key("params").BeginObject();
    for (const auto& [k, v] : s.params) {
        w.Key(k).String(v);
    }
    w.EndObject();
    w.Key("next_fire_time").String(s.next_fire > 0 ? core::IsoMillis(s.next_fire) : "");
    w.Key("last_fire_time").String(s.last_fire > 0 ? core::IsoMillis(s.last_fire) : "");
    // What the UI shows next to the expression.
    auto next = s.enabled ? core::ScheduleService::Preview(s.cron, s.time_zone, kPreviewCount, core::NowEpochMs())
                          : Result<std::vector<std::int64_t>>(std::vector<std::int64_t>{});
    w.Key("next_fire_times");
    WriteTimes(w, next.ok() ? next.value() : std::vector<std::int64_t>{});
    w.Key("uid").String(s.uid).Key("insert_time").String(s.insert_time).Key("update_time").String(s.update_time);
    w.EndObject();
}

std::string ScheduleJson(const core::Schedule& s) { return ItemJson(s, WriteSchedule); }

Result<core::ScheduleRequest> ParseScheduleRequest(const Request& req, bool with_id) {
    DBB_ASSIGN_OR_RETURN(auto body, req.JsonObject());
    JsonFields f(body);
    std::vector<std::string> keys = {"name",    "config_id",   "cron",      "time_zone",       "enabled",
                                     "misfire", "overlap",     "max_retries", "retry_backoff_s", "timeout_s",
                                     "params",  "alert_webhook"};
    if (with_id) {
        keys.push_back("id");
    }
    DBB_RETURN_IF_ERROR(f.OnlyKeys(keys));
    core::ScheduleRequest r;
    if (with_id) {
        auto id = f.Int("id", true, 1, INT64_MAX);
        DBB_RETURN_IF_ERROR(id.status());
        r.id = **id;
    }
    for (auto [key, out, required] :
         {std::tuple<const char*, std::optional<std::string>*, bool>{"name", &r.name, !with_id},
          {"cron", &r.cron, !with_id},
          {"time_zone", &r.time_zone, false},
          {"misfire", &r.misfire, false},
          {"overlap", &r.overlap, false},
          {"alert_webhook", &r.alert_webhook, false}}) {
        auto v = f.String(key, required, 1024);
        DBB_RETURN_IF_ERROR(v.status());
        *out = v.value();
    }
    auto config_id = f.Int("config_id", !with_id, 1, INT64_MAX);
    DBB_RETURN_IF_ERROR(config_id.status());
    r.config_id = config_id.value();
    for (auto [key, out, max] : {std::tuple<const char*, std::optional<int>*, int>{"max_retries", &r.max_retries, 100},
                                 {"retry_backoff_s", &r.retry_backoff_s, 86400},
                                 {"timeout_s", &r.timeout_s, 7 * 86400}}) {
        auto v = f.Int(key, false, 0, max);
        DBB_RETURN_IF_ERROR(v.status());
        if (v.value()) {
            *out = static_cast<int>(*v.value());
        }
    }
    auto enabled = f.Bool("enabled", false);
    DBB_RETURN_IF_ERROR(enabled.status());
    r.enabled = enabled.value();
    auto params = f.StringMap("params");
    DBB_RETURN_IF_ERROR(params.status());
    if (params.value()) {
        r.params = core::RunParams(params.value()->begin(), params.value()->end());
    }
    return r;
}

}  // namespace

void AddScheduleRoutes(Router& router, core::ScheduleService& schedules, std::vector<std::string> webhook_allowed_hosts) {
    // The body, with a webhook to an internal address refused before anything is stored.
    auto parse = [allowed = std::move(webhook_allowed_hosts)](const Request& req,
                                                              bool with_id) -> Result<core::ScheduleRequest> {
        auto parsed = ParseScheduleRequest(req, with_id);
        if (parsed.ok() && parsed->alert_webhook) {
            DBB_RETURN_IF_ERROR(CheckWebhookAtSave(*parsed->alert_webhook, allowed));
        }
        return parsed;
    };
    router.Add("POST", "/api/schedule/save", [&schedules, parse](const Request& req) {
        auto parsed = parse(req, false);
        if (!parsed.ok()) {
            return ApiReply::FromStatus(parsed.status());
        }
        return Reply(schedules.Save(*parsed, req.uid), ScheduleJson);
    });
    router.Add("POST", "/api/schedule/update", [&schedules, parse](const Request& req) {
        auto parsed = parse(req, true);
        if (!parsed.ok()) {
            return ApiReply::FromStatus(parsed.status());
        }
        return Reply(schedules.Update(*parsed, req.uid), ScheduleJson);
    });
    router.Add("POST", "/api/schedule/delete", [&schedules](const Request& req) {
        auto id = IdFromQueryOrBody(req);
        if (!id.ok()) {
            return ApiReply::FromStatus(id.status());
        }
        return IdReply(schedules.Delete(*id, req.uid), *id);
    });
    router.Add("GET", "/api/schedule/get", [&schedules](const Request& req) {
        auto id = QueryId(req);
        if (!id.ok()) {
            return ApiReply::FromStatus(id.status());
        }
        return Reply(schedules.Get(*id, req.uid), ScheduleJson);
    });
    router.Add("GET", "/api/schedule/query", [&schedules](const Request& req) {
        auto paging = Paging(req);
        if (!paging.ok()) {
            return ApiReply::FromStatus(paging.status());
        }
        auto name = req.QueryString("name", false).value();
        return Reply(schedules.Query(name, paging->first, paging->second, req.uid),
                     [](const core::Page<core::Schedule>& p) { return PageJson(p, WriteSchedule); });
    });
    // The next fire times of an expression before it is saved.
    router.Add("GET", "/api/schedule/preview", [](const Request& req) {
        auto cron = req.QueryString("cron", true);
        auto zone = req.QueryString("time_zone", false, "UTC");
        auto count = req.QueryInt("count", false, kPreviewCount, 1, core::ScheduleService::kMaxPreview);
        for (const Status* st : {&cron.status(), &zone.status(), &count.status()}) {
            if (!st->ok()) {
                return ApiReply::FromStatus(*st);
            }
        }
        auto times = core::ScheduleService::Preview(*cron, *zone, static_cast<int>(*count), core::NowEpochMs());
        return Reply(times, [](const std::vector<std::int64_t>& t) {
            JsonWriter w;
            w.BeginObject().Key("next_fire_times");
            WriteTimes(w, t);
            w.EndObject();
            return w.str();
        });
    });
}

}  // namespace dbbridge::host
