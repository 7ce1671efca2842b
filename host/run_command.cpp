// `dbbridge run JOB.json [-p "-Dk=v ..."]`: a drop-in for `python datax.py JOB.json`.
#include <ostream>

#include "core/auth/access_policy.h"
#include "core/engine/run_command.h"
#include "core/jobs/job_service.h"
#include "host/app.h"

namespace dbbridge::host {

namespace {

const char* kRunUsage = R"(usage: dbbridge run JOB.json [-p "-Dname=value -Dother=value"]
       dbbridge run --config-id N

Runs a DataX job file on the native engine and prints DataX's log, progress lines and summary.
Exit code: 0 success, 1 failure, 143 killed (SIGINT/SIGTERM roll back open writes).
)";

}  // namespace

int RunJobCommand(const core::AppConfig& config, const std::vector<std::string>& args, bool help, std::ostream& out,
                  std::ostream& err, const std::atomic<bool>* cancel) {
    if (help) {
        out << kRunUsage;
        return 0;
    }
    std::int64_t config_id = 0;
    core::engine::RunOptions options;
    options.stall_timeout_seconds = config.engine.stall_timeout_seconds;
    for (std::size_t i = 0; i < args.size(); ++i) {
        if (args[i] == "-p" || args[i] == "--params") {
            if (i + 1 >= args.size()) {
                err << "dbbridge run: -p needs a value such as \"-Dname=value\"\n";
                return 2;
            }
            options.params += (options.params.empty() ? "" : " ") + args[++i];
        } else if (args[i].rfind("-p", 0) == 0 && args[i].size() > 2) {
            options.params += (options.params.empty() ? "" : " ") + args[i].substr(2);
        } else if (args[i] == "--config-id" && i + 1 < args.size()) {
            try {
                config_id = std::stoll(args[++i]);
            } catch (const std::exception&) {
                config_id = 0;
            }
            if (config_id <= 0) {
                err << "dbbridge run: --config-id needs a positive integer, got '" << args[i] << "'\n";
                return 2;
            }
        } else if (options.job_path.empty() && !args[i].empty() && args[i][0] != '-') {
            options.job_path = args[i];
        } else {
            err << "dbbridge run: unexpected argument '" << args[i] << "'\n" << kRunUsage;
            return 2;
        }
    }
    if (config_id > 0) {
        // A saved config runs through the job service, so the run is recorded like one from the API.
        App app(config);
        app.LoadPlugins(err);
        auto st = app.OpenJobs(/*recover_interrupted_runs=*/false);
        if (!st.ok()) {
            err << "dbbridge: " << st.message() << "\n";
            return 1;
        }
        // From a shell: the account that can read the store and the key file (see AccessPolicy).
        return app.jobs().RunSavedConfig(config_id, core::auth::kLocalOperator, out, cancel);
    }
    if (options.job_path.empty()) {
        err << "dbbridge run: a job file is required\n" << kRunUsage;
        return 2;
    }
    App app(config);
    app.LoadPlugins(err);
    return core::engine::RunJobFile(options, app.registry(), &app.resolver(), out,
                                    cancel);
}

}  // namespace dbbridge::host
