#include "core/engine/txtfile_writer.h"

#include <dirent.h>
#include <sys/stat.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <chrono>
#include <cstring>
#include <random>

#include "core/engine/text_file.h"
#include "core/engine/txtfile_reader.h"

namespace dbbridge::core::engine {

using sdk::Result;
using sdk::Status;

namespace {

class TxtFileWriterTask : public WriterTask {
public:
    TxtFileWriterTask(std::string file, const TxtFileWriterPlugin::Options& options)
        : file_(std::move(file)), options_(options) {}

    Status Open() override {
        auto out = TextFileOutput::Open(file_, options_.gzip, false);
        if (!out.ok()) {
            return out.status();
        }
        output_ = std::move(out.value());
        if (!options_.encoding.empty()) {
            auto encoder = TextEncoder::Open(options_.encoding);
            if (!encoder.ok()) {
                return encoder.status();
            }
            encoder_ = std::move(encoder.value());
        }
        if (!options_.header.empty()) {
            std::string line;
            for (std::size_t i = 0; i < options_.header.size(); ++i) {
                if (i > 0) {
                    line += options_.delimiter;
                }
                AppendCsvField(line, options_.header[i], options_.delimiter, false);
            }
            line += '\n';
            if (encoder_) {
                std::string encoded;
                std::size_t bad = encoder_->Append(line, encoded);
                if (bad != std::string::npos) {
                    return Status::InvalidArgument(file_ + ": header " + DescribeCharAt(line, bad) +
                                                   " cannot be written in " + options_.encoding);
                }
                return output_->Write(encoded);
            }
            return output_->Write(line);
        }
        return Status::Ok();
    }

    Status Write(const sdk::RecordBatch& batch, std::vector<sdk::DirtyRecord>& dirty) override {
        text_.clear();
        for (std::size_t r = 0; r < batch.rows.size(); ++r) {
            const sdk::Record& row = batch.rows[r];
            std::string& line = encoder_ ? line_ : text_;  // UTF-8 goes straight to text_
            if (encoder_) {
                line_.clear();
            }
            for (std::size_t i = 0; i < row.size(); ++i) {
                if (i > 0) {
                    line += options_.delimiter;
                }
                const sdk::Value& v = row[i];
                if (v.is_null()) {
                    line += options_.null_format;
                    continue;
                }
                if (v.kind == sdk::ValueKind::kInt) {
                    line += std::to_string(v.i);
                    continue;
                }
                const std::string& s = (v.kind == sdk::ValueKind::kFloat || v.kind == sdk::ValueKind::kBool)
                                           ? (scratch_ = sdk::ValueToText(v))
                                           : v.s;
                AppendCsvField(line, s, options_.delimiter, s == options_.null_format);
            }
            line += '\n';
            if (encoder_ && encoder_->Append(line_, text_) != std::string::npos) {
                dirty.push_back({r, UnencodableReason(row)});
            }
        }
        return output_->Write(text_);
    }

    Status Commit() override { return output_ ? output_->Flush() : Status::Ok(); }
    Status Rollback() override { return Status::Ok(); }
    Status Close() override {
        if (!output_) {
            return Status::Ok();
        }
        Status st = output_->Close();
        output_.reset();
        return st;
    }

private:
    std::string UnencodableReason(const sdk::Record& row) {
        for (std::size_t i = 0; i < row.size(); ++i) {
            if (row[i].is_null() || row[i].kind == sdk::ValueKind::kInt) {
                continue;
            }
            std::string s = sdk::ValueToText(row[i]);
            std::size_t bad = encoder_->Append(s, scratch_);
            scratch_.clear();
            if (bad != std::string::npos) {
                return "column index " + std::to_string(i) + ": " + DescribeCharAt(s, bad) + " cannot be written in " +
                       options_.encoding;
            }
        }
        return "a character cannot be written in " + options_.encoding;
    }

    std::string file_;
    const TxtFileWriterPlugin::Options& options_;
    std::unique_ptr<TextFileOutput> output_;
    std::unique_ptr<TextEncoder> encoder_;  // null for UTF-8
    std::string text_;
    std::string line_;
    std::string scratch_;
};

Status MakeDirs(const std::string& dir) {
    std::string partial;
    for (std::size_t i = 0; i <= dir.size(); ++i) {
        if (i == dir.size() || (dir[i] == '/' && i > 0)) {
            partial = dir.substr(0, i);
            if (::mkdir(partial.c_str(), 0755) != 0 && errno != EEXIST) {
                return Status::InvalidArgument("cannot create directory " + partial + ": " + std::strerror(errno));
            }
        }
    }
    return Status::Ok();
}

std::vector<std::string> FilesWithPrefix(const std::string& dir, const std::string& prefix) {
    std::vector<std::string> out;
    DIR* d = ::opendir(dir.c_str());
    if (!d) {
        return out;
    }
    while (dirent* e = ::readdir(d)) {
        std::string name = e->d_name;
        if (name != "." && name != ".." && name.rfind(prefix, 0) == 0) {
            out.push_back(dir + "/" + name);
        }
    }
    ::closedir(d);
    return out;
}

}  // namespace

Result<std::unique_ptr<WriterPlugin>> TxtFileWriterPlugin::Create(const JsonParams& p, const EngineEnv&) {
    auto plugin = std::make_unique<TxtFileWriterPlugin>();
    Options& o = plugin->options_;
    auto path = p.RequiredString("path");
    if (!path.ok()) {
        return path.status();
    }
    o.dir = path.value();
    while (o.dir.size() > 1 && o.dir.back() == '/') {
        o.dir.pop_back();
    }
    plugin->path_key_ = p.PathOf("path");
    auto file_name = p.RequiredString("fileName");
    if (!file_name.ok()) {
        return file_name.status();
    }
    if (file_name.value().find('/') != std::string::npos) {
        return Status::InvalidArgument(p.PathOf("fileName") + ": must be a file name without '/'");
    }
    o.file_name = file_name.value();
    auto mode = p.RequiredString("writeMode");
    if (!mode.ok()) {
        return mode.status();
    }
    if (mode.value() != "truncate" && mode.value() != "append" && mode.value() != "nonConflict") {
        return Status::InvalidArgument(p.PathOf("writeMode") + ": expected truncate, append or nonConflict, got \"" +
                                       mode.value() + "\"");
    }
    o.write_mode = mode.value();
    auto format = ParseTextFormat(p);
    if (!format.ok()) {
        return format.status();
    }
    static_cast<TextFormat&>(o) = format.value();
    auto header = p.StringList("header");
    if (!header.ok()) {
        return header.status();
    }
    o.header = header.value();
    auto gzip = ParseCompress(p);
    if (!gzip.ok()) {
        return gzip.status();
    }
    o.gzip = gzip.value();
    return std::unique_ptr<WriterPlugin>(std::move(plugin));
}

Status TxtFileWriterPlugin::Prepare() {
    Status st = MakeDirs(options_.dir);
    if (!st.ok()) {
        return st.WithContext(path_key_);
    }
    auto existing = FilesWithPrefix(options_.dir, options_.file_name);
    if (options_.write_mode == "truncate") {
        for (const auto& f : existing) {
            if (::unlink(f.c_str()) != 0) {
                return Status::InvalidArgument(path_key_ + ": cannot delete " + f + ": " + std::strerror(errno));
            }
        }
    } else if (options_.write_mode == "nonConflict" && !existing.empty()) {
        return Status::AlreadyExists(path_key_ + ": writeMode nonConflict, but " + existing.front() +
                                     " already exists");
    }
    return Status::Ok();
}

Result<std::vector<std::unique_ptr<WriterTask>>> TxtFileWriterPlugin::Split(std::size_t task_count) {
    std::mt19937_64 rng(static_cast<std::uint64_t>(std::chrono::steady_clock::now().time_since_epoch().count()) ^
                        static_cast<std::uint64_t>(::getpid()));
    std::vector<std::unique_ptr<WriterTask>> tasks;
    for (std::size_t i = 0; i < task_count; ++i) {
        char suffix[40];
        std::snprintf(suffix, sizeof suffix, "%016llx_%04zu", static_cast<unsigned long long>(rng()), i);
        std::string file = options_.dir + "/" + options_.file_name + "__" + suffix + (options_.gzip ? ".gz" : "");
        tasks.push_back(std::make_unique<TxtFileWriterTask>(file, options_));
    }
    return tasks;
}

}  // namespace dbbridge::core::engine
