#include "core/sql/target_profile.h"

#include "dbbridge/sdk/util/sql_text.h"

namespace dbbridge::sql {

TargetProfile ProfileFromSqlTarget(const std::string& name, const SqlTarget& t) {
    TargetProfile p;
    p.name = util::ToUpper(name);
    p.family = t.family == SqlFamily::kOracle ? OutputFamily::kOracle
                                              : (t.family == SqlFamily::kMySql ? OutputFamily::kMySql : OutputFamily::kPostgres);
    Capabilities& c = p.caps;
    c.connect_by = t.connect_by;
    c.rownum = t.rownum;
    c.oracle_outer_join = t.oracle_outer_join;
    c.empty_string_is_null = t.empty_string_is_null;
    c.dual = t.dual;
    c.sequence_nextval = t.sequence_nextval;
    c.merge = t.merge;
    c.limit = t.limit;
    c.fetch_first = t.fetch_first;
    c.nulls_ordering = t.nulls_ordering;
    c.oracle_date = t.oracle_date;
    c.oracle_functions = t.oracle_functions;
    TargetFeatures& f = p.features;
    f.sysdate = t.sysdate;
    f.minus = t.minus;
    f.concat_ignores_null = t.concat_ignores_null;
    f.oracle_types = t.oracle_types;
    f.listagg = t.listagg;
    f.mysql_functions = t.mysql_functions;
    for (const auto& [from, to] : t.function_names) {
        p.function_names[util::ToUpper(from)] = to;
    }
    for (const auto& [from, to] : t.type_names) {
        p.type_names[util::ToUpper(from)] = to;
    }
    for (const auto& s : t.same_sql) {
        p.same_sql.push_back(util::ToUpper(s));
    }
    return p;
}

std::vector<std::string> BuiltinTargetNames() {
    return {"ORACLE", "POSTGRESQL", "MYSQL", "LIGHTDB_ORACLE", "GAUSSDB_ORACLE", "GAUSSDB500_ORACLE",
            "DM", "OCEAN_BASE_ORACLE", "OCEAN_BASE_MYSQL"};
}

Result<SqlTarget> BuiltinSqlTarget(const std::string& target) {
    const std::string n = util::ToUpper(target);
    if (n == "ORACLE" || n == "OCEAN_BASE_ORACLE") {
        // OceanBase Oracle mode accepts Oracle SQL (ROWNUM, CONNECT BY, (+), sequences, DUAL); no LIMIT.
        return SqlTarget::Oracle();
    }
    if (n == "DM") {
        // DM8: Oracle syntax native (ROWNUM, CONNECT BY, (+), NEXTVAL, DUAL, MERGE) plus LIMIT; '' and
        // NULL are distinct unless COMPATIBLE_MODE=2, and its DATE has no time part.
        SqlTarget t = SqlTarget::Oracle();
        t.limit = true;
        t.empty_string_is_null = t.oracle_date = t.concat_ignores_null = false;
        return t;
    }
    if (n == "LIGHTDB_ORACLE") {
        // LightDB Oracle mode: PostgreSQL kernel + orafce fork; CONNECT BY, ROWNUM, NEXTVAL, DUAL,
        // SYSDATE, MINUS and NUMBER/VARCHAR2 native; '' stays distinct from NULL (orafce opt-in only);
        // '||' propagates NULL unless a GUC is set; (+) not documented, so rewritten.
        SqlTarget t = SqlTarget::Oracle();
        t.family = SqlFamily::kPostgres;
        t.limit = true;
        t.oracle_outer_join = t.empty_string_is_null = t.concat_ignores_null = t.listagg = false;
        return t;
    }
    if (n == "GAUSSDB_ORACLE" || n == "GAUSSDB500_ORACLE") {
        // GaussDB A-compatibility: '' IS NULL, DATE = timestamp(0), ROWNUM, CONNECT BY, NEXTVAL, DUAL,
        // '||' ignores NULL (DWS ORA-mode documentation); LIMIT from the PostgreSQL kernel; (+) rewritten.
        SqlTarget t = SqlTarget::Oracle();
        t.family = SqlFamily::kPostgres;
        t.limit = true;
        t.oracle_outer_join = t.listagg = false;
        return t;
    }
    if (n == "POSTGRESQL") {
        return SqlTarget::PostgreSql();
    }
    if (n == "MYSQL" || n == "OCEAN_BASE_MYSQL") {
        // MySQL 8 / MariaDB 10.11: LIMIT, DUAL, recursive CTEs, EXCEPT; no NULLS FIRST/LAST, no MERGE.
        return SqlTarget::MySql();
    }
    return Status::InvalidArgument("unknown target dialect '" + target + "'");
}

Result<TargetProfile> BuiltinProfile(const std::string& target) {
    DBB_ASSIGN_OR_RETURN(auto t, BuiltinSqlTarget(target));
    return ProfileFromSqlTarget(target, t);
}

}  // namespace dbbridge::sql
