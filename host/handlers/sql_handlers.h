#pragma once
// POST /api/sql/transpile: {"from": "ORACLE", "to": "POSTGRESQL", "sql": "...", "datasourceId": 7}
// -> {sql, notes}. With datasourceId (a datasource the caller may use), the tables' keys and column
// types are read from it and "to" defaults to its type.

#include "core/datasource/datasource_service.h"
#include "core/plugin/plugin_registry.h"
#include "host/http/router.h"

namespace dbbridge::host {

void AddSqlRoutes(Router& router, const core::PluginRegistry& registry, core::DatasourceService& datasources);

}  // namespace dbbridge::host
