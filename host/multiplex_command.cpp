// `dbbridge multiplex REQUEST.json`: one seed-004 request from a file, reply printed as JSON.
#include <memory>
#include <ostream>

#include "core/multiplex/multiplex_service.h"
#include "host/app.h"
#include "host/commands.h"

namespace dbbridge::host {

namespace {

struct MultiplexArgs {
    std::string path;
    bool print_report = false;
};

int RunMultiplex(const MultiplexArgs& args, const CommandContext& ctx) {
    auto config = ctx.LoadConfig();
    if (!config.ok()) {
        return kExitUsage;
    }
    App app(*config);
    app.LoadPlugins(*ctx.err);
    auto st = app.OpenServices();
    if (!st.ok()) {
        *ctx.err << "dbbridge: " << st.message() << "\n";
        return kExitFailure;
    }
    return core::multiplex::RunMultiplexFile(args.path, app.multiplex(), *ctx.out, args.print_report);
}

}  // namespace

void AddMultiplexCommand(CommandLine& cli) {
    auto args = std::make_shared<MultiplexArgs>();
    CLI::App* cmd = cli.Add("multiplex", "Run a multiplex compare request (seed 004 body) and print the reply",
                            [args](const CommandContext& ctx) { return RunMultiplex(*args, ctx); });
    cmd->footer("Runs the body of POST /multiplex/multiplex against the datasources saved in the store and\n"
                "routed by multiplex.targets. Exit code 0 when the reply code is 0, 1 otherwise, 2 bad command line.");
    cmd->add_option("request", args->path, "Request body file")->type_name("REQUEST.json")->required();
    cmd->add_flag("--report", args->print_report, "Also print the stored report");
}

}  // namespace dbbridge::host
