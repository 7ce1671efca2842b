#pragma once
// /api/cluster/hosts (issue 12, docs/cluster.md): the hosts sharing this store and their load.

#include "core/cluster/host_registry.h"
#include "host/http/router.h"

namespace dbbridge::host {

void AddClusterRoutes(Router& router, core::HostRegistry& hosts);

}  // namespace dbbridge::host
