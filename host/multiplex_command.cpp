// `dbbridge multiplex REQUEST.json`: one seed-004 request from a file, reply printed as JSON.
#include <ostream>

#include "core/multiplex/multiplex_service.h"
#include "host/app.h"

namespace dbbridge::host {

namespace {
const char* kMultiplexUsage = R"(usage: dbbridge multiplex REQUEST.json [--report]

Runs a multiplex compare request (the body of POST /multiplex/multiplex, seed 004) against the
datasources saved in the store and routed by multiplex.targets, and prints the reply JSON.
--report also prints the stored report. Exit code 0 when the reply code is 0, 1 otherwise.
)";
}  // namespace

int RunMultiplexCommand(const core::AppConfig& config, const std::vector<std::string>& args, bool help,
                        std::ostream& out, std::ostream& err) {
    if (help) {
        out << kMultiplexUsage;
        return 0;
    }
    std::string path;
    bool print_report = false;
    for (const auto& a : args) {
        if (a == "--report") {
            print_report = true;
        } else if (path.empty() && !a.empty() && a[0] != '-') {
            path = a;
        } else {
            err << "dbbridge multiplex: unexpected argument '" << a << "'\n" << kMultiplexUsage;
            return 2;
        }
    }
    if (path.empty()) {
        err << "dbbridge multiplex: a request file is required\n" << kMultiplexUsage;
        return 2;
    }
    App app(config);
    app.LoadPlugins(err);
    auto st = app.OpenServices();
    if (!st.ok()) {
        err << "dbbridge: " << st.message() << "\n";
        return 1;
    }
    return core::multiplex::RunMultiplexFile(path, app.multiplex(), out, print_report);
}

}  // namespace dbbridge::host
