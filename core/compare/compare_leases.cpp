// Compare leases (issue 18): the host running a compare renews its lease and stores its progress;
// any host fails a compare whose lease expired, and a restarted host fails what it left running.
#include <algorithm>
#include <chrono>
#include <tuple>

#include "core/compare/compare_run_rows.h"
#include "core/compare/compare_service.h"
#include "core/store/store_time.h"

namespace dbbridge::core::compare {

// Renews the leases of this host's running compares and stores their progress, so any host
// serves GET with live figures and none takes them for dead.
void CompareService::Heartbeat() {
    const auto interval = std::chrono::milliseconds(std::max<std::int64_t>(50, options_.lease_ms / 6));
    std::unique_lock<std::mutex> lock(mu_);
    while (!stop_cv_.wait_for(lock, interval, [this] { return stopping_; })) {
        std::vector<std::tuple<std::int64_t, std::int64_t, std::int64_t>> figures;
        for (const auto& [id, r] : running_) figures.emplace_back(id, r->done.load(), r->total.load());
        lock.unlock();
        const std::int64_t lease = NowEpochMillis() + options_.lease_ms;
        std::vector<std::int64_t> kills;  // asked through another host (Kill)
        (void)store_.Run([&](StoreSession& s) -> sdk::Status {
            for (const auto& [id, done, total] : figures) {
                DBB_RETURN_IF_ERROR(s.Execute("UPDATE compare_run SET segments_done = ?, segments_total = ?, "
                                              "lease_until = ?, update_time = ? WHERE id = ? AND status = 'running'",
                                              {done, total, lease, NowUtcIso(), id})
                                        .status());
                DBB_ASSIGN_OR_RETURN(auto killed, s.QueryInt("SELECT COUNT(*) FROM compare_run WHERE id = ? AND "
                                                             "kill_requested = 1",
                                                             {id}));
                if (killed > 0) kills.push_back(id);
            }
            return sdk::Status::Ok();
        });
        Reap();
        lock.lock();
        for (std::int64_t id : kills) {
            auto it = running_.find(id);
            if (it != running_.end()) it->second->cancel = true;
        }
    }
}

// Compares whose host stopped renewing their lease (it died) are failed, as runs are.
void CompareService::Reap() {
    const std::int64_t now = NowEpochMillis();
    (void)store_.Run([&](StoreSession& s) -> sdk::Status {
        DBB_ASSIGN_OR_RETURN(auto rows, s.Query("SELECT id, host_name FROM compare_run WHERE status = 'running' AND "
                                                "lease_until < ?",
                                                {now}));
        for (const auto& row : rows) {
            const std::string error = "host '" + row.Text(1) +
                                      "' stopped renewing the compare's lease; it died or lost the store while "
                                      "comparing";
            DBB_RETURN_IF_ERROR(s.Execute("UPDATE compare_run SET status = 'failed', error = ?, update_time = ? "
                                          "WHERE id = ? AND status = 'running' AND lease_until < ?",
                                          {error, NowUtcIso(), row.Int(0), now})
                                    .status());
        }
        return sdk::Status::Ok();
    });
}

sdk::Status CompareService::RecoverOwn() {
    if (options_.host_name.empty()) return sdk::Status::Ok();
    return store_.Run([&](StoreSession& s) -> sdk::Status {
        return s
            .Execute("UPDATE compare_run SET status = 'failed', error = ?, update_time = ? WHERE status = 'running' "
                     "AND host_name = ?",
                     {"host '" + options_.host_name + "' restarted while comparing", NowUtcIso(), options_.host_name})
            .status();
    });
}

}  // namespace dbbridge::core::compare
