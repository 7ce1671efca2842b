#pragma once
// Maps database errors (ORA- codes, SQLSTATE, MySQL errno, DM codes) to classes so that the
// same failure on different engines compares as consistent.

#include <string>

namespace dbbridge::core::multiplex {

enum class ErrorClass {
    kUniqueViolation,
    kNotNullViolation,
    kForeignKeyViolation,
    kCheckViolation,
    kValueTooLong,
    kDivideByZero,
    kInvalidNumber,
    kInvalidDatetime,
    kNumericOverflow,
    kMissingObject,
    kSyntax,
    kPermission,
    kTimeout,
    kOther,
};

const char* ErrorClassName(ErrorClass c);

// error_code as the plugin reports it ("ORA-00001", "1062", "-6602"), sql_state ("23505").
// The SQLSTATE decides when it is specific; then the vendor code; then kOther.
ErrorClass ClassifyError(const std::string& error_code, const std::string& sql_state);

}  // namespace dbbridge::core::multiplex
