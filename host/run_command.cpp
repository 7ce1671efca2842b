// `dbbridge run JOB.json [-p "-Dk=v ..."]`: a drop-in for `python datax.py JOB.json`.
#include <memory>
#include <ostream>

#include "core/engine/run_command.h"
#include "core/jobs/job_service.h"
#include "host/app.h"
#include "host/commands.h"

namespace dbbridge::host {

namespace {

struct RunArgs {
    std::string job_path;
    std::vector<std::string> params;  // each -p value, joined with spaces as datax.py does
    std::int64_t config_id = 0;
};

int RunSavedConfig(const core::AppConfig& config, const RunArgs& args, const CommandContext& ctx) {
    // A saved config runs through the job service, so the run is recorded like one from the API.
    App app(config);
    app.LoadPlugins(*ctx.err);
    auto st = app.OpenJobs(/*recover_interrupted_runs=*/false);
    if (!st.ok()) {
        *ctx.err << "dbbridge: " << st.message() << "\n";
        return kExitFailure;
    }
    return app.jobs().RunSavedConfig(args.config_id, "", *ctx.out, ctx.cancel);
}

int RunJob(const RunArgs& args, const CommandContext& ctx) {
    auto config = ctx.LoadConfig();
    if (!config.ok()) {
        return kExitUsage;
    }
    if (args.config_id > 0) {
        return RunSavedConfig(*config, args, ctx);
    }
    core::engine::RunOptions options;
    options.stall_timeout_seconds = config->engine.stall_timeout_seconds;
    options.job_path = args.job_path;
    for (const auto& p : args.params) {
        options.params += (options.params.empty() ? "" : " ") + p;
    }
    App app(*config);
    app.LoadPlugins(*ctx.err);
    return core::engine::RunJobFile(options, app.registry(), &app.resolver(), *ctx.out, ctx.cancel);
}

}  // namespace

void AddRunCommand(CommandLine& cli) {
    auto args = std::make_shared<RunArgs>();
    CLI::App* cmd = cli.Add("run", "Run a DataX job file (drop-in for 'python datax.py JOB.json') or a saved config",
                            [args](const CommandContext& ctx) { return RunJob(*args, ctx); });
    cmd->footer("Prints DataX's log, progress lines and summary.\n"
                "Exit code: 0 success, 1 failure, 2 bad command line, 143 killed (SIGINT/SIGTERM roll back open "
                "writes).");
    auto* job = cmd->add_option("job", args->job_path, "DataX job file")->type_name("JOB.json");
    cmd->add_option("-p,--params", args->params, "Job parameters, e.g. \"-Dname=value -Dother=value\"")
        ->type_name("\"-Dk=v ...\"")
        ->allow_extra_args(false);
    auto* id = cmd->add_option("--config-id", args->config_id, "Run a saved job config and record it like the API does")
                   ->type_name("N")
                   ->check(CLI::PositiveNumber);
    job->excludes(id);
    cmd->callback([job, id] {
        if (job->count() == 0 && id->count() == 0) {
            throw CLI::RequiredError("a job file (JOB.json) or --config-id");
        }
    });
}

}  // namespace dbbridge::host
