#include "dbbridge/sdk/sql/target_profile.h"

#include "dbbridge/sdk/util/sql_text.h"

namespace dbbridge::sdk::sql {
namespace {

Capabilities OracleCaps() {
    Capabilities c;
    c.connect_by = c.rownum = c.oracle_outer_join = c.empty_string_is_null = c.dual = true;
    c.sequence_nextval = c.merge = c.fetch_first = c.nulls_ordering = c.oracle_date = true;
    c.oracle_functions = true;
    return c;
}

TargetFeatures OracleFeatures() {
    TargetFeatures f;
    f.sysdate = f.minus = f.concat_ignores_null = f.oracle_types = f.listagg = true;
    return f;
}

}  // namespace

std::vector<std::string> BuiltinTargetNames() {
    return {"ORACLE", "POSTGRESQL", "MYSQL", "LIGHTDB_ORACLE", "GAUSSDB_ORACLE", "GAUSSDB500_ORACLE",
            "DM", "OCEAN_BASE_ORACLE", "OCEAN_BASE_MYSQL"};
}

Result<TargetProfile> BuiltinProfile(const std::string& target) {
    TargetProfile p;
    p.name = util::ToUpper(target);
    const std::string& n = p.name;
    if (n == "ORACLE" || n == "OCEAN_BASE_ORACLE") {
        // OceanBase Oracle mode accepts Oracle SQL (ROWNUM, CONNECT BY, (+), sequences, DUAL); no LIMIT.
        p.family = OutputFamily::kOracle;
        p.caps = OracleCaps();
        p.features = OracleFeatures();
        return p;
    }
    if (n == "DM") {
        // DM8: Oracle syntax native (ROWNUM, CONNECT BY, (+), NEXTVAL, DUAL, MERGE) plus LIMIT; '' and
        // NULL are distinct unless COMPATIBLE_MODE=2, and its DATE has no time part.
        p.family = OutputFamily::kOracle;
        p.caps = OracleCaps();
        p.caps.limit = true;
        p.caps.empty_string_is_null = false;
        p.caps.oracle_date = false;
        p.features = OracleFeatures();
        p.features.concat_ignores_null = false;
        return p;
    }
    if (n == "LIGHTDB_ORACLE") {
        // LightDB Oracle mode: PostgreSQL kernel + orafce fork; CONNECT BY, ROWNUM, NEXTVAL, DUAL,
        // SYSDATE, MINUS and NUMBER/VARCHAR2 native; '' stays distinct from NULL (orafce opt-in only);
        // '||' propagates NULL unless a GUC is set; (+) not documented, so rewritten.
        p.family = OutputFamily::kPostgres;
        p.caps = OracleCaps();
        p.caps.oracle_outer_join = false;
        p.caps.empty_string_is_null = false;
        p.caps.oracle_date = true;
        p.caps.limit = true;
        p.features = OracleFeatures();
        p.features.concat_ignores_null = false;
        p.features.listagg = false;
        return p;
    }
    if (n == "GAUSSDB_ORACLE" || n == "GAUSSDB500_ORACLE") {
        // GaussDB A-compatibility: '' IS NULL, DATE = timestamp(0), ROWNUM, CONNECT BY, NEXTVAL, DUAL,
        // '||' ignores NULL (DWS ORA-mode documentation); LIMIT from the PostgreSQL kernel; (+) rewritten.
        p.family = OutputFamily::kPostgres;
        p.caps = OracleCaps();
        p.caps.oracle_outer_join = false;
        p.caps.limit = true;
        p.features = OracleFeatures();
        p.features.listagg = false;
        return p;
    }
    if (n == "POSTGRESQL") {
        p.family = OutputFamily::kPostgres;
        p.caps.merge = p.caps.limit = p.caps.fetch_first = p.caps.nulls_ordering = true;
        return p;
    }
    if (n == "MYSQL" || n == "OCEAN_BASE_MYSQL") {
        // MySQL 8 / MariaDB 10.11: LIMIT, DUAL, recursive CTEs, EXCEPT; no NULLS FIRST/LAST, no MERGE.
        p.family = OutputFamily::kMySql;
        p.caps.limit = p.caps.dual = true;
        p.features.mysql_functions = true;
        return p;
    }
    return Status::InvalidArgument("unknown target dialect '" + target + "'");
}

TargetProfile StandInProfile(const TargetProfile& real) {
    if (real.family != OutputFamily::kPostgres || !real.caps.oracle_functions) {
        return real;
    }
    TargetProfile p = real;
    p.caps.connect_by = p.caps.rownum = p.caps.oracle_outer_join = p.caps.empty_string_is_null = false;
    p.caps.sequence_nextval = p.caps.oracle_date = false;
    p.caps.dual = true;  // orafce provides oracle.dual
    p.features = TargetFeatures{};
    return p;
}

}  // namespace dbbridge::sdk::sql
