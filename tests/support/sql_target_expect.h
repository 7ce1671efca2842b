#pragma once
// For plugin tests: a dialect's declared translation target (Dialect::SqlTargetProfile()) must be
// the translator's built-in entry for that name, so `dbbridge transpile` prints the same SQL with
// and without the plugin loaded (the two may not drift while the built-in table exists).

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "dbbridge/sdk/dialect.h"
#include "dbbridge/sdk/sql/target_profile.h"

namespace dbbridge::test {

inline void ExpectDeclaresBuiltinTarget(const sdk::Dialect& dialect, const std::vector<std::string>& same_sql) {
    const auto declared = dialect.SqlTargetProfile();
    ASSERT_TRUE(declared.has_value()) << dialect.Name() << " declares no SQL target";
    auto builtin = sdk::sql::BuiltinSqlTarget(dialect.Name());
    ASSERT_TRUE(builtin.ok()) << builtin.status().message();
    builtin->same_sql = same_sql;
    EXPECT_TRUE(*declared == *builtin) << dialect.Name() << " declares another SQL target than the built-in one";
}

}  // namespace dbbridge::test
