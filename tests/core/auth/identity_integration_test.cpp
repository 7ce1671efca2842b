#include "tests/core/auth/identity_suite.h"

namespace dbbridge::core::testing {
namespace {

INSTANTIATE_TEST_SUITE_P(Store, IdentitySuite, ::testing::Values(TestBackend::kPostgres, TestBackend::kMysql),
                         TestBackendName);

}  // namespace
}  // namespace dbbridge::core::testing
