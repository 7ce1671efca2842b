#pragma once
// The translation target this project executes LIGHTDB_ORACLE / GAUSSDB_ORACLE / GAUSSDB500_ORACLE
// on: PostgreSQL 15 + orafce 4.1 stands in for the real engines (none runs here). The engines'
// function layer (orafce: NVL, TO_DATE, ADD_MONTHS, ...) and DUAL are kept; the syntax the
// stand-in lacks (ROWNUM, CONNECT BY, (+), seq.NEXTVAL, '' = NULL, Oracle DATE, NUMBER types, bare
// SYSDATE, MINUS, LISTAGG, '||' ignoring NULL) is rewritten as for POSTGRESQL. Test-only: the
// postgres plugin declares the real engines' targets.

#include "dbbridge/sdk/sql_target.h"

namespace dbbridge::test {

// real unchanged unless it is an Oracle-compatible PostgreSQL-family target.
inline sdk::SqlTarget OrafceStandIn(sdk::SqlTarget real) {
    if (real.family != sdk::SqlFamily::kPostgres || !real.oracle_functions) {
        return real;
    }
    real.connect_by = real.rownum = real.oracle_outer_join = real.empty_string_is_null = false;
    real.sequence_nextval = real.oracle_date = false;
    real.dual = true;  // orafce provides oracle.dual
    real.sysdate = real.minus = real.concat_ignores_null = real.oracle_types = real.listagg = false;
    real.mysql_functions = false;
    return real;
}

}  // namespace dbbridge::test
