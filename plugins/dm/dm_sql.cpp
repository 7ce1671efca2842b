#include "dm_sql.h"

#include "dm_types.h"

namespace dbbridge::dm {

std::string DmSql::SetSchemaSql(const std::string& quoted_schema) const { return "SET SCHEMA " + quoted_schema; }

sdk::JdbcType DmSql::MapNativeType(const std::string& native_type) const { return MapDmType(native_type); }

std::string DmSql::ErrorCode(const odbc::Diagnostic& d) const {
    return d.native_error == 0 ? d.sql_state : std::to_string(d.native_error);
}

}  // namespace dbbridge::dm
