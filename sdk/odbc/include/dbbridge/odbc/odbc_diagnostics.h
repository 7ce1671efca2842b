#pragma once
// ODBC diagnostic records and their mapping onto sdk::Status codes.

#include <cstdint>
#include <string>
#include <vector>

#include "dbbridge/sdk/status.h"

namespace dbbridge::odbc {

struct Diagnostic {
    std::string sql_state;  // five characters, e.g. "42P01"
    std::int32_t native_error = 0;
    std::string message;    // UTF-8, driver prefixes such as "[unixODBC]" kept
};

// Status code for a failure: 28xxx and known "wrong password" messages -> Unauthenticated,
// 08xxx and IM002/IM003 (driver not installed) -> Unavailable, HYT00/HYT01 -> DeadlineExceeded,
// HY008 -> Cancelled, 22xxx/23xxx -> DataError, 42xxx -> InvalidArgument, else Internal.
sdk::StatusCode StatusCodeFor(const Diagnostic& diagnostic);

// True when the diagnostic says the connection itself is gone (08xxx), as opposed to a
// statement error the caller may report and continue after.
bool IsConnectionLost(const Diagnostic& diagnostic);

// "context: [SQLSTATE 42P01, native 7] message; [SQLSTATE ...] ..." with the code of the first record.
sdk::Status StatusFromDiagnostics(const std::vector<Diagnostic>& records, const std::string& context);

// One line for all records, without context ("[42P01] relation ... ; [...]").
std::string JoinMessages(const std::vector<Diagnostic>& records);

}  // namespace dbbridge::odbc
