#pragma once
// Starts the real `dbbridge serve` executable on a free port with its own configuration and
// working directory, and talks to it over HTTP. The process is killed on destruction.

#include <Poco/JSON/Object.h>

#include <cstdint>
#include <map>
#include <string>

namespace dbbridge::testing {

struct HttpReply {
    int http_status = 0;
    std::string body;
    std::multimap<std::string, std::string> headers;  // response headers as sent
    Poco::JSON::Object::Ptr json;  // null when the body is not a JSON object
    int code() const;              // envelope code (-999 when absent)
    std::string message() const;
};

class HostProcess {
public:
    // extra_yaml is appended to a configuration that sets port 0, a temporary work directory
    // (store, key file, jobs, logs inside it) and the build's plugin directory.
    // plugin_dir empty: the build's plugin directory.
    explicit HostProcess(const std::string& extra_yaml = "", const std::string& plugin_dir = "");
    // A host on a given store (store.url) and key file (security.key_file); hosts sharing a store
    // must share the key. Empty: the host's own, as above.
    HostProcess(const std::string& extra_yaml, const std::string& plugin_dir, const std::string& store_url,
                const std::string& key_file);
    ~HostProcess();
    HostProcess(const HostProcess&) = delete;
    HostProcess& operator=(const HostProcess&) = delete;

    // Waits for the "serving on" line (or a worker's "running" line, port 0); false (with output()) when it did not come. May be called
    // again after Kill + Wait to restart the host on the same work directory (store, jobs, logs).
    bool Start();
    void Kill(int signal);
    int Wait();  // exit status after Kill or a natural exit (also when Start() saw the process end)

    // Requests act as the current user (see SetUid): they carry "Authorization: Bearer <token>".
    HttpReply Get(const std::string& path_and_query) const;
    HttpReply Post(const std::string& path, const std::string& body,
                   const std::string& content_type = "application/json;charset=UTF-8") const;
    HttpReply Delete(const std::string& path_and_query) const;
    // Any request with exactly these headers (no token added): for authentication tests.
    HttpReply Send(const std::string& method, const std::string& path, const std::string& body,
                   const std::map<std::string, std::string>& headers) const;

    // Requests after this act as user uid: a plain user (role "user") created through the first
    // admin when needed, logged in once. "" is the default user kDefaultUser; "admin" is the admin
    // that serve created on the empty store.
    void SetUid(const std::string& uid) { uid_ = uid; }
    static constexpr const char* kDefaultUser = "tester";
    // The session token of user (creating and logging in as above). Empty when that failed.
    std::string TokenFor(const std::string& user) const;
    // The password HostProcess gave user (the admin's is read from its file).
    std::string PasswordFor(const std::string& user) const;
    // Drops cached tokens (e.g. after they were revoked) so the next request logs in again.
    void ForgetTokens() const { tokens_.clear(); }

    // Starts the process under RLIMIT_FSIZE (a file cannot grow past bytes: a full disk for one
    // process). Call before Start().
    void SetFileSizeLimit(std::uint64_t bytes) { file_size_limit_ = bytes; }

    int port() const { return port_; }
    const std::string& work_dir() const { return work_dir_; }
    const std::string& config_path() const { return config_path_; }
    std::string output() const;  // everything the process printed so far

private:
    std::string Bearer() const;  // "Bearer <token of the current user>"

    std::string work_dir_;
    std::string config_path_;
    std::string key_file_;
    std::string log_path_;
    int pid_ = -1;
    int exit_status_ = -1;
    int port_ = 0;
    std::uint64_t file_size_limit_ = 0;
    std::string uid_;
    mutable std::map<std::string, std::string> tokens_;  // user -> session token
};

}  // namespace dbbridge::testing
