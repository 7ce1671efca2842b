#pragma once
// A translation target: its name, output syntax family, what it accepts natively
// (sdk::Capabilities plus a few finer features) and optional rule hooks. Built from a plugin's
// declaration (sdk::SqlTarget); a fallback table covers the bundled names when no plugin is loaded.

#include <functional>
#include <string>
#include <vector>

#include <map>

#include "dbbridge/sdk/dialect.h"
#include "core/sql/ast.h"
#include "dbbridge/sdk/sql_target.h"

namespace dbbridge::sql {

enum class OutputFamily { kOracle, kPostgres, kMySql };

// Finer than sdk::Capabilities; each flag means "the target accepts this natively".
struct TargetFeatures {
    bool sysdate = false;              // bare SYSDATE / SYSTIMESTAMP
    bool minus = false;                // MINUS set operator
    bool concat_ignores_null = false;  // 'a' || NULL = 'a'
    bool oracle_types = false;         // NUMBER, VARCHAR2, CLOB, BLOB in DDL and CAST
    bool listagg = false;              // LISTAGG(..) WITHIN GROUP (ORDER BY ..)
    bool mysql_functions = false;      // IFNULL, IF, DATE_FORMAT, GROUP_CONCAT, NOW(), ...
};

struct RuleContext {
    SourceDialect from = SourceDialect::kOracle;
    std::vector<std::string>* notes = nullptr;  // append "rule: what was done"
};

// A plugin-owned rule: runs on each parsed statement after the built-in rules; may edit the tree
// or refuse with a Status (the message should name the construct and its line:column).
using RuleHook = std::function<Status(Statement& statement, RuleContext& context)>;

struct TargetProfile {
    std::string name;  // "POSTGRESQL", "LIGHTDB_ORACLE", ...
    OutputFamily family = OutputFamily::kPostgres;
    Capabilities caps;
    TargetFeatures features;
    std::map<std::string, std::string> function_names;  // printed spelling overrides (SqlTarget)
    std::map<std::string, std::string> type_names;
    std::vector<std::string> same_sql;  // source dialects that run unchanged
    std::vector<RuleHook> hooks;
};

// The translator's profile for a target a plugin declares as data.
TargetProfile ProfileFromSqlTarget(const std::string& name, const SqlTarget& target);

// Fallback for `dbbridge transpile` / the API when no loaded plugin serves a name (e.g. no plugin
// directory): the bundled plugins' declarations, repeated here as data. tests/core/transpile fails
// when a plugin's declaration and this table differ. Names accepted, in a stable order:
std::vector<std::string> BuiltinTargetNames();

// The declaration of a built-in target name (any case), as its plugin declares it.
Result<SqlTarget> BuiltinSqlTarget(const std::string& target);

// The built-in profile of a target name (any case). Fails naming the unknown target.
Result<TargetProfile> BuiltinProfile(const std::string& target);

}  // namespace dbbridge::sql
