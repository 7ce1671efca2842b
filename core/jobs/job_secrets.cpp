#include "core/jobs/job_secrets.h"

#include <functional>
#include <map>

#include "core/jobs/job_json.h"
#include "dbbridge/sdk/util/jdbc_url.h"
#include "dbbridge/sdk/util/odbc_connection_string.h"
#include "dbbridge/sdk/util/sql_text.h"

namespace dbbridge::core {

using sdk::Result;
using sdk::Status;

namespace {

// fn(secret, where) returns the new text of each non-empty secret; where names it by JSON path
// (and "#n" for the n-th password inside a URL or connection string). The text is rewritten
// only when some secret was visited, so jobs without one keep their exact text.
using SecretFn = std::function<Result<std::string>(const std::string& secret, const std::string& where)>;

bool IsPasswordKey(const std::string& key) { return sdk::util::ToUpper(key) == "PASSWORD"; }

// Keys whose string values are connection URLs or ODBC connection strings that may carry a
// password ("jdbc:mysql://u:p@h/db", "jdbc:oracle:thin:u/p@h", "...?password=p", "DSN=x;PWD=p").
bool IsConnectionKey(const std::string& key) {
    const std::string k = sdk::util::ToUpper(key);
    return k == "JDBCURL" || k == "URL" || k == "CONNECTIONSTRING" || k == "CONNECTION_STRING";
}

std::vector<sdk::util::TextSpan> PasswordSpans(const std::string& value) {
    if (sdk::util::StartsWithNoCase(value, "jdbc:")) {
        return sdk::util::UrlPasswordSpans(value);
    }
    std::vector<sdk::util::TextSpan> spans;
    for (const auto& a : sdk::util::ParseOdbcConnectionString(value)) {
        if (sdk::util::IsOdbcPasswordKeyword(a.keyword) && a.value_end > a.value_begin) {
            spans.push_back({a.value_begin, a.value_end});
        }
    }
    return spans;
}

// value with each password span replaced by fn's answer (back to front so offsets hold).
Result<std::string> RewriteConnectionText(const std::string& value, const std::string& where, const SecretFn& fn,
                                          bool& changed) {
    auto spans = PasswordSpans(value);
    std::string out = value;
    for (std::size_t i = spans.size(); i-- > 0;) {
        const auto& s = spans[i];
        DBB_ASSIGN_OR_RETURN(auto replaced, fn(value.substr(s.begin, s.end - s.begin), where + "#" + std::to_string(i)));
        out.replace(s.begin, s.end - s.begin, replaced);
        changed = true;
    }
    return out;
}

Status RewriteValue(Poco::Dynamic::Var& value, const std::string& path, bool connection_key, const SecretFn& fn,
                    bool& changed);

// Every object below a reader / writer "parameter": password keys and connection texts.
Status RewriteObject(Poco::JSON::Object::Ptr obj, const std::string& path, const SecretFn& fn, bool& changed) {
    std::vector<std::string> keys;
    obj->getNames(keys);
    for (const auto& key : keys) {
        const std::string at = path + "." + key;
        Poco::Dynamic::Var value = obj->get(key);
        if (IsPasswordKey(key) && (value.isString() || value.isNumeric())) {
            const std::string secret = value.convert<std::string>();
            if (secret.empty()) {
                continue;
            }
            DBB_ASSIGN_OR_RETURN(auto replaced, fn(secret, at));
            obj->set(key, replaced);
            changed = true;
            continue;
        }
        bool rewritten = false;
        DBB_RETURN_IF_ERROR(RewriteValue(value, at, IsConnectionKey(key), fn, rewritten));
        if (rewritten) {
            obj->set(key, value);  // value is a copy: a rewritten text must be put back
            changed = true;
        }
    }
    return Status::Ok();
}

Status RewriteValue(Poco::Dynamic::Var& value, const std::string& path, bool connection_key, const SecretFn& fn,
                    bool& changed) {
    if (value.type() == typeid(Poco::JSON::Object::Ptr)) {
        return RewriteObject(value.extract<Poco::JSON::Object::Ptr>(), path, fn, changed);
    }
    if (value.type() == typeid(Poco::JSON::Array::Ptr)) {
        auto list = value.extract<Poco::JSON::Array::Ptr>();
        for (std::size_t i = 0; i < list->size(); ++i) {
            Poco::Dynamic::Var item = list->get(static_cast<unsigned>(i));
            bool rewritten = false;
            DBB_RETURN_IF_ERROR(
                RewriteValue(item, path + "[" + std::to_string(i) + "]", connection_key, fn, rewritten));
            if (rewritten) {
                list->set(static_cast<unsigned>(i), item);
                changed = true;
            }
        }
        return Status::Ok();
    }
    if (connection_key && value.isString()) {
        DBB_ASSIGN_OR_RETURN(auto text, RewriteConnectionText(value.extract<std::string>(), path, fn, changed));
        value = text;
    }
    return Status::Ok();
}

Result<std::string> RewriteSecrets(const std::string& job_text, const SecretFn& fn) {
    DBB_ASSIGN_OR_RETURN(auto parsed, ParseJobJson(job_text, "job"));
    bool changed = false;
    DBB_RETURN_IF_ERROR(ForEachJobSide(
        parsed,
        [&](const std::string&, Poco::JSON::Object::Ptr parameter, bool, const std::string& side_path) -> Status {
            return RewriteObject(parameter, side_path + ".parameter", fn, changed);
        }));
    return changed ? PrettyJobJson(parsed) : job_text;
}

}  // namespace

Result<std::string> JobSecrets::Seal(const std::string& job_text, const std::string& previous) const {
    std::map<std::string, std::string> stored;  // where -> sealed secret of the config being updated
    if (!previous.empty()) {
        // Only collects the stored passwords; the previous text was valid when it was saved.
        (void)RewriteSecrets(previous, [&](const std::string& secret, const std::string& where) -> Result<std::string> {
            stored[where] = secret;
            return secret;
        });
    }
    return RewriteSecrets(job_text, [&](const std::string& secret, const std::string& where) -> Result<std::string> {
        if (secret == kMask) {
            auto it = stored.find(where);
            if (it == stored.end()) {
                return Status::InvalidArgument("content: " + where + ": \"" + kMask +
                                               "\" is the mask shown in responses, not a stored password; give the "
                                               "password itself");
            }
            // A password stored in clear before sealing existed gets sealed now.
            return SecretBox::LooksEncrypted(it->second) ? Result<std::string>(it->second) : box_.Encrypt(it->second);
        }
        if (SecretBox::LooksEncrypted(secret)) {
            // Only the server seals; a sealed text sent in would be opened for the engine as if the
            // sender had known the password (another config's sealed secret, copied).
            return Status::InvalidArgument("content: " + where +
                                           ": looks like a sealed password; give the password itself");
        }
        return box_.Encrypt(secret);
    });
}

Result<std::string> JobSecrets::Open(const std::string& job_text) const {
    return RewriteSecrets(job_text, [&](const std::string& secret, const std::string& where) -> Result<std::string> {
        if (!SecretBox::LooksEncrypted(secret)) {
            return secret;
        }
        auto plain = box_.Decrypt(secret);
        if (!plain.ok()) {
            return plain.status().WithContext(where);
        }
        return plain;
    });
}

std::string JobSecrets::Mask(const std::string& job_text) {
    auto masked = RewriteSecrets(
        job_text, [](const std::string&, const std::string&) -> Result<std::string> { return std::string(kMask); });
    return masked.ok() ? masked.value() : job_text;
}

}  // namespace dbbridge::core
