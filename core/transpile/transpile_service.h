#pragma once
// SQL translation as `dbbridge transpile` and POST /api/sql/transpile offer it: through the target
// dialect's plugin when one is loaded (the same rules multiplex applies), else through the
// shared transpiler's built-in profile for that target.

#include <string>

#include "core/plugin/plugin_registry.h"
#include "dbbridge/sdk/dialect.h"
#include "dbbridge/sdk/status.h"

namespace dbbridge::core {

// from: "ORACLE" or "MYSQL" (any case). Errors name the dialect, or line:column in the SQL.
sdk::Result<sdk::TranspileResult> TranspileSql(const PluginRegistry& registry, const std::string& from,
                                               const std::string& to, const std::string& sql);

}  // namespace dbbridge::core
