#include "dbbridge/odbc/odbc_diagnostics.h"

namespace dbbridge::odbc {

namespace {

bool Contains(const std::string& text, const char* needle) { return text.find(needle) != std::string::npos; }

bool IsWrongPassword(const Diagnostic& d) {
    return d.sql_state.rfind("28", 0) == 0 || Contains(d.message, "ORA-01017") ||
           Contains(d.message, "password authentication failed") || Contains(d.message, "Access denied for user") ||
           Contains(d.message, "invalid username or password") || Contains(d.message, "Invalid username or password") ||
           d.native_error == -2501;  // DM: invalid user name or password
}

}  // namespace

sdk::StatusCode StatusCodeFor(const Diagnostic& d) {
    const std::string& s = d.sql_state;
    if (IsWrongPassword(d)) {
        return sdk::StatusCode::kUnauthenticated;
    }
    if (s == "HYT00" || s == "HYT01") {
        return sdk::StatusCode::kDeadlineExceeded;
    }
    if (s.rfind("08", 0) == 0 || s == "IM002" || s == "IM003" || s == "IM004") {
        return sdk::StatusCode::kUnavailable;
    }
    if (s == "HY008") {
        return sdk::StatusCode::kCancelled;
    }
    if (s.rfind("22", 0) == 0 || s.rfind("23", 0) == 0) {
        return sdk::StatusCode::kDataError;
    }
    if (s.rfind("42", 0) == 0) {
        return sdk::StatusCode::kInvalidArgument;
    }
    return sdk::StatusCode::kInternal;
}

bool IsConnectionLost(const Diagnostic& d) { return d.sql_state.rfind("08", 0) == 0; }

std::string JoinMessages(const std::vector<Diagnostic>& records) {
    std::string out;
    for (const auto& d : records) {
        if (!out.empty()) {
            out += "; ";
        }
        out += "[SQLSTATE " + d.sql_state + ", native " + std::to_string(d.native_error) + "] " + d.message;
    }
    return out.empty() ? "no diagnostic returned by the driver" : out;
}

bool IsDriverMissing(const Diagnostic& d) {
    return d.sql_state == "IM002" || d.sql_state == "IM003" || Contains(d.message, "Can't open lib") ||
           Contains(d.message, "Data source name not found");
}

sdk::Status StatusFromDiagnostics(const std::vector<Diagnostic>& records, const std::string& context) {
    // The first error record decides the code; warnings (01xxx) only add context.
    const Diagnostic* main = records.empty() ? nullptr : &records.front();
    for (const auto& d : records) {
        if (d.sql_state.rfind("01", 0) != 0) {
            main = &d;
            break;
        }
    }
    bool missing = false;
    for (const auto& d : records) {
        missing = missing || IsDriverMissing(d);
    }
    sdk::StatusCode code = missing ? sdk::StatusCode::kUnavailable
                           : main == nullptr ? sdk::StatusCode::kInternal
                                             : StatusCodeFor(*main);
    std::string message = context + ": " + JoinMessages(records);
    if (missing) {
        message += " (install the vendor's ODBC driver and register it in odbcinst.ini, or set the odbc_driver/dsn "
                   "option to the name registered there)";
    }
    return {code, message};
}

}  // namespace dbbridge::odbc
