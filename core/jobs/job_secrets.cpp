#include "core/jobs/job_secrets.h"

#include <functional>
#include <map>

#include "core/jobs/job_json.h"

namespace dbbridge::core {

using sdk::Result;
using sdk::Status;

namespace {

constexpr const char* kPassword = "password";

// fn(password, path) returns the new value for each non-empty string password. The text is
// rewritten only when some password was visited, so jobs without one keep their exact text.
using PasswordFn = std::function<Result<std::string>(const std::string& password, const std::string& path)>;

Result<std::string> RewritePasswords(const std::string& job_text, const PasswordFn& fn) {
    auto parsed = ParseJobJson(job_text, "job");
    if (!parsed.ok()) {
        return parsed.status();
    }
    bool changed = false;
    DBB_RETURN_IF_ERROR(ForEachJobSide(
        parsed.value(),
        [&](const std::string&, Poco::JSON::Object::Ptr parameter, bool, const std::string& side_path) -> Status {
            if (!parameter->has(kPassword) || !parameter->get(kPassword).isString()) {
                return Status::Ok();
            }
            const std::string password = parameter->get(kPassword).extract<std::string>();
            if (password.empty()) {
                return Status::Ok();
            }
            auto replaced = fn(password, side_path + ".parameter." + kPassword);
            if (!replaced.ok()) {
                return replaced.status();
            }
            parameter->set(kPassword, replaced.value());
            changed = true;
            return Status::Ok();
        }));
    return changed ? PrettyJobJson(parsed.value()) : job_text;
}

}  // namespace

Result<std::string> JobSecrets::Seal(const std::string& job_text, const std::string& previous) const {
    std::map<std::string, std::string> stored;  // path -> sealed password of the config being updated
    if (!previous.empty()) {
        // Only collects the stored passwords; the previous text was valid when it was saved.
        (void)RewritePasswords(previous, [&](const std::string& password, const std::string& path) -> Result<std::string> {
            stored[path] = password;
            return password;
        });
    }
    return RewritePasswords(job_text, [&](const std::string& password, const std::string& path) -> Result<std::string> {
        if (password == kMask) {
            auto it = stored.find(path);
            if (it == stored.end()) {
                return Status::InvalidArgument("content: " + path + ": \"" + kMask +
                                               "\" is the mask shown in responses, not a stored password; give the "
                                               "password itself");
            }
            // A password stored in clear before sealing existed gets sealed now.
            return SecretBox::LooksEncrypted(it->second) ? Result<std::string>(it->second) : box_.Encrypt(it->second);
        }
        return box_.Encrypt(password);
    });
}

Result<std::string> JobSecrets::Open(const std::string& job_text) const {
    return RewritePasswords(job_text, [&](const std::string& password, const std::string& path) -> Result<std::string> {
        if (!SecretBox::LooksEncrypted(password)) {
            return password;
        }
        auto plain = box_.Decrypt(password);
        if (!plain.ok()) {
            return plain.status().WithContext(path);
        }
        return plain;
    });
}

std::string JobSecrets::Mask(const std::string& job_text) {
    auto masked = RewritePasswords(
        job_text, [](const std::string&, const std::string&) -> Result<std::string> { return std::string(kMask); });
    return masked.ok() ? masked.value() : job_text;
}

}  // namespace dbbridge::core
