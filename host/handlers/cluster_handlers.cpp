#include "host/handlers/cluster_handlers.h"

#include "core/cluster/run_queue.h"
#include "host/handlers/handler_util.h"

namespace dbbridge::host {

namespace {

void WriteHost(sdk::util::JsonWriter& w, const core::HostInfo& h) {
    w.BeginObject().Key("name").String(h.name).Key("role").String(h.role).Key("address").String(h.address);
    w.Key("pid").Int(h.pid).Key("version").String(h.version).Key("alive").Bool(h.alive);
    w.Key("running").Int(h.running).Key("max_concurrent_jobs").Int(h.max_jobs);
    w.Key("started_at").String(h.started_at);
    w.Key("heartbeat_at").String(h.heartbeat_at > 0 ? core::IsoMillis(h.heartbeat_at) : "");
    w.EndObject();
}

}  // namespace

void AddClusterRoutes(Router& router, core::HostRegistry& hosts) {
    // Any signed-in user may see the hosts (names, roles, load); no paths or secrets are listed.
    router.Add("GET", "/api/cluster/hosts", [&hosts](const Request&) {
        return Reply(hosts.List(), [](const std::vector<core::HostInfo>& list) { return ListJson(list, WriteHost); });
    });
}

}  // namespace dbbridge::host
