#include "odbc_writer.h"

#include <algorithm>
#include <cstring>

#include "dbbridge/sdk/util/no_throw.h"
#include "dbbridge/sdk/util/sql_text.h"
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

// The written columns, typed by the server as DataX does with "select cols from t where 1=2".
sdk::Result<std::vector<WriterColumn>> DescribeTarget(OdbcConnection& conn, const sdk::WriteSpec& spec,
                                                      const std::string& table_sql, Statement& stmt) {
    const std::string dialect = conn.sql().DialectName();
    bool all = spec.columns.empty() || (spec.columns.size() == 1 && spec.columns[0] == "*");
    // Writer columns are names only (DataX's writers put them in an INSERT column list).
    std::vector<std::string> wanted;
    std::string select_cols;
    if (!all) {
        for (const auto& c : spec.columns) {
            auto name = ObjectNameSql(conn.sql(), c, 1, true, "column");
            if (!name.ok()) {
                return name.status().WithContext(dialect + " writer for table " + spec.table);
            }
            select_cols += (select_cols.empty() ? "" : ", ") + *name;
            wanted.push_back(*name);
        }
    }
    std::string probe = "SELECT " + (all ? std::string("*") : select_cols) + " FROM " + table_sql + " WHERE 1 = 2";
    const std::string ctx = dialect + " writer: reading the columns of " + spec.table;
    SQLRETURN rc = stmt.ExecDirect(probe);
    if (!SQL_SUCCEEDED(rc) && rc != SQL_NO_DATA) {
        return stmt.Error(ctx);
    }
    auto described = stmt.Describe(conn.sql());
    if (!described.ok()) {
        return described.status().WithContext(ctx);
    }
    const auto& raw_columns = stmt.raw_columns();
    if (!all && raw_columns.size() != wanted.size()) {
        return Status::Internal(ctx + ": the server returned " + std::to_string(raw_columns.size()) +
                                " columns for the " + std::to_string(wanted.size()) + " writer columns");
    }
    std::vector<WriterColumn> columns;
    for (std::size_t i = 0; i < raw_columns.size(); ++i) {
        const auto& raw = raw_columns[i];
        WriterColumn c;
        if (all) {
            auto quoted = QuoteNamePart(conn.sql(), raw.name);
            if (!quoted.ok()) {
                return quoted.status().WithContext(ctx);
            }
            c.name = *quoted;
        } else {
            c.name = wanted[i];
        }
        c.server_name = raw.name;
        c.plan = PlanForSqlType(raw.sql_type, raw.digits);
        c.declared_size = raw.size;
        columns.push_back(std::move(c));
    }
    stmt.CloseCursor();
    return columns;
}

// The written column the server spells `name` (the dictionary's spelling or a user's folded
// one): the exact spelling first, else the only one equal ignoring case; npos when none.
std::size_t FindColumn(const std::vector<WriterColumn>& columns, const std::string& name) {
    std::size_t found = std::string::npos;
    for (std::size_t i = 0; i < columns.size(); ++i) {
        if (columns[i].server_name == name) {
            return i;
        }
        if (sdk::util::ToLower(columns[i].server_name) == sdk::util::ToLower(name)) {
            found = found == std::string::npos ? i : columns.size();
        }
    }
    return found == columns.size() ? std::string::npos : found;
}

// Positions of the user-written column names (writeMode update(k, ...), obUpdateColumns); an error
// names what is not a written column.
sdk::Result<std::vector<std::size_t>> UserColumns(const DialectSql& sql, const std::vector<std::string>& names,
                                                  const std::vector<WriterColumn>& columns, const std::string& what) {
    std::vector<std::size_t> out;
    for (const auto& name : names) {
        auto parts = SplitObjectName(name, sql.FoldsToUpper());
        std::size_t i = parts.ok() && parts->size() == 1 ? FindColumn(columns, parts->front()) : std::string::npos;
        if (i == std::string::npos) {
            return Status::InvalidArgument(what + " '" + name + "' is not one of the written columns");
        }
        if (std::find(out.begin(), out.end(), i) == out.end()) {
            out.push_back(i);
        }
    }
    return out;
}

std::string KeyText(const std::vector<std::string>& key) {
    std::string text;
    for (const auto& c : key) {
        text += (text.empty() ? "" : ", ") + c;
    }
    return "(" + text + ")";
}

// The columns MERGE matches on: the ones the job names (update(k, ...)), else the table's primary
// key, else its first unique key whose columns are all written.
sdk::Result<std::vector<std::size_t>> MergeKey(OdbcConnection& conn, const sdk::WriteSpec& spec,
                                               const std::vector<WriterColumn>& columns) {
    const std::string where = conn.sql().DialectName() + " writer, writeMode update on table " + spec.table;
    if (!spec.conflict_columns.empty()) {
        auto named = UserColumns(conn.sql(), spec.conflict_columns, columns, "key column");
        return named.ok() ? named : named.status().WithContext(where);
    }
    auto keys = conn.KeyColumns(spec.table);
    if (!keys.ok()) {
        return keys.status().WithContext(where);
    }
    if (keys->empty()) {
        return Status::InvalidArgument(where + ": the table has no primary or unique key to match records on; "
                                               "add one, name the key with writeMode \"update(col, ...)\", or write "
                                               "with insert");
    }
    std::string seen;
    for (const auto& key : *keys) {
        std::vector<std::size_t> positions;
        for (const auto& name : key) {
            std::size_t i = FindColumn(columns, name);
            if (i == std::string::npos) {
                break;
            }
            positions.push_back(i);
        }
        if (positions.size() == key.size()) {
            return positions;
        }
        seen += (seen.empty() ? "" : ", ") + KeyText(key);
    }
    return Status::InvalidArgument(where + ": no key of the table is among the written columns (keys: " + seen +
                                   "); write its columns too or name the key with writeMode \"update(col, ...)\"");
}

// MERGE on the key; WHEN MATCHED sets the update columns (spec.update_columns, else every written
// column) except the key's, which the ON clause compares and Oracle refuses to update.
sdk::Result<BoundStatement> MergeStatement(OdbcConnection& conn, const sdk::WriteSpec& spec,
                                           const std::string& table_sql, const std::vector<WriterColumn>& columns) {
    DBB_ASSIGN_OR_RETURN(auto key, MergeKey(conn, spec, columns));
    std::vector<std::size_t> candidates;
    if (spec.update_columns.empty()) {
        for (std::size_t i = 0; i < columns.size(); ++i) {
            candidates.push_back(i);
        }
    } else {
        auto named = UserColumns(conn.sql(), spec.update_columns, columns, "update column");
        if (!named.ok()) {
            return named.status().WithContext(conn.sql().DialectName() + " writer for table " + spec.table);
        }
        candidates = *named;
    }
    std::vector<std::size_t> update;
    for (std::size_t i : candidates) {
        if (std::find(key.begin(), key.end(), i) == key.end()) {
            update.push_back(i);
        }
    }
    std::vector<std::string> names;
    for (const auto& c : columns) {
        names.push_back(c.name);
    }
    return conn.sql().MergeSql(table_sql, names, key, update);
}

BoundStatement InsertStatement(const std::string& table_sql, const std::vector<WriterColumn>& columns) {
    BoundStatement out;
    std::string names;
    std::string marks;
    for (std::size_t i = 0; i < columns.size(); ++i) {
        names += (i == 0 ? "" : ", ") + columns[i].name;
        marks += i == 0 ? "?" : ", ?";
        out.params.push_back(i);
    }
    out.sql = "INSERT INTO " + table_sql + " (" + names + ") VALUES (" + marks + ")";
    return out;
}

}  // namespace

sdk::Result<std::unique_ptr<sdk::RecordWriter>> OdbcWriter::Open(OdbcConnection& conn, const sdk::WriteSpec& spec) {
    const std::string dialect = conn.sql().DialectName();
    const std::string mode = sdk::util::ToLower(spec.write_mode);
    if (!mode.empty() && mode != "insert" && mode != "update") {
        return Status::Unimplemented(dialect + " writer: writeMode '" + spec.write_mode +
                                     "' is not supported; use insert, or update (MERGE on the table's primary or "
                                     "unique key)");
    }
    if (spec.table.empty()) {
        return Status::InvalidArgument(dialect + " writer: table is empty");
    }
    auto table = ObjectNameSql(conn.sql(), spec.table, 2, false, "table");
    if (!table.ok()) {
        return table.status().WithContext(dialect + " writer");
    }
    DBB_ASSIGN_OR_RETURN(auto opened, Statement::Open(conn));
    std::unique_ptr<Statement> stmt = std::move(opened);
    DBB_ASSIGN_OR_RETURN(auto columns, DescribeTarget(conn, spec, *table, *stmt));
    BoundStatement statement;
    if (mode == "update") {
        DBB_ASSIGN_OR_RETURN(auto merge, MergeStatement(conn, spec, *table, columns));
        statement = std::move(merge);
    } else {
        statement = InsertStatement(*table, columns);
    }
    if (!SQL_SUCCEEDED(stmt->Prepare(statement.sql))) {
        return stmt->Error(dialect + " writer: preparing '" + statement.sql + "'");
    }
    DBB_RETURN_IF_ERROR(conn.SetAutoCommit(false));
    return std::unique_ptr<sdk::RecordWriter>(
        new OdbcWriter(conn, std::move(stmt), std::move(columns), std::move(statement.params), spec.table));
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
    for (std::size_t p = 0; p < params_.size(); ++p) {
        const std::size_t c = params_[p];
        const BindPlan& plan = columns_[c].plan;
        SQLRETURN rc = SQLBindParameter(h, static_cast<SQLUSMALLINT>(p + 1), SQL_PARAM_INPUT, plan.c_type,
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
    const std::string ctx = dialect + " writer: writing table " + table_;

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
