#pragma once
// streamwriter (streamwriter/.../StreamWriter.java): prints records (columns joined by
// fieldDelimiter, NULL as "null") to the job's output; print=false discards them. When path and
// fileName are both set the records go to that file instead, whatever print says (the file is
// replaced when the job starts, every task appends to it), and each task sleeps sleepTime seconds
// once after recordNumBeforeSleep records (DataX sleeps only in this file mode).
// encoding (an extension; DataX always prints UTF-8): the printed bytes are in that encoding; a
// character it cannot represent makes the record dirty, naming the column.

#include <cstdio>
#include <memory>
#include <mutex>

#include "core/engine/engine_plugin.h"
#include "core/engine/json_params.h"

namespace dbbridge::core::engine {

class StreamWriterPlugin : public WriterPlugin {
public:
    static sdk::Result<std::unique_ptr<WriterPlugin>> Create(const JsonParams& parameter, const EngineEnv& env);
    ~StreamWriterPlugin() override;

    sdk::Status Prepare() override;
    sdk::Result<std::vector<std::unique_ptr<WriterTask>>> Split(std::size_t task_count) override;
    sdk::Status Post() override;

    // Shared by the tasks: where printed text goes.
    sdk::Status Emit(const std::string& text);

private:
    JobLog* log_ = nullptr;
    bool print_ = true;
    std::string delimiter_ = "\t";
    std::string encoding_;  // iconv name; "" = UTF-8
    std::string dir_;
    std::string file_path_;
    ColumnDateFormats column_formats_;  // dates print as DateColumn.asString() (common.column.*)
    std::int64_t record_num_before_sleep_ = 0;
    std::int64_t sleep_seconds_ = 0;
    std::FILE* file_ = nullptr;
    std::mutex file_mu_;
    friend class StreamWriterTask;
};

}  // namespace dbbridge::core::engine
