#pragma once
// SQL translation as `dbbridge transpile`, POST /api/sql/transpile and multiplex use it: for the
// target the dialect's plugin declares when one is loaded, else for the shared transpiler's
// built-in profile of that target name.

#include <string>

#include "core/plugin/plugin_registry.h"
#include "dbbridge/sdk/dialect.h"
#include "dbbridge/sdk/status.h"

namespace dbbridge::core {

// Translates sql from a source dialect ("ORACLE"/"MYSQL", upper case) into dialect's SQL. Core
// translates for the target the dialect declares (Dialect::SqlTargetProfile()); a dialect that
// declares none translates itself (Dialect::Transpile()).
sdk::Result<sdk::TranspileResult> TranspileFor(const sdk::Dialect& dialect, const std::string& from,
                                               const std::string& sql);

// from: "ORACLE" or "MYSQL" (any case). Errors name the dialect, or line:column in the SQL.
sdk::Result<sdk::TranspileResult> TranspileSql(const PluginRegistry& registry, const std::string& from,
                                               const std::string& to, const std::string& sql);

}  // namespace dbbridge::core
