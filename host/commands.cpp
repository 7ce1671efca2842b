#include "host/commands.h"

#include <ostream>

#include "core/config/app_config.h"
#include "core/plugin/plugin_registry.h"
#include "host/plugin_dirs.h"
#include "host/user_command.h"

namespace dbbridge::host {

namespace {

using CommandRegistrar = void (*)(CommandLine&);

// Every command of the executable, in the order `dbbridge --help` lists them.
constexpr CommandRegistrar kCommands[] = {
    AddServeCommand, AddRunCommand, AddMultiplexCommand, AddTranspileCommand, AddPluginsCommand, AddConfigCommands,
    AddUserCommand, AddDiffCommand,
    [](CommandLine& cli) { cli.AddVersionCommand(); },
};

std::string Join(const std::vector<std::string>& v) {
    std::string s;
    for (const auto& x : v) {
        s += (s.empty() ? "" : ", ") + x;
    }
    return s.empty() ? "-" : s;
}

int ListPlugins(const core::AppConfig& config, std::ostream& out) {
    core::PluginRegistry registry;
    auto dirs = PluginDirectories(config.plugins.dir);
    if (dirs.empty()) {
        out << "no plugin directory found (set plugins.dir in the configuration)\n";
        return kExitFailure;
    }
    for (const auto& d : dirs) {
        out << "plugin directory: " << d << "\n";
        registry.LoadDirectory(d);
    }
    int loaded = 0;
    for (const auto& r : registry.Reports()) {
        out << "\n" << r.file << "\n";
        if (!r.loaded) {
            out << "  SKIPPED: " << r.error << "\n";
            continue;
        }
        ++loaded;
        out << "  plugin:   " << r.name << " " << r.version << " (ABI " << r.abi_version << ")\n"
            << "  dialects: " << Join(r.dialects) << "\n"
            << "  readers:  " << Join(r.datax_readers) << "\n"
            << "  writers:  " << Join(r.datax_writers) << "\n";
        if (!r.error.empty()) {
            out << "  note:     " << r.error << "\n";
        }
    }
    out << "\n" << loaded << " plugin(s) loaded, " << registry.Reports().size() - loaded << " skipped\n";
    return kExitOk;
}

}  // namespace

void AddPluginsCommand(CommandLine& cli) {
    cli.Add("plugins", "List plugins: file, dialects, DataX names, ABI version, or why skipped",
            [](const CommandContext& ctx) {
                auto config = ctx.LoadConfig();
                return config.ok() ? ListPlugins(*config, *ctx.out) : kExitUsage;
            });
}

int RunCli(const std::vector<std::string>& argv, std::istream& in, std::ostream& out, std::ostream& err,
           const std::atomic<bool>* cancel, std::atomic<bool>* reopen_logs) {
    CommandLine cli;
    for (CommandRegistrar add : kCommands) {
        add(cli);
    }
    return cli.Run(argv, in, out, err, cancel, reopen_logs);
}

}  // namespace dbbridge::host
