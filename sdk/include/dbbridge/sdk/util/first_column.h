#pragma once
// Runs a small metadata query and returns the first column of its rows as text: how plugins read
// key columns and other catalog facts through their own Connection.

#include <string>
#include <utility>
#include <vector>

#include "dbbridge/sdk/connection.h"
#include "dbbridge/sdk/dialect.h"
#include "dbbridge/sdk/status.h"

namespace dbbridge::sdk::util {

// sql uses "@name" binds (rewritten by dialect); values are bound as VARCHAR by name.
Result<std::vector<std::string>> QueryFirstColumn(const Dialect& dialect, Connection& connection,
                                                  const std::string& sql,
                                                  const std::vector<std::pair<std::string, Value>>& values);

}  // namespace dbbridge::sdk::util
