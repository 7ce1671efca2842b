// `dbbridge config check [--config FILE]`: what serve would refuse or ignore in a configuration.
#include <ostream>

#include "core/config/config_check.h"
#include "host/commands.h"

namespace dbbridge::host {

namespace {

int CheckConfigFile(const CommandContext& ctx) {
    const std::string shown = ctx.config_path.empty() ? "defaults (no --config, no ./dbbridge.yaml)" : ctx.config_path;
    auto config = core::LoadConfig(ctx.config_path);
    if (!config.ok()) {
        *ctx.err << "error: " << config.status().message() << "\n";
        return kExitFailure;
    }
    auto findings = core::CheckConfig(*config);
    for (const auto& f : findings) {
        const bool error = f.severity == core::ConfigFinding::Severity::kError;
        *ctx.err << (error ? "error: " : "warning: ") << (f.key.empty() ? "" : f.key + ": ") << f.message << "\n";
    }
    if (!findings.empty()) {
        *ctx.err << shown << ": " << findings.size() << " problem(s)\n";
        return kExitFailure;
    }
    *ctx.out << shown << ": ok\n";
    return kExitOk;
}

}  // namespace

void AddConfigCommands(CommandLine& cli) {
    CLI::App* group = cli.AddGroup("config", "Check a configuration file");
    CLI::App* check = cli.AddTo(group, "check", "Validate a configuration as serve does at start-up", CheckConfigFile);
    check->footer("Reports unknown keys (with the nearest known one), values of the wrong type or range, and\n"
                  "folders and files the server could not read or write. Exit code 0: no problem; 1: problems\n"
                  "(printed one a line, naming the key); 2: bad command line.");
}

}  // namespace dbbridge::host
