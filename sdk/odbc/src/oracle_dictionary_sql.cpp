#include "dbbridge/odbc/oracle_dictionary_sql.h"

#include <cctype>
#include <cstdio>

#include "dbbridge/sdk/util/sql_text.h"

namespace dbbridge::odbc {

namespace {
constexpr std::size_t kMaxIdentifierBytes = 128;
}

std::string OracleDictionarySql::CurrentSchemaSql() const {
    return "SELECT SYS_CONTEXT('USERENV', 'CURRENT_SCHEMA') FROM DUAL";
}

std::string OracleDictionarySql::ListSchemasSql() const { return "SELECT USERNAME FROM ALL_USERS ORDER BY USERNAME"; }

std::string OracleDictionarySql::ListTablesSql() const {
    return "SELECT OWNER, TABLE_NAME, 'TABLE' AS TABLE_TYPE FROM ALL_TABLES WHERE OWNER = ? "
           "UNION ALL SELECT OWNER, VIEW_NAME, 'VIEW' AS TABLE_TYPE FROM ALL_VIEWS WHERE OWNER = ? ORDER BY 2";
}

std::string OracleDictionarySql::ColumnsSql() {
    return "SELECT b.COLUMN_NAME, b.DATA_TYPE, b.DATA_LENGTH, b.DATA_PRECISION, b.DATA_SCALE, b.NULLABLE, a.COMMENTS "
           "FROM ALL_TAB_COLUMNS b LEFT JOIN ALL_COL_COMMENTS a ON a.OWNER = b.OWNER AND a.TABLE_NAME = b.TABLE_NAME "
           "AND a.COLUMN_NAME = b.COLUMN_NAME WHERE b.OWNER = ? AND b.TABLE_NAME = ? ORDER BY b.COLUMN_ID";
}

std::string OracleDictionarySql::ListColumnsSql() const { return ColumnsSql(); }

std::string OracleDictionarySql::KeyColumnsSql() const {
    return "SELECT c.CONSTRAINT_NAME, k.COLUMN_NAME FROM ALL_CONSTRAINTS c JOIN ALL_CONS_COLUMNS k "
           "ON k.OWNER = c.OWNER AND k.CONSTRAINT_NAME = c.CONSTRAINT_NAME AND k.TABLE_NAME = c.TABLE_NAME "
           "WHERE c.OWNER = ? AND c.TABLE_NAME = ? AND c.CONSTRAINT_TYPE IN ('P', 'U') "
           "ORDER BY CASE c.CONSTRAINT_TYPE WHEN 'P' THEN 0 ELSE 1 END, c.CONSTRAINT_NAME, k.POSITION";
}

std::string OracleDictionarySql::SetSchemaSql(const std::string& quoted_schema) const {
    return "ALTER SESSION SET CURRENT_SCHEMA = " + quoted_schema;
}

std::vector<std::string> OracleDictionarySql::DefaultSessionInit() const {
    // Pinned so that values rendered as text by the server (implicit conversions, TO_CHAR without
    // a mask) look the same on every connection, whatever the client's NLS environment says.
    return {
        "ALTER SESSION SET NLS_DATE_FORMAT = 'YYYY-MM-DD HH24:MI:SS'",
        "ALTER SESSION SET NLS_TIMESTAMP_FORMAT = 'YYYY-MM-DD HH24:MI:SS.FF'",
        "ALTER SESSION SET NLS_TIMESTAMP_TZ_FORMAT = 'YYYY-MM-DD HH24:MI:SS.FF TZH:TZM'",
        "ALTER SESSION SET NLS_NUMERIC_CHARACTERS = '.,'",
        "ALTER SESSION SET TIME_ZONE = '+00:00'",
    };
}

sdk::Result<std::string> OracleDictionarySql::QuoteIdentifier(const std::string& name) const {
    return sdk::util::QuoteQualifiedName(name, '"', kMaxIdentifierBytes);
}

std::string OracleDictionarySql::ErrorCode(const Diagnostic& d) const {
    std::size_t pos = d.message.find("ORA-");
    while (pos != std::string::npos) {
        bool digits = pos + 9 <= d.message.size();
        for (std::size_t k = pos + 4; digits && k < pos + 9; ++k) {
            digits = std::isdigit(static_cast<unsigned char>(d.message[k])) != 0;
        }
        if (digits) {
            return d.message.substr(pos, 9);
        }
        pos = d.message.find("ORA-", pos + 4);
    }
    if (d.native_error == 0) {
        return d.sql_state;
    }
    char buf[32];
    std::snprintf(buf, sizeof(buf), "ORA-%05d", d.native_error < 0 ? -d.native_error : d.native_error);
    return buf;
}

}  // namespace dbbridge::odbc
