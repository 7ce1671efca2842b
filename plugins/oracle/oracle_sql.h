#pragma once
// Oracle's DialectSql: the shared Oracle dictionary queries with Oracle's type map. OceanBase's
// Oracle mode uses it too, under its own dialect name.

#include <string>

#include "dbbridge/odbc/oracle_dictionary_sql.h"

namespace dbbridge::oracle {

class OracleSql : public odbc::OracleDictionarySql {
public:
    explicit OracleSql(std::string dialect_name = "ORACLE") : name_(std::move(dialect_name)) {}

    std::string DialectName() const override { return name_; }
    sdk::JdbcType MapNativeType(const std::string& native_type) const override;

private:
    std::string name_;
};

}  // namespace dbbridge::oracle
