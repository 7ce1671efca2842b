#pragma once
// txtfilereader (txtfilereader/doc/txtfilereader.md, TxtFileReader.java,
// UnstructuredStorageReaderUtil.java): delimited text files, one task per file.
// Parameters: path (string or list, * and ? wildcards, or a directory), column ("*" or
// [{index, type, format} | {value, type}]; type is required, index and value exclusive),
// fieldDelimiter (","), encoding (UTF-8; GBK, GB18030, BIG5, ... decoded with iconv; invalid bytes
// fail the task naming file, line and offset), nullFormat (no default in DataX's code: without it
// nothing reads as null; a quoted field is never null), skipHeader, compress (gzip | bzip2 | zip),
// csvReaderConfig (javacsv settings, see CsvReadOptions).
// Records are split as javacsv's CsvReader does, which DataX uses: blanks around unquoted fields
// are trimmed ("1, 2" is 1 and 2), quotes with "" escapes, \r, \n or \r\n end a record, blank lines
// are skipped. A date column becomes a date-time (DataX's DateColumn), so it prints with its time.
// A field that does not convert to its column type makes the record dirty (reader side).

#include <memory>
#include <optional>

#include "core/engine/compressed_file.h"
#include "core/engine/engine_plugin.h"
#include "core/engine/json_params.h"
#include "core/engine/text_file.h"

namespace dbbridge::core::engine {

// Parameter helpers shared with txtfilewriter and streamwriter; errors name the JSON path.
// ParseEncoding: iconv name of "encoding", "" for UTF-8 (no conversion).
sdk::Result<std::string> ParseEncoding(const JsonParams& p);
// "compress": none, gzip, bzip2, zip; other names DataX knows (lzo, snappy, ...) are refused with
// the reason.
sdk::Result<Compression> ParseCompression(const JsonParams& p, bool writer);

class TxtFileReaderPlugin : public ReaderPlugin {
public:
    static sdk::Result<std::unique_ptr<ReaderPlugin>> Create(const JsonParams& parameter, const EngineEnv& env);
    sdk::Result<std::vector<std::unique_ptr<ReaderTask>>> Split(int advice_channels) override;

    struct Column {
        int index = -1;  // -1: constant
        sdk::DataxType type = sdk::DataxType::kString;
        std::string format;
        sdk::Value constant;
    };
    struct Options {
        CsvReadOptions csv;
        std::optional<std::string> null_format;
        std::string encoding;  // "" = UTF-8
        bool all_columns = true;
        std::vector<Column> columns;
        bool skip_header = false;
        Compression compression = Compression::kNone;
        std::vector<std::string> date_patterns;  // common.column.*: for date columns without format
    };

private:
    std::vector<std::string> paths_;
    std::string path_key_;
    Options options_;
};

}  // namespace dbbridge::core::engine
