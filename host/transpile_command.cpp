// `dbbridge transpile --from ORACLE --to POSTGRESQL "SQL" | FILE | -`
#include <fstream>
#include <iostream>
#include <sstream>

#include "core/transpile/transpile_service.h"
#include "dbbridge/sdk/sql/target_profile.h"
#include "host/app.h"

namespace dbbridge::host {

namespace {
std::string Targets() {
    std::string s;
    for (const auto& t : sdk::sql::BuiltinTargetNames()) {
        s += (s.empty() ? "" : ", ") + t;
    }
    return s;
}
}  // namespace

int RunTranspileCommand(const core::AppConfig& config, const std::vector<std::string>& args, bool help,
                        std::istream& in, std::ostream& out, std::ostream& err) {
    const std::string usage = "usage: dbbridge transpile --from ORACLE|MYSQL --to TARGET \"SQL\" | FILE | -\n\n"
                              "Translates SQL (a ';'-separated script too) and prints it, or the reason it cannot\n"
                              "with line:column. Targets: " + Targets() + "\n";
    if (help) {
        out << usage;
        return 0;
    }
    std::string from;
    std::string to;
    std::string source;
    for (std::size_t i = 0; i < args.size(); ++i) {
        if ((args[i] == "--from" || args[i] == "--to") && i + 1 < args.size()) {
            (args[i] == "--from" ? from : to) = args[i + 1];
            ++i;
        } else if (source.empty()) {
            source = args[i];
        } else {
            err << "dbbridge transpile: unexpected argument '" << args[i] << "'\n" << usage;
            return 2;
        }
    }
    if (from.empty() || to.empty() || source.empty()) {
        err << "dbbridge transpile: --from, --to and the SQL (text, a file, or - for stdin) are required\n" << usage;
        return 2;
    }
    std::string sql = source;
    std::stringstream buf;
    if (source == "-") {
        buf << in.rdbuf();
        sql = buf.str();
    } else if (std::ifstream file{source}) {
        buf << file.rdbuf();
        sql = buf.str();
    }
    // Through the target's plugin when it is loaded, so the result is what multiplex would run.
    App app(config);
    app.LoadPlugins(err);
    auto r = core::TranspileSql(app.registry(), from, to, sql);
    if (!r.ok()) {
        err << "dbbridge transpile: " << r.status().message() << "\n";
        return 1;
    }
    out << r->sql << "\n";
    for (const auto& note : r->notes) {
        err << "-- " << note << "\n";
    }
    return 0;
}

}  // namespace dbbridge::host
