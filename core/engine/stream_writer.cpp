#include "core/engine/stream_writer.h"

#include <cerrno>
#include <cstring>

#include "core/engine/job_log.h"
#include "core/engine/text_file.h"
#include "core/engine/txtfile_reader.h"

namespace dbbridge::core::engine {

using sdk::Result;
using sdk::Status;

class StreamWriterTask : public WriterTask {
public:
    explicit StreamWriterTask(StreamWriterPlugin& plugin) : plugin_(plugin) {}

    Status Open() override {
        if (plugin_.encoding_.empty()) {
            return Status::Ok();
        }
        auto encoder = TextEncoder::Open(plugin_.encoding_);
        if (!encoder.ok()) {
            return encoder.status();
        }
        encoder_ = std::move(encoder.value());
        return Status::Ok();
    }

    Status Write(const sdk::RecordBatch& batch, std::vector<sdk::DirtyRecord>& dirty) override {
        if (!plugin_.print_) {
            return Status::Ok();
        }
        text_.clear();
        for (std::size_t r = 0; r < batch.rows.size(); ++r) {
            const sdk::Record& row = batch.rows[r];
            std::string& line = encoder_ ? line_ : text_;  // UTF-8 goes straight to text_
            line_.clear();
            for (std::size_t i = 0; i < row.size(); ++i) {
                if (i > 0) {
                    line += plugin_.delimiter_;
                }
                if (row[i].is_null()) {
                    line += "null";
                } else {
                    line += sdk::ValueToText(row[i]);
                }
            }
            line += '\n';
            if (encoder_ && encoder_->Append(line_, text_) != std::string::npos) {
                dirty.push_back({r, UnencodableReason(row)});
            }
        }
        plugin_.Emit(text_);
        return Status::Ok();
    }

    Status Commit() override { return Status::Ok(); }
    Status Rollback() override { return Status::Ok(); }

private:
    std::string UnencodableReason(const sdk::Record& row) {
        std::string scratch;
        for (std::size_t i = 0; i < row.size(); ++i) {
            if (row[i].is_null()) {
                continue;
            }
            std::string s = sdk::ValueToText(row[i]);
            std::size_t bad = encoder_->Append(s, scratch);
            if (bad != std::string::npos) {
                return "column index " + std::to_string(i) + ": " + DescribeCharAt(s, bad) +
                       " cannot be printed in " + plugin_.encoding_;
            }
        }
        return "a character cannot be printed in " + plugin_.encoding_;
    }

    StreamWriterPlugin& plugin_;
    std::unique_ptr<TextEncoder> encoder_;  // null for UTF-8
    std::string text_;
    std::string line_;
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
    auto encoding = ParseEncoding(p);
    if (!encoding.ok()) {
        return encoding.status();
    }
    plugin->encoding_ = encoding.value();
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
