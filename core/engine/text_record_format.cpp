#include "core/engine/text_record_format.h"

#include <Poco/Base64Encoder.h>

#include <sstream>

#include "core/engine/json_params.h"

namespace dbbridge::core::engine {

namespace {

std::string Base64(const std::string& in) {
    std::ostringstream out;
    Poco::Base64Encoder encoder(out);
    encoder.rdbuf()->setLineLength(0);  // Base64.encodeBase64String: one line
    encoder << in;
    encoder.close();
    return out.str();
}

std::string Replace(const std::string& s, char what, const std::string& with) {
    std::string out;
    for (char c : s) {
        if (c == what) {
            out += with;
        } else {
            out += c;
        }
    }
    return out;
}

}  // namespace

std::string TextRecordFormat::CellText(const sdk::Value& v) const {
    switch (v.kind) {
        case sdk::ValueKind::kNull:
            return o_.null_format;
        case sdk::ValueKind::kDate:
        case sdk::ValueKind::kTime:
        case sdk::ValueKind::kTimestamp:
            return o_.date_format ? o_.date_format->Format(v) : o_.column_formats.Format(v);  // DateColumn.asString()
        case sdk::ValueKind::kBytes:
            return o_.bytes_as_base64 ? Base64(v.s) : v.s;
        default:
            return sdk::ValueToText(v);
    }
}

void TextRecordFormat::AppendCells(const std::vector<std::string>& cells, std::string& out) const {
    if (o_.format == FileFormat::kText) {
        for (std::size_t i = 0; i < cells.size(); ++i) {
            if (i > 0) {
                out += o_.delimiter;
            }
            out += cells[i];
        }
        out += o_.line_delimiter;
        return;
    }
    // csv (DataXCsvWriter with a custom record delimiter: the line delimiter's first character)
    const char delimiter = o_.delimiter.empty() ? ',' : o_.delimiter[0];
    const char record_delimiter = o_.line_delimiter.empty() ? '\n' : o_.line_delimiter[0];
    for (std::size_t i = 0; i < cells.size(); ++i) {
        if (i > 0) {
            out += delimiter;
        }
        std::string text = JavaTrim(cells[i]);
        bool quote = text.find('"') != std::string::npos || text.find(delimiter) != std::string::npos ||
                     text.find(record_delimiter) != std::string::npos ||
                     (i == 0 && (text.empty() || text[0] == '#'));
        if (quote) {
            out += '"';
            out += Replace(text, '"', "\"\"");
            out += '"';
        } else {
            out += text;
        }
    }
    if (!cells.empty()) {
        out += record_delimiter;
    }
}

std::string TextRecordFormat::Header() const {
    if (o_.header.empty() || o_.format == FileFormat::kSql) {
        return {};
    }
    std::string out;
    AppendCells(o_.header, out);
    return out;
}

void TextRecordFormat::AppendRecord(const sdk::Record& record, std::string& out) const {
    std::vector<std::string> cells;
    cells.reserve(record.size());
    for (const auto& v : record) {
        cells.push_back(CellText(v));
    }
    if (o_.format != FileFormat::kSql) {
        AppendCells(cells, out);
        return;
    }
    if (cells.empty()) {
        return;
    }
    const std::string& q = o_.quote_char;
    out += "INSERT INTO " + q + o_.table + q + " (";
    for (std::size_t i = 0; i < o_.header.size(); ++i) {
        out += (i > 0 ? "," : "") + q + o_.header[i] + q;
    }
    out += ") VALUES(";
    // SqlWriter compares with its own nullFormat, "\N" unless configured: without nullFormat a
    // null arrives as the text "null" and is written as 'null', exactly as DataX does.
    const std::string& sql_null = o_.null_format_set ? o_.null_format : std::string("\\N");
    for (std::size_t i = 0; i < cells.size(); ++i) {
        out += i > 0 ? "," : "";
        out += cells[i] == sql_null ? "NULL" : "'" + Replace(cells[i], '\'', "''") + "'";
    }
    out += ");" + o_.line_delimiter;
}

std::string TextRecordFormat::CommitAfter(std::int64_t records_written) const {
    if (o_.format != FileFormat::kSql || o_.commit_size <= 0 || records_written % o_.commit_size != 0) {
        return {};
    }
    return "commit;" + o_.line_delimiter;
}

std::string TextRecordFormat::FinalCommit() const {
    return o_.format == FileFormat::kSql ? "commit;" + o_.line_delimiter : std::string();
}

}  // namespace dbbridge::core::engine
