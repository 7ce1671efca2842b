#pragma once
// Housekeeping of the store's bookkeeping rows, so that they do not grow forever:
//   - schedule_fire rows of ticks older than fire_retention_days (a tick that old can never fire
//     again: next_fire has moved past it, and the misfire window is seconds);
//   - run_log_chunk rows (the copy of a run's log readable from any host, docs/cluster.md) of
//     runs that ended more than log_chunk_retention_days ago. The run itself (exec_log) stays;
//     its log is then readable only from the log file on the host that ran it.
// 0 days keeps that kind forever.
//
// One host at a time: a round is done by the host whose conditional UPDATE of the store_task row
// 'retention' moves its next_run on (others see 0 rows changed and skip), so a cluster prunes once
// per interval whatever its size. Rows go in small batches, each its own short transaction, so
// no lock is held for long and runs, fires and log reads carry on meanwhile.

#include <condition_variable>
#include <cstdint>
#include <functional>
#include <mutex>
#include <string>
#include <thread>

#include "core/store/metadata_store.h"
#include "dbbridge/sdk/status.h"

namespace dbbridge::core {

struct RetentionOptions {
    std::string host_name = "local";
    int fire_retention_days = 30;       // schedule.fire_retention_days
    int log_chunk_retention_days = 30;  // cluster.log_chunk_retention_days
    std::int64_t interval_ms = 3600 * 1000;  // between rounds, across all hosts
    std::int64_t check_ms = 60 * 1000;       // how often a host looks whether a round is due
    std::function<void(const sdk::Status&)> on_error;  // a failed round (the thread goes on)
};

struct RetentionCounts {
    bool ran = false;  // false: not due, or another host took this round
    std::int64_t fires = 0;
    std::int64_t log_chunks = 0;
};

class StoreRetention {
public:
    static constexpr int kFireBatch = 500;    // schedule_fire rows per transaction
    static constexpr int kRunBatch = 10;      // runs whose log chunks go per transaction
    static constexpr int kMaxBatches = 200;   // per kind and round; the rest waits for the next

    StoreRetention(MetadataStore& store, RetentionOptions options);
    ~StoreRetention();  // Stop()

    // A round at now_ms when one is due and no other host took it (tests call it directly).
    sdk::Result<RetentionCounts> RunOnce(std::int64_t now_ms);

    void Start();  // a thread that calls RunOnce every check_ms
    void Stop();

private:
    sdk::Result<bool> ClaimRound(std::int64_t now_ms);
    sdk::Result<std::int64_t> PruneFires(std::int64_t before_ms);
    sdk::Result<std::int64_t> PruneLogChunks(const std::string& ended_before);

    MetadataStore& store_;
    RetentionOptions options_;
    std::mutex mu_;
    std::condition_variable cv_;
    bool stopping_ = false;
    std::thread thread_;
};

}  // namespace dbbridge::core
