#pragma once
// Oracle native type names -> java.sql.Types codes, following seed 004's table where it speaks
// (NUMBER -> DECIMAL, BINARY_FLOAT -> FLOAT, TIMESTAMP WITH TIME ZONE -> TIMESTAMP) and Oracle's JDBC
// driver elsewhere (DATE -> TIMESTAMP: Oracle DATE carries a time of day).

#include <string>

#include "dbbridge/sdk/types.h"

namespace dbbridge::oracle {

// Any case, with or without "(p,s)"; unknown names give OTHER. INTERVAL types give VARCHAR
// (they travel as text such as "+01-02").
sdk::JdbcType MapOracleType(const std::string& native_type);

}  // namespace dbbridge::oracle
