#include "core/engine/txtfile_writer.h"

#include <dirent.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <random>
#include <set>

#include "core/engine/job_log.h"
#include "core/engine/text_file.h"
#include "core/engine/txtfile_reader.h"

namespace dbbridge::core::engine {

using sdk::Result;
using sdk::Status;

namespace {

class TxtFileWriterTask : public WriterTask {
public:
    TxtFileWriterTask(std::string file, const TxtFileWriterPlugin::Options& options, const TextRecordFormat& format)
        : file_(std::move(file)), options_(options), format_(format) {}

    Status Open() override {
        DBB_ASSIGN_OR_RETURN(auto out, TextFileOutput::Open(file_, options_.compression, false));
        output_ = std::move(out);
        if (!options_.encoding.empty()) {
            DBB_ASSIGN_OR_RETURN(auto encoder, TextEncoder::Open(options_.encoding));
            encoder_ = std::move(encoder);
        }
        std::string header = format_.Header();
        if (header.empty()) {
            return Status::Ok();
        }
        if (!encoder_) {
            return output_->Write(header);
        }
        std::string encoded;
        std::size_t bad = encoder_->Append(header, encoded);
        if (bad != std::string::npos) {
            return Status::InvalidArgument(file_ + ": header " + DescribeCharAt(header, bad) + " cannot be written in " +
                                           options_.encoding);
        }
        return output_->Write(encoded);
    }

    Status Write(const sdk::RecordBatch& batch, std::vector<sdk::DirtyRecord>& dirty) override {
        text_.clear();
        for (std::size_t r = 0; r < batch.rows.size(); ++r) {
            const sdk::Record& row = batch.rows[r];
            std::string& line = encoder_ ? line_ : text_;  // UTF-8 goes straight to text_
            line_.clear();
            format_.AppendRecord(row, line);
            if (encoder_ && encoder_->Append(line_, text_) != std::string::npos) {
                dirty.push_back({r, UnencodableReason(row)});
                continue;
            }
            text_ += format_.CommitAfter(++written_);
        }
        return output_->Write(text_);
    }

    Status Commit() override { return output_ ? output_->Flush() : Status::Ok(); }
    Status Rollback() override { return Status::Ok(); }
    Status Close() override {
        if (!output_) {
            return Status::Ok();
        }
        Status st = output_->Write(format_.FinalCommit());
        Status closed = output_->Close();
        output_.reset();
        return st.ok() ? closed : st;
    }

private:
    std::string UnencodableReason(const sdk::Record& row) {
        for (std::size_t i = 0; i < row.size(); ++i) {
            if (row[i].is_null() || row[i].kind == sdk::ValueKind::kInt) {
                continue;
            }
            std::string s = sdk::ValueToText(row[i]);
            std::string scratch;
            std::size_t bad = encoder_->Append(s, scratch);
            if (bad != std::string::npos) {
                return "column index " + std::to_string(i) + ": " + DescribeCharAt(s, bad) + " cannot be written in " +
                       options_.encoding;
            }
        }
        return "a character cannot be written in " + options_.encoding;
    }

    std::string file_;
    const TxtFileWriterPlugin::Options& options_;
    const TextRecordFormat& format_;
    std::unique_ptr<TextFileOutput> output_;
    std::unique_ptr<TextEncoder> encoder_;  // null for UTF-8
    std::string text_;
    std::string line_;
    std::int64_t written_ = 0;
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

// UUID.randomUUID().toString().replace('-', '_'): a version 4 UUID with underscores.
std::string UnderscoreUuid(std::mt19937_64& rng) {
    std::uint64_t hi = rng();
    std::uint64_t lo = rng();
    hi = (hi & ~0xF000ULL) | 0x4000ULL;                        // version 4
    lo = (lo & 0x3FFFFFFFFFFFFFFFULL) | 0x8000000000000000ULL;  // IETF variant
    char buf[40];
    std::snprintf(buf, sizeof buf, "%08llx_%04llx_%04llx_%04llx_%012llx", static_cast<unsigned long long>(hi >> 32),
                  static_cast<unsigned long long>((hi >> 16) & 0xFFFF), static_cast<unsigned long long>(hi & 0xFFFF),
                  static_cast<unsigned long long>(lo >> 48), static_cast<unsigned long long>(lo & 0xFFFFFFFFFFFFULL));
    return buf;
}

Result<FileFormat> ParseFileFormat(const JsonParams& p) {
    DBB_ASSIGN_OR_RETURN(auto v, p.String("fileFormat", ""));
    // UnstructuredStorageWriterUtil#validateParameter compares case-sensitively.
    if (v.empty() || v == "text") {
        return FileFormat::kText;
    }
    if (v == "csv") {
        return FileFormat::kCsv;
    }
    if (v == "sql") {
        return FileFormat::kSql;
    }
    return Status::InvalidArgument(p.PathOf("fileFormat") + ": unsupported fileFormat \"" + v +
                                   "\" (DataX accepts text, csv or sql)");
}

Status ParseSqlOptions(const JsonParams& p, TextRecordFormatOptions& o) {
    auto table = p.String("table", "");
    auto quote = p.String("quoteChar", "");
    auto commit = p.Int("commitSize", 2000);
    for (const auto* r : {&table, &quote}) {
        if (!r->ok()) {
            return r->status();
        }
    }
    if (!commit.ok()) {
        return commit.status();
    }
    // SqlWriter's Preconditions, with the JSON path.
    if (table.value().empty()) {
        return Status::InvalidArgument(p.PathOf("table") + ": table name is empty (fileFormat sql needs it)");
    }
    if (quote.value().empty()) {
        return Status::InvalidArgument(p.PathOf("quoteChar") + ": quote character is empty (fileFormat sql needs it)");
    }
    if (o.header.empty()) {
        return Status::InvalidArgument(p.PathOf("header") + ": column names are empty (fileFormat sql needs them)");
    }
    o.table = table.value();
    o.quote_char = quote.value();
    o.commit_size = commit.value();
    return Status::Ok();
}

Result<TextRecordFormatOptions> ParseRecordFormat(const JsonParams& p, const EngineEnv& env) {
    JobLog* log = env.log;
    TextRecordFormatOptions o;
    if (env.column_formats) {
        o.column_formats = *env.column_formats;
    }
    auto format = ParseFileFormat(p);
    if (!format.ok()) {
        return format.status();
    }
    o.format = format.value();
    auto delimiter = p.String("fieldDelimiter", ",");
    auto line = p.String("lineDelimiter", "\n");
    auto null_format = p.String("nullFormat", "null");
    auto byte_encoding = p.String("byteEncoding", "");
    for (const auto* r : {&delimiter, &line, &null_format, &byte_encoding}) {
        if (!r->ok()) {
            return r->status();
        }
    }
    if (o.format == FileFormat::kCsv && delimiter.value().size() != 1) {
        return Status::InvalidArgument(p.PathOf("fieldDelimiter") + ": fileFormat csv needs exactly one character, got \"" +
                                       delimiter.value() + "\"");
    }
    o.delimiter = delimiter.value();
    o.line_delimiter = line.value().empty() ? "\n" : line.value();
    o.null_format = null_format.value();
    o.null_format_set = p.Has("nullFormat");
    o.bytes_as_base64 = byte_encoding.value() == "base64" || byte_encoding.value() == "BASE64";
    // "format" is the old name; dateFormat wins when both are set (TxtFileWriter.Job#init).
    std::string date_key = p.Has("dateFormat") ? "dateFormat" : "format";
    DBB_ASSIGN_OR_RETURN(auto date, p.String(date_key, ""));
    if (date_key == "format" && !date.empty() && log) {
        log->Warn("TxtFileWriter$Job", "您使用format配置日期格式化, 这是不推荐的行为, 请优先使用dateFormat配置项 (" +
                                           p.PathOf("format") + ")");
    }
    if (!date.empty()) {
        auto compiled = JavaDateFormat::Compile(date);
        if (!compiled.ok()) {
            return compiled.status().WithContext(p.PathOf(date_key));
        }
        o.date_format = compiled.value();
    }
    DBB_ASSIGN_OR_RETURN(auto header, p.StringList("header"));
    o.header = header;
    if (o.format == FileFormat::kSql) {
        DBB_RETURN_IF_ERROR(ParseSqlOptions(p, o));
    }
    if (p.Has("csvWriterConfig") && log) {
        log->Warn("TxtFileWriter$Job", p.PathOf("csvWriterConfig") +
                                           " is not applied: csv files are written with DataX's default settings");
    }
    return o;
}

Result<std::string> ParseWriteMode(const JsonParams& p) {
    DBB_ASSIGN_OR_RETURN(auto mode, p.RequiredString("writeMode"));
    const std::string m = JavaTrim(mode);
    if (m != "truncate" && m != "append" && m != "nonConflict") {
        return Status::InvalidArgument(p.PathOf("writeMode") + ": expected truncate, append or nonConflict, got \"" +
                                       mode + "\"");
    }
    return m;
}

}  // namespace

Result<std::unique_ptr<WriterPlugin>> TxtFileWriterPlugin::Create(const JsonParams& p, const EngineEnv& env) {
    Options o;
    auto path = p.RequiredString("path");
    if (!path.ok()) {
        return path.status();
    }
    o.dir = path.value();
    while (o.dir.size() > 1 && o.dir.back() == '/') {
        o.dir.pop_back();
    }
    DBB_ASSIGN_OR_RETURN(auto file_name, p.RequiredString("fileName"));
    if (file_name.find('/') != std::string::npos) {
        return Status::InvalidArgument(p.PathOf("fileName") + ": must be a file name without '/'");
    }
    o.file_name = file_name;
    auto suffix = p.String("suffix", "");
    if (!suffix.ok()) {
        return suffix.status();
    }
    o.suffix = JavaTrim(suffix.value());
    if (o.suffix.find('/') != std::string::npos) {
        return Status::InvalidArgument(p.PathOf("suffix") + ": must not contain '/'");
    }
    DBB_ASSIGN_OR_RETURN(auto mode, ParseWriteMode(p));
    o.write_mode = mode;
    DBB_ASSIGN_OR_RETURN(auto encoding, ParseEncoding(p));
    o.encoding = encoding;
    DBB_ASSIGN_OR_RETURN(auto compression, ParseCompression(p, /*writer=*/true));
    o.compression = compression;
    DBB_ASSIGN_OR_RETURN(auto format, ParseRecordFormat(p, env));
    auto plugin = std::unique_ptr<TxtFileWriterPlugin>(
        new TxtFileWriterPlugin(std::move(o), TextRecordFormat(std::move(format))));
    plugin->path_key_ = p.PathOf("path");
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
    std::random_device seed;
    std::mt19937_64 rng((static_cast<std::uint64_t>(seed()) << 32) ^ seed());
    std::set<std::string> taken;
    for (const auto& f : FilesWithPrefix(options_.dir, options_.file_name)) {
        taken.insert(f);
    }
    std::vector<std::unique_ptr<WriterTask>> tasks;
    for (std::size_t i = 0; i < task_count; ++i) {
        std::string file;
        do {
            file = options_.dir + "/" + options_.file_name + "__" + UnderscoreUuid(rng) + options_.suffix;
        } while (!taken.insert(file).second);
        tasks.push_back(std::make_unique<TxtFileWriterTask>(file, options_, format_));
    }
    return tasks;
}

}  // namespace dbbridge::core::engine
