#include "host/http/static_files.h"

#include <filesystem>
#include <fstream>
#include <sstream>

namespace dbbridge::host {

namespace {

namespace fs = std::filesystem;

std::string ContentTypeFor(const fs::path& file) {
    auto ext = file.extension().string();
    if (ext == ".html") return "text/html; charset=utf-8";
    if (ext == ".js" || ext == ".mjs") return "text/javascript; charset=utf-8";
    if (ext == ".css") return "text/css; charset=utf-8";
    if (ext == ".json" || ext == ".map") return "application/json";
    if (ext == ".svg") return "image/svg+xml";
    if (ext == ".png") return "image/png";
    if (ext == ".ico") return "image/x-icon";
    if (ext == ".woff2") return "font/woff2";
    if (ext == ".woff") return "font/woff";
    if (ext == ".ttf") return "font/ttf";
    return "application/octet-stream";
}

}  // namespace

StaticFiles::StaticFiles(std::string dir) : dir_(std::move(dir)) {}

bool StaticFiles::Available() const {
    std::error_code ec;
    return !dir_.empty() && fs::is_regular_file(fs::path(dir_) / "index.html", ec);
}

bool StaticFiles::IsApiPath(const std::string& url_path) {
    return url_path == "/api" || url_path.rfind("/api/", 0) == 0 || url_path == "/multiplex" ||
           url_path.rfind("/multiplex/", 0) == 0 || url_path == "/metrics";
}

std::optional<ApiReply> StaticFiles::Get(const std::string& url_path) const {
    if (dir_.empty() || url_path.empty() || url_path[0] != '/' || IsApiPath(url_path)) {
        return std::nullopt;
    }
    if (auto file = ReadFile(url_path == "/" ? "index.html" : url_path.substr(1))) {
        return file;
    }
    // A client-side route has no extension in its last segment; a missing asset stays a 404.
    if (fs::path(url_path).has_extension()) {
        return std::nullopt;
    }
    return ReadFile("index.html");
}

// Reads a file under dir_; refuses anything that resolves outside it (.., symlinks out).
std::optional<ApiReply> StaticFiles::ReadFile(const std::string& relative) const {
    std::error_code ec;
    fs::path root = fs::weakly_canonical(dir_, ec);
    if (ec) {
        return std::nullopt;
    }
    fs::path file = fs::weakly_canonical(root / relative, ec);
    if (ec || file.string().rfind(root.string() + "/", 0) != 0 || !fs::is_regular_file(file, ec)) {
        return std::nullopt;
    }
    std::ifstream in(file, std::ios::binary);
    if (!in) {
        return std::nullopt;
    }
    std::stringstream ss;
    ss << in.rdbuf();
    return ApiReply::Raw(ContentTypeFor(file), ss.str());
}

}  // namespace dbbridge::host
