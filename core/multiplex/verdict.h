#pragma once
// The verdict of one comparison, with seed 004's codes: execution failures (30000), then the
// outcome class of each participant, errors by class, affected counts, result sets and
// snapshots. Every difference is typed (DifferenceKind) by whoever found it, and the verdict reads
// the kinds, never message text: a STRUCTURAL difference is always 40005, VALUE and ORDER
// differences of a non-deterministic statement are code 0 NON_DETERMINISTIC. Pure, thread-safe.

#include <string>
#include <vector>

#include "core/multiplex/row_set_comparator.h"
#include "core/multiplex/target_executor.h"

namespace dbbridge::core::multiplex {

enum class Outcome { kRows, kAffected, kError, kFailed };

Outcome OutcomeOf(const TargetRun& run);
const char* OutcomeName(Outcome o);  // "ROWS", "AFFECTED_ROWS", "ERROR", "EXECUTION_FAILED"

struct Verdict {
    int code = 0;
    std::string message;
    std::string status;  // complete | failed
    int consistent = -1;  // -1 unknown (failed, non-deterministic), 0 inconsistent, 1 consistent
    std::string verdict;  // CONSISTENT | INCONSISTENT | NON_DETERMINISTIC | EXECUTION_FAILED
    std::vector<Difference> differences;
    std::vector<std::string> reasons;  // the differences' messages, or the execution failures
};

// runs: the source first. main_diff: the result-set comparison (nullptr when none ran);
// before/after: the snapshot comparisons. non_deterministic: the statement may vary between runs.
Verdict Judge(const std::vector<const TargetRun*>& runs, const RowSetDiff* main_diff,
              const std::vector<RowSetDiff>& before, const std::vector<RowSetDiff>& after, bool non_deterministic);

}  // namespace dbbridge::core::multiplex
