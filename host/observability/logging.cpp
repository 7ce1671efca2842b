#include "host/observability/logging.h"

#include <Poco/AutoPtr.h>
#include <Poco/Channel.h>
#include <Poco/ConsoleChannel.h>
#include <Poco/DateTimeFormatter.h>
#include <Poco/Formatter.h>
#include <Poco/FormattingChannel.h>
#include <Poco/Message.h>
#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <mutex>
#include <vector>

namespace dbbridge::host {

namespace {

const char* LevelName(Poco::Message::Priority p) {
    switch (p) {
        case Poco::Message::PRIO_FATAL:
        case Poco::Message::PRIO_CRITICAL:
        case Poco::Message::PRIO_ERROR: return "ERROR";
        case Poco::Message::PRIO_WARNING:
        case Poco::Message::PRIO_NOTICE: return "WARN ";
        case Poco::Message::PRIO_INFORMATION: return "INFO ";
        case Poco::Message::PRIO_DEBUG: return "DEBUG";
        default: return "TRACE";
    }
}

// "2026-12-03T09:40:00.123Z INFO  text" (server) or "2026-12-03T09:40:00.123Z text" (access).
class LineFormatter : public Poco::Formatter {
public:
    explicit LineFormatter(bool with_level) : with_level_(with_level) {}
    void format(const Poco::Message& msg, std::string& text) override {
        text = Poco::DateTimeFormatter::format(msg.getTime(), "%Y-%m-%dT%H:%M:%S.%iZ");
        text += ' ';
        if (with_level_) {
            text += LevelName(msg.getPriority());
            text += ' ';
        }
        text += msg.getText();
    }

private:
    bool with_level_;
};

// Appends lines to a file opened O_APPEND; Reopen() closes it so the next line opens the path
// again. A failed write (disk full) drops the line: logging must not stop the server.
class ReopeningFileChannel : public Poco::Channel {
public:
    explicit ReopeningFileChannel(std::string path) : path_(std::move(path)) {}
    ~ReopeningFileChannel() override { Reopen(); }

    sdk::Status OpenNow() {
        std::lock_guard<std::mutex> lock(mu_);
        return OpenLocked();
    }
    void log(const Poco::Message& msg) override {
        std::lock_guard<std::mutex> lock(mu_);
        if (fd_ < 0 && !OpenLocked().ok()) {
            return;
        }
        std::string line = msg.getText() + "\n";
        (void)!::write(fd_, line.data(), line.size());  // one write: lines from threads never interleave
    }
    void Reopen() {
        std::lock_guard<std::mutex> lock(mu_);
        if (fd_ >= 0) {
            ::close(fd_);
            fd_ = -1;
        }
    }

private:
    sdk::Status OpenLocked() {
        fd_ = ::open(path_.c_str(), O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0640);
        if (fd_ < 0) {
            return sdk::Status::Unavailable("cannot open log file '" + path_ + "': " + std::strerror(errno));
        }
        return sdk::Status::Ok();
    }

    std::string path_;
    std::mutex mu_;
    int fd_ = -1;
};

std::mutex g_files_mu;
std::vector<Poco::AutoPtr<ReopeningFileChannel>> g_files;  // reopened on SIGHUP

Poco::Message::Priority PriorityOf(const std::string& level) {
    if (level == "error") return Poco::Message::PRIO_ERROR;
    if (level == "warning") return Poco::Message::PRIO_WARNING;
    if (level == "debug") return Poco::Message::PRIO_DEBUG;
    if (level == "trace") return Poco::Message::PRIO_TRACE;
    return Poco::Message::PRIO_INFORMATION;
}

// The destination: a file when named, else standard error.
sdk::Result<Poco::AutoPtr<Poco::Channel>> Destination(const std::string& file) {
    if (file.empty()) {
        return Poco::AutoPtr<Poco::Channel>(new Poco::ConsoleChannel);
    }
    Poco::AutoPtr<ReopeningFileChannel> channel(new ReopeningFileChannel(file));
    DBB_RETURN_IF_ERROR(channel->OpenNow());
    std::lock_guard<std::mutex> lock(g_files_mu);
    g_files.push_back(channel);
    return Poco::AutoPtr<Poco::Channel>(channel);
}

void Attach(Poco::Logger& logger, const Poco::AutoPtr<Poco::Channel>& destination, bool with_level) {
    Poco::AutoPtr<Poco::FormattingChannel> formatting(
        new Poco::FormattingChannel(new LineFormatter(with_level), destination));
    logger.setChannel(formatting);
}

}  // namespace

sdk::Status ConfigureLogging(const core::AppConfig::Log& log) {
    {
        std::lock_guard<std::mutex> lock(g_files_mu);
        g_files.clear();  // the loggers keep the channels they use alive
    }
    auto server = Destination(log.file);
    if (!server.ok()) {
        return server.status().WithContext("log.file");
    }
    auto access = server;
    if (!log.access_file.empty()) {
        access = Destination(log.access_file);
        if (!access.ok()) {
            return access.status().WithContext("log.access_file");
        }
    }
    Attach(ServerLog(), *server, true);
    Attach(AccessLog(), *access, false);
    ServerLog().setLevel(PriorityOf(log.level));
    AccessLog().setLevel(Poco::Message::PRIO_INFORMATION);  // access lines are not levelled
    return sdk::Status::Ok();
}

void ReopenLogFiles() {
    std::lock_guard<std::mutex> lock(g_files_mu);
    for (auto& f : g_files) {
        f->Reopen();
    }
}

Poco::Logger& ServerLog() {
    static Poco::Logger& logger = [] () -> Poco::Logger& {
        Poco::Logger& l = Poco::Logger::get("dbbridge");
        Attach(l, new Poco::ConsoleChannel, true);
        l.setLevel(Poco::Message::PRIO_INFORMATION);
        return l;
    }();
    return logger;
}

Poco::Logger& AccessLog() {
    static Poco::Logger& logger = [] () -> Poco::Logger& {
        Poco::Logger& l = Poco::Logger::get("dbbridge.access");
        Attach(l, new Poco::ConsoleChannel, false);
        l.setLevel(Poco::Message::PRIO_INFORMATION);
        return l;
    }();
    return logger;
}

}  // namespace dbbridge::host
