#include "diag_reader.h"

#include <sqlext.h>

#include "wide_text.h"

namespace dbbridge::odbc {

namespace {
constexpr SQLSMALLINT kMaxRecords = 8;
constexpr SQLSMALLINT kMessageUnits = 2048;
}  // namespace

std::vector<Diagnostic> ReadDiagnostics(SQLSMALLINT handle_type, SQLHANDLE handle) {
    std::vector<Diagnostic> out;
    if (handle == SQL_NULL_HANDLE) {
        return out;
    }
    for (SQLSMALLINT rec = 1; rec <= kMaxRecords; ++rec) {
        SQLWCHAR state[6] = {0};
        SQLINTEGER native = 0;
        SQLWCHAR message[kMessageUnits];
        SQLSMALLINT length = 0;
        SQLRETURN rc = SQLGetDiagRecW(handle_type, handle, rec, state, &native, message, kMessageUnits, &length);
        if (rc == SQL_NO_DATA || !SQL_SUCCEEDED(rc)) {
            break;
        }
        Diagnostic d;
        d.sql_state = WideToUtf8(state, 5);
        d.native_error = native;
        std::size_t units = length < 0 ? 0 : static_cast<std::size_t>(length);
        if (units >= static_cast<std::size_t>(kMessageUnits)) {
            units = kMessageUnits - 1;
        }
        d.message = WideToUtf8(message, units);
        while (!d.message.empty() && (d.message.back() == '\n' || d.message.back() == '\r' || d.message.back() == ' ')) {
            d.message.pop_back();
        }
        out.push_back(std::move(d));
    }
    return out;
}

sdk::Status HandleError(SQLSMALLINT handle_type, SQLHANDLE handle, const std::string& context) {
    return StatusFromDiagnostics(ReadDiagnostics(handle_type, handle), context);
}

}  // namespace dbbridge::odbc
