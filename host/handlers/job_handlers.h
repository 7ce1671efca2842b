#pragma once
// /api/config/* (SPEC §3, seed 000 §2-§3): job configs and their runs. Each handler parses and
// validates the request (errors name the field), calls one JobService method and maps the Status.

#include "core/compare/compare_service.h"
#include "core/jobs/job_service.h"
#include "host/http/router.h"

namespace dbbridge::host {

// compares: the verify of each run (GET /api/config/run's "verify").
void AddJobRoutes(Router& router, core::JobService& jobs, core::compare::CompareService& compares);

}  // namespace dbbridge::host
