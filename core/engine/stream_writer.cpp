#include "core/engine/stream_writer.h"

#include <cerrno>
#include <cstring>

#include "core/engine/job_log.h"

namespace dbbridge::core::engine {

using sdk::Result;
using sdk::Status;

class StreamWriterTask : public WriterTask {
public:
    explicit StreamWriterTask(StreamWriterPlugin& plugin) : plugin_(plugin) {}

    Status Open() override { return Status::Ok(); }

    Status Write(const sdk::RecordBatch& batch, std::vector<sdk::DirtyRecord>&) override {
        if (!plugin_.print_) {
            return Status::Ok();
        }
        text_.clear();
        for (const auto& row : batch.rows) {
            for (std::size_t i = 0; i < row.size(); ++i) {
                if (i > 0) {
                    text_ += plugin_.delimiter_;
                }
                if (row[i].is_null()) {
                    text_ += "null";
                } else {
                    text_ += sdk::ValueToText(row[i]);
                }
            }
            text_ += '\n';
        }
        plugin_.Emit(text_);
        return Status::Ok();
    }

    Status Commit() override { return Status::Ok(); }
    Status Rollback() override { return Status::Ok(); }

private:
    StreamWriterPlugin& plugin_;
    std::string text_;
};

Result<std::unique_ptr<WriterPlugin>> StreamWriterPlugin::Create(const JsonParams& p, const EngineEnv& env) {
    auto plugin = std::make_unique<StreamWriterPlugin>();
    plugin->log_ = env.log;
    auto print = p.Bool("print", true);
    if (!print.ok()) {
        return print.status();
    }
    plugin->print_ = print.value();
    auto delimiter = p.String("fieldDelimiter", "\t");
    if (!delimiter.ok()) {
        return delimiter.status();
    }
    plugin->delimiter_ = delimiter.value() == "\\t" ? "\t" : delimiter.value();
    auto encoding = p.String("encoding", "UTF-8");
    if (!encoding.ok()) {
        return encoding.status();
    }
    auto path = p.String("path", "");
    auto file_name = p.String("fileName", "");
    if (!path.ok()) {
        return path.status();
    }
    if (!file_name.ok()) {
        return file_name.status();
    }
    if (!path.value().empty() && !file_name.value().empty()) {
        plugin->file_path_ = path.value() + "/" + file_name.value();
    }
    return std::unique_ptr<WriterPlugin>(std::move(plugin));
}

StreamWriterPlugin::~StreamWriterPlugin() {
    if (file_) {
        std::fclose(file_);
    }
}

Status StreamWriterPlugin::Prepare() {
    if (file_path_.empty() || !print_) {
        return Status::Ok();
    }
    file_ = std::fopen(file_path_.c_str(), "w");  // DataX deletes an existing file first
    if (!file_) {
        return Status::InvalidArgument("streamwriter: cannot create " + file_path_ + ": " + std::strerror(errno));
    }
    return Status::Ok();
}

void StreamWriterPlugin::Emit(const std::string& text) {
    if (file_) {
        std::lock_guard<std::mutex> lock(file_mu_);
        std::fwrite(text.data(), 1, text.size(), file_);
        return;
    }
    log_->Raw(text);
}

Result<std::vector<std::unique_ptr<WriterTask>>> StreamWriterPlugin::Split(std::size_t task_count) {
    std::vector<std::unique_ptr<WriterTask>> tasks;
    for (std::size_t i = 0; i < task_count; ++i) {
        tasks.push_back(std::make_unique<StreamWriterTask>(*this));
    }
    return tasks;
}

Status StreamWriterPlugin::Post() {
    if (file_) {
        std::lock_guard<std::mutex> lock(file_mu_);
        if (std::fclose(file_) != 0) {
            file_ = nullptr;
            return Status::Internal("streamwriter: cannot write " + file_path_ + ": " + std::strerror(errno));
        }
        file_ = nullptr;
    }
    return Status::Ok();
}

}  // namespace dbbridge::core::engine
