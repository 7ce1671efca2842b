#pragma once
// /api/schedule/* (issue 12, docs/api.md): schedules of job configs, and the preview of a cron
// expression's next fire times. Each handler parses and validates the request (errors name the
// field; a bad cron names the field and the position), calls one ScheduleService method.

#include <string>
#include <vector>

#include "core/schedule/schedule_service.h"
#include "host/http/router.h"

namespace dbbridge::host {

// webhook_allowed_hosts: schedule.webhook_allowed_hosts (a webhook host resolving to an internal
// address is refused at save unless listed).
void AddScheduleRoutes(Router& router, core::ScheduleService& schedules, std::vector<std::string> webhook_allowed_hosts);

}  // namespace dbbridge::host
