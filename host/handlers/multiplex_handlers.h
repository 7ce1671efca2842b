#pragma once
// /multiplex/* (seed 004): the compare endpoint, stored reports as JSON and as an HTML page.

#include "core/multiplex/multiplex_service.h"
#include "host/http/router.h"

namespace dbbridge::host {

void AddMultiplexRoutes(Router& router, core::multiplex::MultiplexService& multiplex);

}  // namespace dbbridge::host
