#pragma once
// The audit_log table: who did what to which object, from where, and whether it was allowed.
// Rows are only appended. Thread-safe (each call borrows a session). Follows
// datasource_repository.h.

#include <cstdint>
#include <string>

#include "core/store/metadata_store.h"
#include "core/store/page.h"
#include "dbbridge/sdk/status.h"

namespace dbbridge::core {

struct AuditRow {
    std::int64_t id = 0;
    std::string insert_time;
    std::string actor;        // user name ("" when unknown, e.g. a failed login for no such user)
    std::string action;       // "login", "datasource.update", ...
    std::string object_type;  // "user", "datasource", "job", "token", "project"
    std::string object_id;
    std::string outcome;  // "ok" | "denied" | "failed"
    std::string peer;     // client address
    std::string detail;
};

struct AuditQuery {
    int page = 1;
    int page_size = kDefaultPageSize;
    std::string actor;   // "" : any
    std::string action;  // "" : any
};

class AuditRepository {
public:
    explicit AuditRepository(MetadataStore& store) : store_(store) {}

    // Long values are cut to the column sizes.
    sdk::Status Append(const AuditRow& row);
    // Newest first.
    sdk::Result<Page<AuditRow>> Query(const AuditQuery& query);

private:
    MetadataStore& store_;
};

}  // namespace dbbridge::core
