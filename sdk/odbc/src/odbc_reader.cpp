#include "odbc_reader.h"

#include "dbbridge/sdk/util/no_throw.h"

namespace dbbridge::odbc {

std::string OdbcReader::CleanWhere(const std::string& where) {
    std::string w = where;
    for (;;) {
        while (!w.empty() && std::isspace(static_cast<unsigned char>(w.back()))) {
            w.pop_back();
        }
        if (!w.empty() && w.back() == ';') {
            w.pop_back();
            continue;
        }
        const std::string full_width = "\xEF\xBC\x9B";  // '；' as DataX users type it
        if (w.size() >= full_width.size() && w.compare(w.size() - full_width.size(), full_width.size(), full_width) == 0) {
            w.resize(w.size() - full_width.size());
            continue;
        }
        break;
    }
    std::size_t b = w.find_first_not_of(" \t\r\n");
    return b == std::string::npos ? "" : w.substr(b);
}

sdk::Result<std::string> OdbcReader::BuildSelect(const DialectSql& dialect, const sdk::ReadSpec& spec,
                                                 std::vector<sdk::BindValue>& binds) {
    binds.clear();
    std::vector<std::string> conds;
    std::string sql;
    if (!spec.query_sql.empty()) {
        sql = CleanWhere(spec.query_sql);
        if (!spec.has_range && !spec.null_range) {
            return sql;
        }
        sql = "SELECT * FROM (" + sql + ") dbb_q";
    } else {
        DBB_ASSIGN_OR_RETURN(auto table, ObjectNameSql(dialect, spec.table, 2, false, "table"));
        std::string cols;
        if (spec.columns.empty() || (spec.columns.size() == 1 && spec.columns[0] == "*")) {
            cols = "*";
        } else {
            for (const auto& c : spec.columns) {
                cols += (cols.empty() ? "" : ", ") + c;
            }
        }
        sql = "SELECT " + cols + " FROM " + table;
        std::string where = CleanWhere(spec.where);
        if (!where.empty()) {
            conds.push_back("(" + where + ")");
        }
    }
    if (spec.null_range || spec.has_range) {
        DBB_ASSIGN_OR_RETURN(auto pk, ObjectNameSql(dialect, spec.split_pk, 1, false, "splitPk"));
        if (spec.null_range) {
            conds.push_back(pk + " IS NULL");
        } else {
            conds.push_back("(" + pk + " >= ? AND " + pk + (spec.upper_inclusive ? " <= ?" : " < ?") + ")");
            binds.push_back(sdk::BindValue{"range_lower", sdk::JdbcType::kBigInt, sdk::Value::Int(spec.range_lower)});
            binds.push_back(sdk::BindValue{"range_upper", sdk::JdbcType::kBigInt, sdk::Value::Int(spec.range_upper)});
        }
    }
    for (std::size_t i = 0; i < conds.size(); ++i) {
        sql += (i == 0 ? " WHERE " : " AND ") + conds[i];
    }
    return sql;
}

sdk::Result<std::unique_ptr<sdk::RecordReader>> OdbcReader::Open(OdbcConnection& conn, const sdk::ReadSpec& spec) {
    if (spec.query_sql.empty() && spec.table.empty()) {
        return sdk::Status::InvalidArgument("reader needs a table or a querySql");
    }
    std::vector<sdk::BindValue> binds;
    auto built = BuildSelect(conn.sql(), spec, binds);
    if (!built.ok()) {
        return built.status().WithContext(conn.sql().DialectName() + " reader");
    }
    const std::string& sql = *built;
    DBB_ASSIGN_OR_RETURN(auto opened, Statement::Open(conn));
    std::unique_ptr<Statement> stmt = std::move(opened);
    const std::string ctx = conn.sql().DialectName() + ": reading with '" + sql + "'";
    if (!SQL_SUCCEEDED(stmt->Prepare(sql))) {
        return stmt->Error(ctx);
    }
    DBB_RETURN_IF_ERROR(stmt->BindParams(binds));
    SQLRETURN rc = stmt->Execute();
    if (!SQL_SUCCEEDED(rc) && rc != SQL_NO_DATA) {
        sdk::Status st = stmt->Error(ctx);
        return conn.TakeCancelled() ? sdk::Status::Cancelled(ctx + ": cancelled") : st;
    }
    auto cols = stmt->Describe(conn.sql());
    if (!cols.ok()) {
        return cols.status().WithContext(ctx);
    }
    if (cols->empty()) {
        return sdk::Status::InvalidArgument(ctx + ": the statement returns no result set");
    }
    auto block = BlockFetcher::Create(*stmt, conn);
    return std::unique_ptr<sdk::RecordReader>(
        new OdbcReader(conn, std::move(stmt), std::move(*cols), sql, std::move(block)));
}

sdk::Result<bool> OdbcReader::Next(sdk::RecordBatch& batch, std::size_t max_rows) noexcept {
    return sdk::util::NoThrow(
        [&]() -> sdk::Result<bool> {
            batch.clear();
            if (done_) {
                return false;
            }
            auto more = block_ ? block_->Next(batch, max_rows) : NextRows(batch, max_rows);
            if (!more.ok()) {
                if (conn_.TakeCancelled()) {
                    return sdk::Status::Cancelled(conn_.sql().DialectName() + ": read cancelled");
                }
                return more.status().WithContext(conn_.sql().DialectName() + ": reading '" + sql_ + "'");
            }
            if (!*more) {
                done_ = true;
                stmt_->CloseCursor();
            }
            return !batch.empty() || !done_;
        },
        "read: ");
}

sdk::Result<bool> OdbcReader::NextRows(sdk::RecordBatch& batch, std::size_t max_rows) {
    sdk::Record row;
    while (batch.size() < max_rows) {
        DBB_ASSIGN_OR_RETURN(bool more, stmt_->Fetch(row));
        if (!more) {
            return false;
        }
        batch.rows.push_back(row);
    }
    return true;
}

}  // namespace dbbridge::odbc
