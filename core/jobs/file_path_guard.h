#pragma once
// Keeps the file plugins of jobs saved and run through the job service (HTTP, run --config-id)
// inside one folder, paths.files: every "path" of a reader or writer (txtfilereader,
// txtfilewriter, streamwriter's path + "/" + fileName, any later plugin's) must resolve (made
// absolute against the working directory like the engine does, symlinks and ".." followed) to
// that folder or below. A reader path may be a directory (each file in it is checked) or a glob
// pattern (its fixed leading part and every current match are checked). `dbbridge run job.json`
// does not use this: a local job file has the user's own access.
// Checked at save and again right before each run (files may have changed since). A symlink
// swapped in between that check and the engine opening the file is not caught.
// Thread-safe (immutable after Create).

#include <Poco/JSON/Object.h>

#include <string>

#include "dbbridge/sdk/status.h"

namespace dbbridge::core {

class FilePathGuard {
public:
    // Creates root when missing. kInternal when it cannot be created.
    static sdk::Result<FilePathGuard> Create(const std::string& root);

    // kInvalidArgument naming the JSON path ("job.content[0].reader.parameter.path") of the first
    // path outside the root. Job text that is not JSON passes (the engine reports it).
    sdk::Status CheckJob(const std::string& job_text) const;

    const std::string& root() const { return root_; }

private:
    explicit FilePathGuard(std::string root) : root_(std::move(root)) {}
    sdk::Status CheckSide(const std::string& name, const Poco::JSON::Object::Ptr& parameter,
                          const std::string& side_path) const;
    sdk::Status CheckReaderPath(const std::string& path, const std::string& json_path) const;
    sdk::Status CheckWriterPath(const std::string& path, const std::string& json_path) const;
    bool Inside(const std::string& path) const;
    sdk::Status Outside(const std::string& json_path, const std::string& path, const std::string& resolved) const;

    std::string root_;  // canonical
};

}  // namespace dbbridge::core
