#pragma once
// txtfilewriter: one file per task, "<path>/<fileName>__<unique suffix>[.gz]" as DataX names them.
// Parameters: path (directory, created if missing), fileName, writeMode (truncate: delete files
// whose name starts with fileName first; append; nonConflict: fail if such a file exists),
// fieldDelimiter (","), encoding (UTF-8; GBK, ... through iconv: a character the encoding cannot
// represent makes the record dirty, naming the column), nullFormat ("\N"), header (list),
// compress (none|gzip).
// Fields holding the delimiter, a quote or a line break are CSV-quoted; a text equal to
// nullFormat is quoted so it reads back as text, not NULL.

#include <memory>

#include "core/engine/engine_plugin.h"
#include "core/engine/json_params.h"
#include "core/engine/txtfile_reader.h"  // TextFormat, shared parameter helpers

namespace dbbridge::core::engine {

class TxtFileWriterPlugin : public WriterPlugin {
public:
    static sdk::Result<std::unique_ptr<WriterPlugin>> Create(const JsonParams& parameter, const EngineEnv& env);

    sdk::Status Prepare() override;
    sdk::Result<std::vector<std::unique_ptr<WriterTask>>> Split(std::size_t task_count) override;

    struct Options : TextFormat {
        std::string dir;
        std::string file_name;
        std::string write_mode;
        std::vector<std::string> header;
        bool gzip = false;
    };

private:
    Options options_;
    std::string path_key_;
};

}  // namespace dbbridge::core::engine
