#include "sqlite_reader.h"

#include "dbbridge/sdk/util/no_throw.h"
#include "dbbridge/sdk/util/sql_text.h"
#include "sqlite_connection.h"
#include "sqlite_types.h"

namespace dbbridge::sqlite {

namespace {

constexpr std::size_t kMaxIdentifierBytes = 1024;

sdk::Result<std::string> QuoteName(const std::string& name) {
    return sdk::util::QuoteQualifiedName(name, '"', kMaxIdentifierBytes);
}

sdk::Result<std::string> ColumnList(const std::vector<std::string>& columns) {
    if (columns.empty() || (columns.size() == 1 && columns[0] == "*")) {
        return std::string("*");
    }
    std::string out;
    for (const auto& c : columns) {
        std::string item = c;
        if (sdk::util::IsPlainIdentifier(c)) {
            DBB_ASSIGN_OR_RETURN(item, QuoteName(c));
        }
        out += (out.empty() ? "" : ", ") + item;
    }
    return out;
}

std::string RangeCondition(const sdk::ReadSpec& spec, const std::string& pk) {
    if (spec.null_range) {
        return pk + " IS NULL";
    }
    return pk + " >= " + std::to_string(spec.range_lower) + " AND " + pk + (spec.upper_inclusive ? " <= " : " < ") +
           std::to_string(spec.range_upper);
}

}  // namespace

sdk::Result<std::string> ReadSql(const sdk::ReadSpec& spec) {
    if (!spec.query_sql.empty()) {
        return spec.query_sql;
    }
    if (spec.table.empty()) {
        return sdk::Status::InvalidArgument("SQLITE reader: give a table or querySql");
    }
    DBB_ASSIGN_OR_RETURN(const std::string columns, ColumnList(spec.columns));
    DBB_ASSIGN_OR_RETURN(const std::string table, QuoteName(spec.table));
    std::vector<std::string> conditions;
    if (!spec.where.empty()) {
        conditions.push_back("(" + spec.where + ")");
    }
    if (spec.has_range || spec.null_range) {
        DBB_ASSIGN_OR_RETURN(const std::string pk, QuoteName(spec.split_pk));
        conditions.push_back(RangeCondition(spec, pk));
    }
    std::string sql = "SELECT " + columns + " FROM " + table;
    for (std::size_t i = 0; i < conditions.size(); ++i) {
        sql += (i == 0 ? " WHERE " : " AND ") + conditions[i];
    }
    return sql;
}

SqliteReader::SqliteReader(SqliteConnection& conn, StatementPtr stmt, std::string what)
    : conn_(conn), stmt_(std::move(stmt)), what_(std::move(what)), columns_(ColumnsOf(stmt_.get())) {}

sdk::Result<bool> SqliteReader::Next(sdk::RecordBatch& batch, std::size_t max_rows) noexcept {
    return sdk::util::NoThrow(
        [&]() -> sdk::Result<bool> {
            batch.rows.clear();
            while (!done_ && batch.rows.size() < max_rows) {
                const int rc = sqlite3_step(stmt_.get());
                if (rc == SQLITE_DONE) {
                    done_ = true;
                    break;
                }
                if (rc != SQLITE_ROW) {
                    done_ = true;
                    return StatusOf(conn_.handle(), rc, conn_.Where() + ": reading " + what_);
                }
                sdk::Record& rec = batch.rows.emplace_back();
                rec.reserve(columns_.size());
                for (std::size_t c = 0; c < columns_.size(); ++c) {
                    rec.push_back(ReadColumn(stmt_.get(), static_cast<int>(c), columns_[c].jdbc_type));
                }
            }
            return !batch.rows.empty();
        },
        "SQLITE reader: ");
}

}  // namespace dbbridge::sqlite
