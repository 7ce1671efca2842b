// `dbbridge run JOB.json [datax.py options]`: a drop-in for `python datax.py JOB.json`, accepting
// every option datax.py accepts (core/src/main/bin/datax.py#getOptionParser) so schedulers that
// start datax.py (DolphinScheduler always passes --jvm, datax-web -j and -p) work unchanged.
#include <memory>
#include <ostream>
#include <stdexcept>
#include <string>

#include "core/auth/access_policy.h"
#include "core/compare/compare_service.h"
#include "core/engine/job_params.h"
#include "core/engine/job_template.h"
#include "core/engine/plugin_catalog.h"
#include "core/engine/run_command.h"
#include "core/jobs/job_service.h"
#include "host/app.h"
#include "host/commands.h"
#include "host/job_url.h"

namespace dbbridge::host {

namespace {

// datax.py's RET_STATE["FAIL"] (-1): its exit status when no job file is given.
constexpr int kExitDataxUsage = 255;

struct RunArgs {
    std::string job_path;
    std::vector<std::string> params;  // each -p value, joined with spaces as datax.py does
    std::int64_t config_id = 0;
    std::string jvm;
    std::string job_id = "-1";  // datax.py's default
    std::string mode = "standalone";
    std::string log_level = "info";
    std::string reader;
    std::string writer;
    bool debug = false;
    bool strict = false;
    std::string time_zone = "UTC";  // of ${bizdate}, ${now}, ${last_success_time} with --config-id
    std::string fire_time;          // with --config-id: the moment the run stands for ("" now)
};

// The -p values joined with spaces, as datax.py does.
std::string JoinedParams(const RunArgs& args) {
    std::string joined;
    for (const auto& p : args.params) {
        joined += (joined.empty() ? "" : " ") + p;
    }
    return joined;
}

int RunSavedConfig(const core::AppConfig& config, const RunArgs& args, const CommandContext& ctx) {
    // A saved config runs through the job service, so the run is recorded like one from the API.
    App app(config);
    app.LoadPlugins(*ctx.err);
    auto st = app.OpenJobs(/*recover_interrupted_runs=*/false);
    if (!st.ok()) {
        *ctx.err << "dbbridge: " << st.message() << "\n";
        return kExitFailure;
    }
    // -p values and the built-ins as POST /api/config/exec gives them.
    core::ManualRun run;
    run.time_zone = args.time_zone;
    run.fire_time = args.fire_time;
    auto params = core::engine::ParseJobParams(JoinedParams(args));
    if (!params.ok()) {
        *ctx.err << "dbbridge run: -p: " << params.status().message() << "\n";
        return kExitUsage;
    }
    run.params = std::move(params.value());
    // From a shell: the account that can read the store and the key file (see AccessPolicy).
    const int code = app.jobs().RunSavedConfig(args.config_id, core::auth::kLocalOperator, *ctx.out, ctx.cancel, run);
    // A config with verify_after_run compared its tables in the background: wait, and say how it ended.
    auto verify = app.compares().WaitForVerify();
    if (!verify.ok()) {
        *ctx.err << "dbbridge run: verify: " << verify.status().message() << "\n";
    } else if (verify->has_value()) {
        const auto& job = verify->value();
        *ctx.out << "verify: table compare " << job.id << " " << job.status << " (" << job.source << " vs "
                 << job.target << ")" << (job.error.empty() ? "" : ": " + job.error) << "\n";
    }
    return code;
}

// -r READER -w WRITER: the template datax.py prints, for the built-ins and the loaded plugins.
int PrintTemplate(const core::AppConfig& config, const RunArgs& args, const CommandContext& ctx) {
    App app(config);
    app.LoadPlugins(*ctx.err);
    core::engine::PluginCatalog catalog;
    core::engine::EngineEnv env;
    env.registry = &app.registry();
    auto text = core::engine::JobTemplateText(args.reader, args.writer, catalog.ReaderNames(env),
                                              catalog.WriterNames(env));
    if (!text.ok()) {
        *ctx.err << "dbbridge run: " << text.status().message() << "\n";
        return kExitDataxUsage;
    }
    *ctx.out << text.value();
    return kExitOk;
}

// Maps datax.py's options onto the engine's, or says why the run cannot start (exit 1 as DataX's
// Engine does for a bad --jobid or a distributed mode without one).
sdk::Result<core::engine::RunOptions> EngineOptions(const core::AppConfig& config, const RunArgs& args) {
    core::engine::RunOptions options;
    options.stall_timeout_seconds = config.engine.stall_timeout_seconds;
    options.strict_keys = config.engine.strict_job_keys || args.strict;
    options.deferred_window_bytes = static_cast<std::size_t>(config.engine.deferred_window_kib) << 10;
    options.job_path = args.job_path;
    options.params = JoinedParams(args);
    auto level = core::engine::ParseLogLevel(args.log_level);
    if (!level) {
        return sdk::Status::InvalidArgument("--loglevel: expected debug, info, warn or error, got '" + args.log_level +
                                            "'");
    }
    options.log_level = *level;
    std::int64_t job_id = -1;
    try {
        std::size_t used = 0;
        job_id = std::stoll(args.job_id, &used);
        if (used != args.job_id.size()) {
            throw std::invalid_argument(args.job_id);
        }
    } catch (const std::exception&) {
        return sdk::Status::InvalidArgument("--jobid: '" + args.job_id + "' is not a number");
    }
    const bool standalone = args.mode == "standalone";
    if (!standalone && job_id == -1) {
        // Engine#entry: "非 standalone 模式必须在 URL 中提供有效的 jobId."
        return sdk::Status::InvalidArgument("-m " + args.mode +
                                            " needs --jobid (DataX: 非 standalone 模式必须在 URL 中提供有效的 jobId.)");
    }
    options.job_id = job_id < 0 ? 0 : job_id;
    if (!args.jvm.empty()) {
        options.notes.push_back("-j/--jvm \"" + args.jvm + "\" is not applicable: dbbridge runs without a JVM");
    }
    if (!standalone) {
        options.notes.push_back("-m " + args.mode + " is not applicable: the job runs standalone in this process");
    }
    if (args.debug) {
        options.notes.push_back("-d/--debug (remote JVM debugging) is not applicable");
    }
    return options;
}

int RunJob(const RunArgs& args, const CommandContext& ctx, const std::string& usage) {
    auto config = ctx.LoadConfig();
    if (!config.ok()) {
        return kExitUsage;
    }
    if (!args.reader.empty() && !args.writer.empty()) {
        return PrintTemplate(*config, args, ctx);  // datax.py checks -r/-w before anything else
    }
    if (args.config_id > 0) {
        return RunSavedConfig(*config, args, ctx);
    }
    if (args.job_path.empty()) {
        *ctx.err << usage;
        return kExitDataxUsage;
    }
    auto options = EngineOptions(*config, args);
    if (!options.ok()) {
        *ctx.err << "dbbridge run: " << options.status().message() << "\n";
        return kExitFailure;
    }
    App app(*config);
    app.LoadPlugins(*ctx.err);
    if (!IsJobUrl(args.job_path)) {
        return core::engine::RunJobFile(options.value(), app.registry(), &app.resolver(), *ctx.out, ctx.cancel);
    }
    auto text = FetchJobText(args.job_path);
    if (!text.ok()) {
        // DataX: "获取作业配置信息失败:<url>" (ConfigParser#getJobContent), exit 1.
        *ctx.err << "dbbridge run: cannot get the job: " << text.status().message() << "\n";
        return kExitFailure;
    }
    return core::engine::RunJobText(text.value(), options.value(), app.registry(), &app.resolver(), *ctx.out,
                                    ctx.cancel)
        .exit_code;
}

}  // namespace

void AddRunCommand(CommandLine& cli) {
    auto args = std::make_shared<RunArgs>();
    auto usage = std::make_shared<std::string>();
    CLI::App* cmd = cli.Add("run", "Run a DataX job file (drop-in for 'python datax.py JOB.json') or a saved config",
                            [args, usage](const CommandContext& ctx) { return RunJob(*args, ctx, *usage); });
    cmd->footer("Prints DataX's log, progress lines and summary. Accepts datax.py's options.\n"
                "Exit code: 0 success, 1 failure, 2 bad option, 143 killed (SIGINT/SIGTERM roll back open writes),\n"
                "255 no job file (as datax.py).");
    auto* job = cmd->add_option("job", args->job_path, "DataX job file, or an http(s):// URL to fetch it from")
                   ->type_name("JOB.json");
    cmd->add_option("-p,--params", args->params, "Job parameters, e.g. \"-Dname=value -Dother=value\"")
        ->type_name("\"-Dk=v ...\"")
        ->allow_extra_args(false);
    auto* id = cmd->add_option("--config-id", args->config_id, "Run a saved job config and record it like the API does")
                   ->type_name("N")
                   ->check(CLI::PositiveNumber);
    job->excludes(id);
    cmd->add_option("--time-zone", args->time_zone,
                    "With --config-id: the time zone of ${bizdate}, ${now} and ${last_success_time} (default UTC)")
        ->type_name("ZONE")
        ->needs(id);
    cmd->add_option("--fire-time", args->fire_time,
                    "With --config-id: run as if a schedule fired then (a backfill): ${bizdate} is the day before; "
                    "a date or 'YYYY-MM-DD HH:MM:SS' in --time-zone")
        ->type_name("TIME")
        ->needs(id);
    cmd->add_option("-j,--jvm", args->jvm, "datax.py's JVM options: accepted, not applicable (no JVM)")
        ->type_name("\"<jvm options>\"");
    cmd->add_option("--jobid", args->job_id, "Job id shown in the log (datax.py --jobid)")->type_name("N");
    cmd->add_option("-m,--mode", args->mode, "standalone, local or distribute (runs standalone; the others need --jobid)")
        ->type_name("MODE");
    cmd->add_option("--loglevel", args->log_level, "debug, info, warn or error (default info)")->type_name("LEVEL");
    cmd->add_option("-r,--reader", args->reader, "With -w: print the job template for this reader")
        ->type_name("READER");
    cmd->add_option("-w,--writer", args->writer, "With -r: print the job template for this writer")
        ->type_name("WRITER");
    cmd->add_flag("-d,--debug", args->debug, "datax.py's remote JVM debugging: accepted, not applicable");
    cmd->add_flag("--strict", args->strict, "Unknown or misspelt job keys fail the job instead of a warning");
    *usage = cmd->help();
}

}  // namespace dbbridge::host
