#pragma once
// A saved connection to a database (seed 000 §1, SPEC §3), as the datasource service hands it
// out and takes it in. Passwords travel inward only: everything the service returns has an empty
// password and says has_password instead.

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "core/store/page.h"

namespace dbbridge::core {

struct Datasource {
    std::int64_t id = 0;
    std::string source_name;
    std::string description;
    std::string db_type;  // dialect API name; stored upper case
    std::string host;
    int port = 0;  // 0: the dialect's default port
    std::string db_name;
    std::string username;
    std::string password;       // plain text, input only; always empty on output
    bool has_password = false;  // output: a password is stored
    std::string project;
    std::string uid;                             // owner; "" is the default user
    std::map<std::string, std::string> options;  // keys: declared by the dialect's plugin (DatasourceService::OptionsOf)
    std::string insert_time;                     // ISO-8601 UTC
    std::string update_time;
};

// A partial update: only the fields that are set change.
struct DatasourcePatch {
    std::int64_t id = 0;
    std::optional<std::string> source_name;
    std::optional<std::string> description;
    std::optional<std::string> db_type;
    std::optional<std::string> host;
    std::optional<int> port;
    std::optional<std::string> db_name;
    std::optional<std::string> username;
    // An empty password means "unchanged" (forms send back the empty password they were given);
    // set clear_password to remove a stored one.
    std::optional<std::string> password;
    bool clear_password = false;
    std::optional<std::string> project;
    std::optional<std::map<std::string, std::string>> options;  // replaces all options
};

struct DatasourceQuery {
    int page = 1;
    int page_size = kDefaultPageSize;
    std::string db_type;  // case-insensitive; empty: every type
    std::string project;  // exactly this project; empty: any
    std::string name;     // source_name contains it, case-insensitive; empty: any
};

}  // namespace dbbridge::core
