#include "statement.h"

#include "diag_reader.h"
#include "wide_text.h"

namespace dbbridge::odbc {

namespace {
constexpr SQLSMALLINT kNameUnits = 512;
}

sdk::Result<std::unique_ptr<Statement>> Statement::Open(OdbcConnection& conn) {
    SQLHSTMT h = SQL_NULL_HSTMT;
    SQLRETURN rc = SQLAllocHandle(SQL_HANDLE_STMT, static_cast<SQLHDBC>(conn.dbc()), &h);
    if (!SQL_SUCCEEDED(rc)) {
        return HandleError(SQL_HANDLE_DBC, conn.dbc(), "allocating an ODBC statement");
    }
    conn.SetActiveStatement(h);
    return std::unique_ptr<Statement>(new Statement(conn, h));
}

Statement::~Statement() {
    conn_.ClearActiveStatement(h_);
    SQLFreeHandle(SQL_HANDLE_STMT, h_);
}

void Statement::SetTimeout(int timeout_ms) {
    if (timeout_ms <= 0) {
        return;
    }
    SQLULEN seconds = static_cast<SQLULEN>((timeout_ms + 999) / 1000);
    SQLSetStmtAttr(h_, SQL_ATTR_QUERY_TIMEOUT, reinterpret_cast<SQLPOINTER>(seconds), 0);
}

SQLRETURN Statement::Prepare(const std::string& sql) {
    WideString w = Utf8ToWide(sql);
    return SQLPrepareW(h_, w.data(), static_cast<SQLINTEGER>(w.size()));
}

SQLRETURN Statement::ExecDirect(const std::string& sql) {
    WideString w = Utf8ToWide(sql);
    return SQLExecDirectW(h_, w.data(), static_cast<SQLINTEGER>(w.size()));
}

SQLRETURN Statement::Execute() { return SQLExecute(h_); }

std::vector<Diagnostic> Statement::Diagnostics() const { return ReadDiagnostics(SQL_HANDLE_STMT, h_); }

sdk::Status Statement::Error(const std::string& context) const {
    return StatusFromDiagnostics(Diagnostics(), context);
}

sdk::Status Statement::BindParams(const std::vector<sdk::BindValue>& binds) {
    params_.clear();
    SQLUSMALLINT n = 0;
    for (const auto& b : binds) {
        ++n;
        auto p = std::make_unique<Param>();
        p->plan = PlanForJdbcType(b.type);
        if (b.value.has_zone && p->plan.kind == BindKind::kTimestamp) {
            p->plan = BindPlan{BindKind::kWideText, SQL_C_WCHAR, SQL_VARCHAR, 0};  // keep the offset as text
        }
        sdk::Status st = EncodeValue(b.value, p->plan.kind, p->bytes, p->indicator);
        if (!st.ok()) {
            return st.WithContext("bind @" + b.name + " (" + sdk::JdbcTypeName(b.type) + ")");
        }
        if (p->bytes.empty()) {
            p->bytes.assign(sizeof(SQLWCHAR), '\0');  // drivers may dereference a NULL's buffer
        }
        SQLULEN size = ColumnSizeFor(p->plan, p->bytes, p->indicator);
        SQLSMALLINT digits = p->plan.decimal_digits;
        if (p->plan.kind == BindKind::kDecimalText && p->indicator > 0) {
            std::size_t dot = p->bytes.find('.');
            digits = dot == std::string::npos ? 0 : static_cast<SQLSMALLINT>(p->bytes.size() - dot - 1);
        }
        SQLRETURN rc = SQLBindParameter(h_, n, SQL_PARAM_INPUT, p->plan.c_type, p->plan.sql_type, size, digits,
                                        p->bytes.data(), static_cast<SQLLEN>(p->bytes.size()), &p->indicator);
        if (!SQL_SUCCEEDED(rc)) {
            return Error("binding @" + b.name);
        }
        params_.push_back(std::move(p));
    }
    return sdk::Status::Ok();
}

sdk::Result<SQLSMALLINT> Statement::ResultColumns() {
    SQLSMALLINT n = 0;
    SQLRETURN rc = SQLNumResultCols(h_, &n);
    if (!SQL_SUCCEEDED(rc)) {
        return Error("counting result columns");
    }
    return n;
}

sdk::Result<std::vector<sdk::ColumnInfo>> Statement::Describe(const DialectSql& dialect) {
    DBB_ASSIGN_OR_RETURN(auto count, ResultColumns());
    std::vector<sdk::ColumnInfo> cols;
    plans_.clear();
    raw_.clear();
    for (SQLUSMALLINT c = 1; c <= static_cast<SQLUSMALLINT>(count); ++c) {
        SQLWCHAR name[kNameUnits];
        SQLSMALLINT name_len = 0;
        SQLSMALLINT type = 0;
        SQLULEN size = 0;
        SQLSMALLINT digits = 0;
        SQLSMALLINT nullable = SQL_NULLABLE_UNKNOWN;
        SQLRETURN rc = SQLDescribeColW(h_, c, name, kNameUnits, &name_len, &type, &size, &digits, &nullable);
        if (!SQL_SUCCEEDED(rc)) {
            return Error("describing result column " + std::to_string(c));
        }
        SQLWCHAR type_name[kNameUnits];
        SQLSMALLINT type_name_bytes = 0;
        std::string native;
        if (SQL_SUCCEEDED(SQLColAttributeW(h_, c, SQL_DESC_TYPE_NAME, type_name, sizeof(type_name), &type_name_bytes,
                                           nullptr))) {
            native = WideToUtf8(type_name, static_cast<std::size_t>(type_name_bytes) / sizeof(SQLWCHAR));
        }
        sdk::ColumnInfo info;
        info.name = WideToUtf8(name, static_cast<std::size_t>(name_len < kNameUnits ? name_len : kNameUnits - 1));
        info.native_type = native;
        info.nullable = nullable != SQL_NO_NULLS;
        info.jdbc_type = JdbcTypeForSqlType(type);
        // The driver's SQL type says how values travel; the dialect's name adds what ODBC cannot
        // express (CLOB vs LONG, ROWID, zoned timestamps).
        sdk::JdbcType by_name = native.empty() ? sdk::JdbcType::kOther : dialect.MapNativeType(native);
        switch (by_name) {
            case sdk::JdbcType::kClob: case sdk::JdbcType::kNClob: case sdk::JdbcType::kBlob:
            case sdk::JdbcType::kRowId: case sdk::JdbcType::kTimestampWithTimezone: case sdk::JdbcType::kSqlXml:
                info.jdbc_type = by_name;
                break;
            default:
                break;
        }
        info.precision = static_cast<int>(size > 0x7fffffff ? 0x7fffffff : size);
        info.scale = digits;
        cols.push_back(std::move(info));
        plans_.push_back(PlanForColumn(type, digits));
        raw_.push_back(RawColumn{cols.back().name, type, size, digits});
    }
    return cols;
}

sdk::Result<bool> Statement::Fetch(sdk::Record& row) {
    SQLRETURN rc = SQLFetch(h_);
    if (rc == SQL_NO_DATA) {
        return false;
    }
    if (!SQL_SUCCEEDED(rc)) {
        return Error("fetching a row");
    }
    row.resize(plans_.size());
    for (std::size_t c = 0; c < plans_.size(); ++c) {
        DBB_RETURN_IF_ERROR(FetchValue(h_, static_cast<SQLUSMALLINT>(c + 1), plans_[c], row[c]));
    }
    return true;
}

sdk::Result<std::int64_t> Statement::RowCount() {
    SQLLEN n = 0;
    SQLRETURN rc = SQLRowCount(h_, &n);
    if (!SQL_SUCCEEDED(rc)) {
        return Error("reading the affected row count");
    }
    return static_cast<std::int64_t>(n);
}

void Statement::CloseCursor() { SQLFreeStmt(h_, SQL_CLOSE); }

}  // namespace dbbridge::odbc
