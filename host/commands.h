#pragma once
// The dbbridge sub-commands. Each returns the process exit code.

#include <atomic>
#include <iosfwd>

#include "host/cli_options.h"

namespace dbbridge::host {

int RunCli(const CliOptions& options, std::ostream& out, std::ostream& err, const std::atomic<bool>* cancel);

}  // namespace dbbridge::host
