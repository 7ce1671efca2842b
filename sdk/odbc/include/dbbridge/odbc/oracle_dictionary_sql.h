#pragma once
// DialectSql for servers with Oracle's data dictionary (ALL_USERS, ALL_TABLES, ALL_VIEWS,
// ALL_TAB_COLUMNS, ALL_COL_COMMENTS): Oracle, DM and OceanBase Oracle mode share it and override
// what differs (schema switch, session set-up, type names).

#include <string>
#include <vector>

#include "dbbridge/odbc/dialect_sql.h"

namespace dbbridge::odbc {

class OracleDictionarySql : public DialectSql {
public:
    std::string CurrentSchemaSql() const override;
    std::string ListSchemasSql() const override;
    std::string ListTablesSql() const override;
    std::string ListColumnsSql() const override;
    std::string SetSchemaSql(const std::string& quoted_schema) const override;
    std::vector<std::string> DefaultSessionInit() const override;
    // Double quotes, 128 bytes per part (Oracle 12.2+; older servers reject > 30 themselves).
    sdk::Result<std::string> QuoteIdentifier(const std::string& name) const override;
    // "ORA-00942" when the message carries it, else "ORA-" + native code.
    std::string ErrorCode(const Diagnostic& diagnostic) const override;
    // ALL_CONSTRAINTS (P, U) joined with ALL_CONS_COLUMNS.
    std::string KeyColumnsSql() const override;

    // The columns SQL registered in columns_query: the seed's USER_TAB_COLUMNS/USER_COL_COMMENTS
    // query generalised to ALL_* views, owner and table bound as parameters.
    static std::string ColumnsSql();
};

}  // namespace dbbridge::odbc
