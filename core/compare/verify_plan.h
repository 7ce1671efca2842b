#pragma once
// "Verify after each successful run" (a job config option): which two tables a job copies, read
// from its DataX job text, so that a table compare can check the copy. Only a job that reads one
// table of a saved datasource and writes one table of a saved datasource can be verified; the
// error of any other names the field verify_after_run and says why.

#include <cstdint>
#include <string>
#include <vector>

#include "dbbridge/sdk/status.h"

namespace dbbridge::core::compare {

struct VerifySides {
    std::int64_t source_datasource_id = 0;  // the reader's saved datasource
    std::string source_table;
    std::int64_t target_datasource_id = 0;  // the writer's
    std::string target_table;
    std::vector<std::string> columns;  // compared by name; empty: every column of the source table
};

// The reader's and writer's datasource and table of job_text (a stored job config's content).
// The reader's where is not applied: the whole tables are compared.
sdk::Result<VerifySides> VerifySidesOfJob(const std::string& job_text);

}  // namespace dbbridge::core::compare
