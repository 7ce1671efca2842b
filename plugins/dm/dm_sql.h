#pragma once
// DM's DialectSql: DM8 keeps Oracle's ALL_* dictionary views; the schema switch is SET SCHEMA and
// no session set-up runs by default (values are fetched typed, not as NLS-formatted text).

#include <string>
#include <vector>

#include "dbbridge/odbc/oracle_dictionary_sql.h"

namespace dbbridge::dm {

class DmSql final : public odbc::OracleDictionarySql {
public:
    std::string DialectName() const override { return "DM"; }
    std::string SetSchemaSql(const std::string& quoted_schema) const override;
    std::vector<std::string> DefaultSessionInit() const override { return {}; }
    sdk::JdbcType MapNativeType(const std::string& native_type) const override;
    // DM reports negative native codes (-2501); shown as is.
    std::string ErrorCode(const odbc::Diagnostic& diagnostic) const override;
};

}  // namespace dbbridge::dm
