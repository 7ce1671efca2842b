// `dbbridge transpile --from ORACLE --to POSTGRESQL "SQL" | FILE | -`
#include <algorithm>
#include <fstream>
#include <iostream>
#include <memory>
#include <optional>
#include <sstream>

#include "core/auth/access_policy.h"
#include "core/transpile/transpile_service.h"
#include "core/sql/target_profile.h"
#include "dbbridge/sdk/util/sql_text.h"
#include "host/app.h"
#include "host/commands.h"

namespace dbbridge::host {

namespace {

struct TranspileArgs {
    std::string from;
    std::string to;
    std::string source;  // SQL text, a file, or - for stdin
    std::string datasource;  // saved datasource the SQL is for: its catalog informs the translation
};

// Built-in targets plus the dialects loaded plugins declare: the closed set --to accepts.
std::vector<std::string> KnownTargets(const core::PluginRegistry& registry) {
    auto names = sql::BuiltinTargetNames();
    for (const auto& r : registry.Reports()) {
        for (const auto& d : r.dialects) {
            if (std::find(names.begin(), names.end(), d) == names.end()) {
                names.push_back(d);
            }
        }
    }
    return names;
}

std::string ReadSql(const std::string& source, std::istream& in) {
    std::stringstream buf;
    if (source == "-") {
        buf << in.rdbuf();
        return buf.str();
    }
    if (std::ifstream file{source}) {
        buf << file.rdbuf();
        return buf.str();
    }
    return source;
}

int Transpile(const TranspileArgs& args, const CommandContext& ctx) {
    auto config = ctx.LoadConfig();
    if (!config.ok()) {
        return kExitUsage;
    }
    // Through the target's plugin when it is loaded, so the result is what multiplex would run.
    App app(*config);
    app.LoadPlugins(*ctx.err);
    if (args.to.empty() && args.datasource.empty()) {
        *ctx.err << "dbbridge transpile: --to is required (or --datasource: its type is the target)\n";
        return kExitUsage;
    }
    const auto targets = KnownTargets(app.registry());
    if (!args.to.empty() && std::find(targets.begin(), targets.end(), sdk::util::ToUpper(args.to)) == targets.end()) {
        std::string list;
        for (const auto& t : targets) {
            list += (list.empty() ? "" : ", ") + t;
        }
        *ctx.err << "dbbridge transpile: --to: unknown target dialect '" << args.to << "'; valid targets: " << list
                 << "\n";
        return kExitUsage;
    }
    std::optional<core::TranspileDatasource> datasource;
    if (!args.datasource.empty()) {
        // As the local operator, like `dbbridge diff` (the account that reads the store and key file).
        auto spec = app.resolver().ResolveByNameForUser(args.datasource, core::auth::kLocalOperator);
        if (!spec.ok()) {
            *ctx.err << "dbbridge transpile: --datasource: " << spec.status().message() << "\n";
            return kExitFailure;
        }
        datasource = core::TranspileDatasource{std::move(spec.value()), args.datasource};
    }
    auto r = core::TranspileSql(app.registry(), args.from, args.to, ReadSql(args.source, *ctx.in),
                                datasource ? &*datasource : nullptr);
    if (!r.ok()) {
        *ctx.err << "dbbridge transpile: " << r.status().message() << "\n";
        return kExitFailure;
    }
    *ctx.out << r->sql << "\n";
    for (const auto& note : r->notes) {
        *ctx.err << "-- " << note << "\n";
    }
    return kExitOk;
}

}  // namespace

void AddTranspileCommand(CommandLine& cli) {
    auto args = std::make_shared<TranspileArgs>();
    CLI::App* cmd = cli.Add("transpile", "Translate SQL between dialects",
                            [args](const CommandContext& ctx) { return Transpile(*args, ctx); });
    std::string targets;
    for (const auto& t : sql::BuiltinTargetNames()) {
        targets += (targets.empty() ? "" : ", ") + t;
    }
    cmd->footer("Translates SQL (a ';'-separated script too) and prints it, or the reason it cannot with\n"
                "line:column. Targets: " + targets + " and the dialects of loaded plugins.");
    cmd->add_option("--from", args->from, "Source dialect")
        ->required()
        ->check(CLI::IsMember({"ORACLE", "MYSQL"}, CLI::ignore_case));
    cmd->add_option("--to", args->to, "Target dialect (default with --datasource: its type)")->type_name("DIALECT");
    cmd->add_option("--datasource", args->datasource,
                    "Saved datasource the SQL will run on: its tables' keys and column types are read, so\n"
                    "ON DUPLICATE KEY UPDATE, REPLACE INTO, MERGE and date arithmetic on columns translate")
        ->type_name("NAME");
    cmd->add_option("sql", args->source, "SQL text, a file, or - for stdin")->type_name("SQL|FILE|-")->required();
}

}  // namespace dbbridge::host
