#pragma once
// Encrypts secrets (datasource passwords) for storage: AES-256-GCM with a random 32-byte key kept
// in a key file outside the database. Encrypt() returns "v1:" + base64(nonce | ciphertext | tag);
// a fresh random nonce each time, so the same password never encrypts to the same text.
// Thread-safe after construction (the key is immutable).

#include <memory>
#include <string>
#include <vector>

#include "dbbridge/sdk/status.h"

namespace dbbridge::core {

class SecretBox {
public:
    static constexpr std::size_t kKeySize = 32;

    // Reads the key file, or creates it (mode 0600, parent folders created) when it does not exist.
    // Fails when the file has another size than 32 bytes or cannot be read or created. A file that
    // group or others may read is accepted with a warning (see warnings()).
    static sdk::Result<std::unique_ptr<SecretBox>> OpenOrCreate(const std::string& key_file);
    // A box over a given key (tests, tools). Fails unless key has kKeySize bytes.
    static sdk::Result<std::unique_ptr<SecretBox>> FromKey(const std::string& key);

    sdk::Result<std::string> Encrypt(const std::string& plain) const;
    // kInvalidArgument when text is not "v1:<base64>"; kInternal naming the likely cause when the
    // authentication tag does not match (another key file, or the stored text was altered).
    sdk::Result<std::string> Decrypt(const std::string& text) const;

    // True for text Encrypt() produced (by its format; says nothing about the key).
    static bool LooksEncrypted(const std::string& text);

    const std::vector<std::string>& warnings() const { return warnings_; }

private:
    explicit SecretBox(std::string key) : key_(std::move(key)) {}

    std::string key_;
    std::vector<std::string> warnings_;
};

}  // namespace dbbridge::core
