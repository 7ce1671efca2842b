#pragma once
// The datasource table. Rows hold the password only as SecretBox text ("v1:..."); encrypting and
// decrypting is the caller's job (DatasourceService). Thread-safe (each call borrows a session).
//
// This is the pattern for the other repositories: one struct mirroring the table, one column
// list, a row mapper, and one MetadataStore::Run per method with bound values.

#include <cstdint>
#include <string>
#include <vector>

#include "core/store/metadata_store.h"
#include "core/store/page.h"
#include "core/store/visibility.h"
#include "dbbridge/sdk/status.h"

namespace dbbridge::core {

struct DatasourceRow {
    std::int64_t id = 0;
    std::string source_name;
    std::string description;
    std::string db_type;  // upper case
    std::string host;
    int port = 0;
    std::string db_name;
    std::string username;
    std::string password;  // encrypted text, or empty when none was given
    std::string project;
    std::string uid;
    std::string options;  // JSON object text
    std::string insert_time;
    std::string update_time;
};

// Narrows a datasource list; an empty field does not filter.
struct DatasourceFilter {
    std::string db_type;  // compared as stored, upper case
    std::string project;  // exact
    std::string name;     // contained in source_name, case-insensitive
    // A db_type alone (implicit: how lists were filtered before projects and names).
    DatasourceFilter(std::string type = "") : db_type(std::move(type)) {}  // NOLINT(google-explicit-constructor)
    DatasourceFilter(const char* type) : db_type(type) {}                   // NOLINT(google-explicit-constructor)
};

class DatasourceRepository {
public:
    explicit DatasourceRepository(MetadataStore& store) : store_(store) {}

    // Stores a new row (id, insert_time and update_time are set here) and returns its id.
    // kAlreadyExists naming source_name when (uid, source_name) is taken.
    sdk::Result<std::int64_t> Insert(const DatasourceRow& row);
    // Rewrites every column of row.id except insert_time; update_time is set here.
    // kNotFound for an unknown id; kAlreadyExists when renamed onto a taken name.
    sdk::Status Update(const DatasourceRow& row);
    // Physical delete. kNotFound for an unknown id.
    sdk::Status Delete(std::int64_t id);

    sdk::Result<DatasourceRow> Get(std::int64_t id);
    sdk::Result<DatasourceRow> GetByName(const std::string& uid, const std::string& source_name);
    // Rows with this source_name for any user (for ConnectionResolver::ResolveByName).
    sdk::Result<std::vector<DatasourceRow>> FindByName(const std::string& source_name);

    // One page ordered by id of the visible rows (a uid alone: its own) that pass filter.
    sdk::Result<Page<DatasourceRow>> Query(const Visibility& visible, const DatasourceFilter& filter, int page,
                                           int page_size);
    // Every visible row (and of db_type when not empty), ordered by id.
    sdk::Result<std::vector<DatasourceRow>> List(const Visibility& visible, const std::string& db_type);

private:
    MetadataStore& store_;
};

}  // namespace dbbridge::core
