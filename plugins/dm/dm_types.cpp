#include "dm_types.h"

#include <map>

#include "dbbridge/sdk/util/sql_text.h"

namespace dbbridge::dm {

sdk::JdbcType MapDmType(const std::string& native_type) {
    using sdk::JdbcType;
    static const std::map<std::string, JdbcType> kTypes = {
        {"number", JdbcType::kDecimal},
        {"numeric", JdbcType::kDecimal},
        {"decimal", JdbcType::kDecimal},
        {"dec", JdbcType::kDecimal},
        {"bit", JdbcType::kBit},
        {"bool", JdbcType::kBoolean},
        {"boolean", JdbcType::kBoolean},
        {"tinyint", JdbcType::kTinyInt},
        {"byte", JdbcType::kTinyInt},
        {"smallint", JdbcType::kSmallInt},
        {"int", JdbcType::kInteger},
        {"integer", JdbcType::kInteger},
        {"pls_integer", JdbcType::kInteger},
        {"bigint", JdbcType::kBigInt},
        {"real", JdbcType::kReal},
        {"float", JdbcType::kFloat},
        {"double", JdbcType::kDouble},
        {"double precision", JdbcType::kDouble},
        {"char", JdbcType::kChar},
        {"character", JdbcType::kChar},
        {"nchar", JdbcType::kNChar},
        {"varchar", JdbcType::kVarchar},
        {"varchar2", JdbcType::kVarchar},
        {"character varying", JdbcType::kVarchar},
        {"nvarchar", JdbcType::kNVarchar},
        {"nvarchar2", JdbcType::kNVarchar},
        {"text", JdbcType::kLongVarchar},
        {"longvarchar", JdbcType::kLongVarchar},
        {"long", JdbcType::kLongVarchar},
        {"clob", JdbcType::kClob},
        {"nclob", JdbcType::kNClob},
        {"blob", JdbcType::kBlob},
        {"bfile", JdbcType::kBlob},
        {"image", JdbcType::kLongVarBinary},
        {"longvarbinary", JdbcType::kLongVarBinary},
        {"binary", JdbcType::kBinary},
        {"varbinary", JdbcType::kVarBinary},
        {"raw", JdbcType::kVarBinary},
        {"date", JdbcType::kDate},
        {"time", JdbcType::kTime},
        {"time with time zone", JdbcType::kTimeWithTimezone},
        {"datetime", JdbcType::kTimestamp},
        {"timestamp", JdbcType::kTimestamp},
        {"datetime with time zone", JdbcType::kTimestamp},
        {"timestamp with time zone", JdbcType::kTimestamp},
        {"timestamp with local time zone", JdbcType::kTimestamp},
        {"rowid", JdbcType::kRowId},
        {"interval year to month", JdbcType::kVarchar},
        {"interval day to second", JdbcType::kVarchar},
        {"interval year", JdbcType::kVarchar},
        {"interval month", JdbcType::kVarchar},
        {"interval day", JdbcType::kVarchar},
        {"interval hour", JdbcType::kVarchar},
        {"interval minute", JdbcType::kVarchar},
        {"interval second", JdbcType::kVarchar},
    };
    auto it = kTypes.find(sdk::util::BaseTypeName(native_type));
    return it == kTypes.end() ? JdbcType::kOther : it->second;
}

}  // namespace dbbridge::dm
