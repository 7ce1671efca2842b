#pragma once
// POST /api/sql/transpile: {"from": "ORACLE", "to": "POSTGRESQL", "sql": "..."} -> {sql, notes}.

#include "host/http/router.h"

namespace dbbridge::host {

void AddSqlRoutes(Router& router);

}  // namespace dbbridge::host
