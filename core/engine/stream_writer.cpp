#include "core/engine/stream_writer.h"

#include <sys/stat.h>

#include <cerrno>
#include <chrono>
#include <condition_variable>
#include <cstring>
#include <filesystem>

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
        DBB_ASSIGN_OR_RETURN(auto encoder, TextEncoder::Open(plugin_.encoding_));
        encoder_ = std::move(encoder);
        return Status::Ok();
    }

    Status Write(const sdk::RecordBatch& batch, std::vector<sdk::DirtyRecord>& dirty) override {
        if (!plugin_.print_ && plugin_.file_path_.empty()) {
            return Status::Ok();
        }
        text_.clear();
        for (std::size_t r = 0; r < batch.rows.size(); ++r) {
            if (written_++ == plugin_.record_num_before_sleep_ && plugin_.record_num_before_sleep_ > 0 &&
                plugin_.sleep_seconds_ > 0 && !plugin_.file_path_.empty()) {
                DBB_RETURN_IF_ERROR(plugin_.Emit(text_));
                text_.clear();
                Sleep();
            }
            const sdk::Record& row = batch.rows[r];
            std::string& line = encoder_ ? line_ : text_;  // UTF-8 goes straight to text_
            line_.clear();
            for (std::size_t i = 0; i < row.size(); ++i) {
                if (i > 0) {
                    line += plugin_.delimiter_;
                }
                line += CellText(row[i]);
            }
            line += '\n';
            if (encoder_ && encoder_->Append(line_, text_) != std::string::npos) {
                dirty.push_back({r, UnencodableReason(row)});
            }
        }
        return plugin_.Emit(text_);
    }

    Status Commit() override { return Status::Ok(); }
    Status Rollback() override { return Status::Ok(); }
    void Cancel() override {
        std::lock_guard<std::mutex> lock(sleep_mu_);
        cancelled_ = true;
        sleep_cv_.notify_all();
    }

private:
    // recordNumBeforeSleep / sleepTime: a pause a kill can still interrupt.
    void Sleep() {
        plugin_.log_->Info("StreamWriter$Task", "StreamWriter start to sleep ... recordNumBeforSleep=" +
                                                    std::to_string(plugin_.record_num_before_sleep_) +
                                                    ",sleepTime=" + std::to_string(plugin_.sleep_seconds_));
        std::unique_lock<std::mutex> lock(sleep_mu_);
        sleep_cv_.wait_for(lock, std::chrono::seconds(plugin_.sleep_seconds_), [&] { return cancelled_; });
    }

    // Column.asString(): null as "null", dates through common.column.*.
    std::string CellText(const sdk::Value& v) const {
        switch (v.kind) {
            case sdk::ValueKind::kNull: return "null";
            case sdk::ValueKind::kDate:
            case sdk::ValueKind::kTime:
            case sdk::ValueKind::kTimestamp: return plugin_.column_formats_.Format(v);
            default: return sdk::ValueToText(v);
        }
    }

    std::string UnencodableReason(const sdk::Record& row) {
        std::string scratch;
        for (std::size_t i = 0; i < row.size(); ++i) {
            if (row[i].is_null()) {
                continue;
            }
            std::string s = CellText(row[i]);
            std::size_t bad = encoder_->Append(s, scratch);
            if (bad != std::string::npos) {
                return "column index " + std::to_string(i) + ": " + DescribeCharAt(s, bad) +
                       " cannot be printed in " + plugin_.encoding_;
            }
        }
        return "a character cannot be printed in " + plugin_.encoding_;
    }

    StreamWriterPlugin& plugin_;
    std::int64_t written_ = 0;
    std::mutex sleep_mu_;
    std::condition_variable sleep_cv_;
    bool cancelled_ = false;
    std::unique_ptr<TextEncoder> encoder_;  // null for UTF-8
    std::string text_;
    std::string line_;
};

Result<std::unique_ptr<WriterPlugin>> StreamWriterPlugin::Create(const JsonParams& p, const EngineEnv& env) {
    auto plugin = std::make_unique<StreamWriterPlugin>();
    plugin->log_ = env.log;
    if (env.column_formats) {
        plugin->column_formats_ = *env.column_formats;
    }
    DBB_ASSIGN_OR_RETURN(auto print, p.Bool("print", true));
    plugin->print_ = print;
    DBB_ASSIGN_OR_RETURN(auto delimiter, p.String("fieldDelimiter", "\t"));
    plugin->delimiter_ = delimiter == "\\t" ? "\t" : delimiter;
    DBB_ASSIGN_OR_RETURN(auto encoding, ParseEncoding(p));
    plugin->encoding_ = encoding;
    auto path = p.String("path", "");
    auto file_name = p.String("fileName", "");
    if (!path.ok()) {
        return path.status();
    }
    if (!file_name.ok()) {
        return file_name.status();
    }
    auto blank = [](const std::string& v) { return v.find_first_not_of(" \t\r\n") == std::string::npos; };
    if (!blank(path.value()) && !blank(file_name.value())) {
        plugin->dir_ = path.value();
        plugin->file_path_ = path.value() + (path.value().back() == '/' ? "" : "/") + file_name.value();
    }
    auto before_sleep = p.Int("recordNumBeforeSleep", 0);
    auto sleep = p.Int("sleepTime", 0);
    for (const auto* r : {&before_sleep, &sleep}) {
        if (!r->ok()) {
            return r->status();
        }
    }
    if (before_sleep.value() < 0) {
        return Status::InvalidArgument(p.PathOf("recordNumBeforeSleep") + ": must not be negative (recordNumber 不能为负值)");
    }
    if (sleep.value() < 0) {
        return Status::InvalidArgument(p.PathOf("sleepTime") + ": must not be negative (sleep 不能为负值)");
    }
    plugin->record_num_before_sleep_ = before_sleep.value();
    plugin->sleep_seconds_ = sleep.value();
    return std::unique_ptr<WriterPlugin>(std::move(plugin));
}

StreamWriterPlugin::~StreamWriterPlugin() {
    if (file_) {
        std::fclose(file_);
    }
}

Status StreamWriterPlugin::Prepare() {
    if (file_path_.empty()) {
        return Status::Ok();
    }
    struct stat st {};
    if (::stat(dir_.c_str(), &st) == 0 && !S_ISDIR(st.st_mode)) {
        return Status::InvalidArgument("streamwriter: path " + dir_ + " is a file, not a directory");
    }
    if (::stat(dir_.c_str(), &st) != 0) {
        std::error_code ec;
        std::filesystem::create_directories(dir_, ec);
        if (ec) {
            return Status::InvalidArgument("streamwriter: cannot create directory " + dir_ + ": " + ec.message());
        }
    }
    file_ = std::fopen(file_path_.c_str(), "w");  // DataX deletes an existing file first
    if (!file_) {
        return Status::InvalidArgument("streamwriter: cannot create " + file_path_ + ": " + std::strerror(errno));
    }
    return Status::Ok();
}

Status StreamWriterPlugin::Emit(const std::string& text) {
    if (file_) {
        std::lock_guard<std::mutex> lock(file_mu_);
        if (std::fwrite(text.data(), 1, text.size(), file_) != text.size()) {
            return Status::Internal("streamwriter: cannot write " + file_path_ + ": " + std::strerror(errno));
        }
        return Status::Ok();
    }
    log_->Raw(text);
    return Status::Ok();
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
