#pragma once
// Every password in a user's own DataX job: any "password" value under a reader / writer
// parameter (parameter.password, connection[].password, ...) and the password inside a connection
// text (jdbcUrl / url / connectionString: "jdbc:mysql://u:PASS@h", "jdbc:oracle:thin:u/PASS@h",
// "?password=PASS", ODBC "PWD=PASS"). Sealed with the SecretBox before the job is stored or
// written to its file, masked in every response, opened only for the engine at run time and for
// the owner's export.
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
    // (sealed) value at the same place in previous (the config being updated; "" on save), and
    // is kInvalidArgument naming the path when there is none; so is a password that is already
    // sealed (only the server seals). Text without passwords is returned as is.
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
