#pragma once
// For plugin tests: a dialect declares its translation target as data (Dialect::SqlTargetProfile())
// and leaves translating to the host. That the declaration equals the host's fallback entry for the
// name (used when no plugin is loaded) is checked in tests/core/transpile with the plugins loaded.

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "dbbridge/sdk/dialect.h"

namespace dbbridge::test {

inline void ExpectDeclaresTarget(const sdk::Dialect& dialect, const std::vector<std::string>& same_sql) {
    const auto declared = dialect.SqlTargetProfile();
    ASSERT_TRUE(declared.has_value()) << dialect.Name() << " declares no SQL target";
    EXPECT_EQ(declared->same_sql, same_sql) << dialect.Name();
}

// Plugins carry no translator: their Transpile() says so and the host translates from the
// declaration above.
inline void ExpectTranslationLeftToTheHost(const sdk::Dialect& dialect) {
    auto r = dialect.Transpile("ORACLE", "SELECT 1 FROM dual");
    ASSERT_FALSE(r.ok()) << dialect.Name();
    EXPECT_EQ(r.status().code(), sdk::StatusCode::kUnimplemented) << r.status().message();
    EXPECT_NE(r.status().message().find("SqlTargetProfile()"), std::string::npos) << r.status().message();
}

}  // namespace dbbridge::test
