#include "param_array.h"

#include <algorithm>
#include <cstring>

#include "diag_reader.h"

namespace dbbridge::odbc {

namespace {

// Room a variable-width value takes in its array: its bytes and a terminator, which some drivers
// write or read past the indicated length.
SQLLEN SlotWidth(BindKind kind, const std::string& bytes) {
    SQLLEN fixed = FixedWidth(kind);
    return fixed != 0 ? fixed : static_cast<SQLLEN>(bytes.size() + sizeof(SQLWCHAR));
}

}  // namespace

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

void EncodedRows::Encode(const sdk::RecordBatch& batch, const std::vector<WriterColumn>& cols,
                         std::vector<sdk::DirtyRecord>& dirty) {
    columns = cols.size();
    batch_row.clear();
    bytes.clear();
    indicators.clear();
    batch_row.reserve(batch.size());
    bytes.reserve(batch.size() * columns);
    indicators.reserve(batch.size() * columns);
    for (std::size_t r = 0; r < batch.size(); ++r) {
        const std::size_t start = bytes.size();
        bool ok = true;
        for (std::size_t c = 0; c < columns && ok; ++c) {
            bytes.emplace_back();
            indicators.push_back(0);
            sdk::Status st = EncodeValue(batch.rows[r][c], cols[c].plan.kind, bytes.back(), indicators.back());
            if (!st.ok()) {
                dirty.push_back(sdk::DirtyRecord{r, "column " + cols[c].name + ": " + st.message()});
                ok = false;
            }
        }
        if (!ok) {
            bytes.resize(start);
            indicators.resize(start);
            continue;
        }
        batch_row.push_back(r);
    }
}

std::size_t EncodedRows::ChunkRows(std::size_t first, std::size_t max_rows, std::size_t max_bytes) const {
    // Column arrays are as wide as their widest value: a row costs the sum of those widths.
    std::vector<std::size_t> widest(columns, 0);
    std::size_t row_bytes = columns * sizeof(SQLLEN);
    std::size_t n = 0;
    while (first + n < size() && n < max_rows) {
        std::size_t grown = row_bytes;
        for (std::size_t c = 0; c < columns; ++c) {
            std::size_t w = bytes[(first + n) * columns + c].size() + sizeof(SQLWCHAR);
            grown += w > widest[c] ? w - widest[c] : 0;
        }
        if (n > 0 && (n + 1) * grown > max_bytes) {
            break;
        }
        for (std::size_t c = 0; c < columns; ++c) {
            widest[c] = std::max(widest[c], bytes[(first + n) * columns + c].size() + sizeof(SQLWCHAR));
        }
        row_bytes = grown;
        ++n;
    }
    return n;
}

void ParamArrays::Fill(const EncodedRows& rows, const std::vector<WriterColumn>& cols, std::size_t first,
                       std::size_t count) {
    rows_ = count;
    columns_.resize(cols.size());
    for (std::size_t c = 0; c < cols.size(); ++c) {
        Column& col = columns_[c];
        const BindKind kind = cols[c].plan.kind;
        col.width = FixedWidth(kind);
        for (std::size_t i = 0; i < count && FixedWidth(kind) == 0; ++i) {
            col.width = std::max(col.width, SlotWidth(kind, rows.bytes[(first + i) * rows.columns + c]));
        }
        col.data.assign(count * static_cast<std::size_t>(col.width), '\0');
        col.indicators.resize(count);
        for (std::size_t i = 0; i < count; ++i) {
            const std::size_t at = (first + i) * rows.columns + c;
            std::memcpy(col.data.data() + i * static_cast<std::size_t>(col.width), rows.bytes[at].data(),
                        rows.bytes[at].size());
            col.indicators[i] = rows.indicators[at];
        }
        switch (kind) {
            case BindKind::kWideText: {
                SQLULEN units = static_cast<SQLULEN>(col.width) / sizeof(SQLWCHAR);
                col.column_size = units == 0 ? 1 : units;
                break;
            }
            case BindKind::kBinary: col.column_size = col.width > 0 ? static_cast<SQLULEN>(col.width) : 1; break;
            case BindKind::kDecimalText:
                col.column_size = cols[c].declared_size > 0 ? cols[c].declared_size : 38;
                break;
            default: col.column_size = ColumnSizeFor(cols[c].plan, std::string(), 0); break;
        }
    }
}

sdk::Status ParamArrays::Bind(SQLHSTMT stmt, const std::vector<WriterColumn>& cols,
                              const std::vector<std::size_t>& params, std::size_t first) {
    SQLSetStmtAttr(stmt, SQL_ATTR_PARAM_BIND_TYPE, reinterpret_cast<SQLPOINTER>(SQL_PARAM_BIND_BY_COLUMN), 0);
    for (std::size_t p = 0; p < params.size(); ++p) {
        const std::size_t c = params[p];
        Column& col = columns_[c];
        const BindPlan& plan = cols[c].plan;
        SQLRETURN rc = SQLBindParameter(stmt, static_cast<SQLUSMALLINT>(p + 1), SQL_PARAM_INPUT, plan.c_type,
                                        plan.sql_type, col.column_size, plan.decimal_digits,
                                        col.data.data() + first * static_cast<std::size_t>(col.width), col.width,
                                        col.indicators.data() + first);
        if (!SQL_SUCCEEDED(rc)) {
            return HandleError(SQL_HANDLE_STMT, stmt, "binding column " + cols[c].name);
        }
    }
    return sdk::Status::Ok();
}

}  // namespace dbbridge::odbc
