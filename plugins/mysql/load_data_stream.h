#pragma once
// One LOAD DATA LOCAL INFILE kept open while the writer thread goes on encoding batches.
// libmariadb pulls the file through its read callback from inside mysql_real_query, so the statement
// runs on a helper thread of its own and the callback hands it the chunks the writer pushes. Every
// chunk is kept until the stream is destroyed: when the statement reports a bad row (a warning under
// LOCAL) the writer replays ranges of it to isolate the row, so the kept text is the stream's memory
// cost (the TSV of the window, bounded by the writer).
// The connection is the helper's from Start() until Finish()/Abort() return.

#include <condition_variable>
#include <cstddef>
#include <deque>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "mysql_connection.h"
#include "mysql_statement.h"

namespace dbbridge::mysql {

class LoadDataStream final : public InfileFeed {
public:
    struct Outcome {
        bool ran = false;  // the statement succeeded (its rows may still have warnings)
        MysqlError error;  // when !ran
        unsigned long long affected = 0;
        unsigned int warnings = 0;
    };

    // source is armed with this stream until Finish()/Abort().
    explicit LoadDataStream(InfileSource& source) : source_(source) {}
    ~LoadDataStream() override;
    LoadDataStream(const LoadDataStream&) = delete;
    LoadDataStream& operator=(const LoadDataStream&) = delete;

    // Runs sql on the helper thread. True once the server asked for the data (the stream is open);
    // false when the statement ended before (refused, failed): Finish() then says why.
    bool Start(MYSQL* mysql, const std::string& sql);
    // Appends a chunk; it is kept either way. False when the stream no longer reads (it ended on
    // idle or the statement failed): the caller must Finish() it.
    bool Push(std::string chunk);
    // True when the stream stopped reading before Finish() (idle for too long, or failed).
    bool Ended() const;
    // Sends the end of the data and waits for the statement.
    Outcome Finish();
    // Makes the statement fail (the caller rolls back) and waits for it.
    void Abort();
    std::size_t bytes() const { return kept_bytes_; }
    // Appends kept bytes [from, to) to out.
    void CopyRange(std::size_t from, std::size_t to, std::string& out) const;

    void Opened() override;
    int Read(char* buf, unsigned int len) override;

private:
    Outcome Join();

    InfileSource& source_;
    std::thread thread_;
    mutable std::mutex mu_;
    std::condition_variable cv_;
    std::deque<std::string> chunks_;  // deque: the helper's reference to a chunk survives a push
    std::vector<std::size_t> chunk_start_;
    std::size_t kept_bytes_ = 0;
    std::size_t read_chunk_ = 0;  // next chunk the helper reads, and where in it
    std::size_t read_offset_ = 0;
    bool opened_ = false;
    bool end_ = false;    // no more data: Finish(), or ended on idle
    bool abort_ = false;  // Abort(): the next read fails the statement
    bool done_ = false;   // the statement returned
    Outcome outcome_;
};

}  // namespace dbbridge::mysql
