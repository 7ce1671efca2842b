#include "core/jobs/file_path_guard.h"

#include <glob.h>

#include <filesystem>
#include <vector>

#include "core/engine/json_params.h"
#include "core/jobs/job_json.h"

namespace dbbridge::core {

namespace fs = std::filesystem;
using sdk::Result;
using sdk::Status;

namespace {

bool HasWildcard(const std::string& s) { return s.find_first_of("*?[") != std::string::npos; }

// The canonical form of path as far as it exists, the rest appended lexically ("" on error).
std::string Resolve(const fs::path& path) {
    std::error_code ec;
    fs::path r = fs::weakly_canonical(fs::absolute(path, ec), ec);
    return ec ? "" : r.lexically_normal().string();
}

// The components of a pattern before the first one with a wildcard.
fs::path FixedPrefix(const fs::path& pattern) {
    fs::path prefix;
    for (const auto& part : pattern) {
        if (HasWildcard(part.string())) {
            break;
        }
        prefix /= part;
    }
    return prefix;
}

}  // namespace

Result<FilePathGuard> FilePathGuard::Create(const std::string& root) {
    std::error_code ec;
    fs::create_directories(root, ec);
    if (ec || !fs::is_directory(root)) {
        return Status::Internal("paths.files: cannot create directory " + root +
                                (ec ? ": " + ec.message() : std::string()));
    }
    fs::path canonical = fs::canonical(fs::absolute(root), ec);
    if (ec) {
        return Status::Internal("paths.files: cannot resolve " + root + ": " + ec.message());
    }
    return FilePathGuard(canonical.string());
}

bool FilePathGuard::Inside(const std::string& path) const {
    if (path.empty()) {
        return false;
    }
    if (root_ == "/") {
        return true;
    }
    return path == root_ ||
           (path.size() > root_.size() && path.compare(0, root_.size(), root_) == 0 && path[root_.size()] == '/');
}

Status FilePathGuard::Outside(const std::string& json_path, const std::string& path,
                              const std::string& resolved) const {
    std::string shown = "'" + path + "'";
    if (!resolved.empty() && resolved != path) {
        shown += " (resolves to " + resolved + ")";
    }
    return Status::InvalidArgument(json_path + ": " + shown + " is outside the folder saved jobs may use for files (" +
                                   root_ + ", paths.files)");
}

Status FilePathGuard::CheckReaderPath(const std::string& path, const std::string& json_path) const {
    const fs::path p(path);
    std::error_code ec;
    if (!HasWildcard(path) && fs::is_directory(p, ec)) {
        const std::string dir = Resolve(p);
        if (!Inside(dir)) {
            return Outside(json_path, path, dir);
        }
        // The reader takes every file in it, following symlinks.
        for (const auto& entry : fs::directory_iterator(p, ec)) {
            const std::string file = Resolve(entry.path());
            if (!Inside(file)) {
                return Outside(json_path, entry.path().string(), file);
            }
        }
        return Status::Ok();
    }
    const std::string fixed = Resolve(FixedPrefix(p));
    if (!Inside(fixed)) {
        return Outside(json_path, path, fixed);
    }
    glob_t g{};
    if (::glob(path.c_str(), 0, nullptr, &g) == 0) {
        for (std::size_t i = 0; i < g.gl_pathc; ++i) {
            const std::string file = Resolve(g.gl_pathv[i]);
            if (!Inside(file)) {
                const std::string match = g.gl_pathv[i];
                globfree(&g);
                return Outside(json_path, match, file);
            }
        }
    }
    globfree(&g);
    return Status::Ok();
}

Status FilePathGuard::CheckWriterPath(const std::string& path, const std::string& json_path) const {
    const std::string dir = Resolve(path);
    return Inside(dir) ? Status::Ok() : Outside(json_path, path, dir);
}

Status FilePathGuard::CheckSide(const std::string& name, const Poco::JSON::Object::Ptr& parameter,
                                const std::string& side_path) const {
    if (!parameter->has("path")) {
        return Status::Ok();
    }
    // Only txtfilereader reads what "path" names (a file, a folder or a pattern); every other
    // plugin with a "path" (txtfilewriter, streamwriter, any later file plugin) writes there.
    const bool reads = name == "txtfilereader";
    const std::string json_path = side_path + ".parameter.path";
    auto paths = engine::JsonParams::AsStringList(parameter->get("path"), json_path);
    if (!paths.ok()) {
        return paths.status();
    }
    std::string file_name;
    if (parameter->has("fileName") && parameter->get("fileName").isString()) {
        file_name = parameter->get("fileName").extract<std::string>();
    }
    const bool list = parameter->get("path").type() == typeid(Poco::JSON::Array::Ptr);
    for (std::size_t i = 0; i < paths->size(); ++i) {
        const std::string at = list ? json_path + "[" + std::to_string(i) + "]" : json_path;
        const std::string& path = paths.value()[i];
        if (path.empty()) {
            continue;  // the plugin reports it
        }
        if (reads) {
            DBB_RETURN_IF_ERROR(CheckReaderPath(path, at));
            continue;
        }
        DBB_RETURN_IF_ERROR(CheckWriterPath(path, at));
        if (!file_name.empty()) {
            // streamwriter writes path + "/" + fileName, and fileName may hold "../".
            DBB_RETURN_IF_ERROR(CheckWriterPath(path + "/" + file_name, side_path + ".parameter.fileName"));
        }
    }
    return Status::Ok();
}

Status FilePathGuard::CheckJob(const std::string& job_text) const {
    auto parsed = ParseJobJson(job_text, "job");
    if (!parsed.ok()) {
        return Status::Ok();
    }
    return ForEachJobSide(parsed.value(), [&](const std::string& name, Poco::JSON::Object::Ptr parameter, bool,
                                              const std::string& side_path) -> Status {
        return CheckSide(name, parameter, side_path);
    });
}

}  // namespace dbbridge::core
