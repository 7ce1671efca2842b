#include "core/transpile/datasource_catalog.h"

#include <utility>

namespace dbbridge::core {

sql::TypeClass TypeClassOf(sdk::JdbcType type) {
    switch (type) {
        case sdk::JdbcType::kTinyInt:
        case sdk::JdbcType::kSmallInt:
        case sdk::JdbcType::kInteger:
        case sdk::JdbcType::kBigInt:
        case sdk::JdbcType::kFloat:
        case sdk::JdbcType::kReal:
        case sdk::JdbcType::kDouble:
        case sdk::JdbcType::kNumeric:
        case sdk::JdbcType::kDecimal:
            return sql::TypeClass::kNumber;
        case sdk::JdbcType::kDate:
        case sdk::JdbcType::kTimestamp:
        case sdk::JdbcType::kTimestampWithTimezone:
            return sql::TypeClass::kDate;
        default:
            return sdk::IsCharacterType(type) ? sql::TypeClass::kText : sql::TypeClass::kUnknown;
    }
}

DatasourceCatalog::DatasourceCatalog(const sdk::Dialect& dialect, sdk::ConnectionSpec spec, std::string label,
                                     OnError on_error)
    : dialect_(dialect), spec_(std::move(spec)), label_(std::move(label)), on_error_(on_error) {}

DatasourceCatalog::~DatasourceCatalog() = default;

sdk::Status DatasourceCatalog::Describe(const std::string& table, const std::string& catalog_name,
                                        sql::Catalog& catalog) {
    if (unavailable_) {
        return sdk::Status::Ok();
    }
    sdk::Status st = Read(table, catalog_name, catalog);
    if (st.ok() || on_error_ == OnError::kFail) {
        return st;
    }
    unavailable_ = true;
    return sdk::Status::Ok();
}

sdk::Status DatasourceCatalog::Read(const std::string& table, const std::string& catalog_name,
                                    sql::Catalog& catalog) {
    const std::string where = "datasource '" + label_ + "'";
    if (!connection_) {
        auto connected = dialect_.Connect(spec_);
        if (!connected.ok()) {
            return connected.status().WithContext(where);
        }
        connection_ = std::move(connected).value();
    }
    auto columns = connection_->ListColumns(table);
    if (!columns.ok() && columns.status().code() != sdk::StatusCode::kNotFound) {
        return columns.status().WithContext(where + " table '" + table + "'");
    }
    if (!columns.ok() || columns->empty()) {
        return sdk::Status::Ok();  // not a table there (or not visible): translated as without a catalog
    }
    for (const auto& c : *columns) {
        catalog.AddColumn(catalog_name, c.name, TypeClassOf(c.jdbc_type));
    }
    auto key = dialect_.PrimaryKeyColumns(*connection_, table);
    if (!key.ok() && key.status().code() != sdk::StatusCode::kUnimplemented) {
        return key.status().WithContext(where + " table '" + table + "'");
    }
    if (key.ok() && !key->empty()) {
        catalog.AddUniqueKey(catalog_name, *key);
    }
    return sdk::Status::Ok();
}

}  // namespace dbbridge::core
