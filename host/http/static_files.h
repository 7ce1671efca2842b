#pragma once
// The built web UI: files under one directory, and index.html for client-side routes (paths
// with no file extension that match no file), so /jobs/new reloads into the app. Paths under
// /api/ and /multiplex/ are never served from here: unknown ones stay 404 JSON from the router.
// Thread-safe (reads only).

#include <optional>
#include <string>

#include "host/http/api_reply.h"

namespace dbbridge::host {

class StaticFiles {
public:
    explicit StaticFiles(std::string dir);

    // True when the directory holds an index.html (the UI was built).
    bool Available() const;
    // The reply for GET url_path, or nullopt when the path is not the UI's (API paths, files
    // outside the directory, a missing file with an extension such as /assets/gone.js).
    std::optional<ApiReply> Get(const std::string& url_path) const;

    static bool IsApiPath(const std::string& url_path);

private:
    std::optional<ApiReply> ReadFile(const std::string& relative) const;

    std::string dir_;
};

}  // namespace dbbridge::host
