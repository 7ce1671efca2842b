#pragma once
// What a user sends to save or update a job config (SPEC §3, the /api/config/save body): either
// a reader side, a writer side and settings from which the DataX job is generated, or the
// user's own DataX job as `content`. Plain data; JobService validates it.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace dbbridge::core {

// One side of a generated job. Field names follow the request body (reader.table, ...).
struct JobSideRequest {
    std::int64_t datasource_id = 0;
    std::string table;                 // "name" or "schema.name"; empty only for a reader with query_sql
    std::vector<std::string> columns;  // empty or {"*"}: every column of the table
    // Reader only.
    std::string where;
    std::string split_pk;
    std::string query_sql;
    // Writer only.
    std::string write_mode;  // insert (default) | replace | update
    std::vector<std::string> pre_sql;
    std::vector<std::string> post_sql;
};

struct JobSettingRequest {
    std::int64_t channel = 1;
    std::int64_t byte = 0;    // bytes/s for the whole job; 0: no limit
    std::int64_t record = 0;  // records/s for the whole job; 0: no limit
    std::optional<std::int64_t> error_record;
    std::optional<double> error_percentage;  // 0.0 - 1.0
};

struct JobConfigRequest {
    std::int64_t id = 0;  // update only
    // Save: required. Update: absent keeps the name.
    std::optional<std::string> config_name;
    std::optional<std::string> description;
    // "" : none. Save: the user must be a member (or an admin). Update: absent keeps it.
    std::optional<std::string> project;
    // Generated job: reader and writer together (setting optional) ...
    std::optional<JobSideRequest> reader;
    std::optional<JobSideRequest> writer;
    std::optional<JobSettingRequest> setting;
    // ... or the user's own job: the JSON text of a DataX job ({"job": {...}}).
    std::optional<std::string> content;
    // Compare the reader's and writer's tables after each successful run (docs/table-compare.md).
    // Save: absent is off. Update: absent keeps it.
    std::optional<bool> verify_after_run;
};

}  // namespace dbbridge::core
