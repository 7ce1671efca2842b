#include "odbc_writer.h"

#include <algorithm>
#include <cstring>

#include "dbbridge/sdk/util/no_throw.h"
#include "dbbridge/sdk/util/sql_text.h"
#include "diag_reader.h"

namespace dbbridge::odbc {

namespace {

using sdk::Status;

constexpr std::size_t kMaxArrayBytes = 64u << 20;  // bigger chunks (big LOBs) are split, down to one row
constexpr const char* kSavepoint = "dbb_batch";

bool RowSucceeded(SQLUSMALLINT status) { return status == SQL_PARAM_SUCCESS || status == SQL_PARAM_SUCCESS_WITH_INFO; }

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
    std::unique_ptr<OdbcWriter> writer(
        new OdbcWriter(conn, std::move(stmt), std::move(columns), std::move(statement.params), spec.table));
    writer->ChooseMethod();
    return std::unique_ptr<sdk::RecordWriter>(std::move(writer));
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

void OdbcWriter::ChooseMethod() {
    const std::size_t wanted = conn_.array_size();
    if (wanted <= 1) {
        method_ = "ODBC row at a time (odbc_array_size is 1)";
        return;
    }
    // A driver without parameter arrays refuses the attribute or lowers it (01S02).
    SQLHSTMT h = stmt_->handle();
    SQLRETURN rc = SQLSetStmtAttr(h, SQL_ATTR_PARAMSET_SIZE, reinterpret_cast<SQLPOINTER>(wanted), 0);
    SQLULEN granted = 0;
    if (SQL_SUCCEEDED(rc)) {
        SQLGetStmtAttr(h, SQL_ATTR_PARAMSET_SIZE, &granted, 0, nullptr);
    }
    SQLSetStmtAttr(h, SQL_ATTR_PARAMSET_SIZE, reinterpret_cast<SQLPOINTER>(1), 0);
    if (granted < 2) {
        method_ = "ODBC row at a time (the driver does not take parameter arrays)";
        return;
    }
    array_rows_ = std::min<std::size_t>(wanted, granted);
    method_ = "ODBC parameter arrays of up to " + std::to_string(array_rows_) + " rows";
}

Status OdbcWriter::Write(const sdk::RecordBatch& batch, std::vector<sdk::DirtyRecord>& dirty) noexcept {
    return sdk::util::NoThrow(
        [&]() -> Status {
            for (std::size_t r = 0; r < batch.size(); ++r) {
                if (batch.rows[r].size() != columns_.size()) {
                    return Status::InvalidArgument(
                        "record " + std::to_string(r) + " has " + std::to_string(batch.rows[r].size()) +
                        " columns but the writer of " + table_ + " has " + std::to_string(columns_.size()));
                }
            }
            // A value the column cannot take is a dirty record, not a failed batch.
            encoded_.Encode(batch, columns_, dirty);
            pending_ = pending_ || encoded_.size() > 0;
            // Row at a time: one savepoint per batch, rows executed one by one inside it.
            const std::size_t max_rows = array_rows_ > 1 ? array_rows_ : encoded_.size();
            for (chunk_first_ = 0; chunk_first_ < encoded_.size();) {
                std::size_t count = encoded_.ChunkRows(chunk_first_, max_rows, kMaxArrayBytes);
                arrays_.Fill(encoded_, columns_, chunk_first_, count);
                DBB_RETURN_IF_ERROR(Isolate(0, count, dirty));
                chunk_first_ += count;
            }
            return Status::Ok();
        },
        "write: ");
}

sdk::Result<OdbcWriter::Outcome> OdbcWriter::Execute(std::size_t first, std::size_t count) {
    SQLHSTMT h = stmt_->handle();
    Outcome out;
    out.status.assign(count, SQL_PARAM_UNUSED);
    const std::string ctx = conn_.sql().DialectName() + " writer: binding the values for " + table_;
    if (array_rows_ > 1) {
        DBB_RETURN_IF_ERROR(arrays_.Bind(h, columns_, params_, first).WithContext(ctx));
        SQLULEN processed = 0;
        SQLSetStmtAttr(h, SQL_ATTR_PARAMSET_SIZE, reinterpret_cast<SQLPOINTER>(count), 0);
        SQLSetStmtAttr(h, SQL_ATTR_PARAM_STATUS_PTR, out.status.data(), 0);
        SQLSetStmtAttr(h, SQL_ATTR_PARAMS_PROCESSED_PTR, &processed, 0);
        SQLRETURN rc = SQLExecute(h);
        out.ok = SQL_SUCCEEDED(rc) || rc == SQL_NO_DATA;
        for (std::size_t i = 0; out.ok && i < count; ++i) {
            out.ok = out.status[i] != SQL_PARAM_ERROR;
        }
        if (!out.ok) {
            out.diags = stmt_->Diagnostics();
        }
        SQLSetStmtAttr(h, SQL_ATTR_PARAM_STATUS_PTR, nullptr, 0);
        SQLSetStmtAttr(h, SQL_ATTR_PARAMS_PROCESSED_PTR, nullptr, 0);
        SQLFreeStmt(h, SQL_CLOSE);
        return out;
    }
    out.ok = true;
    for (std::size_t i = 0; i < count && out.ok; ++i) {
        DBB_RETURN_IF_ERROR(arrays_.Bind(h, columns_, params_, first + i).WithContext(ctx));
        SQLRETURN rc = SQLExecute(h);
        out.ok = SQL_SUCCEEDED(rc) || rc == SQL_NO_DATA;
        out.status[i] = out.ok ? SQL_PARAM_SUCCESS : SQL_PARAM_ERROR;
        if (!out.ok) {
            out.diags = stmt_->Diagnostics();
        }
        SQLFreeStmt(h, SQL_CLOSE);
    }
    return out;
}

Status OdbcWriter::Isolate(std::size_t first, std::size_t count, std::vector<sdk::DirtyRecord>& dirty) {
    const std::string ctx = conn_.sql().DialectName() + " writer: writing table " + table_;
    while (count > 0) {
        DBB_RETURN_IF_ERROR(conn_.ExecDirect(conn_.sql().SavepointSql(kSavepoint), "savepoint before a batch"));
        DBB_ASSIGN_OR_RETURN(auto outcome, Execute(first, count));
        if (outcome.ok) {
            return Status::Ok();
        }
        DBB_RETURN_IF_ERROR(FatalOr(outcome.diags, ctx));
        DBB_RETURN_IF_ERROR(conn_.ExecDirect(conn_.sql().RollbackToSavepointSql(kSavepoint),
                                             "rolling back a failed batch (when the savepoint is gone the ODBC driver "
                                             "manages savepoints itself; for psqlODBC add Protocol=7.4-0)"));
        if (count == 1) {
            const auto& diags = outcome.diags;
            std::string reason = diags.empty() ? "rejected by the server" : diags.front().message;
            if (!diags.empty()) {
                reason = "[" + conn_.sql().ErrorCode(diags.front()) + "/" + diags.front().sql_state + "] " + reason;
            }
            dirty.push_back(sdk::DirtyRecord{encoded_.batch_row[chunk_first_ + first], reason});
            return Status::Ok();
        }
        // The rows before the first failing one went through: again as one execute. The failing
        // run (psqlODBC reports its whole multi-statement chunk) is narrowed on its own; when the
        // driver says nothing useful, halve.
        std::size_t bad = 0;
        while (bad < count && RowSucceeded(outcome.status[bad])) {
            ++bad;
        }
        std::size_t end = bad < count && outcome.status[bad] == SQL_PARAM_ERROR ? bad + 1 : count;
        while (end < count && outcome.status[end] == SQL_PARAM_ERROR) {
            ++end;
        }
        if (bad == count || (bad == 0 && end == count)) {
            bad = 0;
            end = count / 2;
        }
        DBB_RETURN_IF_ERROR(Isolate(first, bad, dirty));
        DBB_RETURN_IF_ERROR(Isolate(first + bad, end - bad, dirty));
        first += end;
        count -= end;
    }
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
