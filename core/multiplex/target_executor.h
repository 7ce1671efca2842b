#pragma once
// Runs one multiplex entry on its datasource: optional snapshot SELECTs before, the statement
// with its typed binds (rewritten into the plugin's placeholders), snapshot SELECTs after, all
// on one connection, with a statement timeout (ExecuteOptions.timeout_ms, and Connection::Cancel
// from a DeadlineTimer as a backstop). dryRun wraps everything in a transaction rolled back at
// the end. Rows stream to the given sinks.

#include <functional>
#include <string>
#include <vector>

#include "core/multiplex/connection_pool.h"
#include "core/multiplex/deadline_timer.h"
#include "core/multiplex/multiplex_request.h"
#include "dbbridge/sdk/dialect.h"

namespace dbbridge::core::multiplex {

// An entry with its route resolved and its SQL decided.
struct PreparedTarget {
    TargetEntry entry;
    std::string datasource_name;
    sdk::ConnectionSpec spec;
    const sdk::Dialect* dialect = nullptr;  // the datasource's dialect (connects, rewrites binds)
    std::string sql;                        // statement to run, with @name binds
    std::vector<std::string> transpile_notes;
    std::vector<sdk::BindValue> binds;      // by name
};

struct StatementRun {
    std::string sql;           // with @name binds, as decided
    std::string executed_sql;  // with the plugin's placeholders
    std::vector<sdk::BindValue> bound;  // in placeholder order (a name used twice appears twice)
    sdk::ExecuteResult result;
    double duration_ms = 0;
    bool ran = false;
};

struct TargetRun {
    std::string dialect;
    std::string datasource;
    std::string connection_dialect;
    bool failed = false;  // could not connect, timed out, connection lost: code 30000
    std::string failure;
    StatementRun main;
    std::vector<StatementRun> before;
    std::vector<StatementRun> after;
    double total_ms = 0;
    std::vector<std::string> notes;
};

struct TargetSinks {
    sdk::RowSink* main = nullptr;
    std::vector<sdk::RowSink*> before;  // one per entry.before_sqls (nullptr: discard rows)
    std::vector<sdk::RowSink*> after;
};

struct ExecutionSettings {
    int timeout_ms = 30000;
    bool dry_run = false;
    int cancel_grace_ms = 1000;  // Cancel() this long after the server-side timeout should have hit
};

// Failures land in TargetRun::failed / failure (naming dialect and datasource).
TargetRun ExecuteTarget(const PreparedTarget& target, const TargetSinks& sinks, ConnectionPool& pool,
                        DeadlineTimer& timer, const ExecutionSettings& settings);

// Runs fn; anything it throws becomes run's failure ("[DIALECT] 数据源[name] 执行异常: what"), so
// one target's exception never escapes a worker thread or fails the other targets.
void RunTargetGuarded(TargetRun& run, const std::function<void()>& fn) noexcept;

}  // namespace dbbridge::core::multiplex
