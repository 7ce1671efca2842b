#pragma once
// DM8 native type names -> java.sql.Types codes (DM's JDBC driver and seed 004's table).
// DM's DATE is a date only (unlike Oracle's); DATETIME and TIMESTAMP carry the time.

#include <string>

#include "dbbridge/sdk/types.h"

namespace dbbridge::dm {

sdk::JdbcType MapDmType(const std::string& native_type);

}  // namespace dbbridge::dm
