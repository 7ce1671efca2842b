#include "core/jobs/run_log_stream.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

namespace dbbridge::core {

namespace {

constexpr std::size_t kMaxBuffered = 64 * 1024;

bool WriteAll(int fd, const char* data, std::size_t size) {
    while (size > 0) {
        ssize_t n = ::write(fd, data, size);
        if (n < 0) {
            if (errno == EINTR) {
                continue;
            }
            return false;
        }
        data += n;
        size -= static_cast<std::size_t>(n);
    }
    return true;
}

}  // namespace

// Buffers a partial line; writes through at each newline (or when the buffer grows large).
class RunLogStream::Buffer : public std::streambuf {
public:
    Buffer(int fd, std::ostream* mirror) : fd_(fd), mirror_(mirror) {}
    ~Buffer() override {
        Flush();
        ::close(fd_);
    }

protected:
    int_type overflow(int_type ch) override {
        if (traits_type::eq_int_type(ch, traits_type::eof())) {
            return traits_type::not_eof(ch);
        }
        char c = traits_type::to_char_type(ch);
        return xsputn(&c, 1) == 1 ? ch : traits_type::eof();
    }

    std::streamsize xsputn(const char* s, std::streamsize n) override {
        pending_.append(s, static_cast<std::size_t>(n));
        if (mirror_ != nullptr) {
            mirror_->write(s, n);
        }
        if (std::memchr(s, '\n', static_cast<std::size_t>(n)) != nullptr || pending_.size() >= kMaxBuffered) {
            if (!Flush()) {
                return 0;
            }
        }
        return n;
    }

    int sync() override { return Flush() ? 0 : -1; }

public:
    const std::string& error() const { return error_; }

private:
    bool Flush() {
        if (mirror_ != nullptr) {
            mirror_->flush();
        }
        if (pending_.empty()) {
            return true;
        }
        bool ok = WriteAll(fd_, pending_.data(), pending_.size());
        if (!ok && error_.empty()) {
            error_ = std::strerror(errno);
            struct stat st {};
            if (::fstat(fd_, &st) == 0) {
                error_ += " (the file holds " + std::to_string(st.st_size) + " bytes)";
            }
        }
        pending_.clear();
        return ok;
    }

    int fd_;
    std::ostream* mirror_;
    std::string pending_;
    std::string error_;
};

RunLogStream::RunLogStream(std::unique_ptr<Buffer> buffer) : std::ostream(buffer.get()), buffer_(std::move(buffer)) {}

RunLogStream::~RunLogStream() {
    flush();
    rdbuf(nullptr);
}

std::string RunLogStream::WriteError() const { return buffer_->error(); }

sdk::Result<std::unique_ptr<RunLogStream>> RunLogStream::Open(const std::string& path, std::ostream* mirror) {
    int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0644);
    if (fd < 0) {
        return sdk::Status::Internal("cannot open run log " + path + ": " + std::strerror(errno));
    }
    return std::unique_ptr<RunLogStream>(new RunLogStream(std::make_unique<Buffer>(fd, mirror)));
}

sdk::Status AppendToFile(const std::string& path, const std::string& text) {
    int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0644);
    if (fd < 0) {
        return sdk::Status::Internal("cannot open " + path + ": " + std::strerror(errno));
    }
    bool ok = WriteAll(fd, text.data(), text.size());
    ::close(fd);
    return ok ? sdk::Status::Ok() : sdk::Status::Internal("cannot write " + path + ": " + std::strerror(errno));
}

}  // namespace dbbridge::core
