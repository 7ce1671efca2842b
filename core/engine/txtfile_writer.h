#pragma once
// txtfilewriter (txtfilewriter/doc/txtfilewriter.md, TxtFileWriter.java,
// UnstructuredStorageWriterUtil.java): one file per task named "<fileName>__<UUID with '_'>" in
// path (created if missing) — no extension is added for compression, as DataX names them — plus
// "suffix" when set (trimmed, as UnstructuredStorageWriterUtil#buildFilePath; DataX's own
// txtfilewriter ignores suffix, its ftp/oss siblings honour it).
// writeMode: truncate (delete files whose name starts with fileName), append, nonConflict (fail
// when such a file exists). Lines are made by TextRecordFormat (fileFormat text|csv|sql,
// fieldDelimiter, lineDelimiter, nullFormat, dateFormat, header, byteEncoding, table, quoteChar,
// commitSize). encoding through iconv (a character the encoding cannot hold makes the record
// dirty, naming the column). compress: gzip, bzip2 (DataX) and zip (listed in DataX's doc).

#include <memory>

#include "core/engine/compressed_file.h"
#include "core/engine/engine_plugin.h"
#include "core/engine/json_params.h"
#include "core/engine/text_record_format.h"

namespace dbbridge::core::engine {

class TxtFileWriterPlugin : public WriterPlugin {
public:
    static sdk::Result<std::unique_ptr<WriterPlugin>> Create(const JsonParams& parameter, const EngineEnv& env);

    sdk::Status Prepare() override;
    sdk::Result<std::vector<std::unique_ptr<WriterTask>>> Split(std::size_t task_count) override;

    struct Options {
        std::string dir;
        std::string file_name;
        std::string suffix;
        std::string write_mode;
        std::string encoding;  // "" = UTF-8
        Compression compression = Compression::kNone;
    };

private:
    TxtFileWriterPlugin(Options options, TextRecordFormat format)
        : options_(std::move(options)), format_(std::move(format)) {}

    Options options_;
    TextRecordFormat format_;
    std::string path_key_;
};

}  // namespace dbbridge::core::engine
