#pragma once
// txtfilereader: CSV / delimited text files, one task per file (DataX).
// Parameters: path (string or list, * and ? wildcards, or a directory), column ("*" or
// [{index, type, format} | {value, type}]), fieldDelimiter (","), encoding (UTF-8; GBK,
// GB18030, BIG5, ... decoded with iconv; invalid bytes fail the task naming file, line and offset),
// nullFormat ("\N"; a quoted field is never NULL), skipHeader, compress (none | gzip).
// A field that does not convert to its column type makes the record dirty (reader side).

#include <memory>

#include "core/engine/engine_plugin.h"
#include "core/engine/json_params.h"

namespace dbbridge::core::engine {

// Parameter helpers shared with txtfilewriter; errors name the JSON path.
// ParseEncoding: iconv name of "encoding", "" for UTF-8 (no conversion).
sdk::Result<std::string> ParseEncoding(const JsonParams& p);
sdk::Result<bool> ParseCompress(const JsonParams& p);  // true: gzip
sdk::Result<char> ParseFieldDelimiter(const JsonParams& p);

// The text options txtfilereader and txtfilewriter share: fieldDelimiter, nullFormat, encoding.
struct TextFormat {
    char delimiter = ',';
    std::string null_format = "\\N";
    std::string encoding;  // "" = UTF-8
};
sdk::Result<TextFormat> ParseTextFormat(const JsonParams& p);

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
    struct Options : TextFormat {
        bool all_columns = true;
        std::vector<Column> columns;
        bool skip_header = false;
        bool gzip = false;
    };

private:
    std::vector<std::string> paths_;
    std::string path_key_;
    Options options_;
};

}  // namespace dbbridge::core::engine
