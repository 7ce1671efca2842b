#pragma once
// Access to the test servers started by scripts/db-up.sh. A test that needs a server calls
// DBB_REQUIRE_ENV(var) first: it skips only when the variable is unset (CI always sets it).

#include <gtest/gtest.h>

#include <optional>
#include <string>

namespace dbbridge::testing {

std::optional<std::string> EnvVar(const char* name);

}  // namespace dbbridge::testing

#define DBB_REQUIRE_ENV(var, name)                                                  \
    auto var##_opt = ::dbbridge::testing::EnvVar(name);                             \
    if (!var##_opt) {                                                               \
        GTEST_SKIP() << name " is not set (scripts/db-up.sh sets it)";              \
    }                                                                               \
    const std::string var = *var##_opt
