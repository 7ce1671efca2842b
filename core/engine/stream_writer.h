#pragma once
// streamwriter: prints records (DataX: columns joined by fieldDelimiter, NULL as "null") to the
// job's output, or to path/fileName when both are given; print=false discards them.
// encoding is accepted and ignored, as in DataX (output is UTF-8).

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
    std::string file_path_;
    std::FILE* file_ = nullptr;
    std::mutex file_mu_;
    friend class StreamWriterTask;
};

}  // namespace dbbridge::core::engine
