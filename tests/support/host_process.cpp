#include "tests/support/host_process.h"

#include <Poco/JSON/Parser.h>
#include <Poco/Net/HTTPClientSession.h>
#include <Poco/Net/HTTPRequest.h>
#include <Poco/Net/HTTPResponse.h>
#include <Poco/StreamCopier.h>
#include <signal.h>
#include <fcntl.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <regex>
#include <sstream>
#include <thread>

namespace dbbridge::testing {

namespace fs = std::filesystem;

int HttpReply::code() const {
    if (!json || !json->has("code")) {
        return -999;
    }
    return json->getValue<int>("code");
}

std::string HttpReply::message() const {
    if (!json || !json->has("message")) {
        return "";
    }
    return json->getValue<std::string>("message");
}

HostProcess::HostProcess(const std::string& extra_yaml, const std::string& plugin_dir)
    : HostProcess(extra_yaml, plugin_dir, "", "") {}

HostProcess::HostProcess(const std::string& extra_yaml, const std::string& plugin_dir, const std::string& store_url,
                         const std::string& key_file) {
    char tmpl[] = "/tmp/dbbridge-host-XXXXXX";
    work_dir_ = mkdtemp(tmpl);
    key_file_ = key_file.empty() ? work_dir_ + "/dbbridge.key" : key_file;
    config_path_ = work_dir_ + "/dbbridge.yaml";
    log_path_ = work_dir_ + "/host.log";
    std::ofstream cfg(config_path_);
    cfg << "server:\n  port: 0\n  threads: 32\n"
        << "store:\n  url: " << (store_url.empty() ? "sqlite:" + work_dir_ + "/dbbridge.db" : store_url) << "\n"
        << "plugins:\n  dir: " << (plugin_dir.empty() ? std::string(DBB_PLUGIN_BUILD_DIR) : plugin_dir) << "\n"
        << "paths:\n  jobs: " << work_dir_ << "/jobs\n  logs: " << work_dir_ << "/logs\n"
        << "security:\n  key_file: " << key_file_ << "\n"
        << extra_yaml;
}

HostProcess::~HostProcess() {
    if (pid_ > 0) {
        Kill(SIGKILL);
        Wait();
    }
    std::error_code ec;
    fs::remove_all(work_dir_, ec);
}

bool HostProcess::Start() {
    // A restart (Start after Kill + Wait) reuses the work directory and appends to the same log:
    // look for the "serving on" line only in what this start prints.
    const std::size_t printed_before = output().size();
    pid_ = fork();
    if (pid_ == 0) {
        int fd = ::open(log_path_.c_str(), O_WRONLY | O_CREAT | O_APPEND, 0644);
        dup2(fd, 1);
        dup2(fd, 2);
        if (chdir(work_dir_.c_str()) != 0) {
            _exit(127);
        }
        if (file_size_limit_ > 0) {
            struct rlimit limit {file_size_limit_, file_size_limit_};
            setrlimit(RLIMIT_FSIZE, &limit);
        }
        execl(DBB_HOST_BINARY, DBB_HOST_BINARY, "--config", config_path_.c_str(), "serve", static_cast<char*>(nullptr));
        _exit(127);
    }
    std::regex re("serving on http://[^:]+:([0-9]+)/|running \\(server.role worker");
    for (int i = 0; i < 200; ++i) {
        std::smatch m;
        std::string out = output().substr(printed_before);
        if (std::regex_search(out, m, re)) {
            port_ = m[1].matched ? std::stoi(m[1]) : 0;
            return true;
        }
        int status = 0;
        if (waitpid(pid_, &status, WNOHANG) == pid_) {
            pid_ = -1;
            exit_status_ = status;  // for Wait()
            return false;
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
    return false;
}

void HostProcess::Kill(int signal) {
    if (pid_ > 0) {
        ::kill(pid_, signal);
    }
}

int HostProcess::Wait() {
    if (pid_ <= 0) {
        return exit_status_;  // it ended during Start(), or was never started (-1)
    }
    int status = 0;
    waitpid(pid_, &status, 0);
    pid_ = -1;
    return status;
}

std::string HostProcess::output() const {
    std::ifstream in(log_path_);
    std::stringstream ss;
    ss << in.rdbuf();
    return ss.str();
}

namespace {

HttpReply Exchange(int port, Poco::Net::HTTPRequest& req, const std::string* body) {
    HttpReply reply;
    try {
        Poco::Net::HTTPClientSession session("127.0.0.1", static_cast<Poco::UInt16>(port));
        session.setTimeout(Poco::Timespan(120, 0));
        if (body) {
            req.setContentLength(static_cast<std::streamsize>(body->size()));
            session.sendRequest(req) << *body;
        } else {
            session.sendRequest(req);
        }
        Poco::Net::HTTPResponse resp;
        std::istream& in = session.receiveResponse(resp);
        reply.http_status = resp.getStatus();
        for (const auto& [name, value] : resp) {
            reply.headers.emplace(name, value);
        }
        Poco::StreamCopier::copyToString(in, reply.body);
        try {
            Poco::JSON::Parser parser;
            auto v = parser.parse(reply.body);
            if (v.type() == typeid(Poco::JSON::Object::Ptr)) {
                reply.json = v.extract<Poco::JSON::Object::Ptr>();
            }
        } catch (const Poco::Exception&) {
            reply.json = nullptr;
        }
    } catch (const Poco::Exception& e) {
        reply.http_status = -1;
        reply.body = e.displayText();
    }
    return reply;
}

std::string JsonString(const std::string& s) {
    std::string out = "\"";
    for (char c : s) {
        if (c == '"' || c == '\\') {
            out += '\\';
        }
        out += c;
    }
    return out + "\"";
}

}  // namespace

HttpReply HostProcess::Send(const std::string& method, const std::string& path, const std::string& body,
                            const std::map<std::string, std::string>& headers) const {
    Poco::Net::HTTPRequest req(method, path, Poco::Net::HTTPMessage::HTTP_1_1);
    for (const auto& [name, value] : headers) {
        req.set(name, value);
    }
    bool has_body = method == "POST" || method == "PUT" || !body.empty();
    return Exchange(port_, req, has_body ? &body : nullptr);
}

std::string HostProcess::PasswordFor(const std::string& user) const {
    if (user == "admin") {
        // serve writes it beside the key file (shared by hosts on one store).
        std::ifstream in((fs::path(key_file_).parent_path() / "admin.password").string());
        std::string line;
        std::getline(in, line);
        return line;
    }
    return "pw-" + user + "-0123456789";
}

std::string HostProcess::TokenFor(const std::string& user) const {
    auto it = tokens_.find(user);
    if (it != tokens_.end()) {
        return it->second;
    }
    const std::string json = "application/json";
    auto login = [&](const std::string& name) {
        auto r = Send("POST", "/api/auth/login",
                      "{\"username\":" + JsonString(name) + ",\"password\":" + JsonString(PasswordFor(name)) + "}",
                      {{"Content-Type", json}});
        if (r.code() != 0) {
            return std::string();
        }
        return r.json->getObject("data")->getValue<std::string>("token");
    };
    // Create the user first (409 when it exists): a failed login would count against the limits.
    if (user != "admin") {
        Send("POST", "/api/users",
             "{\"name\":" + JsonString(user) + ",\"password\":" + JsonString(PasswordFor(user)) + ",\"role\":\"user\"}",
             {{"Content-Type", json}, {"Authorization", "Bearer " + TokenFor("admin")}});
    }
    std::string token = login(user);
    if (!token.empty()) {
        tokens_[user] = token;
    }
    return token;
}

std::string HostProcess::Bearer() const { return "Bearer " + TokenFor(uid_.empty() ? kDefaultUser : uid_); }

HttpReply HostProcess::Get(const std::string& path_and_query) const {
    return Send("GET", path_and_query, "", {{"Authorization", Bearer()}});
}

HttpReply HostProcess::Delete(const std::string& path_and_query) const {
    return Send("DELETE", path_and_query, "", {{"Authorization", Bearer()}});
}

HttpReply HostProcess::Post(const std::string& path, const std::string& body, const std::string& content_type) const {
    return Send("POST", path, body, {{"Content-Type", content_type}, {"Authorization", Bearer()}});
}

}  // namespace dbbridge::testing
