#pragma once
// A DBBRIDGE_TEST_* server URL (mysql://user:pass@host:port/db) as an unsaved Datasource.

#include <string>

#include "core/datasource/datasource_service.h"
#include "tests/support/test_db.h"

namespace dbbridge::core::testing {

inline Datasource DatasourceFromUrl(const std::string& url, const std::string& db_type, const std::string& name) {
    ::dbbridge::testing::DbUrl u = ::dbbridge::testing::ParseDbUrl(url);
    Datasource ds;
    ds.source_name = name;
    ds.db_type = db_type;
    ds.host = u.host;
    ds.port = u.port;
    ds.db_name = u.database;
    ds.username = u.user;
    ds.password = u.password;
    return ds;
}

}  // namespace dbbridge::core::testing
