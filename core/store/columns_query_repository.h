#pragma once
// The columns_query table (seed 000 §1.3): per db_type, the SQL that lists a table's columns and
// the ping SQL. Rows are seeded from the plugins' defaults at start-up and may be edited by
// users; a row that exists is never overwritten by the defaults. Thread-safe.

#include <cstdint>
#include <string>

#include "core/store/metadata_store.h"
#include "dbbridge/sdk/status.h"

namespace dbbridge::core {

struct ColumnsQueryRow {
    std::int64_t id = 0;
    std::string db_type;  // upper case
    std::string query_sql;
    std::string ping;
    bool is_delete = false;
    std::string insert_time;
    std::string update_time;
};

class ColumnsQueryRepository {
public:
    explicit ColumnsQueryRepository(MetadataStore& store) : store_(store) {}

    // Inserts the defaults when db_type has no row at all (a soft-deleted row counts as present:
    // the user removed it on purpose). Returns true when a row was inserted.
    sdk::Result<bool> InsertDefaultIfAbsent(const std::string& db_type, const std::string& query_sql,
                                            const std::string& ping);
    // The live (is_delete = 0) row for db_type; kNotFound when none.
    sdk::Result<ColumnsQueryRow> Get(const std::string& db_type);
    // A user's override: replaces query_sql and ping (and revives a soft-deleted row), or inserts.
    sdk::Status SetOverride(const std::string& db_type, const std::string& query_sql, const std::string& ping);

private:
    MetadataStore& store_;
};

}  // namespace dbbridge::core
