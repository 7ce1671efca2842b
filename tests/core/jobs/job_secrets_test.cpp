// Every password a DataX job can carry is sealed, masked and opened (issue 10 §2).
#include "core/jobs/job_secrets.h"

#include <gtest/gtest.h>

#include "core/jobs/job_json.h"

namespace dbbridge::core {
namespace {

std::string Job(const std::string& password) {
    return std::string(R"({"job": {"content": {"reader": {"name": "mysqlreader", "parameter": {"password": ")") +
           password + R"(", "connection": [{"password": ")" + password + R"(", "jdbcUrl": ["jdbc:mysql://u:)" +
           password + R"(@h:1/db?password=)" + password + R"("]}]}},
        "writer": {"name": "oraclewriter", "parameter": {"connection": [{"jdbcUrl": "jdbc:oracle:thin:u/)" + password +
           R"(@h:1521/s"}], "connectionString": "DSN=x;PWD={)" + password + R"(}"}}}}})";
}

class JobSecretsTest : public ::testing::Test {
protected:
    void SetUp() override { box_ = std::move(SecretBox::FromKey(std::string(32, 'k')).value()); }
    std::unique_ptr<SecretBox> box_;
};

std::size_t Count(const std::string& text, const std::string& part) {
    std::size_t n = 0;
    for (auto at = text.find(part); at != std::string::npos; at = text.find(part, at + 1)) {
        ++n;
    }
    return n;
}

TEST_F(JobSecretsTest, SealsMasksAndOpensEveryPasswordOfAJob) {
    const std::string plain = Job("Secret77");
    JobSecrets secrets(*box_);
    auto sealed = secrets.Seal(plain, "");
    ASSERT_TRUE(sealed.ok()) << sealed.status().message();
    EXPECT_EQ(Count(sealed.value(), "Secret77"), 0u) << sealed.value();
    EXPECT_EQ(Count(sealed.value(), "v1:"), 6u) << sealed.value();
    const std::string masked = JobSecrets::Mask(sealed.value());
    EXPECT_EQ(Count(masked, JobSecrets::kMask), 6u) << masked;
    EXPECT_EQ(Count(masked, "v1:"), 0u) << masked;
    auto opened = secrets.Open(sealed.value());
    ASSERT_TRUE(opened.ok()) << opened.status().message();
    EXPECT_EQ(Count(opened.value(), "Secret77"), 6u) << opened.value();
    // The masked form sent back keeps every stored password.
    auto resealed = secrets.Seal(masked, sealed.value());
    ASSERT_TRUE(resealed.ok()) << resealed.status().message();
    EXPECT_EQ(Count(secrets.Open(resealed.value()).value(), "Secret77"), 6u);
}

TEST_F(JobSecretsTest, AMaskWithoutAStoredPasswordAndASealedTextSentInAreRefused) {
    JobSecrets secrets(*box_);
    auto masked = secrets.Seal(Job(JobSecrets::kMask), "");
    ASSERT_FALSE(masked.ok());
    EXPECT_NE(masked.status().message().find("job.content[0].reader.parameter.password"), std::string::npos)
        << masked.status().message();
    auto sealed_text = box_->Encrypt("x");
    auto copied = secrets.Seal(Job(sealed_text.value()), "");
    ASSERT_FALSE(copied.ok());
    EXPECT_NE(copied.status().message().find("looks like a sealed password"), std::string::npos);
}

TEST(JobJsonTest, ASingleContentObjectBecomesAnArrayAndABareJobIsWrapped) {
    auto root = ParseJobJson(R"({"content": {"reader": {}, "writer": {}}})", "content");
    ASSERT_TRUE(root.ok());
    auto job = JsonObjectAt(root.value(), "job");
    ASSERT_TRUE(job);
    auto content = JsonArrayAt(job, "content");
    ASSERT_TRUE(content);
    EXPECT_EQ(content->size(), 1u);
}

}  // namespace
}  // namespace dbbridge::core
