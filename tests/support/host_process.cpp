#include "tests/support/host_process.h"

#include <Poco/JSON/Parser.h>
#include <Poco/Net/HTTPClientSession.h>
#include <Poco/Net/HTTPRequest.h>
#include <Poco/Net/HTTPResponse.h>
#include <Poco/StreamCopier.h>
#include <signal.h>
#include <fcntl.h>
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
    config_path_ = work_dir_ + "/dbbridge.yaml";
    log_path_ = work_dir_ + "/host.log";
    std::ofstream cfg(config_path_);
    cfg << "server:\n  port: 0\n  threads: 32\n"
        << "store:\n  url: " << (store_url.empty() ? "sqlite:" + work_dir_ + "/dbbridge.db" : store_url) << "\n"
        << "plugins:\n  dir: " << (plugin_dir.empty() ? std::string(DBB_PLUGIN_BUILD_DIR) : plugin_dir) << "\n"
        << "paths:\n  jobs: " << work_dir_ << "/jobs\n  logs: " << work_dir_ << "/logs\n"
        << "security:\n  key_file: " << (key_file.empty() ? work_dir_ + "/dbbridge.key" : key_file) << "\n"
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
        return -1;
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

HttpReply Exchange(int port, const std::string& uid, Poco::Net::HTTPRequest& req, const std::string* body) {
    HttpReply reply;
    if (!uid.empty()) {
        req.set("X-Uid", uid);
    }
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

}  // namespace

HttpReply HostProcess::Get(const std::string& path_and_query) const {
    Poco::Net::HTTPRequest req(Poco::Net::HTTPRequest::HTTP_GET, path_and_query, Poco::Net::HTTPMessage::HTTP_1_1);
    return Exchange(port_, uid_, req, nullptr);
}

HttpReply HostProcess::Post(const std::string& path, const std::string& body, const std::string& content_type) const {
    Poco::Net::HTTPRequest req(Poco::Net::HTTPRequest::HTTP_POST, path, Poco::Net::HTTPMessage::HTTP_1_1);
    req.setContentType(content_type);
    return Exchange(port_, uid_, req, &body);
}

}  // namespace dbbridge::testing
