#include "core/multiplex/target_executor.h"

#include <atomic>
#include <chrono>
#include <memory>

#include "core/multiplex/error_classifier.h"

namespace dbbridge::core::multiplex {

namespace {

using Clock = std::chrono::steady_clock;

double MsSince(Clock::time_point t0) {
    return std::chrono::duration<double, std::milli>(Clock::now() - t0).count();
}

// A sink that drops rows (snapshots whose rows nobody compares).
class DiscardSink : public sdk::RowSink {
public:
    sdk::Status OnColumns(const std::vector<sdk::ColumnInfo>&) noexcept override { return sdk::Status::Ok(); }
    bool OnRow(const sdk::Record&) noexcept override { return true; }
};

}  // namespace

TargetRun ExecuteTarget(const PreparedTarget& target, const TargetSinks& sinks, ConnectionPool& pool,
                        DeadlineTimer& timer, const ExecutionSettings& settings) {
    TargetRun run;
    run.dialect = target.entry.dialect;
    run.datasource = target.datasource_name;
    run.connection_dialect = target.dialect ? target.dialect->Name() : "";
    run.notes = target.transpile_notes;
    auto t0 = Clock::now();
    auto fail = [&](const std::string& why) {
        run.failed = true;
        run.failure = "[" + run.dialect + "] 数据源[" + run.datasource + "] " + why;
        run.total_ms = MsSince(t0);
        return run;
    };
    if (!target.dialect) {
        return fail("没有可用的数据库插件");
    }
    auto conn_or = pool.Acquire(*target.dialect, target.spec);
    if (!conn_or.ok()) {
        return fail("连接失败: " + conn_or.status().message());
    }
    std::unique_ptr<sdk::Connection> conn = std::move(conn_or).value();
    if (!conn) {
        return fail("连接失败: 插件[" + run.connection_dialect + "]返回了空连接");
    }
    bool healthy = true;

    auto run_statement = [&](const std::string& sql, sdk::RowSink* sink, StatementRun& out) -> bool {
        out.sql = sql;
        std::vector<std::string> order;
        auto rewritten = target.dialect->RewriteBinds(sql, order);
        if (!rewritten.ok()) {
            fail("绑定变量改写失败: " + rewritten.status().message());
            return false;
        }
        out.executed_sql = rewritten.value();
        for (const auto& name : order) {
            const sdk::BindValue* found = nullptr;
            for (const auto& b : target.binds) {
                if (b.name == name) found = &b;
            }
            if (!found) {
                fail("SQL中的绑定变量[@" + name + "]未在sqlParameters中提供");
                return false;
            }
            out.bound.push_back(*found);
        }
        DiscardSink discard;
        sdk::ExecuteOptions opts;
        opts.timeout_ms = settings.timeout_ms;
        std::atomic<bool> cancelled{false};
        sdk::Connection* raw = conn.get();
        std::uint64_t watchdog = 0;
        if (settings.timeout_ms > 0) {
            watchdog = timer.Schedule(settings.timeout_ms + settings.cancel_grace_ms, [raw, &cancelled] {
                cancelled = true;
                raw->Cancel();
            });
        }
        auto s0 = Clock::now();
        auto res = conn->Execute(out.executed_sql, out.bound, sink ? sink : &discard, opts);
        out.duration_ms = MsSince(s0);
        if (watchdog) timer.Cancel(watchdog);
        out.ran = true;
        if (!res.ok()) {
            healthy = false;
            fail("执行失败(连接不可用): " + res.status().message());
            return false;
        }
        out.result = res.value();
        bool timed_out = cancelled.load() ||
                         (out.result.failed &&
                          ClassifyError(out.result.error_code, out.result.sql_state) == ErrorClass::kTimeout);
        if (timed_out) {
            healthy = !cancelled.load();
            fail("执行超时(超过statement_timeout_ms=" + std::to_string(settings.timeout_ms) + "ms): " +
                 out.result.error_message);
            return false;
        }
        return true;
    };

    bool ok = true;
    if (settings.dry_run) {
        sdk::Status st = conn->Begin();
        if (!st.ok()) {
            return fail("开启事务失败(dryRun): " + st.message());
        }
        run.notes.push_back("dryRun: executed inside a transaction that was rolled back");
    }
    run.before.resize(target.entry.before_sqls.size());
    for (std::size_t i = 0; ok && i < target.entry.before_sqls.size(); ++i) {
        ok = run_statement(target.entry.before_sqls[i], i < sinks.before.size() ? sinks.before[i] : nullptr,
                           run.before[i]);
    }
    if (ok) ok = run_statement(target.sql, sinks.main, run.main);
    run.after.resize(target.entry.after_sqls.size());
    for (std::size_t i = 0; ok && i < target.entry.after_sqls.size(); ++i) {
        ok = run_statement(target.entry.after_sqls[i], i < sinks.after.size() ? sinks.after[i] : nullptr,
                           run.after[i]);
    }
    if (settings.dry_run && healthy) {
        sdk::Status st = conn->Rollback();
        if (!st.ok()) {
            healthy = false;
            if (ok) fail("回滚失败(dryRun): " + st.message());
        }
    }
    run.total_ms = MsSince(t0);
    if (healthy && ok) {
        pool.Release(target.spec, std::move(conn));
    }
    return run;
}

void RunTargetGuarded(TargetRun& run, const std::function<void()>& fn) noexcept {
    std::string what;
    try {
        fn();
        return;
    } catch (const std::exception& e) {
        what = e.what();
    } catch (...) {
        what = "unknown exception";
    }
    try {
        run.failed = true;
        run.failure = "[" + run.dialect + "] 数据源[" + run.datasource + "] 执行异常: " + what;
    } catch (...) {
        run.failed = true;  // out of memory even for the message
    }
}

}  // namespace dbbridge::core::multiplex
