#pragma once
// The dbbridge command line on CLI11. Each command lives in its own file and adds itself with one
// registrar function (listed in commands.cpp); CommandLine owns parsing, help, --version and the
// exit codes, so a command only declares its options and says what to run.

#include <CLI/CLI.hpp>

#include <atomic>
#include <functional>
#include <iosfwd>
#include <string>
#include <vector>

#include "core/config/app_config.h"
#include "dbbridge/sdk/status.h"

namespace dbbridge::host {

// What a command receives when it runs: the streams, the cancel flag (SIGINT/SIGTERM) and the
// configuration file named on the command line (empty: ./dbbridge.yaml when present).
struct CommandContext {
    std::string config_path;
    std::istream* in = nullptr;
    std::ostream* out = nullptr;
    std::ostream* err = nullptr;
    const std::atomic<bool>* cancel = nullptr;
    std::atomic<bool>* reopen_logs = nullptr;  // set by SIGHUP; serve clears it when done

    // Loads the configuration and prints its warnings; on failure prints the reason to err.
    sdk::Result<core::AppConfig> LoadConfig() const;
};

using CommandRunner = std::function<int(const CommandContext&)>;

// Exit codes shared by every command.
inline constexpr int kExitOk = 0;
inline constexpr int kExitFailure = 1;
inline constexpr int kExitUsage = 2;  // bad command line: unknown option, missing value, bad value

class CommandLine {
public:
    CommandLine();

    // Adds the sub-command `name`; `run` is called when the command line selects it. Declare the
    // command's options on the returned app. Every command accepts --config.
    CLI::App* Add(const std::string& name, const std::string& description, CommandRunner run);
    // A sub-command of `parent` (e.g. `config check`), same contract as Add.
    CLI::App* AddTo(CLI::App* parent, const std::string& name, const std::string& description, CommandRunner run);
    // A group such as `config` or `user` whose sub-commands do the work; prints its help if
    // called alone.
    CLI::App* AddGroup(const std::string& name, const std::string& description);

    // `dbbridge version`, the same text as --version.
    void AddVersionCommand();

    // Parses argv and runs the chosen command; returns the process exit code (2 for a bad command line).
    int Run(const std::vector<std::string>& argv, std::istream& in, std::ostream& out, std::ostream& err,
            const std::atomic<bool>* cancel, std::atomic<bool>* reopen_logs = nullptr);

private:
    void AddConfigOption(CLI::App* app);
    int ReportParseError(const CLI::ParseError& e, std::ostream& out, std::ostream& err);

    CLI::App root_;
    std::string config_path_;
    std::vector<std::pair<CLI::App*, CommandRunner>> commands_;
};

}  // namespace dbbridge::host
