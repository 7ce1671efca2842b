// `dbbridge diff SRC_DATASOURCE:TABLE DST_DATASOURCE:TABLE`: table compare between two saved
// datasources (core/compare). Exit code 0 identical, 1 different, 2 error.
#include <memory>
#include <ostream>
#include <sstream>
#include <string>
#include <vector>

#include "core/auth/access_policy.h"
#include "core/compare/table_compare.h"
#include "host/app.h"
#include "host/commands.h"

namespace dbbridge::host {

namespace {

constexpr int kExitDifferent = 1;
constexpr int kExitError = 2;

struct DiffArgs {
    std::string source;
    std::string target;
    std::string key;
    std::string columns;
    std::string where;
    int segments = 16;
    int threads = 2;
    std::int64_t fetch_threshold = 10000;
    int timeout_seconds = 3600;
    int timestamp_precision = 6;
    bool json = false;
    // The multiplex comparator's value rules (core/multiplex CompareRules).
    int round_decimals = -1;
    bool ignore_case = false;
    bool no_pair_rules = false;
    std::string ignore_columns;
    bool no_checksums = false;
};

std::vector<std::string> SplitList(const std::string& text) {
    std::vector<std::string> out;
    std::stringstream in(text);
    std::string item;
    while (std::getline(in, item, ',')) {
        const auto b = item.find_first_not_of(' ');
        const auto e = item.find_last_not_of(' ');
        if (b != std::string::npos) out.push_back(item.substr(b, e - b + 1));
    }
    return out;
}

// "DATASOURCE:TABLE" resolved as the local operator (the account that reads the store and key file).
sdk::Result<core::compare::TableSide> ResolveSide(App& app, const std::string& field, const std::string& text) {
    const auto colon = text.rfind(':');
    if (colon == std::string::npos || colon == 0 || colon + 1 == text.size()) {
        return sdk::Status::InvalidArgument(field + ": expected DATASOURCE:TABLE, got '" + text + "'");
    }
    core::compare::TableSide side;
    side.label = text.substr(0, colon);
    side.table = text.substr(colon + 1);
    auto spec = app.resolver().ResolveByNameForUser(side.label, core::auth::kLocalOperator);
    if (!spec.ok()) return spec.status().WithContext(field);
    side.dialect = app.registry().Find(spec->dialect);
    if (side.dialect == nullptr) {
        return sdk::Status::NotFound(field + ": datasource '" + side.label + "' is " + spec->dialect +
                                     ", and no loaded plugin provides that dialect");
    }
    side.connection = std::move(spec.value());
    return side;
}

int RunDiff(const DiffArgs& args, const CommandContext& ctx) {
    auto config = ctx.LoadConfig();
    if (!config.ok()) return kExitError;
    App app(*config);
    app.LoadPlugins(*ctx.err);
    core::compare::TableCompareRequest request;
    auto source = ResolveSide(app, "source", args.source);
    auto target = source.ok() ? ResolveSide(app, "target", args.target) : source;
    if (!source.ok() || !target.ok()) {
        *ctx.err << "dbbridge diff: " << (source.ok() ? target : source).status().message() << "\n";
        return kExitError;
    }
    request.source = std::move(source.value());
    request.target = std::move(target.value());
    request.key = SplitList(args.key);
    request.columns = SplitList(args.columns);
    request.where = args.where;
    request.timestamp_precision = args.timestamp_precision;
    request.limits.segments = args.segments;
    request.limits.threads = args.threads;
    request.limits.fetch_threshold = args.fetch_threshold;
    request.limits.timeout_seconds = args.timeout_seconds;
    request.rules.round_decimals = args.round_decimals;
    request.rules.ignore_case = args.ignore_case;
    request.rules.pair_rules = !args.no_pair_rules;
    request.rules.ignore_columns = SplitList(args.ignore_columns);
    request.use_checksums = !args.no_checksums;
    auto report = core::compare::CompareTables(request, ctx.cancel);
    if (!report.ok()) {
        *ctx.err << "dbbridge diff: " << report.status().message() << "\n";
        return kExitError;
    }
    *ctx.out << (args.json ? core::compare::ReportJson(*report) + "\n" : core::compare::ReportText(*report));
    return report->identical() ? kExitOk : kExitDifferent;
}

}  // namespace

void AddDiffCommand(CommandLine& cli) {
    auto args = std::make_shared<DiffArgs>();
    CLI::App* cmd = cli.Add("diff", "Compare a table on two saved datasources (segment checksums, then the differing rows)",
                            [args](const CommandContext& ctx) { return RunDiff(*args, ctx); });
    cmd->footer("Datasources are saved ones, named by source_name. Each database checksums key ranges itself;\n"
                "only ranges that differ are fetched and compared row by row with the multiplex value rules.\n"
                "Exit code: 0 identical, 1 different, 2 error (bad option, unknown datasource/table/column, no key).");
    cmd->add_option("source", args->source, "Source datasource and table")->type_name("SRC_DATASOURCE:TABLE")->required();
    cmd->add_option("target", args->target, "Target datasource and table")->type_name("DST_DATASOURCE:TABLE")->required();
    cmd->add_option("--key", args->key, "Key columns, comma-separated (default: the source's primary key)")
        ->type_name("COL[,COL...]");
    cmd->add_option("--columns", args->columns, "Columns to compare (default: all of the source's)")
        ->type_name("COL[,COL...]");
    cmd->add_option("--where", args->where, "Condition applied on both sides")->type_name("SQL");
    cmd->add_option("--segments", args->segments, "Initial key segments (1-10000, default 16)")
        ->check(CLI::Range(1, 10000));
    cmd->add_option("--threads", args->threads, "Segments compared at once (1-32, default 2)")->check(CLI::Range(1, 32));
    cmd->add_option("--fetch-threshold", args->fetch_threshold,
                    "Rows per side fetched and compared at once (100-1000000, default 10000)")
        ->check(CLI::Range(100, 1000000));
    cmd->add_option("--timeout", args->timeout_seconds, "Seconds before giving up (1-86400, default 3600)")
        ->check(CLI::Range(1, 86400));
    cmd->add_option("--timestamp-precision", args->timestamp_precision,
                    "Fraction digits of times compared by the checksums (0-6, default 6)")
        ->check(CLI::Range(0, 6));
    cmd->add_flag("--json", args->json, "Print the report as JSON");
    cmd->add_option("--round-decimals", args->round_decimals,
                    "Numbers are equal when they round (half up) to the same N decimal places (0-30)")
        ->check(CLI::Range(0, 30));
    cmd->add_flag("--ignore-case", args->ignore_case, "Text is equal whatever its (ASCII) case");
    cmd->add_flag("--no-pair-rules", args->no_pair_rules,
                  "Drop the default rules between engines ('' = NULL on Oracle, CHAR padding, 1.50 = 1.5, ...)");
    cmd->add_option("--ignore-columns", args->ignore_columns, "Columns left out of the compare (not key columns)")
        ->type_name("COL[,COL...]");
    cmd->add_flag("--no-checksums", args->no_checksums,
                  "Fetch and compare every row instead of checksumming ranges (slower; moves every row)");
}

}  // namespace dbbridge::host
