#pragma once
// SQL translation as `dbbridge transpile`, POST /api/sql/transpile and multiplex use it: for the
// target the dialect's plugin declares when one is loaded, else for the fallback table's entry of
// that target name; optionally reading tables' keys and column types from the datasource the SQL
// will run on (catalog-aware translation).

#include <string>

#include "core/plugin/plugin_registry.h"
#include "core/sql/transpiler.h"
#include "dbbridge/sdk/dialect.h"
#include "dbbridge/sdk/status.h"

namespace dbbridge::core {

// Translates sql from a source dialect ("ORACLE"/"MYSQL", upper case) into dialect's SQL. Core
// translates for the target the dialect declares (Dialect::SqlTargetProfile()); a dialect that
// declares none translates itself (Dialect::Transpile()). catalog, when given, is asked for the
// tables the statements name.
sdk::Result<sdk::TranspileResult> TranspileFor(const sdk::Dialect& dialect, const std::string& from,
                                               const std::string& sql, sql::CatalogSource* catalog = nullptr);

// A saved datasource the translated SQL is meant for (already checked: the caller may use it).
struct TranspileDatasource {
    sdk::ConnectionSpec spec;  // spec.dialect: its type
    std::string label;         // its name, for messages
};

// from: "ORACLE" or "MYSQL" (any case); to: a target name, or empty with a datasource (its type).
// With a datasource, the keys and column types of the tables the SQL names are read from it, so
// ON DUPLICATE KEY UPDATE, REPLACE INTO, MERGE and date arithmetic on columns translate; a
// datasource that cannot be reached fails the translation naming it. Errors name the dialect, the
// field ("to", "datasource") or line:column in the SQL.
sdk::Result<sdk::TranspileResult> TranspileSql(const PluginRegistry& registry, const std::string& from,
                                               const std::string& to, const std::string& sql,
                                               const TranspileDatasource* datasource = nullptr);

}  // namespace dbbridge::core
