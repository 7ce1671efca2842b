#pragma once
// Endpoints for operators and their tools, open without login (see docs/operations.md):
// GET /metrics, GET /api/health/live, GET /api/health/ready.

#include <cstddef>
#include <functional>
#include <string>

#include "host/http/router.h"
#include "host/observability/metrics.h"

namespace dbbridge::host {

struct Readiness {
    std::string store_error;  // empty: the store answered
    std::size_t plugins_loaded = 0;
    std::size_t plugins_failed = 0;
    bool ready() const { return store_error.empty() && plugins_loaded > 0; }
};

void AddOpsRoutes(Router& router, Metrics& metrics, std::function<Readiness()> readiness);

}  // namespace dbbridge::host
