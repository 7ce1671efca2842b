#include "core/engine/txtfile_reader.h"

#include <glob.h>
#include <sys/stat.h>

#include <algorithm>
#include <dirent.h>

#include "core/engine/text_file.h"
#include "core/engine/value_convert.h"

namespace dbbridge::core::engine {

using sdk::Result;
using sdk::Status;

namespace {

constexpr std::int64_t kMaxColumnIndex = 100000;  // far beyond any real file; keeps c.index an int

class TxtFileReaderTask : public ReaderTask {
public:
    TxtFileReaderTask(std::string file, const TxtFileReaderPlugin::Options& options)
        : file_(std::move(file)), options_(options) {}

    Status Open() override {
        DBB_ASSIGN_OR_RETURN(auto in, TextFileInput::Open(file_, options_.compression, options_.encoding));
        input_ = std::move(in);
        if (options_.skip_header) {
            auto r = input_->SkipLine();
            if (!r.ok()) {
                return r.status();
            }
        }
        return Status::Ok();
    }

    Result<bool> Next(sdk::RecordBatch& batch, std::size_t max_rows, std::vector<DirtyRow>& dirty) override {
        batch.clear();
        while (batch.size() < max_rows) {
            DBB_ASSIGN_OR_RETURN(auto more, input_->NextRecord(options_.csv, fields_, quoted_));
            if (!more) {
                return false;
            }
            sdk::Record row;
            std::string reason;
            if (options_.all_columns) {
                row.reserve(fields_.size());
                for (std::size_t i = 0; i < fields_.size(); ++i) {
                    if (IsNull(i)) {
                        row.push_back(sdk::Value::Null());
                    } else {
                        row.push_back(sdk::Value::Text(std::move(fields_[i])));
                    }
                }
            } else {
                row.reserve(options_.columns.size());
                for (const auto& c : options_.columns) {
                    if (c.index < 0) {
                        row.push_back(c.constant);
                        continue;
                    }
                    auto idx = static_cast<std::size_t>(c.index);
                    if (idx >= fields_.size()) {
                        reason = file_ + " line " + std::to_string(input_->line()) + ": column index " +
                                 std::to_string(c.index) + " is beyond the record's " +
                                 std::to_string(fields_.size()) + " fields";
                        break;
                    }
                    if (IsNull(idx)) {
                        row.push_back(sdk::Value::Null());
                        continue;
                    }
                    auto v = ConvertText(c.type, fields_[idx], c.format, &options_.date_patterns);
                    if (v.ok() && c.type == sdk::DataxType::kDate) {
                        v = AsDateTime(std::move(v.value()));
                    }
                    if (!v.ok()) {
                        reason = file_ + " line " + std::to_string(input_->line()) + " column index " +
                                 std::to_string(c.index) + ": " + v.status().message();
                        break;
                    }
                    row.push_back(std::move(v.value()));
                }
            }
            if (!reason.empty()) {
                sdk::Record raw;
                for (auto& f : fields_) {
                    raw.push_back(sdk::Value::Text(f));
                }
                dirty.push_back({std::move(raw), std::move(reason)});
                continue;
            }
            batch.rows.push_back(std::move(row));
        }
        return true;
    }

    void Close() override { input_.reset(); }
    bool IsNull(std::size_t i) const {
        return options_.null_format && !quoted_[i] && fields_[i] == *options_.null_format;
    }
    std::string Describe() const override { return "txtfilereader file " + file_; }

private:
    std::string file_;
    const TxtFileReaderPlugin::Options& options_;
    std::unique_ptr<TextFileInput> input_;
    std::vector<std::string> fields_;
    std::vector<bool> quoted_;
};

Result<char> ParseDelimiter(const JsonParams& p, const std::string& key, char fallback) {
    DBB_ASSIGN_OR_RETURN(auto d, p.String(key, std::string(1, fallback)));
    const std::string& s = d;
    if (s == "\\t") {
        return '\t';  // a common spelling of the tab; DataX would refuse two characters
    }
    if (s.size() != 1) {
        return Status::InvalidArgument(p.PathOf(key) + ": must be exactly one character, got \"" + s + "\"");
    }
    return s[0];
}

// csvReaderConfig: the javacsv bean properties DataX passes through BeanUtils.populate. Any given
// map starts from javacsv's defaults, whose safetySwitch is on (DataX turns it off only when no
// csvReaderConfig is set).
Result<CsvReadOptions> ParseCsvReaderConfig(const JsonParams& p, char delimiter) {
    CsvReadOptions o;
    o.delimiter = delimiter;
    DBB_ASSIGN_OR_RETURN(auto config, p.Object("csvReaderConfig"));
    if (!config) {
        return o;
    }
    const JsonParams& c = *config;
    o.safety_switch = true;
    struct BoolKey {
        const char* key;
        bool* target;
    };
    for (BoolKey k : {BoolKey{"safetySwitch", &o.safety_switch}, BoolKey{"skipEmptyRecords", &o.skip_empty_records},
                      BoolKey{"useTextQualifier", &o.use_text_qualifier}, BoolKey{"trimWhitespace", &o.trim_whitespace},
                      BoolKey{"useComments", &o.use_comments}}) {
        DBB_ASSIGN_OR_RETURN(auto v, c.Bool(k.key, *k.target));
        *k.target = v;
    }
    for (auto [key, target] : {std::pair<const char*, char*>{"textQualifier", &o.text_qualifier},
                               std::pair<const char*, char*>{"comment", &o.comment},
                               std::pair<const char*, char*>{"delimiter", &o.delimiter}}) {
        if (c.Has(key)) {
            DBB_ASSIGN_OR_RETURN(auto v, ParseDelimiter(c, key, *target));
            *target = v;
        }
    }
    if (c.Has("recordDelimiter")) {
        auto rd = c.Get("recordDelimiter");
        bool zero = (rd.isNumeric() && rd.convert<double>() == 0.0) || (rd.isString() && rd.convert<std::string>().empty());
        if (!zero) {
            return Status::Unimplemented(c.PathOf("recordDelimiter") +
                                         ": a custom record delimiter is not supported; records end at \\n, "
                                         "\\r\\n or \\r (javacsv's default, 0)");
        }
    }
    DBB_ASSIGN_OR_RETURN(auto escape, c.Int("escapeMode", 1));
    if (escape != 1 && escape != 2) {
        return Status::InvalidArgument(c.PathOf("escapeMode") + ": expected 1 (doubled quotes) or 2 (backslash), got " +
                                       std::to_string(escape));
    }
    o.escape_backslash = escape == 2;
    return o;
}

}  // namespace

// Shared with txtfilewriter.
Result<std::string> ParseEncoding(const JsonParams& p) {
    DBB_ASSIGN_OR_RETURN(auto enc, p.String("encoding", "UTF-8"));
    const std::string name = JavaTrim(enc);
    if (name.empty()) {
        return std::string();  // blank: DataX's default, UTF-8
    }
    auto resolved = ResolveEncoding(name);
    if (!resolved.ok()) {
        return resolved.status().WithContext(p.PathOf("encoding"));
    }
    return resolved;
}

Result<Compression> ParseCompression(const JsonParams& p, bool writer) {
    DBB_ASSIGN_OR_RETURN(auto c, p.String("compress", ""));
    std::string v = JavaTrim(c);
    std::transform(v.begin(), v.end(), v.begin(), ::tolower);
    if (v.empty() || v == "none") {
        return Compression::kNone;
    }
    if (v == "gzip") {
        return Compression::kGzip;
    }
    if (v == "bzip2") {
        return Compression::kBzip2;
    }
    if (v == "zip") {
        return Compression::kZip;
    }
    if (v == "lzo" || v == "lzop" || v == "lzo_deflate" || v == "hadoop-snappy" || v == "framing-snappy" ||
        v == "snappy") {
        return Status::Unimplemented(p.PathOf("compress") + ": \"" + c +
                                     "\" is not supported: Debian has no maintained lzo/snappy stream library "
                                     "matching DataX's formats; use gzip, bzip2 or zip");
    }
    return Status::InvalidArgument(p.PathOf("compress") + ": unsupported compress format \"" + c + "\" (" +
                                   (writer ? "gzip, bzip2 or zip" : "gzip, bzip2 or zip, as DataX's txtfilereader") +
                                   ")");
}

Result<std::unique_ptr<ReaderPlugin>> TxtFileReaderPlugin::Create(const JsonParams& p, const EngineEnv& env) {
    auto plugin = std::make_unique<TxtFileReaderPlugin>();
    if (env.column_formats) {
        plugin->options_.date_patterns = env.column_formats->parse_patterns;
    }
    DBB_ASSIGN_OR_RETURN(auto paths, p.StringList("path"));
    if (paths.empty()) {
        return Status::InvalidArgument(p.PathOf("path") + ": is required");
    }
    plugin->paths_ = paths;
    plugin->path_key_ = p.PathOf("path");
    Options& o = plugin->options_;
    DBB_ASSIGN_OR_RETURN(auto delimiter, ParseDelimiter(p, "fieldDelimiter", ','));
    DBB_ASSIGN_OR_RETURN(auto csv, ParseCsvReaderConfig(p, delimiter));
    o.csv = csv;
    DBB_ASSIGN_OR_RETURN(auto encoding, ParseEncoding(p));
    o.encoding = encoding;
    if (p.Has("nullFormat")) {
        DBB_ASSIGN_OR_RETURN(auto null_format, p.String("nullFormat", ""));
        o.null_format = null_format;
    }
    DBB_ASSIGN_OR_RETURN(auto skip, p.Bool("skipHeader", false));
    o.skip_header = skip;
    DBB_ASSIGN_OR_RETURN(auto compression, ParseCompression(p, /*writer=*/false));
    o.compression = compression;

    Poco::Dynamic::Var column = p.Get("column");
    if (column.isEmpty()) {
        return std::unique_ptr<ReaderPlugin>(std::move(plugin));
    }
    if (!IsJsonArray(column)) {
        return Status::InvalidArgument(p.PathOf("column") + ": expected [\"*\"] or a list of {index, type}, got " +
                                       DescribeJson(column));
    }
    auto arr = column.extract<Poco::JSON::Array::Ptr>();
    if (arr->size() == 1 && arr->get(0).isString() && arr->get(0).convert<std::string>() == "*") {
        return std::unique_ptr<ReaderPlugin>(std::move(plugin));
    }
    o.all_columns = false;
    for (std::size_t i = 0; i < arr->size(); ++i) {
        std::string path = p.PathOf("column") + "[" + std::to_string(i) + "]";
        Poco::Dynamic::Var item = arr->get(static_cast<unsigned>(i));
        if (!IsJsonObject(item)) {
            return Status::InvalidArgument(path + ": expected an object like {\"index\":0,\"type\":\"long\"}, got " +
                                           DescribeJson(item));
        }
        JsonParams col(item.extract<Poco::JSON::Object::Ptr>(), path);
        // TxtFileReader.Job#validateParameter: type is required, index and value exclusive.
        if (!col.Has("type")) {
            return Status::InvalidArgument(col.PathOf("type") + ": is required (long, double, string, date, boolean)");
        }
        if (col.Has("index") && col.Has("value")) {
            return Status::InvalidArgument(path + ": set either \"index\" or \"value\", not both");
        }
        DBB_ASSIGN_OR_RETURN(auto typed, ParseTypedColumn(col, "format"));
        Column c;
        c.type = typed.type;
        c.format = typed.format;
        if (col.Has("index")) {
            DBB_ASSIGN_OR_RETURN(auto idx, col.Int("index", 0));
            if (idx < 0) {
                return Status::InvalidArgument(col.PathOf("index") + ": must be 0 or more, got " +
                                               std::to_string(idx));
            }
            if (idx > kMaxColumnIndex) {
                return Status::InvalidArgument(col.PathOf("index") + ": " + std::to_string(idx) +
                                               " is too large (at most " + std::to_string(kMaxColumnIndex) + ")");
            }
            c.index = static_cast<int>(idx);
        } else if (typed.constant) {
            c.constant = c.type == sdk::DataxType::kDate ? AsDateTime(*typed.constant) : *typed.constant;
        } else {
            return Status::InvalidArgument(path + ": needs \"index\" or \"value\"");
        }
        o.columns.push_back(std::move(c));
    }
    return std::unique_ptr<ReaderPlugin>(std::move(plugin));
}

Result<std::vector<std::unique_ptr<ReaderTask>>> TxtFileReaderPlugin::Split(int) {
    std::vector<std::string> files;
    for (const auto& pattern : paths_) {
        struct stat st {};
        if (::stat(pattern.c_str(), &st) == 0 && S_ISDIR(st.st_mode)) {
            DIR* dir = ::opendir(pattern.c_str());
            if (!dir) {
                return Status::NotFound(path_key_ + ": cannot read directory " + pattern);
            }
            std::vector<std::string> in_dir;
            while (dirent* e = ::readdir(dir)) {
                std::string full = pattern + "/" + e->d_name;
                struct stat fst {};
                if (e->d_name[0] != '.' && ::stat(full.c_str(), &fst) == 0 && S_ISREG(fst.st_mode)) {
                    in_dir.push_back(full);
                }
            }
            ::closedir(dir);
            std::sort(in_dir.begin(), in_dir.end());
            files.insert(files.end(), in_dir.begin(), in_dir.end());
            continue;
        }
        glob_t g{};
        int rc = ::glob(pattern.c_str(), 0, nullptr, &g);
        if (rc == 0) {
            for (std::size_t i = 0; i < g.gl_pathc; ++i) {
                files.emplace_back(g.gl_pathv[i]);
            }
        }
        globfree(&g);
        if (rc != 0) {
            return Status::NotFound(path_key_ + ": no file matches \"" + pattern + "\"");
        }
    }
    std::vector<std::unique_ptr<ReaderTask>> tasks;
    for (const auto& f : files) {
        tasks.push_back(std::make_unique<TxtFileReaderTask>(f, options_));
    }
    if (tasks.empty()) {
        return Status::NotFound(path_key_ + ": no file to read");
    }
    return tasks;
}

}  // namespace dbbridge::core::engine
