#include "core/multiplex/error_classifier.h"

#include <cctype>
#include <map>

namespace dbbridge::core::multiplex {

const char* ErrorClassName(ErrorClass c) {
    switch (c) {
        case ErrorClass::kUniqueViolation: return "unique_violation";
        case ErrorClass::kNotNullViolation: return "not_null_violation";
        case ErrorClass::kForeignKeyViolation: return "foreign_key_violation";
        case ErrorClass::kCheckViolation: return "check_violation";
        case ErrorClass::kValueTooLong: return "value_too_long";
        case ErrorClass::kDivideByZero: return "divide_by_zero";
        case ErrorClass::kInvalidNumber: return "invalid_number";
        case ErrorClass::kInvalidDatetime: return "invalid_datetime";
        case ErrorClass::kNumericOverflow: return "numeric_overflow";
        case ErrorClass::kMissingObject: return "missing_object";
        case ErrorClass::kSyntax: return "syntax_error";
        case ErrorClass::kPermission: return "permission_denied";
        case ErrorClass::kTimeout: return "timeout";
        case ErrorClass::kOther: return "other";
    }
    return "other";
}

namespace {

using C = ErrorClass;

// Vendor codes: Oracle (ORA-nnnnn), MySQL/MariaDB errno, DM (negative numbers).
const std::map<std::string, ErrorClass>& VendorCodes() {
    static const std::map<std::string, ErrorClass> k = {
        // Oracle
        {"ORA-00001", C::kUniqueViolation}, {"ORA-01400", C::kNotNullViolation}, {"ORA-01407", C::kNotNullViolation},
        {"ORA-02291", C::kForeignKeyViolation}, {"ORA-02292", C::kForeignKeyViolation},
        {"ORA-02290", C::kCheckViolation}, {"ORA-12899", C::kValueTooLong}, {"ORA-01401", C::kValueTooLong},
        {"ORA-01476", C::kDivideByZero}, {"ORA-01722", C::kInvalidNumber}, {"ORA-06502", C::kInvalidNumber},
        {"ORA-01438", C::kNumericOverflow}, {"ORA-01426", C::kNumericOverflow},
        {"ORA-01861", C::kInvalidDatetime}, {"ORA-01843", C::kInvalidDatetime}, {"ORA-01847", C::kInvalidDatetime},
        {"ORA-01839", C::kInvalidDatetime}, {"ORA-01858", C::kInvalidDatetime},
        {"ORA-00942", C::kMissingObject}, {"ORA-00904", C::kMissingObject}, {"ORA-02289", C::kMissingObject},
        {"ORA-04043", C::kMissingObject}, {"ORA-00900", C::kSyntax}, {"ORA-00933", C::kSyntax},
        {"ORA-00936", C::kSyntax}, {"ORA-00923", C::kSyntax}, {"ORA-00907", C::kSyntax}, {"ORA-00905", C::kSyntax},
        {"ORA-00906", C::kSyntax}, {"ORA-00911", C::kSyntax}, {"ORA-01031", C::kPermission},
        {"ORA-01013", C::kTimeout},
        // MySQL / MariaDB
        {"1062", C::kUniqueViolation}, {"1586", C::kUniqueViolation}, {"1048", C::kNotNullViolation},
        {"1364", C::kNotNullViolation}, {"1451", C::kForeignKeyViolation}, {"1452", C::kForeignKeyViolation},
        {"1216", C::kForeignKeyViolation}, {"1217", C::kForeignKeyViolation}, {"3819", C::kCheckViolation},
        {"4025", C::kCheckViolation}, {"1406", C::kValueTooLong}, {"1365", C::kDivideByZero},
        {"1366", C::kInvalidNumber}, {"1292", C::kInvalidNumber}, {"1264", C::kNumericOverflow},
        {"1690", C::kNumericOverflow}, {"1146", C::kMissingObject}, {"1054", C::kMissingObject},
        {"1305", C::kMissingObject}, {"1049", C::kMissingObject}, {"1064", C::kSyntax}, {"1149", C::kSyntax},
        {"1142", C::kPermission}, {"1143", C::kPermission}, {"1044", C::kPermission}, {"3024", C::kTimeout},
        {"1317", C::kTimeout}, {"1969", C::kTimeout},
        // DM
        {"-6602", C::kUniqueViolation}, {"-6609", C::kNotNullViolation}, {"-6169", C::kValueTooLong},
        {"-6103", C::kDivideByZero}, {"-6111", C::kInvalidNumber}, {"-2106", C::kMissingObject},
        {"-2111", C::kMissingObject}, {"-2007", C::kSyntax},
    };
    return k;
}

// Specific SQLSTATEs (PostgreSQL family, ODBC drivers). Generic ones (23000, 42000, HY000) are
// left to the vendor code.
const std::map<std::string, ErrorClass>& SqlStates() {
    static const std::map<std::string, ErrorClass> k = {
        {"23505", C::kUniqueViolation}, {"23502", C::kNotNullViolation}, {"23503", C::kForeignKeyViolation},
        {"23514", C::kCheckViolation}, {"22001", C::kValueTooLong}, {"22012", C::kDivideByZero},
        {"22P02", C::kInvalidNumber}, {"22018", C::kInvalidNumber}, {"22003", C::kNumericOverflow},
        {"22007", C::kInvalidDatetime}, {"22008", C::kInvalidDatetime}, {"42P01", C::kMissingObject},
        {"42703", C::kMissingObject}, {"42883", C::kMissingObject}, {"42S02", C::kMissingObject},
        {"42S22", C::kMissingObject}, {"3F000", C::kMissingObject}, {"42601", C::kSyntax},
        {"42501", C::kPermission}, {"57014", C::kTimeout}, {"HYT00", C::kTimeout},
    };
    return k;
}

}  // namespace

ErrorClass ClassifyError(const std::string& error_code, const std::string& sql_state) {
    std::string code = error_code;
    if (code.rfind("ORA-", 0) != 0 && code.size() > 4 && (code[0] == 'o' || code[0] == 'O')) {
        for (auto& ch : code) ch = static_cast<char>(std::toupper(static_cast<unsigned char>(ch)));
    }
    if (!code.empty() && code != sql_state) {
        auto it = VendorCodes().find(code);
        if (it != VendorCodes().end()) return it->second;
    }
    auto st = SqlStates().find(sql_state.empty() ? code : sql_state);
    if (st != SqlStates().end()) return st->second;
    return C::kOther;
}

}  // namespace dbbridge::core::multiplex
