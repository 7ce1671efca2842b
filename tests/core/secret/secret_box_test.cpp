#include "core/secret/secret_box.h"

#include <gtest/gtest.h>
#include <sys/stat.h>

#include <filesystem>
#include <fstream>
#include <random>

namespace dbbridge::core {
namespace {

class SecretBoxTest : public ::testing::Test {
protected:
    void SetUp() override {
        dir_ = std::filesystem::temp_directory_path() / ("dbb_secret_" + std::to_string(std::random_device{}()));
        key_file_ = (dir_ / "sub" / "dbbridge.key").string();
    }
    void TearDown() override {
        std::error_code ec;
        std::filesystem::remove_all(dir_, ec);
    }
    std::filesystem::path dir_;
    std::string key_file_;
};

TEST_F(SecretBoxTest, CreatesAPrivateKeyFileAndRoundTrips) {
    auto box = SecretBox::OpenOrCreate(key_file_);
    ASSERT_TRUE(box.ok()) << box.status().message();
    struct stat st {};
    ASSERT_EQ(::stat(key_file_.c_str(), &st), 0);
    EXPECT_EQ(st.st_mode & 0777, 0600u);
    EXPECT_EQ(st.st_size, 32);
    EXPECT_TRUE(box.value()->warnings().empty());

    for (const std::string& plain : {std::string("s3cret"), std::string(""), std::string("密码 😀 with ; and '")}) {
        auto enc = box.value()->Encrypt(plain);
        ASSERT_TRUE(enc.ok());
        EXPECT_EQ(enc->rfind("v1:", 0), 0u) << enc.value();
        EXPECT_EQ(enc->find(plain.empty() ? "\x01" : plain), std::string::npos);
        auto dec = box.value()->Decrypt(enc.value());
        ASSERT_TRUE(dec.ok()) << dec.status().message();
        EXPECT_EQ(dec.value(), plain);
    }
}

TEST_F(SecretBoxTest, ReopeningUsesTheSameKey) {
    auto first = SecretBox::OpenOrCreate(key_file_);
    ASSERT_TRUE(first.ok());
    auto enc = first.value()->Encrypt("kept across restarts").value();
    auto second = SecretBox::OpenOrCreate(key_file_);
    ASSERT_TRUE(second.ok()) << second.status().message();
    EXPECT_EQ(second.value()->Decrypt(enc).value(), "kept across restarts");
}

TEST_F(SecretBoxTest, SamePlaintextEncryptsDifferentlyEachTime) {
    auto box = SecretBox::OpenOrCreate(key_file_).value();
    auto a = box->Encrypt("same").value();
    auto b = box->Encrypt("same").value();
    EXPECT_NE(a, b);
    EXPECT_EQ(box->Decrypt(a).value(), box->Decrypt(b).value());
}

TEST_F(SecretBoxTest, WrongKeyIsAClearError) {
    auto box = SecretBox::OpenOrCreate(key_file_).value();
    auto enc = box->Encrypt("s3cret").value();
    auto other = SecretBox::FromKey(std::string(32, 'x')).value();
    auto dec = other->Decrypt(enc);
    ASSERT_FALSE(dec.ok());
    EXPECT_NE(dec.status().message().find("key file"), std::string::npos) << dec.status().message();
}

TEST_F(SecretBoxTest, TamperedTextIsRejected) {
    auto box = SecretBox::OpenOrCreate(key_file_).value();
    std::string enc = box->Encrypt("s3cret-value").value();
    std::string flipped = enc;
    char& c = flipped[10];
    c = c == 'A' ? 'B' : 'A';
    auto dec = box->Decrypt(flipped);
    ASSERT_FALSE(dec.ok());
    EXPECT_NE(dec.status().message().find("altered"), std::string::npos) << dec.status().message();

    EXPECT_EQ(box->Decrypt("s3cret").status().code(), sdk::StatusCode::kInvalidArgument);
    EXPECT_NE(box->Decrypt("v1:AAAA").status().message().find("truncated"), std::string::npos);
    EXPECT_FALSE(box->Decrypt(enc.substr(0, enc.size() - 4)).ok());
}

TEST_F(SecretBoxTest, KeyFileOfTheWrongSizeIsRefused) {
    std::filesystem::create_directories(dir_ / "sub");
    std::ofstream(key_file_) << "too short";
    auto box = SecretBox::OpenOrCreate(key_file_);
    ASSERT_FALSE(box.ok());
    EXPECT_NE(box.status().message().find("has 9 bytes, expected 32"), std::string::npos) << box.status().message();
    EXPECT_NE(box.status().message().find(key_file_), std::string::npos);
}

TEST_F(SecretBoxTest, ReadableByOthersGivesAWarning) {
    ASSERT_TRUE(SecretBox::OpenOrCreate(key_file_).ok());
    ASSERT_EQ(::chmod(key_file_.c_str(), 0644), 0);
    auto box = SecretBox::OpenOrCreate(key_file_);
    ASSERT_TRUE(box.ok());
    ASSERT_EQ(box.value()->warnings().size(), 1u);
    EXPECT_NE(box.value()->warnings()[0].find("0644"), std::string::npos) << box.value()->warnings()[0];
    EXPECT_NE(box.value()->warnings()[0].find("chmod 600"), std::string::npos);
}

TEST(SecretBoxKeyTest, FromKeyNeeds32Bytes) {
    EXPECT_EQ(SecretBox::FromKey("short").status().code(), sdk::StatusCode::kInvalidArgument);
}

}  // namespace
}  // namespace dbbridge::core
