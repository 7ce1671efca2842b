#include "host/handlers/dashboard_handlers.h"

#include "core/cluster/run_queue.h"
#include "host/handlers/handler_util.h"

namespace dbbridge::host {

namespace {

void WriteDay(sdk::util::JsonWriter& w, const core::DashboardDay& day) {
    w.BeginObject().Key("day").String(day.day).Key("runs").BeginObject();
    for (const auto& [status, runs] : day.by_status) w.Key(status).Int(runs);
    w.EndObject();
    w.Key("records_written").Int(day.records_written).Key("records_failed").Int(day.records_failed).EndObject();
}

std::string DashboardJson(const core::Dashboard& d) {
    sdk::util::JsonWriter w;
    w.BeginObject().Key("days").Int(d.days).Key("from").String(d.from_day).Key("per_day");
    WriteList(w, d.per_day, WriteDay);
    w.Key("runs").Int(d.runs).Key("failed_runs").Int(d.failed_runs).Key("records_read").Int(d.records_read);
    w.Key("records_written").Int(d.records_written).Key("records_failed").Int(d.records_failed);
    w.Key("multiplex").BeginObject().Key("reports").Int(d.reports).Key("consistent").Int(d.consistent);
    w.Key("inconsistent").Int(d.inconsistent).Key("undetermined").Int(d.reports - d.consistent - d.inconsistent);
    w.Key("consistency_rate");
    if (d.consistency_rate) {
        w.Double(*d.consistency_rate);
    } else {
        w.Null();
    }
    w.EndObject().EndObject();
    return w.str();
}

}  // namespace

void AddDashboardRoutes(Router& router, core::DashboardService& dashboard) {
    router.Add("GET", "/api/dashboard", [&dashboard](const Request& req) {
        auto days = req.QueryInt("days", false, core::DashboardService::kDefaultDays, 1,
                                 core::DashboardService::kMaxDays);
        if (!days.ok()) {
            return ApiReply::FromStatus(days.status());
        }
        return Reply(dashboard.For(req.uid, static_cast<int>(*days), core::NowEpochMs()), DashboardJson);
    });
}

}  // namespace dbbridge::host
