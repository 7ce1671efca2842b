#pragma once
// Password hashing and bearer tokens, on libsodium (Debian's libsodium-dev): argon2id through
// crypto_pwhash_str, which salts and encodes its parameters in the hash so they can be raised later
// without breaking stored hashes; tokens from the OS random generator. Thread-safe.

#include <string>

#include "dbbridge/sdk/status.h"

namespace dbbridge::core::auth {

inline constexpr std::size_t kMinPasswordBytes = 8;
// argon2id takes any length, but a client must not make the server hash megabytes.
inline constexpr std::size_t kMaxPasswordBytes = 1024;

// kInvalidArgument naming field when password is shorter than kMinPasswordBytes, longer than
// kMaxPasswordBytes, or holds a line break or NUL (it could not be typed back on one line).
sdk::Status CheckPasswordRules(const std::string& password, const std::string& field = "password");

// The argon2id hash ("$argon2id$v=19$..."). kInternal when libsodium cannot allocate its memory.
sdk::Result<std::string> HashPassword(const std::string& password);
// True when password matches hash (false for a malformed hash too).
bool VerifyPassword(const std::string& hash, const std::string& password);

// 256 random bits as 64 lower-case hex characters.
std::string NewToken();
// 24 random characters from [A-Za-z0-9] (about 142 bits) for the first admin's password.
std::string NewPassword();
// SHA-256 of token, hex: what the store keeps instead of the token.
std::string TokenDigest(const std::string& token);

}  // namespace dbbridge::core::auth
