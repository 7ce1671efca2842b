#include "host/handlers/ops_handlers.h"

#include "dbbridge/sdk/util/json_writer.h"

namespace dbbridge::host {

namespace {

// 200 when ready, 503 otherwise (what load balancers and Kubernetes probes act on), with the
// reasons in the envelope either way.
ApiReply ReadyReply(const Readiness& r) {
    sdk::util::JsonWriter w;
    w.BeginObject().Key("status").String(r.ready() ? "ready" : "not ready");
    w.Key("store").String(r.store_error.empty() ? "ok" : r.store_error);
    w.Key("pluginsLoaded").Int(static_cast<std::int64_t>(r.plugins_loaded));
    w.Key("pluginsFailed").Int(static_cast<std::int64_t>(r.plugins_failed)).EndObject();
    if (r.ready()) {
        return ApiReply::Ok(w.str());
    }
    ApiReply reply = ApiReply::Error(503, !r.store_error.empty() ? "the metadata store does not answer: " + r.store_error
                                                                 : "no plugin is loaded",
                                     503);
    reply.data_json = w.str();
    return reply;
}

}  // namespace

void AddOpsRoutes(Router& router, Metrics& metrics, std::function<Readiness()> readiness) {
    // Metrics need a user (Prometheus sends an API token: authorization.credentials); the health
    // probes are open, as load balancers and Kubernetes call them without credentials.
    router.Add("GET", "/metrics", [&metrics](const Request&) {
        return ApiReply::Raw("text/plain; version=0.0.4; charset=utf-8", metrics.Render());
    });
    const RouteOptions open{/*open=*/true, ""};
    router.Add("GET", "/api/health/live", [](const Request&) { return ApiReply::Ok("{\"status\":\"ok\"}"); }, open);
    router.Add("GET", "/api/health/ready",
               [readiness = std::move(readiness)](const Request&) { return ReadyReply(readiness()); }, open);
}

}  // namespace dbbridge::host
