#include "dbbridge/odbc/odbc_dialect_base.h"

#include <algorithm>

#include "dbbridge/odbc/odbc_connection.h"
#include "dbbridge/sdk/sql/transpiler.h"
#include "dbbridge/sdk/util/sql_text.h"

namespace dbbridge::odbc {

sdk::Result<std::unique_ptr<sdk::Connection>> OdbcDialectBase::Connect(const sdk::ConnectionSpec& spec) const noexcept {
    try {
        auto cs = BuildConnectionString(spec);
        if (!cs.ok()) {
            return cs.status();
        }
        return OdbcConnection::Open(*cs, sql_, spec);
    } catch (const std::exception& e) {
        return sdk::Status::Internal(Name() + " connect: " + e.what());
    }
}

sdk::JdbcType OdbcDialectBase::MapNativeType(const std::string& native_type) const noexcept {
    try {
        return sql_->MapNativeType(native_type);
    } catch (...) {
        return sdk::JdbcType::kOther;
    }
}

sdk::Result<std::string> OdbcDialectBase::QuoteIdentifier(const std::string& name) const noexcept {
    try {
        return sql_->QuoteIdentifier(name);
    } catch (const std::exception& e) {
        return sdk::Status::Internal(e.what());
    }
}

sdk::Result<std::string> OdbcDialectBase::RewriteBinds(const std::string& sql,
                                                       std::vector<std::string>& order) const noexcept {
    try {
        return sdk::util::RewriteNamedBinds(sql, sdk::util::PlaceholderStyle::kQuestion, sdk::util::SqlLexOptions{},
                                            order);
    } catch (const std::exception& e) {
        return sdk::Status::Internal(e.what());
    }
}

sdk::Result<sdk::TranspileResult> OdbcDialectBase::Transpile(const std::string& from_dialect,
                                                             const std::string& sql) const noexcept {
    try {
        auto profile = sdk::sql::BuiltinProfile(Name());
        if (!profile.ok()) {
            return profile.status();
        }
        return sdk::sql::TranspileForDialect(from_dialect, sql, *profile, SameFamily());
    } catch (const std::exception& e) {
        return sdk::Status::Internal(e.what());
    }
}

}  // namespace dbbridge::odbc
