#pragma once
// Reads all diagnostic records of an ODBC handle (SQLGetDiagRecW, UTF-8 out).

#include <sql.h>

#include <vector>

#include "dbbridge/odbc/odbc_diagnostics.h"

namespace dbbridge::odbc {

std::vector<Diagnostic> ReadDiagnostics(SQLSMALLINT handle_type, SQLHANDLE handle);

// Status for a failed call on handle, with context (what was being done).
sdk::Status HandleError(SQLSMALLINT handle_type, SQLHANDLE handle, const std::string& context);

}  // namespace dbbridge::odbc
