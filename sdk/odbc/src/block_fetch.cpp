#include "block_fetch.h"

#include <algorithm>

#include "diag_reader.h"

namespace dbbridge::odbc {

namespace {

using sdk::Status;

constexpr SQLULEN kMaxBoundChars = 4000;  // longer text columns are read with SQLGetData
constexpr SQLULEN kMaxBoundBytes = 8000;

bool IsLongType(SQLSMALLINT sql_type) {
    return sql_type == SQL_LONGVARCHAR || sql_type == SQL_WLONGVARCHAR || sql_type == SQL_LONGVARBINARY;
}

SQLLEN FixedFetchWidth(FetchKind kind) {
    switch (kind) {
        case FetchKind::kInt: return sizeof(SQLBIGINT);
        case FetchKind::kFloat: return sizeof(SQLREAL);
        case FetchKind::kDouble: return sizeof(SQLDOUBLE);
        case FetchKind::kBit: return sizeof(unsigned char);
        case FetchKind::kDate: return sizeof(SQL_DATE_STRUCT);
        case FetchKind::kTime: return sizeof(SQL_TIME_STRUCT);
        case FetchKind::kTimestamp: return sizeof(SQL_TIMESTAMP_STRUCT);
        default: return 0;
    }
}

// Buffer width for a column, 0 when it is read with SQLGetData instead. Text gets room for two
// UTF-16 units per declared character (surrogate pairs) and a terminator.
SQLLEN BoundWidth(const FetchPlan& plan, const Statement::RawColumn& raw, bool can_position) {
    SQLLEN fixed = FixedFetchWidth(plan.kind);
    if (fixed != 0) {
        return fixed;
    }
    const bool bounded = !IsLongType(raw.sql_type) && raw.size > 0;
    switch (plan.kind) {
        case FetchKind::kDecimal:  // a value that does not fit is read again (or cut as the row path cuts it)
            return can_position && raw.size > 0 ? static_cast<SQLLEN>(std::min<SQLULEN>(raw.size + 3, kDecimalTextBytes))
                                                 : static_cast<SQLLEN>(kDecimalTextBytes);
        case FetchKind::kText:
            return bounded && raw.size <= kMaxBoundChars ? static_cast<SQLLEN>((2 * raw.size + 1) * sizeof(SQLWCHAR)) : 0;
        case FetchKind::kBinary: return bounded && raw.size <= kMaxBoundBytes ? static_cast<SQLLEN>(raw.size) : 0;
        default: return 0;
    }
}

// Whether the driver lets SQLGetData read any column of a row chosen with SQLSetPos in a block.
bool DriverCanPosition(SQLHDBC dbc) {
    SQLUINTEGER extensions = 0;
    if (!SQL_SUCCEEDED(SQLGetInfo(dbc, SQL_GETDATA_EXTENSIONS, &extensions, sizeof(extensions), nullptr))) {
        return false;
    }
    const SQLUINTEGER needed = SQL_GD_BLOCK | SQL_GD_BOUND | SQL_GD_ANY_COLUMN | SQL_GD_ANY_ORDER;
    return (extensions & needed) == needed;
}

// Whether a bound value filled its buffer and may have been cut.
bool Truncated(const FetchPlan& plan, SQLLEN ind, SQLLEN width) {
    switch (plan.kind) {
        case FetchKind::kText: return ind == SQL_NO_TOTAL || ind > width - static_cast<SQLLEN>(sizeof(SQLWCHAR));
        case FetchKind::kDecimal: return ind == SQL_NO_TOTAL || ind >= width;
        case FetchKind::kBinary: return ind == SQL_NO_TOTAL || ind > width;
        default: return false;
    }
}

}  // namespace

std::unique_ptr<BlockFetcher> BlockFetcher::Create(Statement& stmt, const OdbcConnection& conn) {
    std::size_t rows = conn.array_size();
    if (rows <= 1) {
        return nullptr;
    }
    const bool can_position = DriverCanPosition(static_cast<SQLHDBC>(conn.dbc()));
    std::vector<Column> columns;
    std::size_t row_bytes = sizeof(SQLUSMALLINT);
    for (std::size_t c = 0; c < stmt.fetch_plans().size(); ++c) {
        Column col;
        col.plan = stmt.fetch_plans()[c];
        col.width = BoundWidth(col.plan, stmt.raw_columns()[c], can_position);
        col.bound = col.width > 0;
        if (!col.bound && !can_position) {
            return nullptr;
        }
        row_bytes += static_cast<std::size_t>(col.width) + sizeof(SQLLEN);
        columns.push_back(std::move(col));
    }
    rows = std::min(rows, kBlockBytes / row_bytes);
    if (rows < 2) {
        return nullptr;
    }
    SQLHSTMT h = stmt.handle();
    SQLULEN granted = 0;
    if (SQL_SUCCEEDED(SQLSetStmtAttr(h, SQL_ATTR_ROW_ARRAY_SIZE, reinterpret_cast<SQLPOINTER>(rows), 0))) {
        SQLGetStmtAttr(h, SQL_ATTR_ROW_ARRAY_SIZE, &granted, 0, nullptr);
    }
    if (granted < 2) {
        SQLSetStmtAttr(h, SQL_ATTR_ROW_ARRAY_SIZE, reinterpret_cast<SQLPOINTER>(1), 0);
        return nullptr;
    }
    std::unique_ptr<BlockFetcher> fetcher(
        new BlockFetcher(h, std::move(columns), std::min<std::size_t>(rows, granted), can_position));
    if (!fetcher->Bind().ok()) {
        return nullptr;  // the destructor unbinds; the row path reads instead
    }
    return fetcher;
}

BlockFetcher::BlockFetcher(SQLHSTMT h, std::vector<Column> columns, std::size_t rows, bool can_position)
    : h_(h), columns_(std::move(columns)), rows_(rows), can_position_(can_position), status_(rows, SQL_ROW_NOROW) {}

BlockFetcher::~BlockFetcher() {
    SQLFreeStmt(h_, SQL_UNBIND);
    SQLSetStmtAttr(h_, SQL_ATTR_ROW_STATUS_PTR, nullptr, 0);
    SQLSetStmtAttr(h_, SQL_ATTR_ROWS_FETCHED_PTR, nullptr, 0);
    SQLSetStmtAttr(h_, SQL_ATTR_ROW_ARRAY_SIZE, reinterpret_cast<SQLPOINTER>(1), 0);
}

Status BlockFetcher::Bind() {
    SQLSetStmtAttr(h_, SQL_ATTR_ROW_ARRAY_SIZE, reinterpret_cast<SQLPOINTER>(rows_), 0);
    SQLSetStmtAttr(h_, SQL_ATTR_ROW_BIND_TYPE, reinterpret_cast<SQLPOINTER>(SQL_BIND_BY_COLUMN), 0);
    SQLSetStmtAttr(h_, SQL_ATTR_ROW_STATUS_PTR, status_.data(), 0);
    SQLSetStmtAttr(h_, SQL_ATTR_ROWS_FETCHED_PTR, &fetched_, 0);
    for (std::size_t c = 0; c < columns_.size(); ++c) {
        Column& col = columns_[c];
        if (!col.bound) {
            continue;
        }
        col.data.assign(rows_ * static_cast<std::size_t>(col.width), '\0');
        col.indicators.assign(rows_, 0);
        SQLRETURN rc = SQLBindCol(h_, static_cast<SQLUSMALLINT>(c + 1), FetchCType(col.plan.kind), col.data.data(),
                                  col.width, col.indicators.data());
        if (!SQL_SUCCEEDED(rc)) {
            return HandleError(SQL_HANDLE_STMT, h_, "binding result column " + std::to_string(c + 1));
        }
    }
    return Status::Ok();
}

Status BlockFetcher::Error(const std::string& context) {
    diags_ = ReadDiagnostics(SQL_HANDLE_STMT, h_);
    return StatusFromDiagnostics(diags_, context);
}

Status BlockFetcher::FetchBlock() {
    fetched_ = 0;
    next_ = 0;
    SQLRETURN rc = SQLFetch(h_);
    if (rc == SQL_NO_DATA) {
        done_ = true;
        return Status::Ok();
    }
    if (!SQL_SUCCEEDED(rc)) {
        return Error("fetching a block of rows");
    }
    return Status::Ok();
}

Status BlockFetcher::Position(std::size_t row) {
    SQLRETURN rc = SQLSetPos(h_, static_cast<SQLSETPOSIROW>(row + 1), SQL_POSITION, SQL_LOCK_NO_CHANGE);
    return SQL_SUCCEEDED(rc) ? Status::Ok() : Error("positioning on a fetched row");
}

Status BlockFetcher::ReadRow(std::size_t row, sdk::Record& out) {
    if (status_[row] == SQL_ROW_ERROR) {
        return Error("fetching row " + std::to_string(row + 1) + " of a block");
    }
    out.resize(columns_.size());
    bool positioned = false;
    for (std::size_t c = 0; c < columns_.size(); ++c) {
        const Column& col = columns_[c];
        const auto number = static_cast<SQLUSMALLINT>(c + 1);
        if (col.bound) {
            const SQLLEN ind = col.indicators[row];
            const char* data = col.data.data() + row * static_cast<std::size_t>(col.width);
            if (ind == SQL_NULL_DATA) {
                out[c] = sdk::Value::Null();
                continue;
            }
            if (!Truncated(col.plan, ind, col.width)) {
                out[c] = DecodeFetched(col.plan, data, ind);
                continue;
            }
            if (!can_position_) {  // only decimals are bound then: cut as the row path cuts them
                out[c] = DecodeFetched(col.plan, data, -1);
                continue;
            }
        }
        if (!positioned) {
            DBB_RETURN_IF_ERROR(Position(row));
            positioned = true;
        }
        if (Status st = FetchValue(h_, number, col.plan, out[c]); !st.ok()) {
            diags_ = ReadDiagnostics(SQL_HANDLE_STMT, h_);  // still there: FetchValue only read them
            return st;
        }
    }
    return Status::Ok();
}

sdk::Result<bool> BlockFetcher::Next(sdk::RecordBatch& batch, std::size_t max_rows) {
    while (batch.size() < max_rows) {
        if (next_ >= fetched_) {
            if (done_) {
                return false;
            }
            DBB_RETURN_IF_ERROR(FetchBlock());
            continue;
        }
        const std::size_t row = next_++;
        if (status_[row] == SQL_ROW_NOROW) {
            continue;
        }
        batch.rows.emplace_back();
        DBB_RETURN_IF_ERROR(ReadRow(row, batch.rows.back()));
    }
    return !(done_ && next_ >= fetched_);
}

}  // namespace dbbridge::odbc
