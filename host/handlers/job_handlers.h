#pragma once
// /api/config/* (SPEC §3, seed 000 §2-§3): job configs and their runs. Each handler parses and
// validates the request (errors name the field), calls one JobService method and maps the Status.

#include "core/jobs/job_service.h"
#include "host/http/router.h"

namespace dbbridge::host {

void AddJobRoutes(Router& router, core::JobService& jobs);

}  // namespace dbbridge::host
