#pragma once
// /api/datasource/* (SPEC §3, seed 000 §1): parse and validate requests, call DatasourceService.

#include "core/datasource/datasource_service.h"
#include "host/http/router.h"

namespace dbbridge::host {

void AddDatasourceRoutes(Router& router, core::DatasourceService& datasources);

}  // namespace dbbridge::host
