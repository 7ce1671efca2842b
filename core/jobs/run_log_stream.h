#pragma once
// The output stream of one run: appends to the run's log file and hands every complete line to
// the file at once (so /api/config/log can tail a live run), optionally copying everything to a
// second stream (the terminal, for `dbbridge run --config-id`).
// Not thread-safe by itself; the engine's JobLog serialises writers.

#include <memory>
#include <ostream>
#include <streambuf>
#include <string>

#include "dbbridge/sdk/status.h"

namespace dbbridge::core {

class RunLogStream : public std::ostream {
public:
    // Opens path for appending (created when missing). mirror may be null.
    static sdk::Result<std::unique_ptr<RunLogStream>> Open(const std::string& path, std::ostream* mirror);
    ~RunLogStream() override;

    // Empty while every line reached the file; else why the first write failed (disk full, file
    // size limit) and how many bytes the file got: the lines after it are lost, the run is not.
    std::string WriteError() const;

private:
    class Buffer;
    explicit RunLogStream(std::unique_ptr<Buffer> buffer);
    std::unique_ptr<Buffer> buffer_;
};

// Appends text to the file at path (created when missing); used for lines written outside a run.
sdk::Status AppendToFile(const std::string& path, const std::string& text);

}  // namespace dbbridge::core
