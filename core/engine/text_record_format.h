#pragma once
// How txtfilewriter turns a record into a line, as DataX's UnstructuredStorageWriterUtil does
// (plugin-unstructured-storage-util/.../writer/):
//   each column -> text: null as nullFormat (default "null", transportOneRecord), dates through
//   dateFormat when set (SimpleDateFormat) else core.json's formats without fraction, bytes as
//   UTF-8 text or base64 (byteEncoding), everything else as Column.asString();
//   fileFormat "text" (default): the texts joined by fieldDelimiter, no quoting (TextWriterImpl);
//   fileFormat "csv": javacsv rules (CsvWriterImpl + DataXCsvWriter#write): every text trimmed,
//   quoted with " when it holds a quote, the delimiter or the line delimiter, or when the first
//   column starts with '#' or is empty; quotes doubled;
//   fileFormat "sql": INSERT INTO <q>table<q> (<q>col<q>,...) VALUES('v',...); with a
//   "commit;" line every commitSize records and at the end (SqlWriter).
// Immutable after construction; one per writer plugin, shared by its tasks.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/engine/java_date_format.h"
#include "dbbridge/sdk/types.h"

namespace dbbridge::core::engine {

enum class FileFormat { kText, kCsv, kSql };

struct TextRecordFormatOptions {
    FileFormat format = FileFormat::kText;
    std::string delimiter = ",";
    std::string line_delimiter = "\n";
    std::string null_format = "null";
    bool null_format_set = false;             // sql compares with nullFormat or "\N" (SqlWriter)
    std::optional<JavaDateFormat> date_format;  // the writer's dateFormat: wins over column_formats
    ColumnDateFormats column_formats;           // common.column.*
    bool bytes_as_base64 = false;             // byteEncoding "base64"
    std::string table;                        // sql
    std::string quote_char;                   // sql
    std::vector<std::string> header;
    std::int64_t commit_size = 2000;          // sql
};

class TextRecordFormat {
public:
    explicit TextRecordFormat(TextRecordFormatOptions options) : o_(std::move(options)) {}

    // The header line ("" for sql, which writes none, or when there is no header).
    std::string Header() const;
    // Appends the record's line to out.
    void AppendRecord(const sdk::Record& record, std::string& out) const;
    // sql: the "commit;" line after every commit_size records (records_written counts them), and
    // the final one; "" for the other formats.
    std::string CommitAfter(std::int64_t records_written) const;
    std::string FinalCommit() const;

    const TextRecordFormatOptions& options() const { return o_; }

private:
    std::string CellText(const sdk::Value& v) const;
    void AppendCells(const std::vector<std::string>& cells, std::string& out) const;

    TextRecordFormatOptions o_;
};

}  // namespace dbbridge::core::engine
