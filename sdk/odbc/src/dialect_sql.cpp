#include "dbbridge/odbc/dialect_sql.h"

#include "dbbridge/sdk/util/sql_text.h"

namespace dbbridge::odbc {

std::string DialectSql::FormatNativeType(const std::string& data_type, std::int64_t length, std::int64_t precision,
                                         std::int64_t scale) const {
    std::string base = sdk::util::ToUpper(data_type);
    if (base.find('(') != std::string::npos) {  // TIMESTAMP(6) WITH TIME ZONE: already complete
        return base;
    }
    if (base == "NUMBER" || base == "DECIMAL" || base == "NUMERIC" || base == "DEC") {
        if (precision > 0) {
            return base + "(" + std::to_string(precision) + "," + std::to_string(scale < 0 ? 0 : scale) + ")";
        }
        return base;
    }
    bool sized = base == "VARCHAR2" || base == "NVARCHAR2" || base == "VARCHAR" || base == "CHAR" || base == "NCHAR" ||
                 base == "RAW" || base == "BINARY" || base == "VARBINARY" || base == "CHARACTER" ||
                 base == "CHARACTER VARYING";
    if (sized && length > 0) {
        return base + "(" + std::to_string(length) + ")";
    }
    return base;
}

std::string DialectSql::ErrorCode(const Diagnostic& d) const { return std::to_string(d.native_error); }

sdk::Result<std::vector<std::string>> SplitObjectName(const std::string& name, bool fold_upper) {
    std::vector<std::string> parts;
    std::string cur;
    bool quoted_part = false;
    bool have_part = false;
    std::size_t i = 0;
    auto finish = [&]() -> sdk::Status {
        if (!have_part || (cur.empty() && !quoted_part)) {
            return sdk::Status::InvalidArgument("object name '" + name + "' has an empty part");
        }
        parts.push_back(quoted_part || !fold_upper ? cur : sdk::util::ToUpper(cur));
        cur.clear();
        quoted_part = false;
        have_part = false;
        return sdk::Status::Ok();
    };
    while (i < name.size()) {
        char c = name[i];
        if (c == '"') {
            if (have_part) {
                return sdk::Status::InvalidArgument("object name '" + name + "' has a quote inside an unquoted part");
            }
            std::size_t j = i + 1;
            for (;;) {
                if (j >= name.size()) {
                    return sdk::Status::InvalidArgument("object name '" + name + "' has an unterminated quote");
                }
                if (name[j] == '"') {
                    if (j + 1 < name.size() && name[j + 1] == '"') {
                        cur += '"';
                        j += 2;
                        continue;
                    }
                    break;
                }
                cur += name[j++];
            }
            quoted_part = true;
            have_part = true;
            i = j + 1;
            if (i < name.size() && name[i] != '.') {
                return sdk::Status::InvalidArgument("object name '" + name + "' has text after a quoted part");
            }
            continue;
        }
        if (c == '.') {
            DBB_RETURN_IF_ERROR(finish());
            ++i;
            if (i == name.size()) {
                return sdk::Status::InvalidArgument("object name '" + name + "' has an empty part");
            }
            continue;
        }
        cur += c;
        have_part = true;
        ++i;
    }
    DBB_RETURN_IF_ERROR(finish());
    if (parts.size() > 2) {
        return sdk::Status::InvalidArgument("object name '" + name + "' has more than two parts (owner.table)");
    }
    return parts;
}

}  // namespace dbbridge::odbc
