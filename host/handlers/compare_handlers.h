#pragma once
// /api/compare/table (issue 18, docs/api.md): table compares in the background. POST starts one
// (the body names saved datasources and tables; errors name the field), GET reads its status,
// progress and report, POST /api/compare/table/kill stops it. Each calls one CompareService
// method, which checks the acting user against the datasources and the run.

#include "core/compare/compare_service.h"
#include "host/http/router.h"

namespace dbbridge::host {

void AddCompareRoutes(Router& router, core::compare::CompareService& compares);

}  // namespace dbbridge::host
