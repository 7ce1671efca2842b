#include "core/auth/credentials.h"
#include "core/auth/login_limiter.h"
#include "tests/core/auth/identity_suite.h"

namespace dbbridge::core::testing {
namespace {

INSTANTIATE_TEST_SUITE_P(Store, IdentitySuite, ::testing::Values(TestBackend::kSqlite), TestBackendName);

TEST(CredentialsTest, HashesVerifyOnlyTheirPasswordAndTokensAreRandom) {
    auto hash = auth::HashPassword("correct horse");
    ASSERT_TRUE(hash.ok());
    EXPECT_TRUE(auth::VerifyPassword(*hash, "correct horse"));
    EXPECT_FALSE(auth::VerifyPassword(*hash, "correct horsE"));
    EXPECT_FALSE(auth::VerifyPassword("not a hash", "correct horse"));
    EXPECT_NE(*auth::HashPassword("correct horse"), *hash);  // salted
    EXPECT_NE(auth::NewToken(), auth::NewToken());
    EXPECT_EQ(auth::TokenDigest("abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    EXPECT_FALSE(auth::CheckPasswordRules("two\nlines").ok());
    EXPECT_FALSE(auth::CheckPasswordRules(std::string(auth::kMaxPasswordBytes + 1, 'x')).ok());
}

TEST(LoginLimiterTest, BlocksAUserAfterFiveFailuresUntilTheWindowEnds) {
    auth::LoginLimiter limiter;
    auto t0 = auth::LoginLimiter::Clock::now();
    for (int i = 0; i < 5; ++i) {
        EXPECT_EQ(limiter.RetryAfter("alice", "10.0.0.1", t0), 0) << i;
        limiter.Failed("alice", "10.0.0.1", t0);
    }
    EXPECT_GT(limiter.RetryAfter("alice", "10.0.0.2", t0), 0);  // from anywhere
    EXPECT_EQ(limiter.RetryAfter("bob", "10.0.0.2", t0), 0);
    EXPECT_EQ(limiter.RetryAfter("alice", "10.0.0.2", t0 + std::chrono::seconds(301)), 0);
}

TEST(LoginLimiterTest, BlocksAnAddressThatTriesManyNames) {
    auth::LoginLimiter limiter;
    auto t0 = auth::LoginLimiter::Clock::now();
    for (int i = 0; i < 20; ++i) {
        limiter.Failed("user" + std::to_string(i), "10.0.0.9", t0);
    }
    EXPECT_GT(limiter.RetryAfter("someone-new", "10.0.0.9", t0), 0);
    EXPECT_EQ(limiter.RetryAfter("someone-new", "10.0.0.8", t0), 0);
}

TEST(LoginLimiterTest, SuccessClearsTheUserAndMemoryStaysBounded) {
    auth::LoginLimiter::Options options;
    options.max_entries = 100;
    auth::LoginLimiter limiter(options);
    auto t0 = auth::LoginLimiter::Clock::now();
    for (int i = 0; i < 4; ++i) {
        limiter.Failed("alice", "10.0.0.1", t0);
    }
    limiter.Succeeded("alice");
    limiter.Failed("alice", "10.0.0.1", t0);
    EXPECT_EQ(limiter.RetryAfter("alice", "10.0.0.3", t0), 0);
    for (int i = 0; i < 10000; ++i) {
        limiter.Failed("u" + std::to_string(i), "p" + std::to_string(i), t0 + std::chrono::milliseconds(i));
    }
    EXPECT_LE(limiter.size(), 100u);
}

}  // namespace
}  // namespace dbbridge::core::testing
