// The repository suite against the real servers: each test gets its own fresh database
// store_<random> (PostgreSQL as the admin user, MariaDB as app) and drops it afterwards.
#include "tests/core/store/repository_suite.h"

namespace dbbridge::core::testing {
namespace {

INSTANTIATE_TEST_SUITE_P(Store, RepositorySuite, ::testing::Values(TestBackend::kPostgres, TestBackend::kMysql),
                         TestBackendName);

}  // namespace
}  // namespace dbbridge::core::testing
