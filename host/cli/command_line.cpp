#include "host/cli/command_line.h"

#include <ostream>

#include "dbbridge/sdk/plugin.h"

namespace dbbridge::host {

namespace {

const char* kExamples = R"(
examples:
  dbbridge serve --config /etc/dbbridge/dbbridge.yaml
  dbbridge run JOB.json -p "-Dname=value"     (drop-in for 'python datax.py JOB.json')
  dbbridge run --config-id 12
  dbbridge transpile --from ORACLE --to POSTGRESQL "SELECT SYSDATE FROM DUAL"
  dbbridge config check --config dbbridge.yaml
Run 'dbbridge COMMAND --help' for a command's options.
)";

std::string VersionText() {
    return std::string("dbbridge ") + DBB_VERSION + " (plugin ABI " + std::to_string(sdk::kAbiVersion) + ", " +
           DBB_TOOLCHAIN_FINGERPRINT + ")";
}

// "dbbridge config check": the chain of selected (sub-)commands, for error messages.
std::string CommandPath(const CLI::App& root) {
    std::string path = root.get_name();
    const CLI::App* app = &root;
    while (!app->get_subcommands().empty()) {
        app = app->get_subcommands().front();
        path += " " + app->get_name();
    }
    return path;
}

}  // namespace

sdk::Result<core::AppConfig> CommandContext::LoadConfig() const {
    auto config = core::LoadConfig(config_path);
    if (!config.ok()) {
        *err << "dbbridge: " << config.status().message() << "\n";
        return config.status();
    }
    for (const auto& w : config->warnings) {
        *err << "dbbridge: warning: " << w << "\n";
    }
    return config;
}

CommandLine::CommandLine() : root_("dbbridge: DataX-compatible data sync, HTTP API and multiplex compare", "dbbridge") {
    root_.set_version_flag("--version", VersionText());
    root_.footer(kExamples);
    root_.require_subcommand(0, 1);
    AddConfigOption(&root_);
}

void CommandLine::AddVersionCommand() {
    Add("version", "Print the version, plugin ABI and toolchain", [](const CommandContext& ctx) {
        *ctx.out << VersionText() << "\n";
        return kExitOk;
    });
}

void CommandLine::AddConfigOption(CLI::App* app) {
    app->add_option("-c,--config", config_path_, "Configuration file (default: ./dbbridge.yaml when present)")
        ->type_name("FILE");
}

CLI::App* CommandLine::Add(const std::string& name, const std::string& description, CommandRunner run) {
    return AddTo(&root_, name, description, std::move(run));
}

CLI::App* CommandLine::AddTo(CLI::App* parent, const std::string& name, const std::string& description,
                             CommandRunner run) {
    CLI::App* app = parent->add_subcommand(name, description);
    app->footer("");  // the root's examples are not this command's
    AddConfigOption(app);
    commands_.emplace_back(app, std::move(run));
    return app;
}

CLI::App* CommandLine::AddGroup(const std::string& name, const std::string& description) {
    CLI::App* group = root_.add_subcommand(name, description);
    group->footer("");
    group->require_subcommand(1);
    return group;
}

int CommandLine::ReportParseError(const CLI::ParseError& e, std::ostream& out, std::ostream& err) {
    if (e.get_exit_code() == static_cast<int>(CLI::ExitCodes::Success)) {
        return root_.exit(e, out, err);  // --help, --version
    }
    const auto extras = root_.remaining();
    if (dynamic_cast<const CLI::ExtrasError*>(&e) != nullptr && root_.get_subcommands().empty() && !extras.empty() &&
        extras.front().rfind('-', 0) != 0) {
        std::string names;
        for (const CLI::App* sub : root_.get_subcommands({})) {
            names += (names.empty() ? "" : ", ") + sub->get_name();
        }
        err << "dbbridge: unknown command '" << extras.front() << "' (commands: " << names << ")\n"
            << "Run 'dbbridge --help' for usage.\n";
        return kExitUsage;
    }
    const std::string path = CommandPath(root_);
    err << path << ": " << e.what() << "\nRun '" << path << " --help' for usage.\n";
    return kExitUsage;  // CLI11's own codes (105-109) are not what scripts expect of a bad command line
}

int CommandLine::Run(const std::vector<std::string>& argv, std::istream& in, std::ostream& out, std::ostream& err,
                     const std::atomic<bool>* cancel, std::atomic<bool>* reopen_logs) {
    std::vector<std::string> reversed(argv.rbegin(), argv.rend());
    if (!reversed.empty()) {
        reversed.pop_back();  // the program name
    }
    try {
        root_.parse(reversed);
    } catch (const CLI::ParseError& e) {
        return ReportParseError(e, out, err);
    }
    CommandContext ctx{config_path_, &in, &out, &err, cancel, reopen_logs};
    for (const auto& [app, run] : commands_) {
        if (app->parsed()) {
            return run(ctx);
        }
    }
    out << root_.help();  // no command: the overview
    return kExitOk;
}

}  // namespace dbbridge::host
