#include "load_data_stream.h"

#include <algorithm>
#include <chrono>
#include <cstring>

namespace dbbridge::mysql {

namespace {

// The server gives up on a LOAD DATA whose client sends nothing for net_read_timeout (30 s by
// default) and drops the connection. A stream that gets no data for this long ends by itself, so a
// slow reader upstream costs a new statement, not the job.
constexpr auto kIdleEnd = std::chrono::seconds(5);

}  // namespace

LoadDataStream::~LoadDataStream() {
    if (thread_.joinable()) {
        Abort();
    }
}

bool LoadDataStream::Start(MYSQL* mysql, const std::string& sql) {
    source_.data = nullptr;
    source_.feed = this;
    thread_ = std::thread([this, mysql, sql] {
        mysql_thread_init();
        Outcome o;
        o.ran = mysql_real_query(mysql, sql.data(), sql.size()) == 0;
        if (o.ran) {
            o.affected = mysql_affected_rows(mysql);
            o.warnings = mysql_warning_count(mysql);
        } else {
            o.error = ErrorOf(mysql);
        }
        mysql_thread_end();
        std::lock_guard<std::mutex> lock(mu_);
        outcome_ = std::move(o);
        done_ = true;
        cv_.notify_all();
    });
    std::unique_lock<std::mutex> lock(mu_);
    cv_.wait(lock, [this] { return opened_ || done_; });
    return opened_ && !done_;
}

void LoadDataStream::Opened() {
    std::lock_guard<std::mutex> lock(mu_);
    opened_ = true;
    cv_.notify_all();
}

int LoadDataStream::Read(char* buf, unsigned int len) {
    std::unique_lock<std::mutex> lock(mu_);
    for (;;) {
        if (abort_) {
            return -1;
        }
        if (read_chunk_ < chunks_.size()) {
            const std::string& chunk = chunks_[read_chunk_];
            const std::size_t n = std::min<std::size_t>(len, chunk.size() - read_offset_);
            std::memcpy(buf, chunk.data() + read_offset_, n);
            read_offset_ += n;
            if (read_offset_ == chunk.size()) {
                ++read_chunk_;
                read_offset_ = 0;
            }
            return static_cast<int>(n);
        }
        if (end_) {
            return 0;
        }
        if (!cv_.wait_for(lock, kIdleEnd, [this] { return abort_ || end_ || read_chunk_ < chunks_.size(); })) {
            end_ = true;  // idle: the statement ends with what it has; Push() reports it
        }
    }
}

bool LoadDataStream::Push(std::string chunk) {
    if (chunk.empty()) {
        return !Ended();
    }
    std::lock_guard<std::mutex> lock(mu_);
    chunk_start_.push_back(kept_bytes_);
    kept_bytes_ += chunk.size();
    chunks_.push_back(std::move(chunk));
    cv_.notify_all();
    return !end_ && !done_;
}

bool LoadDataStream::Ended() const {
    std::lock_guard<std::mutex> lock(mu_);
    return end_ || done_;
}

LoadDataStream::Outcome LoadDataStream::Join() {
    if (thread_.joinable()) {
        thread_.join();
    }
    source_.feed = nullptr;
    std::lock_guard<std::mutex> lock(mu_);
    return outcome_;
}

LoadDataStream::Outcome LoadDataStream::Finish() {
    {
        std::lock_guard<std::mutex> lock(mu_);
        end_ = true;
        cv_.notify_all();
    }
    return Join();
}

void LoadDataStream::Abort() {
    {
        std::lock_guard<std::mutex> lock(mu_);
        abort_ = true;
        cv_.notify_all();
    }
    (void)Join();
}

void LoadDataStream::CopyRange(std::size_t from, std::size_t to, std::string& out) const {
    std::lock_guard<std::mutex> lock(mu_);
    auto it = std::upper_bound(chunk_start_.begin(), chunk_start_.end(), from);
    std::size_t c = static_cast<std::size_t>(it - chunk_start_.begin()) - 1;
    out.reserve(out.size() + (to - from));
    for (std::size_t at = from; at < to; ++c) {
        const std::string& chunk = chunks_[c];
        const std::size_t off = at - chunk_start_[c];
        const std::size_t n = std::min(chunk.size() - off, to - at);
        out.append(chunk, off, n);
        at += n;
    }
}

}  // namespace dbbridge::mysql
