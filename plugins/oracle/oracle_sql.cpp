#include "oracle_sql.h"

#include "oracle_types.h"

namespace dbbridge::oracle {

sdk::JdbcType OracleSql::MapNativeType(const std::string& native_type) const { return MapOracleType(native_type); }

}  // namespace dbbridge::oracle
