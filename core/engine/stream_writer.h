#pragma once
// streamwriter: prints records (DataX: columns joined by fieldDelimiter, NULL as "null") to the
// job's output, or to path/fileName when both are given; print=false discards them.
// encoding (UTF-8; GBK, ... through iconv): the printed bytes are in that encoding; a character it
// cannot represent makes the record dirty, naming the column.

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
    void Emit(const std::string& text);

private:
    JobLog* log_ = nullptr;
    bool print_ = true;
    std::string delimiter_ = "\t";
    std::string encoding_;  // iconv name; "" = UTF-8
    std::string file_path_;
    std::FILE* file_ = nullptr;
    std::mutex file_mu_;
    friend class StreamWriterTask;
};

}  // namespace dbbridge::core::engine
