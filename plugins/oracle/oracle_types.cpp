#include "oracle_types.h"

#include <map>

#include "dbbridge/sdk/util/sql_text.h"

namespace dbbridge::oracle {

sdk::JdbcType MapOracleType(const std::string& native_type) {
    using sdk::JdbcType;
    static const std::map<std::string, JdbcType> kTypes = {
        {"number", JdbcType::kDecimal},
        {"numeric", JdbcType::kDecimal},
        {"decimal", JdbcType::kDecimal},
        {"dec", JdbcType::kDecimal},
        {"integer", JdbcType::kInteger},
        {"int", JdbcType::kInteger},
        {"smallint", JdbcType::kSmallInt},
        {"float", JdbcType::kFloat},
        {"real", JdbcType::kFloat},
        {"binary_float", JdbcType::kFloat},
        {"binary_double", JdbcType::kDouble},
        {"double precision", JdbcType::kDouble},
        {"varchar2", JdbcType::kVarchar},
        {"varchar", JdbcType::kVarchar},
        {"character varying", JdbcType::kVarchar},
        {"char varying", JdbcType::kVarchar},
        {"nvarchar2", JdbcType::kNVarchar},
        {"nchar varying", JdbcType::kNVarchar},
        {"national character varying", JdbcType::kNVarchar},
        {"national char varying", JdbcType::kNVarchar},
        {"char", JdbcType::kChar},
        {"character", JdbcType::kChar},
        {"nchar", JdbcType::kNChar},
        {"national character", JdbcType::kNChar},
        {"national char", JdbcType::kNChar},
        {"long", JdbcType::kLongVarchar},
        {"clob", JdbcType::kClob},
        {"nclob", JdbcType::kNClob},
        {"blob", JdbcType::kBlob},
        {"bfile", JdbcType::kBlob},
        {"raw", JdbcType::kVarBinary},
        {"long raw", JdbcType::kLongVarBinary},
        {"date", JdbcType::kTimestamp},
        {"timestamp", JdbcType::kTimestamp},
        {"timestamp with time zone", JdbcType::kTimestamp},
        {"timestamp with local time zone", JdbcType::kTimestamp},
        {"rowid", JdbcType::kRowId},
        {"urowid", JdbcType::kRowId},
        {"interval year to month", JdbcType::kVarchar},
        {"interval day to second", JdbcType::kVarchar},
        {"xmltype", JdbcType::kSqlXml},
        {"sys.xmltype", JdbcType::kSqlXml},
        {"boolean", JdbcType::kBoolean},
        {"bool", JdbcType::kBoolean},
    };
    auto it = kTypes.find(sdk::util::BaseTypeName(native_type));
    return it == kTypes.end() ? JdbcType::kOther : it->second;
}

}  // namespace dbbridge::oracle
