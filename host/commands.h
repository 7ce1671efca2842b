#pragma once
// The dbbridge sub-commands. To add one: write `void AddXCommand(CommandLine&)` in its own file
// (declare options on the app CommandLine::Add returns, run in the callback) and list it below
// and in kCommands in commands.cpp.

#include <atomic>
#include <iosfwd>
#include <string>
#include <vector>

#include "host/cli/command_line.h"

namespace dbbridge::host {

void AddServeCommand(CommandLine& cli);
void AddRunCommand(CommandLine& cli);
void AddMultiplexCommand(CommandLine& cli);
void AddTranspileCommand(CommandLine& cli);
void AddPluginsCommand(CommandLine& cli);
void AddConfigCommands(CommandLine& cli);
void AddDiffCommand(CommandLine& cli);

// Builds the command line with every command, parses argv and runs the chosen one.
int RunCli(const std::vector<std::string>& argv, std::istream& in, std::ostream& out, std::ostream& err,
           const std::atomic<bool>* cancel, std::atomic<bool>* reopen_logs = nullptr);

}  // namespace dbbridge::host
