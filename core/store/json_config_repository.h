#pragma once
// The json_config table (seed 000 §2.1): one saved DataX job per row, its file path and its text.
// config_name is unique per uid. Deletion is physical (is_delete stays 0; the column is kept for
// the seed's schema). Thread-safe (each call borrows a session). Follows datasource_repository.h.

#include <cstdint>
#include <string>
#include <vector>

#include "core/store/metadata_store.h"
#include "core/store/page.h"
#include "core/store/visibility.h"
#include "dbbridge/sdk/status.h"

namespace dbbridge::core {

struct JsonConfigRow {
    std::int64_t id = 0;
    std::string config_name;
    std::string config_path;  // the job file under paths.jobs
    std::string content;      // the DataX job JSON text (as written to config_path)
    std::string description;
    std::string uid;
    std::string project;  // "" : none; members of the project may use the config
    bool verify_after_run = false;  // compare reader and writer tables after each successful run
    std::string insert_time;
    std::string update_time;
};

class JsonConfigRepository {
public:
    explicit JsonConfigRepository(MetadataStore& store) : store_(store) {}

    // Stores a new row (id, insert_time, update_time set here) and returns its id.
    // kAlreadyExists naming config_name when (uid, config_name) is taken.
    sdk::Result<std::int64_t> Insert(const JsonConfigRow& row);
    // Same, inside a transaction the caller already holds (to write the file before committing).
    static sdk::Result<std::int64_t> Insert(StoreSession& session, const JsonConfigRow& row);
    // Rewrites config_name, config_path, content, description, project and verify_after_run of row.id;
    // update_time set here.
    // kNotFound for an unknown id; kAlreadyExists when renamed onto a taken name.
    sdk::Status Update(const JsonConfigRow& row);
    static sdk::Status Update(StoreSession& session, const JsonConfigRow& row);
    // Physical delete. kNotFound for an unknown id.
    sdk::Status Delete(std::int64_t id);
    static sdk::Status Delete(StoreSession& session, std::int64_t id);

    sdk::Result<JsonConfigRow> Get(std::int64_t id);
    static sdk::Result<JsonConfigRow> Get(StoreSession& session, std::int64_t id);
    sdk::Result<JsonConfigRow> GetByName(const std::string& uid, const std::string& config_name);

    // One page ordered by id of the rows visible (a uid alone: that user's own). name_filter non-empty: config_name contains it, ignoring
    // ASCII case ('%' and '_' in the filter match themselves).
    sdk::Result<Page<JsonConfigRow>> Query(const Visibility& visible, const std::string& name_filter, int page,
                                           int page_size);
    // Every visible row, ordered by id.
    sdk::Result<std::vector<JsonConfigRow>> List(const Visibility& visible);

private:
    MetadataStore& store_;
};

}  // namespace dbbridge::core
