#pragma once
// Runs the real dbbridge executable with arguments and collects what it printed.

#include <string>

namespace dbbridge::testing {

struct CommandResult {
    int exit_code = -1;
    std::string output;  // stdout and stderr
};

// args is appended to the binary path and run by /bin/sh in cwd (empty: the current directory).
CommandResult RunDbbridge(const std::string& args, const std::string& cwd = "");

}  // namespace dbbridge::testing
