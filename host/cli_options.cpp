#include "host/cli_options.h"

namespace dbbridge::host {

sdk::Result<CliOptions> ParseCli(const std::vector<std::string>& argv) {
    CliOptions opts;
    for (std::size_t i = 1; i < argv.size(); ++i) {
        const std::string& a = argv[i];
        if (a == "--config" || a == "-c") {
            if (i + 1 >= argv.size()) {
                return sdk::Status::InvalidArgument("--config needs a file path");
            }
            opts.config_path = argv[++i];
        } else if (a.rfind("--config=", 0) == 0) {
            opts.config_path = a.substr(9);
        } else if (a == "--help" || a == "-h") {
            opts.help = true;
        } else if (opts.command.empty() && !a.empty() && a[0] != '-') {
            opts.command = a;
        } else {
            opts.args.push_back(a);
        }
    }
    if (opts.command.empty()) {
        opts.command = "help";
    }
    return opts;
}

}  // namespace dbbridge::host
