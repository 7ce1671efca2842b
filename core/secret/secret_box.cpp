#include "core/secret/secret_box.h"

#include <Poco/Base64Decoder.h>
#include <Poco/Base64Encoder.h>
#include <Poco/Exception.h>
#include <fcntl.h>
#include <openssl/evp.h>
#include <openssl/rand.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <sstream>

namespace dbbridge::core {

namespace {

constexpr const char* kPrefix = "v1:";
constexpr std::size_t kNonceSize = 12;
constexpr std::size_t kTagSize = 16;
// Authenticated with every secret, so a v1 text cannot be replayed under a future format.
constexpr const char* kAad = "dbbridge-secret-v1";

struct CipherCtx {
    EVP_CIPHER_CTX* ctx = EVP_CIPHER_CTX_new();
    ~CipherCtx() { EVP_CIPHER_CTX_free(ctx); }
};

std::string Base64(const std::string& bytes) {
    std::ostringstream out;
    Poco::Base64Encoder enc(out);
    enc.rdbuf()->setLineLength(0);
    enc << bytes;
    enc.close();
    return out.str();
}

sdk::Result<std::string> Unbase64(const std::string& text) {
    try {
        std::istringstream in(text);
        Poco::Base64Decoder dec(in);
        std::string out((std::istreambuf_iterator<char>(dec)), std::istreambuf_iterator<char>());
        return out;
    } catch (const Poco::Exception& e) {
        return sdk::Status::InvalidArgument("encrypted secret is not valid base64: " + e.displayText());
    }
}

std::string Errno(const std::string& what, const std::string& path) {
    return what + " key file '" + path + "': " + std::strerror(errno);
}

sdk::Status WriteNewKey(const std::string& path, const std::string& key) {
    int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
    if (fd < 0) {
        return sdk::Status(errno == EEXIST ? sdk::StatusCode::kAlreadyExists : sdk::StatusCode::kInternal,
                           Errno("cannot create", path));
    }
    ssize_t n = ::write(fd, key.data(), key.size());
    bool ok = n == static_cast<ssize_t>(key.size()) && ::fsync(fd) == 0;
    std::string err = ok ? "" : Errno("cannot write", path);
    ::close(fd);
    if (!ok) {
        ::unlink(path.c_str());
        return sdk::Status::Internal(err);
    }
    return sdk::Status::Ok();
}

}  // namespace

sdk::Result<std::unique_ptr<SecretBox>> SecretBox::FromKey(const std::string& key) {
    if (key.size() != kKeySize) {
        return sdk::Status::InvalidArgument("secret key must be " + std::to_string(kKeySize) + " bytes, got " +
                                            std::to_string(key.size()));
    }
    return std::unique_ptr<SecretBox>(new SecretBox(key));
}

sdk::Result<std::unique_ptr<SecretBox>> SecretBox::OpenOrCreate(const std::string& key_file) {
    std::error_code ec;
    auto parent = std::filesystem::path(key_file).parent_path();
    if (!parent.empty()) {
        std::filesystem::create_directories(parent, ec);
        if (ec) {
            return sdk::Status::Internal("cannot create folder '" + parent.string() + "' for key file '" + key_file +
                                         "': " + ec.message());
        }
    }
    struct stat st {};
    if (::stat(key_file.c_str(), &st) != 0) {
        if (errno != ENOENT) {
            return sdk::Status::Internal(Errno("cannot read", key_file));
        }
        std::string key(kKeySize, '\0');
        if (RAND_bytes(reinterpret_cast<unsigned char*>(key.data()), static_cast<int>(key.size())) != 1) {
            return sdk::Status::Internal("cannot generate a random key for '" + key_file + "'");
        }
        auto written = WriteNewKey(key_file, key);
        if (written.ok()) {
            return FromKey(key);
        }
        if (written.code() != sdk::StatusCode::kAlreadyExists) {
            return written;
        }
        // Another process created it between stat and open: use theirs.
        if (::stat(key_file.c_str(), &st) != 0) {
            return sdk::Status::Internal(Errno("cannot read", key_file));
        }
    }
    if (!S_ISREG(st.st_mode)) {
        return sdk::Status::InvalidArgument("key file '" + key_file + "' is not a regular file");
    }
    if (static_cast<std::size_t>(st.st_size) != kKeySize) {
        return sdk::Status::InvalidArgument("key file '" + key_file + "' has " + std::to_string(st.st_size) +
                                            " bytes, expected " + std::to_string(kKeySize) +
                                            "; restore the original file (without it stored passwords cannot be "
                                            "decrypted)");
    }
    int fd = ::open(key_file.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) {
        return sdk::Status::Internal(Errno("cannot open", key_file));
    }
    std::string key(kKeySize, '\0');
    ssize_t n = ::read(fd, key.data(), key.size());
    ::close(fd);
    if (n != static_cast<ssize_t>(kKeySize)) {
        return sdk::Status::Internal("cannot read all " + std::to_string(kKeySize) + " bytes of key file '" + key_file +
                                     "'");
    }
    auto box = FromKey(key);
    if (box.ok() && (st.st_mode & 077) != 0) {
        char mode[8];
        std::snprintf(mode, sizeof(mode), "%04o", static_cast<unsigned>(st.st_mode & 07777));
        box.value()->warnings_.push_back("key file '" + key_file + "' has mode " + mode +
                                         ": other users may read it; run chmod 600 on it");
    }
    return box;
}

bool SecretBox::LooksEncrypted(const std::string& text) { return text.rfind(kPrefix, 0) == 0; }

sdk::Result<std::string> SecretBox::Encrypt(const std::string& plain) const {
    std::string nonce(kNonceSize, '\0');
    if (RAND_bytes(reinterpret_cast<unsigned char*>(nonce.data()), static_cast<int>(nonce.size())) != 1) {
        return sdk::Status::Internal("cannot generate a random nonce");
    }
    CipherCtx c;
    std::string cipher(plain.size() + kTagSize, '\0');
    int len = 0;
    int total = 0;
    auto* out = reinterpret_cast<unsigned char*>(cipher.data());
    bool ok = c.ctx != nullptr && EVP_EncryptInit_ex(c.ctx, EVP_aes_256_gcm(), nullptr, nullptr, nullptr) == 1 &&
              EVP_CIPHER_CTX_ctrl(c.ctx, EVP_CTRL_GCM_SET_IVLEN, kNonceSize, nullptr) == 1 &&
              EVP_EncryptInit_ex(c.ctx, nullptr, nullptr, reinterpret_cast<const unsigned char*>(key_.data()),
                                 reinterpret_cast<const unsigned char*>(nonce.data())) == 1 &&
              EVP_EncryptUpdate(c.ctx, nullptr, &len, reinterpret_cast<const unsigned char*>(kAad),
                                static_cast<int>(std::strlen(kAad))) == 1 &&
              EVP_EncryptUpdate(c.ctx, out, &len, reinterpret_cast<const unsigned char*>(plain.data()),
                                static_cast<int>(plain.size())) == 1;
    total = len;
    ok = ok && EVP_EncryptFinal_ex(c.ctx, out + total, &len) == 1;
    total += len;
    ok = ok && EVP_CIPHER_CTX_ctrl(c.ctx, EVP_CTRL_GCM_GET_TAG, kTagSize, out + total) == 1;
    if (!ok) {
        return sdk::Status::Internal("encryption failed (OpenSSL AES-256-GCM)");
    }
    cipher.resize(total + kTagSize);
    return std::string(kPrefix) + Base64(nonce + cipher);
}

sdk::Result<std::string> SecretBox::Decrypt(const std::string& text) const {
    if (!LooksEncrypted(text)) {
        return sdk::Status::InvalidArgument("not an encrypted secret (expected the 'v1:' prefix)");
    }
    DBB_ASSIGN_OR_RETURN(auto raw, Unbase64(text.substr(std::strlen(kPrefix))));
    const std::string& bytes = raw;
    if (bytes.size() < kNonceSize + kTagSize) {
        return sdk::Status::InvalidArgument("encrypted secret is truncated (" + std::to_string(bytes.size()) +
                                            " bytes)");
    }
    const auto* in = reinterpret_cast<const unsigned char*>(bytes.data());
    const std::size_t cipher_len = bytes.size() - kNonceSize - kTagSize;
    std::string plain(cipher_len, '\0');
    std::string tag = bytes.substr(kNonceSize + cipher_len);
    auto* out = reinterpret_cast<unsigned char*>(plain.data());
    CipherCtx c;
    int len = 0;
    bool ok =
        c.ctx != nullptr && EVP_DecryptInit_ex(c.ctx, EVP_aes_256_gcm(), nullptr, nullptr, nullptr) == 1 &&
        EVP_CIPHER_CTX_ctrl(c.ctx, EVP_CTRL_GCM_SET_IVLEN, kNonceSize, nullptr) == 1 &&
        EVP_DecryptInit_ex(c.ctx, nullptr, nullptr, reinterpret_cast<const unsigned char*>(key_.data()), in) == 1 &&
        EVP_DecryptUpdate(c.ctx, nullptr, &len, reinterpret_cast<const unsigned char*>(kAad),
                          static_cast<int>(std::strlen(kAad))) == 1 &&
        EVP_DecryptUpdate(c.ctx, out, &len, in + kNonceSize, static_cast<int>(cipher_len)) == 1 &&
        EVP_CIPHER_CTX_ctrl(c.ctx, EVP_CTRL_GCM_SET_TAG, kTagSize, tag.data()) == 1;
    int final_len = 0;
    if (!ok || EVP_DecryptFinal_ex(c.ctx, out + len, &final_len) != 1) {
        return sdk::Status::Internal(
            "cannot decrypt secret: authentication failed (the key file is not the one it was encrypted with, or "
            "the stored text was altered)");
    }
    plain.resize(static_cast<std::size_t>(len + final_len));
    return plain;
}

}  // namespace dbbridge::core
