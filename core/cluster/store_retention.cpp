#include "core/cluster/store_retention.h"

#include <chrono>
#include <vector>

#include "core/cluster/run_queue.h"
#include "core/store/store_query.h"

namespace dbbridge::core {

namespace {

constexpr std::int64_t kDayMs = 24LL * 3600 * 1000;

// Deletes the rows of table whose key_column is one of the first column of select_sql's rows (at
// most limit of them), in one transaction. Returns the rows deleted; 0 when nothing matched.
sdk::Result<std::int64_t> DeleteBatch(MetadataStore& store, const std::string& select_sql, const StoreValue& bound,
                                      int limit, const std::string& table, const std::string& key_column) {
    return TransactFor(store, [&](StoreSession& s) -> sdk::Result<std::int64_t> {
        auto keys = s.Query(select_sql + " LIMIT ?", {bound, std::int64_t{limit}});
        if (!keys.ok() || keys->empty()) {
            return keys.ok() ? sdk::Result<std::int64_t>(0) : keys.status();
        }
        std::string in;
        std::vector<StoreValue> params;
        for (const auto& row : keys.value()) {
            in += in.empty() ? "?" : ", ?";
            params.emplace_back(row.Int(0));
        }
        return s.Execute("DELETE FROM " + table + " WHERE " + key_column + " IN (" + in + ")", params);
    });
}

}  // namespace

StoreRetention::StoreRetention(MetadataStore& store, RetentionOptions options)
    : store_(store), options_(std::move(options)) {}

StoreRetention::~StoreRetention() { Stop(); }

sdk::Result<bool> StoreRetention::ClaimRound(std::int64_t now_ms) {
    auto changed = RunFor(store_, [&](StoreSession& s) {
        return s.Execute("UPDATE store_task SET host_name = ?, next_run = ? WHERE name = 'retention' AND next_run <= ?",
                         {options_.host_name, now_ms + options_.interval_ms, now_ms});
    });
    if (!changed.ok()) {
        return changed.status();
    }
    return changed.value() > 0;
}

sdk::Result<RetentionCounts> StoreRetention::RunOnce(std::int64_t now_ms) {
    RetentionCounts counts;
    if (options_.fire_retention_days == 0 && options_.log_chunk_retention_days == 0) {
        return counts;
    }
    auto mine = ClaimRound(now_ms);
    if (!mine.ok() || !mine.value()) {
        return mine.ok() ? sdk::Result<RetentionCounts>(counts) : mine.status();
    }
    counts.ran = true;
    if (options_.fire_retention_days > 0) {
        auto fires = PruneFires(now_ms - options_.fire_retention_days * kDayMs);
        if (!fires.ok()) {
            return fires.status().WithContext("pruning schedule_fire");
        }
        counts.fires = fires.value();
    }
    if (options_.log_chunk_retention_days > 0) {
        auto chunks = PruneLogChunks(IsoMillis(now_ms - options_.log_chunk_retention_days * kDayMs));
        if (!chunks.ok()) {
            return chunks.status().WithContext("pruning run_log_chunk");
        }
        counts.log_chunks = chunks.value();
    }
    return counts;
}

sdk::Result<std::int64_t> StoreRetention::PruneFires(std::int64_t before_ms) {
    std::int64_t total = 0;
    for (int i = 0; i < kMaxBatches; ++i) {
        DBB_ASSIGN_OR_RETURN(auto n, DeleteBatch(store_, "SELECT id FROM schedule_fire WHERE fire_time < ? ORDER BY id", before_ms,
                             kFireBatch, "schedule_fire", "id"));
        total += n;
        if (n < kFireBatch) {
            break;
        }
    }
    return total;
}

sdk::Result<std::int64_t> StoreRetention::PruneLogChunks(const std::string& ended_before) {
    // end_time is NULL until a run ends, so a running run's log is never touched.
    const std::string runs =
        "SELECT DISTINCT c.exec_id FROM run_log_chunk c JOIN exec_log e ON e.id = c.exec_id "
        "WHERE e.end_time < ? AND e.end_time <> '' ORDER BY c.exec_id";
    std::int64_t total = 0;
    for (int i = 0; i < kMaxBatches; ++i) {
        DBB_ASSIGN_OR_RETURN(auto n, DeleteBatch(store_, runs, ended_before, kRunBatch, "run_log_chunk", "exec_id"));
        if (n == 0) {
            break;
        }
        total += n;
    }
    return total;
}

void StoreRetention::Start() {
    std::lock_guard<std::mutex> lock(mu_);
    if (thread_.joinable()) {
        return;
    }
    stopping_ = false;
    thread_ = std::thread([this] {
        std::unique_lock<std::mutex> lock(mu_);
        while (!stopping_) {
            lock.unlock();
            auto round = RunOnce(NowEpochMs());  // a failed round is done again at the next interval
            if (!round.ok() && options_.on_error) {
                options_.on_error(round.status());
            }
            lock.lock();
            cv_.wait_for(lock, std::chrono::milliseconds(options_.check_ms), [this] { return stopping_; });
        }
    });
}

void StoreRetention::Stop() {
    {
        std::lock_guard<std::mutex> lock(mu_);
        stopping_ = true;
        cv_.notify_all();
    }
    if (thread_.joinable()) {
        thread_.join();
    }
}

}  // namespace dbbridge::core
