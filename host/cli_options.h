#pragma once
// Command-line parsing for the dbbridge executable.

#include <string>
#include <vector>

#include "dbbridge/sdk/status.h"

namespace dbbridge::host {

struct CliOptions {
    std::string command;  // serve | run | multiplex | transpile | plugins | version | help
    std::string config_path;
    bool help = false;
    std::vector<std::string> args;  // remaining positional / command-specific arguments
};

sdk::Result<CliOptions> ParseCli(const std::vector<std::string>& argv);

}  // namespace dbbridge::host
