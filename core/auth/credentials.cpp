#include "core/auth/credentials.h"

#include <sodium.h>

#include <array>
#include <cstdint>
#include <stdexcept>

namespace dbbridge::core::auth {

namespace {

// sodium_init is idempotent and thread-safe after the first call; calling it before each use
// keeps the library free of a start-up step that a command could forget.
void EnsureSodium() {
    if (sodium_init() < 0) {
        throw std::runtime_error("libsodium could not be initialised");
    }
}

std::string Hex(const unsigned char* data, std::size_t n) {
    std::string out(n * 2 + 1, '\0');
    sodium_bin2hex(out.data(), out.size(), data, n);
    out.pop_back();
    return out;
}

}  // namespace

sdk::Status CheckPasswordRules(const std::string& password, const std::string& field) {
    if (password.size() < kMinPasswordBytes) {
        return sdk::Status::InvalidArgument(field + ": must be at least " + std::to_string(kMinPasswordBytes) +
                                            " characters");
    }
    if (password.size() > kMaxPasswordBytes) {
        return sdk::Status::InvalidArgument(field + ": must be at most " + std::to_string(kMaxPasswordBytes) +
                                            " bytes");
    }
    if (password.find_first_of(std::string("\r\n\0", 3)) != std::string::npos) {
        return sdk::Status::InvalidArgument(field + ": must not contain line breaks or NUL");
    }
    return sdk::Status::Ok();
}

sdk::Result<std::string> HashPassword(const std::string& password) {
    EnsureSodium();
    std::array<char, crypto_pwhash_STRBYTES> out{};
    if (crypto_pwhash_str_alg(out.data(), password.data(), password.size(), crypto_pwhash_OPSLIMIT_INTERACTIVE,
                              crypto_pwhash_MEMLIMIT_INTERACTIVE, crypto_pwhash_ALG_ARGON2ID13) != 0) {
        return sdk::Status::Internal("password hashing ran out of memory");
    }
    return std::string(out.data());
}

bool VerifyPassword(const std::string& hash, const std::string& password) {
    EnsureSodium();
    return crypto_pwhash_str_verify(hash.c_str(), password.data(), password.size()) == 0;
}

std::string NewToken() {
    EnsureSodium();
    std::array<unsigned char, 32> bytes{};
    randombytes_buf(bytes.data(), bytes.size());
    return Hex(bytes.data(), bytes.size());
}

std::string NewPassword() {
    EnsureSodium();
    static constexpr char kAlphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
    constexpr std::uint32_t kAlphabetSize = sizeof(kAlphabet) - 1;
    std::string out;
    for (int i = 0; i < 24; ++i) {
        out += kAlphabet[randombytes_uniform(kAlphabetSize)];
    }
    return out;
}

std::string TokenDigest(const std::string& token) {
    EnsureSodium();
    std::array<unsigned char, crypto_hash_sha256_BYTES> digest{};
    crypto_hash_sha256(digest.data(), reinterpret_cast<const unsigned char*>(token.data()), token.size());
    return Hex(digest.data(), digest.size());
}

}  // namespace dbbridge::core::auth
