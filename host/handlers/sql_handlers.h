#pragma once
// POST /api/sql/transpile: {"from": "ORACLE", "to": "POSTGRESQL", "sql": "..."} -> {sql, notes}.

#include "core/plugin/plugin_registry.h"
#include "host/http/router.h"

namespace dbbridge::host {

void AddSqlRoutes(Router& router, const core::PluginRegistry& registry);

}  // namespace dbbridge::host
