#include "tests/support/test_env.h"

#include <cstdlib>

namespace dbbridge::testing {

std::optional<std::string> EnvVar(const char* name) {
    const char* v = std::getenv(name);
    if (v == nullptr || *v == '\0') {
        return std::nullopt;
    }
    return std::string(v);
}

}  // namespace dbbridge::testing
