#pragma once
// Inline passwords of a user's own DataX job (job.content[i].reader/writer.parameter.password):
// sealed with the SecretBox before the job is stored or written to its file, masked in every
// response, opened only for the engine at run time and for the owner's export.
// Thread-safe (the box is).

#include <string>

#include "core/secret/secret_box.h"
#include "dbbridge/sdk/status.h"

namespace dbbridge::core {

class JobSecrets {
public:
    // What responses show instead of a password; sent back in an update it keeps the stored one.
    static constexpr const char* kMask = "******";

    explicit JobSecrets(const SecretBox& box) : box_(box) {}

    // Encrypts every non-empty password of job_text. A password equal to kMask takes the stored
    // (sealed) value at the same JSON path in previous (the config being updated; "" on save), and
    // is kInvalidArgument naming the path when there is none. Text without passwords is returned as is.
    sdk::Result<std::string> Seal(const std::string& job_text, const std::string& previous) const;
    // Decrypts every sealed password (a password stored in clear before sealing existed stays).
    // Errors name the JSON path.
    sdk::Result<std::string> Open(const std::string& job_text) const;
    // Every non-empty password replaced by kMask; text without passwords (or not JSON) as is.
    static std::string Mask(const std::string& job_text);

private:
    const SecretBox& box_;
};

}  // namespace dbbridge::core
