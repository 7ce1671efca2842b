#include "core/multiplex/comparison.h"

#include <algorithm>
#include <future>

#include "core/multiplex/multiplex_codes.h"
#include "core/multiplex/report_json.h"
#include "core/multiplex/row_set_comparator.h"
#include "core/multiplex/sql_traits.h"
#include "core/multiplex/value_normalizer.h"
#include "core/multiplex/verdict.h"

namespace dbbridge::core::multiplex {

namespace {

// The comparators of one comparison: the statement's result set, and one per snapshot SELECT
// before and after it (compared as sets: snapshots have no meaningful order).
struct Comparators {
    RowSetComparator main;
    std::vector<std::unique_ptr<RowSetComparator>> before;
    std::vector<std::unique_ptr<RowSetComparator>> after;

    Comparators(const std::vector<std::string>& names, const ComparatorOptions& opts,
                const std::vector<Participant*>& parts)
        : main(names, opts) {
        std::size_t n_before = 0;
        std::size_t n_after = 0;
        for (auto* p : parts) {
            n_before = std::max(n_before, p->target.entry.before_sqls.size());
            n_after = std::max(n_after, p->target.entry.after_sqls.size());
        }
        ComparatorOptions snap = opts;
        snap.ordered = false;
        for (std::size_t i = 0; i < n_before; ++i) before.push_back(std::make_unique<RowSetComparator>(names, snap));
        for (std::size_t i = 0; i < n_after; ++i) after.push_back(std::make_unique<RowSetComparator>(names, snap));
    }

    void Finish(std::size_t i) {
        main.Finish(i);
        for (auto& c : before) c->Finish(i);
        for (auto& c : after) c->Finish(i);
    }

    // Sinks for participant i, owned by keep.
    TargetSinks SinksFor(std::size_t i, std::vector<std::unique_ptr<sdk::RowSink>>& keep) {
        TargetSinks s;
        keep.push_back(main.MakeSink(i));
        s.main = keep.back().get();
        for (auto& c : before) {
            keep.push_back(c->MakeSink(i));
            s.before.push_back(keep.back().get());
        }
        for (auto& c : after) {
            keep.push_back(c->MakeSink(i));
            s.after.push_back(keep.back().get());
        }
        return s;
    }

    // bulkMode 2: participant i's captured rows.
    void Replay(const Participant& p, std::size_t i) {
        if (p.main_capture) p.main_capture->Replay(main, i);
        for (std::size_t k = 0; k < before.size() && k < p.before_capture.size(); ++k) {
            p.before_capture[k]->Replay(*before[k], i);
        }
        for (std::size_t k = 0; k < after.size() && k < p.after_capture.size(); ++k) {
            p.after_capture[k]->Replay(*after[k], i);
        }
        Finish(i);
    }
};

ComparatorOptions CompareOptionsFor(const MultiplexRequest& req, const CompareRules& default_rules,
                                    const std::vector<std::string>& dialect_names, const SqlTraits& traits) {
    ComparatorOptions o;
    o.rules = req.has_rules ? req.rules : default_rules;
    for (const auto& d : dialect_names) o.oracle_family = o.oracle_family || IsOracleFamily(d);
    o.ordered = traits.is_query && traits.top_level_order_by;
    o.order_items = traits.order_items;
    return o;
}

}  // namespace

void ComparisonRunner::RunAll(const MultiplexRequest& req, Participants& parts,
                              const std::function<TargetSinks(std::size_t)>& sinks_for,
                              const std::function<void(std::size_t)>& on_done) {
    ExecutionSettings settings;
    settings.timeout_ms = options_.statement_timeout_ms;
    settings.dry_run = req.dry_run;
    // A throw becomes that target's failure: it never reaches the caller while other tasks
    // still use this frame.
    auto task = [&](std::size_t i) {
        Participant& p = *parts[i];
        RunTargetGuarded(p.run, [&] {
            if (p.prepared) p.run = ExecuteTarget(p.target, sinks_for(i), pool_, timer_, settings);
        });
        p.arrived_ms = NowMs();
        RunTargetGuarded(p.run, [&] { on_done(i); });
    };
    std::vector<std::future<void>> futures;
    struct WaitAll {
        std::vector<std::future<void>>& futures;
        ~WaitAll() {
            for (auto& f : futures) {
                if (f.valid()) f.wait();
            }
        }
    } wait_all{futures};
    for (std::size_t i = 1; i < parts.size(); ++i) {
        futures.push_back(workers_.Submit([&task, i] { task(i); }));
    }
    if (!parts.empty()) task(0);
}

MultiplexResponse ComparisonRunner::CompareAndStore(const MultiplexRequest& req, Participants& owned, bool run,
                                                    std::int64_t created_ms, const std::string& request_json,
                                                    const std::function<void(sdk::util::JsonWriter&)>& batch_info) {
    std::vector<Participant*> parts;
    std::vector<std::string> names;
    for (auto& p : owned) {
        parts.push_back(p.get());
        names.push_back(p->run.dialect);
    }
    std::string source_sql = parts.empty() ? "" : parts[0]->target.sql;
    if (source_sql.empty() && req.SourceEntry()) source_sql = req.SourceEntry()->sql;
    const std::string source_dialect = parts.empty() ? req.source_dialect : parts[0]->run.dialect;
    SqlTraits traits = AnalyzeSql(source_sql, router_.LexiconOf(source_dialect));
    bool any_non_det = traits.non_deterministic;
    std::string non_det_reason = traits.non_deterministic_reason;
    for (auto* p : parts) {
        SqlTraits t = AnalyzeSql(p->target.sql, router_.LexiconOf(p->run.dialect));
        if (t.non_deterministic && !any_non_det) {
            any_non_det = true;
            non_det_reason = p->run.dialect + ": " + t.non_deterministic_reason;
        }
    }
    Comparators cmp(names, CompareOptionsFor(req, options_.default_rules, names, traits), parts);
    if (run) {
        std::vector<std::unique_ptr<sdk::RowSink>> sinks;
        std::vector<TargetSinks> per;
        for (std::size_t i = 0; i < parts.size(); ++i) per.push_back(cmp.SinksFor(i, sinks));
        RunAll(
            req, owned, [&](std::size_t i) { return per[i]; }, [&](std::size_t i) { cmp.Finish(i); });
    } else {
        for (std::size_t i = 0; i < parts.size(); ++i) cmp.Replay(*parts[i], i);
    }

    bool all_rows = !parts.empty();
    for (auto* p : parts) all_rows = all_rows && !p->run.failed && OutcomeOf(p->run) == Outcome::kRows;
    RowSetDiff main_diff = cmp.main.Result();
    std::vector<RowSetDiff> before;
    std::vector<RowSetDiff> after;
    for (auto& c : cmp.before) before.push_back(c->Result());
    for (auto& c : cmp.after) after.push_back(c->Result());
    std::vector<const TargetRun*> runs;
    for (auto* p : parts) runs.push_back(&p->run);
    Verdict ev = Judge(runs, all_rows ? &main_diff : nullptr, before, after, any_non_det);
    for (auto* p : parts) {
        if (p->main_capture && p->main_capture->truncated()) {
            ev.reasons.push_back(p->run.dialect + ": only the first " +
                                 std::to_string(options_.batch_capture_max_rows) +
                                 " rows were kept for the bulkMode 2 comparison");
        }
    }
    StoredReport sr;
    sr.trace_id = req.trace_id;
    sr.uid = req.uid;
    sr.status = ev.status;
    sr.consistent = ev.consistent;
    sr.request_json = request_json;
    sr.report_json = BuildReportJson({req, parts, ev, all_rows ? &main_diff : nullptr, before, after, traits,
                                      any_non_det, non_det_reason, created_ms, batch_info});
    sr.insert_time_ms = created_ms;
    sr.update_time_ms = NowMs();
    sdk::Status st = saver_.Save(sr);
    if (!st.ok()) {
        return SaveFailed(req.trace_id, st);
    }
    return Respond(ev.code, ev.message, TraceData(req.trace_id));
}

}  // namespace dbbridge::core::multiplex
