#include "core/multiplex/verdict.h"

#include <algorithm>

#include "core/multiplex/error_classifier.h"
#include "core/multiplex/multiplex_codes.h"

namespace dbbridge::core::multiplex {

namespace {

std::string Join(const std::vector<std::string>& parts, const std::string& sep) {
    std::string out;
    for (std::size_t i = 0; i < parts.size(); ++i) {
        out += (i == 0 ? "" : sep) + parts[i];
    }
    return out;
}

// Different outcome classes (rows vs affected count vs error): structural.
Difference OutcomeDifference(const std::vector<const TargetRun*>& runs) {
    std::vector<std::string> kinds;
    for (const TargetRun* r : runs) {
        std::string k = r->dialect + " " + OutcomeName(OutcomeOf(*r));
        if (OutcomeOf(*r) == Outcome::kError) {
            k += "(" + r->main.result.error_code + " " + r->main.result.error_message + ")";
        }
        kinds.push_back(k);
    }
    return {DifferenceKind::kStructural, "outcome differs: " + Join(kinds, ", ")};
}

// Every participant failed: the same class of error, or (class unknown) the same SQLSTATE or code.
void CompareErrors(const std::vector<const TargetRun*>& runs, std::vector<Difference>& out) {
    const auto& r0 = runs[0]->main.result;
    const ErrorClass c0 = ClassifyError(r0.error_code, r0.sql_state);
    for (std::size_t i = 1; i < runs.size(); ++i) {
        const auto& ri = runs[i]->main.result;
        const ErrorClass ci = ClassifyError(ri.error_code, ri.sql_state);
        const bool same = c0 != ErrorClass::kOther
                              ? ci == c0
                              : (ci == ErrorClass::kOther &&
                                 ((!r0.sql_state.empty() && r0.sql_state == ri.sql_state) ||
                                  (!r0.error_code.empty() && r0.error_code == ri.error_code)));
        if (!same) {
            out.push_back({DifferenceKind::kStructural, "error class differs: " + runs[0]->dialect + " " +
                                                            ErrorClassName(c0) + " (" + r0.error_code + "), " +
                                                            runs[i]->dialect + " " + ErrorClassName(ci) + " (" +
                                                            ri.error_code + ")"});
        }
    }
}

void CompareAffected(const std::vector<const TargetRun*>& runs, std::vector<Difference>& out) {
    const std::int64_t a0 = runs[0]->main.result.affected_rows;
    for (std::size_t i = 1; i < runs.size(); ++i) {
        const std::int64_t ai = runs[i]->main.result.affected_rows;
        if (ai != a0) {
            out.push_back({DifferenceKind::kValue, "affected rows differ: " + runs[0]->dialect + " " +
                                                       std::to_string(a0) + ", " + runs[i]->dialect + " " +
                                                       std::to_string(ai)});
        }
    }
}

void AddSnapshots(const std::vector<RowSetDiff>& diffs, const std::string& what, std::vector<Difference>& out) {
    for (std::size_t i = 0; i < diffs.size(); ++i) {
        for (const auto& d : diffs[i].differences) {
            out.push_back({d.kind, what + "[" + std::to_string(i) + "]: " + d.message});
        }
    }
}

void Decide(Verdict& v, bool non_deterministic) {
    const bool structural = std::any_of(v.differences.begin(), v.differences.end(),
                                        [](const Difference& d) { return d.kind == DifferenceKind::kStructural; });
    for (const auto& d : v.differences) {
        v.reasons.push_back(d.message);
    }
    if (v.differences.empty()) {
        v.code = kCodeOk;
        v.message = kMsgConsistent;
        v.consistent = 1;
        v.verdict = "CONSISTENT";
    } else if (non_deterministic && !structural) {
        v.code = kCodeOk;
        v.message = kMsgNonDeterministic;
        v.consistent = -1;
        v.verdict = "NON_DETERMINISTIC";
    } else {
        v.code = kCodeInconsistent;
        v.message = kMsgInconsistent;
        v.consistent = 0;
        v.verdict = "INCONSISTENT";
    }
}

}  // namespace

Outcome OutcomeOf(const TargetRun& run) {
    if (run.failed) {
        return Outcome::kFailed;
    }
    if (run.main.result.failed) {
        return Outcome::kError;
    }
    return run.main.result.has_rows ? Outcome::kRows : Outcome::kAffected;
}

const char* OutcomeName(Outcome o) {
    switch (o) {
        case Outcome::kRows: return "ROWS";
        case Outcome::kAffected: return "AFFECTED_ROWS";
        case Outcome::kError: return "ERROR";
        case Outcome::kFailed: return "EXECUTION_FAILED";
    }
    return "?";
}

Verdict Judge(const std::vector<const TargetRun*>& runs, const RowSetDiff* main_diff,
              const std::vector<RowSetDiff>& before, const std::vector<RowSetDiff>& after, bool non_deterministic) {
    Verdict v;
    for (const TargetRun* r : runs) {
        if (r->failed) {
            v.reasons.push_back(r->failure);
        }
    }
    if (!v.reasons.empty()) {
        v.code = kCodeExecution;
        v.message = std::string(kMsgExecution) + ": " + Join(v.reasons, "; ");
        v.status = "failed";
        v.verdict = "EXECUTION_FAILED";
        return v;
    }
    v.status = "complete";
    const Outcome o0 = OutcomeOf(*runs[0]);
    const bool same_kind =
        std::all_of(runs.begin(), runs.end(), [&](const TargetRun* r) { return OutcomeOf(*r) == o0; });
    if (!same_kind) {
        v.differences.push_back(OutcomeDifference(runs));
    } else if (o0 == Outcome::kError) {
        CompareErrors(runs, v.differences);
    } else if (o0 == Outcome::kAffected) {
        CompareAffected(runs, v.differences);
    } else if (main_diff != nullptr && !main_diff->consistent) {
        v.differences = main_diff->differences;
    }
    AddSnapshots(before, "beforeSqls", v.differences);
    AddSnapshots(after, "afterSqls", v.differences);
    Decide(v, non_deterministic);
    return v;
}

}  // namespace dbbridge::core::multiplex
