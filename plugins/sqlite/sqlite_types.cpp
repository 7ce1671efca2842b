#include "sqlite_types.h"

#include "dbbridge/sdk/util/sql_text.h"

namespace dbbridge::sqlite {

namespace {

bool Has(const std::string& s, const char* part) { return s.find(part) != std::string::npos; }

std::string Text(sqlite3_stmt* stmt, int c) {
    const auto* p = reinterpret_cast<const char*>(sqlite3_column_text(stmt, c));
    return p == nullptr ? std::string() : std::string(p, static_cast<std::size_t>(sqlite3_column_bytes(stmt, c)));
}

// A value of no declared type (or one SQLite stored in another class): by storage class.
sdk::Value ByStorageClass(sqlite3_stmt* stmt, int c) {
    switch (sqlite3_column_type(stmt, c)) {
        case SQLITE_INTEGER: return sdk::Value::Int(sqlite3_column_int64(stmt, c));
        case SQLITE_FLOAT: return sdk::Value::Float(sqlite3_column_double(stmt, c));
        case SQLITE_BLOB: {
            const auto* p = static_cast<const char*>(sqlite3_column_blob(stmt, c));
            return sdk::Value::Bytes(std::string(p == nullptr ? "" : p, static_cast<std::size_t>(sqlite3_column_bytes(stmt, c))));
        }
        default: return sdk::Value::Text(Text(stmt, c));
    }
}

}  // namespace

sdk::JdbcType MapDeclaredType(const std::string& declared) {
    const std::string t = sdk::util::BaseTypeName(declared);
    if (t.empty()) {
        return sdk::JdbcType::kOther;
    }
    if (t == "boolean" || t == "bool") {
        return sdk::JdbcType::kBoolean;
    }
    if (t == "date") {
        return sdk::JdbcType::kDate;
    }
    if (t == "datetime" || t == "timestamp") {
        return sdk::JdbcType::kTimestamp;
    }
    if (t == "time") {
        return sdk::JdbcType::kTime;
    }
    if (Has(t, "int")) {
        return sdk::JdbcType::kBigInt;
    }
    if (Has(t, "char") || Has(t, "clob") || Has(t, "text")) {
        return sdk::JdbcType::kVarchar;
    }
    if (Has(t, "blob")) {
        return sdk::JdbcType::kBlob;
    }
    if (Has(t, "real") || Has(t, "floa") || Has(t, "doub")) {
        return sdk::JdbcType::kDouble;
    }
    return sdk::JdbcType::kDecimal;  // NUMERIC affinity: DECIMAL(p,s), NUMERIC, MONEY, ...
}

sdk::Value ReadColumn(sqlite3_stmt* stmt, int c, sdk::JdbcType type) {
    const int storage = sqlite3_column_type(stmt, c);
    if (storage == SQLITE_NULL) {
        return sdk::Value::Null();
    }
    switch (type) {
        case sdk::JdbcType::kBigInt:
            return storage == SQLITE_INTEGER ? sdk::Value::Int(sqlite3_column_int64(stmt, c)) : ByStorageClass(stmt, c);
        case sdk::JdbcType::kBoolean:
            return storage == SQLITE_INTEGER ? sdk::Value::Bool(sqlite3_column_int64(stmt, c) != 0)
                                             : ByStorageClass(stmt, c);
        case sdk::JdbcType::kDouble:
            return storage == SQLITE_BLOB ? ByStorageClass(stmt, c) : sdk::Value::Float(sqlite3_column_double(stmt, c));
        case sdk::JdbcType::kDecimal:
            return storage == SQLITE_BLOB ? ByStorageClass(stmt, c) : sdk::Value::Decimal(Text(stmt, c));
        case sdk::JdbcType::kDate: return sdk::Value::Date(Text(stmt, c));
        case sdk::JdbcType::kTime: return sdk::Value::Time(Text(stmt, c));
        case sdk::JdbcType::kTimestamp: return sdk::Value::Timestamp(Text(stmt, c));
        case sdk::JdbcType::kVarchar: return storage == SQLITE_BLOB ? ByStorageClass(stmt, c) : sdk::Value::Text(Text(stmt, c));
        default: return ByStorageClass(stmt, c);
    }
}

int BindValue(sqlite3_stmt* stmt, int i, const sdk::Value& v) {
    switch (v.kind) {
        case sdk::ValueKind::kNull: return sqlite3_bind_null(stmt, i);
        case sdk::ValueKind::kInt:
        case sdk::ValueKind::kBool: return sqlite3_bind_int64(stmt, i, v.i);
        case sdk::ValueKind::kFloat: return sqlite3_bind_double(stmt, i, v.f);
        case sdk::ValueKind::kBytes:
            return sqlite3_bind_blob64(stmt, i, v.s.data(), v.s.size(), SQLITE_TRANSIENT);
        default:
            // Decimals, text, dates and timestamps as text: a NUMERIC column converts a decimal
            // text exactly when it fits an integer, else as SQLite's REAL.
            return sqlite3_bind_text64(stmt, i, v.s.data(), v.s.size(), SQLITE_TRANSIENT, SQLITE_UTF8);
    }
}

}  // namespace dbbridge::sqlite
