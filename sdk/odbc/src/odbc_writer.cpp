#include "odbc_writer.h"

#include <cstring>

#include "dbbridge/sdk/util/no_throw.h"
#include "diag_reader.h"

namespace dbbridge::odbc {

namespace {

using sdk::Status;

constexpr std::size_t kAlign = 8;
constexpr std::size_t kMaxArrayBytes = 64u << 20;  // larger batches (big LOBs) go row by row
constexpr const char* kBatchSavepoint = "dbb_batch";
constexpr const char* kRowSavepoint = "dbb_row";

std::size_t AlignUp(std::size_t n) { return (n + kAlign - 1) / kAlign * kAlign; }

SQLLEN FixedWidth(BindKind kind) {
    switch (kind) {
        case BindKind::kInt64: return sizeof(SQLBIGINT);
        case BindKind::kDouble: return sizeof(SQLDOUBLE);
        case BindKind::kBit: return sizeof(unsigned char);
        case BindKind::kDate: return sizeof(SQL_DATE_STRUCT);
        case BindKind::kTime: return sizeof(SQL_TIME_STRUCT);
        case BindKind::kTimestamp: return sizeof(SQL_TIMESTAMP_STRUCT);
        default: return 0;
    }
}

}  // namespace

sdk::Result<std::unique_ptr<sdk::RecordWriter>> OdbcWriter::Open(OdbcConnection& conn, const sdk::WriteSpec& spec) {
    const std::string dialect = conn.sql().DialectName();
    if (!spec.write_mode.empty() && spec.write_mode != "insert") {
        return Status::Unimplemented(dialect + " writer supports writeMode insert only, not '" + spec.write_mode +
                                     "' (DataX's oraclewriter and rdbmswriter accept only insert as well)");
    }
    if (spec.table.empty()) {
        return Status::InvalidArgument(dialect + " writer: table is empty");
    }
    auto table = ObjectNameSql(conn.sql(), spec.table, 2, false, "table");
    if (!table.ok()) {
        return table.status().WithContext(dialect + " writer");
    }
    bool all = spec.columns.empty() || (spec.columns.size() == 1 && spec.columns[0] == "*");
    // Writer columns are names only (DataX's writers put them in an INSERT column list).
    std::vector<std::string> wanted;
    if (!all) {
        for (const auto& c : spec.columns) {
            auto name = ObjectNameSql(conn.sql(), c, 1, true, "column");
            if (!name.ok()) {
                return name.status().WithContext(dialect + " writer for table " + spec.table);
            }
            wanted.push_back(*name);
        }
    }
    std::string select_cols;
    for (const auto& c : wanted) {
        select_cols += (select_cols.empty() ? "" : ", ") + c;
    }
    // Target column types come from the server, as DataX does with "select cols from t where 1=2".
    std::string probe = "SELECT " + (all ? std::string("*") : select_cols) + " FROM " + *table + " WHERE 1 = 2";
    DBB_ASSIGN_OR_RETURN(auto opened, Statement::Open(conn));
    std::unique_ptr<Statement> stmt = std::move(opened);
    const std::string ctx = dialect + " writer: reading the columns of " + spec.table;
    SQLRETURN rc = stmt->ExecDirect(probe);
    if (!SQL_SUCCEEDED(rc) && rc != SQL_NO_DATA) {
        return stmt->Error(ctx);
    }
    auto described = stmt->Describe(conn.sql());
    if (!described.ok()) {
        return described.status().WithContext(ctx);
    }
    const auto& raw_columns = stmt->raw_columns();
    if (!all && raw_columns.size() != wanted.size()) {
        return Status::Internal(ctx + ": the server returned " + std::to_string(raw_columns.size()) +
                                " columns for the " + std::to_string(wanted.size()) + " writer columns");
    }
    std::vector<Column> columns;
    std::string names;
    std::string marks;
    for (std::size_t i = 0; i < raw_columns.size(); ++i) {
        const auto& raw = raw_columns[i];
        Column c;
        if (all) {
            auto quoted = QuoteNamePart(conn.sql(), raw.name);
            if (!quoted.ok()) {
                return quoted.status().WithContext(ctx);
            }
            c.name = *quoted;
        } else {
            c.name = wanted[i];
        }
        c.plan = PlanForSqlType(raw.sql_type, raw.digits);
        c.declared_size = raw.size;
        names += (names.empty() ? "" : ", ") + c.name;
        marks += marks.empty() ? "?" : ", ?";
        columns.push_back(std::move(c));
    }
    stmt->CloseCursor();
    std::string insert = "INSERT INTO " + *table + " (" + names + ") VALUES (" + marks + ")";
    if (!SQL_SUCCEEDED(stmt->Prepare(insert))) {
        return stmt->Error(dialect + " writer: preparing '" + insert + "'");
    }
    DBB_RETURN_IF_ERROR(conn.SetAutoCommit(false));
    return std::unique_ptr<sdk::RecordWriter>(new OdbcWriter(conn, std::move(stmt), std::move(columns), spec.table));
}

OdbcWriter::~OdbcWriter() {
    if (pending_) {
        (void)conn_.EndTransaction(false);  // best effort in a destructor: autocommit would commit them
    }
    stmt_.reset();
    (void)conn_.SetAutoCommit(true);  // best effort: a broken connection is dropped by its owner
}

Status OdbcWriter::FatalOr(const std::vector<Diagnostic>& diags, const std::string& context) {
    if (conn_.TakeCancelled()) {
        return Status::Cancelled(conn_.sql().DialectName() + ": write cancelled");
    }
    if (!diags.empty() && IsConnectionLost(diags.front())) {
        return StatusFromDiagnostics(diags, context);
    }
    return Status::Ok();
}

Status OdbcWriter::Write(const sdk::RecordBatch& batch, std::vector<sdk::DirtyRecord>& dirty) noexcept {
    return sdk::util::NoThrow(
        [&]() -> Status {
            if (batch.empty()) {
                return Status::Ok();
            }
            std::vector<std::size_t> rows;
            rows.reserve(batch.size());
            for (std::size_t r = 0; r < batch.size(); ++r) {
                if (batch.rows[r].size() != columns_.size()) {
                    return Status::InvalidArgument(
                        "record " + std::to_string(r) + " has " + std::to_string(batch.rows[r].size()) +
                        " columns but the writer of " + table_ + " has " + std::to_string(columns_.size()));
                }
                rows.push_back(r);
            }
            pending_ = true;
            return WriteRows(batch, rows, dirty);
        },
        "write: ");
}

Status OdbcWriter::BindBuffer(std::size_t row_size, const std::vector<std::size_t>& ind_off,
                              const std::vector<std::size_t>& data_off, const std::vector<SQLLEN>& width,
                              const std::vector<SQLULEN>& col_size) {
    SQLHSTMT h = stmt_->handle();
    SQLFreeStmt(h, SQL_RESET_PARAMS);
    SQLSetStmtAttr(h, SQL_ATTR_PARAM_BIND_TYPE, reinterpret_cast<SQLPOINTER>(row_size), 0);
    for (std::size_t c = 0; c < columns_.size(); ++c) {
        const BindPlan& plan = columns_[c].plan;
        SQLRETURN rc = SQLBindParameter(h, static_cast<SQLUSMALLINT>(c + 1), SQL_PARAM_INPUT, plan.c_type,
                                        plan.sql_type, col_size[c], plan.decimal_digits, buffer_.data() + data_off[c],
                                        width[c], reinterpret_cast<SQLLEN*>(buffer_.data() + ind_off[c]));
        if (!SQL_SUCCEEDED(rc)) {
            return stmt_->Error(conn_.sql().DialectName() + " writer: binding column " + columns_[c].name);
        }
    }
    return Status::Ok();
}

Status OdbcWriter::WriteRows(const sdk::RecordBatch& batch, const std::vector<std::size_t>& candidates,
                             std::vector<sdk::DirtyRecord>& dirty) {
    const std::string dialect = conn_.sql().DialectName();
    const std::size_t ncols = columns_.size();
    // Encode every value first: a value the column cannot take is a dirty record, not a failed batch.
    std::vector<std::vector<std::string>> bytes;
    std::vector<std::vector<SQLLEN>> inds;
    std::vector<std::size_t> rows;
    std::vector<SQLLEN> width(ncols, 0);
    for (std::size_t c = 0; c < ncols; ++c) {
        width[c] = FixedWidth(columns_[c].plan.kind);
    }
    for (std::size_t r : candidates) {
        std::vector<std::string> rb(ncols);
        std::vector<SQLLEN> ri(ncols, 0);
        bool ok = true;
        for (std::size_t c = 0; c < ncols && ok; ++c) {
            Status st = EncodeValue(batch.rows[r][c], columns_[c].plan.kind, rb[c], ri[c]);
            if (!st.ok()) {
                dirty.push_back(sdk::DirtyRecord{r, "column " + columns_[c].name + ": " + st.message()});
                ok = false;
            }
        }
        if (!ok) {
            continue;
        }
        for (std::size_t c = 0; c < ncols; ++c) {
            if (FixedWidth(columns_[c].plan.kind) == 0) {
                SQLLEN need = static_cast<SQLLEN>(rb[c].size()) + static_cast<SQLLEN>(sizeof(SQLWCHAR));
                width[c] = std::max(width[c], need);
            }
        }
        rows.push_back(r);
        bytes.push_back(std::move(rb));
        inds.push_back(std::move(ri));
    }
    if (rows.empty()) {
        return Status::Ok();
    }
    std::vector<std::size_t> ind_off(ncols);
    std::vector<std::size_t> data_off(ncols);
    std::vector<SQLULEN> col_size(ncols);
    std::size_t row_size = 0;
    for (std::size_t c = 0; c < ncols; ++c) {
        ind_off[c] = row_size;
        row_size += AlignUp(sizeof(SQLLEN));
        data_off[c] = row_size;
        row_size += AlignUp(static_cast<std::size_t>(width[c]));
        const BindPlan& plan = columns_[c].plan;
        if (plan.kind == BindKind::kWideText) {
            SQLULEN units = static_cast<SQLULEN>(width[c]) / sizeof(SQLWCHAR);
            col_size[c] = units == 0 ? 1 : units;
        } else if (plan.kind == BindKind::kBinary) {
            col_size[c] = width[c] > 0 ? static_cast<SQLULEN>(width[c]) : 1;
        } else if (plan.kind == BindKind::kDecimalText) {
            col_size[c] = columns_[c].declared_size > 0 ? columns_[c].declared_size : 38;
        } else {
            col_size[c] = ColumnSizeFor(plan, std::string(), 0);
        }
    }
    const bool array_ok = row_size * rows.size() <= kMaxArrayBytes;
    buffer_.assign(row_size * rows.size(), '\0');
    for (std::size_t i = 0; i < rows.size(); ++i) {
        char* base = buffer_.data() + i * row_size;
        for (std::size_t c = 0; c < ncols; ++c) {
            std::memcpy(base + ind_off[c], &inds[i][c], sizeof(SQLLEN));
            std::memcpy(base + data_off[c], bytes[i][c].data(), bytes[i][c].size());
        }
    }
    bytes.clear();
    inds.clear();
    DBB_RETURN_IF_ERROR(BindBuffer(row_size, ind_off, data_off, width, col_size));
    SQLHSTMT h = stmt_->handle();
    bind_offset_ = 0;
    SQLSetStmtAttr(h, SQL_ATTR_PARAM_BIND_OFFSET_PTR, &bind_offset_, 0);
    const std::string ctx = dialect + " writer: inserting into " + table_;

    if (array_ok) {
        DBB_RETURN_IF_ERROR(conn_.ExecDirect(conn_.sql().SavepointSql(kBatchSavepoint), "savepoint before a batch"));
        std::vector<SQLUSMALLINT> status(rows.size(), SQL_PARAM_UNUSED);
        SQLULEN processed = 0;
        SQLSetStmtAttr(h, SQL_ATTR_PARAMSET_SIZE, reinterpret_cast<SQLPOINTER>(rows.size()), 0);
        SQLSetStmtAttr(h, SQL_ATTR_PARAM_STATUS_PTR, status.data(), 0);
        SQLSetStmtAttr(h, SQL_ATTR_PARAMS_PROCESSED_PTR, &processed, 0);
        SQLRETURN rc = SQLExecute(h);
        bool all_ok = SQL_SUCCEEDED(rc);
        for (std::size_t i = 0; all_ok && i < rows.size(); ++i) {
            all_ok = status[i] != SQL_PARAM_ERROR;
        }
        std::vector<Diagnostic> diags = all_ok ? std::vector<Diagnostic>() : stmt_->Diagnostics();
        SQLSetStmtAttr(h, SQL_ATTR_PARAM_STATUS_PTR, nullptr, 0);
        SQLSetStmtAttr(h, SQL_ATTR_PARAMS_PROCESSED_PTR, nullptr, 0);
        SQLFreeStmt(h, SQL_CLOSE);
        if (all_ok) {
            return Status::Ok();
        }
        DBB_RETURN_IF_ERROR(FatalOr(diags, ctx));
        DBB_RETURN_IF_ERROR(conn_.ExecDirect(conn_.sql().RollbackToSavepointSql(kBatchSavepoint),
                                             "rolling back a failed batch (when the savepoint is gone the ODBC driver "
                                             "manages savepoints itself; for psqlODBC add Protocol=7.4-0)"));
    }
    // Record by record: each under a savepoint, failures become dirty records.
    SQLSetStmtAttr(h, SQL_ATTR_PARAMSET_SIZE, reinterpret_cast<SQLPOINTER>(1), 0);
    for (std::size_t i = 0; i < rows.size(); ++i) {
        bind_offset_ = i * row_size;
        DBB_RETURN_IF_ERROR(conn_.ExecDirect(conn_.sql().SavepointSql(kRowSavepoint), "savepoint before a record"));
        SQLRETURN rc = SQLExecute(h);
        if (SQL_SUCCEEDED(rc) || rc == SQL_NO_DATA) {
            SQLFreeStmt(h, SQL_CLOSE);
            continue;
        }
        std::vector<Diagnostic> diags = stmt_->Diagnostics();
        SQLFreeStmt(h, SQL_CLOSE);
        DBB_RETURN_IF_ERROR(FatalOr(diags, ctx));
        DBB_RETURN_IF_ERROR(conn_.ExecDirect(conn_.sql().RollbackToSavepointSql(kRowSavepoint),
                                             "rolling back a failed record"));
        std::string reason = diags.empty() ? "rejected by the server" : diags.front().message;
        if (!diags.empty()) {
            reason = "[" + conn_.sql().ErrorCode(diags.front()) + "/" + diags.front().sql_state + "] " + reason;
        }
        dirty.push_back(sdk::DirtyRecord{rows[i], reason});
    }
    bind_offset_ = 0;
    return Status::Ok();
}

Status OdbcWriter::Commit() noexcept {
    return sdk::util::NoThrow(
        [&]() -> Status {
            DBB_RETURN_IF_ERROR(conn_.EndTransaction(true));
            pending_ = false;
            return Status::Ok();
        },
        "commit: ");
}

Status OdbcWriter::Rollback() noexcept {
    return sdk::util::NoThrow(
        [&]() -> Status {
            DBB_RETURN_IF_ERROR(conn_.EndTransaction(false));
            pending_ = false;
            return Status::Ok();
        },
        "rollback: ");
}

}  // namespace dbbridge::odbc
