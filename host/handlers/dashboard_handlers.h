#pragma once
// GET /api/dashboard?days=N (issue 11): the console's dashboard figures, summed by the server over
// what the acting user may see (core/dashboard/dashboard_service.h).

#include "core/dashboard/dashboard_service.h"
#include "host/http/router.h"

namespace dbbridge::host {

void AddDashboardRoutes(Router& router, core::DashboardService& dashboard);

}  // namespace dbbridge::host
