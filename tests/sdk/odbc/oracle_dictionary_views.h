#pragma once
// Oracle's data dictionary emulated on PostgreSQL for the ODBC dialect tests (psqlODBC stands in
// for the vendors' drivers). Needs only sdk::Connection, so engine tests can use it through a
// plugin's connection.

#include <gtest/gtest.h>

#include <string>

#include "dbbridge/sdk/connection.h"

namespace dbbridge::testing {

// Runs one statement and fails the test when it fails.
inline void Exec(sdk::Connection& c, const std::string& sql) {
    auto r = c.Execute(sql, {}, nullptr, sdk::ExecuteOptions{});
    ASSERT_TRUE(r.ok()) << sql << ": " << r.status().message();
    ASSERT_FALSE(r->failed) << sql << ": " << r->error_message;
}

// Oracle-style dictionary views over information_schema, upper-cased like Oracle's, plus DUAL
// (orafce) and SYS_CONTEXT for the current schema.
inline void CreateOracleDictionaryViews(sdk::Connection& c) {
    Exec(c, "CREATE VIEW all_tab_columns AS SELECT upper(table_schema::text) AS owner, "
            "upper(table_name::text) AS table_name, upper(column_name::text) AS column_name, "
            "upper(data_type::text) AS data_type, character_maximum_length::int AS data_length, "
            "numeric_precision::int AS data_precision, numeric_scale::int AS data_scale, "
            "CASE is_nullable WHEN 'YES' THEN 'Y' ELSE 'N' END AS nullable, ordinal_position::int AS column_id "
            "FROM information_schema.columns");
    Exec(c, "CREATE VIEW all_col_comments AS SELECT owner, table_name, column_name, "
            "('comment of ' || column_name)::text AS comments FROM all_tab_columns");
    Exec(c, "CREATE VIEW all_tables AS SELECT upper(table_schema::text) AS owner, upper(table_name::text) AS "
            "table_name FROM information_schema.tables WHERE table_type = 'BASE TABLE'");
    Exec(c, "CREATE VIEW all_views AS SELECT upper(table_schema::text) AS owner, upper(table_name::text) AS "
            "view_name FROM information_schema.views");
    Exec(c, "CREATE VIEW all_users AS SELECT upper(schema_name::text) AS username FROM information_schema.schemata");
    Exec(c, "CREATE VIEW user_tables AS SELECT upper(table_name::text) AS table_name FROM information_schema.tables "
            "WHERE table_schema = current_schema()");
    Exec(c, "CREATE FUNCTION sys_context(text, text) RETURNS text LANGUAGE sql AS 'SELECT upper(current_schema())'");
    // Primary and unique keys, for the writers' MERGE (writeMode update).
    Exec(c, "CREATE VIEW all_constraints AS SELECT upper(table_schema::text) AS owner, "
            "upper(constraint_name::text) AS constraint_name, upper(table_name::text) AS table_name, "
            "CASE constraint_type WHEN 'PRIMARY KEY' THEN 'P' WHEN 'UNIQUE' THEN 'U' ELSE 'C' END AS constraint_type "
            "FROM information_schema.table_constraints");
    Exec(c, "CREATE VIEW all_cons_columns AS SELECT upper(table_schema::text) AS owner, "
            "upper(constraint_name::text) AS constraint_name, upper(table_name::text) AS table_name, "
            "upper(column_name::text) AS column_name, ordinal_position::int AS position "
            "FROM information_schema.key_column_usage");
}

}  // namespace dbbridge::testing
