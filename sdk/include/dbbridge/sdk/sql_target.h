#pragma once
// A translation target described as data: which SQL family it prints, which Oracle/MySQL
// constructs it accepts natively (the translator rewrites only what is missing), and how it spells
// functions and types that differ from its family's. A plugin declares one per dialect; core builds
// the translator from it, so a vendor's plugin describes its SQL without changing core.

#include <map>
#include <string>
#include <vector>

namespace dbbridge::sdk {

enum class SqlFamily { kOracle, kPostgres, kMySql };

struct SqlTarget {
    SqlFamily family = SqlFamily::kPostgres;

    // Accepted natively (each true flag turns a rewrite off).
    bool connect_by = false;            // CONNECT BY / START WITH / LEVEL / PRIOR
    bool rownum = false;                // ROWNUM
    bool oracle_outer_join = false;     // (+)
    bool empty_string_is_null = false;  // '' IS NULL
    bool dual = false;                  // FROM DUAL
    bool sequence_nextval = false;      // seq.NEXTVAL / seq.CURRVAL
    bool merge = false;                 // MERGE
    bool limit = false;                 // LIMIT n [OFFSET m]
    bool fetch_first = false;           // OFFSET .. ROWS FETCH FIRST .. ROWS ONLY
    bool nulls_ordering = false;        // NULLS FIRST / LAST
    bool oracle_date = false;           // DATE carries a time part; date +/- n days
    bool oracle_functions = false;      // NVL, DECODE, TO_DATE, ADD_MONTHS, ... (natively or orafce)
    bool sysdate = false;               // bare SYSDATE / SYSTIMESTAMP
    bool minus = false;                 // MINUS
    bool concat_ignores_null = false;   // 'a' || NULL = 'a'
    bool oracle_types = false;          // NUMBER, VARCHAR2, CLOB, BLOB
    bool listagg = false;               // LISTAGG(..) WITHIN GROUP (ORDER BY ..)
    bool mysql_functions = false;       // IFNULL, IF, DATE_FORMAT, GROUP_CONCAT, NOW(), ...

    // Printed names that differ from the family's: upper-case function or type name as the
    // translator writes it -> the target's spelling (e.g. {"NVL", "COALESCE"}, {"CLOB", "TEXT"}).
    std::map<std::string, std::string> function_names;
    std::map<std::string, std::string> type_names;

    // Source dialects whose SQL runs unchanged on this target (no translation), e.g. {"MYSQL"}.
    std::vector<std::string> same_sql;

    // Presets for the three families; a plugin starts from one and changes what differs.
    static SqlTarget Oracle() {
        SqlTarget t;
        t.family = SqlFamily::kOracle;
        t.connect_by = t.rownum = t.oracle_outer_join = t.empty_string_is_null = t.dual = true;
        t.sequence_nextval = t.merge = t.fetch_first = t.nulls_ordering = t.oracle_date = true;
        t.oracle_functions = t.sysdate = t.minus = t.concat_ignores_null = t.oracle_types = t.listagg = true;
        return t;
    }
    static SqlTarget PostgreSql() {
        SqlTarget t;
        t.family = SqlFamily::kPostgres;
        t.merge = t.limit = t.fetch_first = t.nulls_ordering = true;
        return t;
    }
    static SqlTarget MySql() {
        SqlTarget t;
        t.family = SqlFamily::kMySql;
        t.limit = t.dual = t.mysql_functions = true;
        return t;
    }
};

// Same declaration, field by field (lets a plugin's tests pin what it declares).
inline bool operator==(const SqlTarget& a, const SqlTarget& b) {
    auto flags = [](const SqlTarget& t) {
        return std::vector<bool>{t.connect_by, t.rownum, t.oracle_outer_join, t.empty_string_is_null, t.dual,
                                 t.sequence_nextval, t.merge, t.limit, t.fetch_first, t.nulls_ordering,
                                 t.oracle_date, t.oracle_functions, t.sysdate, t.minus, t.concat_ignores_null,
                                 t.oracle_types, t.listagg, t.mysql_functions};
    };
    return a.family == b.family && flags(a) == flags(b) && a.function_names == b.function_names &&
           a.type_names == b.type_names && a.same_sql == b.same_sql;
}
inline bool operator!=(const SqlTarget& a, const SqlTarget& b) { return !(a == b); }

}  // namespace dbbridge::sdk
