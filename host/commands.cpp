#include "host/commands.h"

#include <chrono>
#include <iostream>
#include <thread>

#include "core/config/app_config.h"
#include "core/plugin/plugin_registry.h"
#include "host/plugin_dirs.h"

namespace dbbridge::host {

namespace {

const char* kUsage = R"(usage: dbbridge [--config dbbridge.yaml] <command> [options]

commands:
  serve                      start the HTTP API and web UI (prints its URL)
  run JOB.json [-p "-Dk=v"]  run a DataX job file (drop-in for 'python datax.py JOB.json')
  run --config-id N          run a saved job config and record it like the API does
  multiplex REQUEST.json     run a multiplex compare request (seed 004 body) and print the reply
  transpile --from D --to D "SQL" | FILE | -
                             translate SQL between dialects
  plugins                    list plugins: file, dialects, DataX names, ABI version, or why skipped
  version                    print the version

  --config FILE              configuration file (default: ./dbbridge.yaml when present)
  --help                     help for a command
)";

int Version(std::ostream& out) {
    out << "dbbridge " << DBB_VERSION << " (plugin ABI " << sdk::kAbiVersion << ", " << DBB_TOOLCHAIN_FINGERPRINT
        << ")\n";
    return 0;
}

std::string Join(const std::vector<std::string>& v) {
    std::string s;
    for (const auto& x : v) {
        s += (s.empty() ? "" : ", ") + x;
    }
    return s.empty() ? "-" : s;
}

int Plugins(const core::AppConfig& config, std::ostream& out) {
    core::PluginRegistry registry;
    auto dirs = PluginDirectories(config.plugins.dir);
    if (dirs.empty()) {
        out << "no plugin directory found (set plugins.dir in the configuration)\n";
        return 1;
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
    return 0;
}

}  // namespace

int RunServe(const core::AppConfig& config, std::ostream& out, std::ostream& err, const std::atomic<bool>* cancel);
int RunMultiplexCommand(const core::AppConfig& config, const std::vector<std::string>& args, bool help,
                        std::ostream& out, std::ostream& err);
int RunTranspileCommand(const core::AppConfig& config, const std::vector<std::string>& args, bool help,
                        std::istream& in, std::ostream& out, std::ostream& err);
int RunJobCommand(const core::AppConfig& config, const std::vector<std::string>& args, bool help, std::ostream& out,
                  std::ostream& err, const std::atomic<bool>* cancel);

int RunCli(const CliOptions& options, std::ostream& out, std::ostream& err, const std::atomic<bool>* cancel) {
    if (options.command == "help" || (options.help && options.command.empty())) {
        out << kUsage;
        return 0;
    }
    if (options.command == "version") {
        return Version(out);
    }
    const bool own_help = options.command == "run" || options.command == "multiplex" || options.command == "transpile";
    if (options.help && !own_help) {
        out << kUsage;
        return 0;
    }
    auto config = core::LoadConfig(options.config_path);
    if (!config.ok()) {
        err << "dbbridge: " << config.status().message() << "\n";
        return 2;
    }
    for (const auto& w : config->warnings) {
        err << "dbbridge: warning: " << w << "\n";
    }
    if (options.command == "plugins") {
        return Plugins(*config, out);
    }
    if (options.command == "run") {
        return RunJobCommand(*config, options.args, options.help, out, err, cancel);
    }
    if (options.command == "transpile") {
        return RunTranspileCommand(*config, options.args, options.help, std::cin, out, err);
    }
    if (options.command == "multiplex") {
        return RunMultiplexCommand(*config, options.args, options.help, out, err);
    }
    if (options.command == "serve") {
        return RunServe(*config, out, err, cancel);
    }
    err << "dbbridge: unknown command '" << options.command << "'\n" << kUsage;
    return 2;
}

}  // namespace dbbridge::host
