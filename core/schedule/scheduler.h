#pragma once
// Fires due schedules: every tick, each host looks for enabled schedules whose next_fire has
// come, locks a batch of them with SELECT ... FOR UPDATE SKIP LOCKED (so hosts split the work
// instead of waiting on each other), and in one transaction records one schedule_fire row per tick (unique
// per schedule and fire time: a tick fires once across all hosts even if two hosts got past the
// lock), queues its run and moves next_fire on. See docs/cluster.md.
//
// Ticks later than misfire_threshold_ms (all hosts were down, or the store was unreachable) are
// misfires: fire_once queues one run for the latest of them, skip queues none. Ticks within the
// threshold always fire. Overlap: skip records the tick as skipped_overlap while a run of the
// schedule is unfinished; queue gives runs a serial key (they run one at a time, in order);
// parallel queues them freely.
//
// Access is checked as each tick fires (SPEC §10, "at the moment of use"): the schedule's owner,
// who its runs act as, must be enabled and still allowed to use the job config, read through the
// fire transaction's own session. A tick the owner may no longer run queues nothing: it is
// recorded as refused with a failed run that says why (options.on_refused gets it, for the
// failure alert) and the schedule is switched off. JobService checks again when a run starts.

#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <functional>
#include <map>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "core/schedule/schedule_service.h"
#include "core/store/exec_log_repository.h"
#include "core/store/json_config_repository.h"
#include "core/store/metadata_store.h"
#include "dbbridge/sdk/status.h"

namespace dbbridge::core {

struct SchedulerOptions {
    std::string host_name = "local";
    int tick_ms = 200;
    int misfire_threshold_ms = 5000;
    int max_ticks_per_pass = 100;  // per schedule; older ones are misfires
    int max_schedules_per_pass = 2000;
    // The failed run recorded for a refused tick, after its transaction committed.
    std::function<void(const ExecLogRow&)> on_refused;
};

class Scheduler {
public:
    // on_queued runs after a pass that queued runs (wakes the local dispatcher).
    Scheduler(MetadataStore& store, SchedulerOptions options, std::function<void()> on_queued);
    ~Scheduler();  // Stop()

    void Start();
    void Stop();

    // One pass at now_ms (the thread calls it every tick; tests call it directly). Returns the
    // number of runs queued.
    sdk::Result<int> FireDue(std::int64_t now_ms);

private:
    static constexpr int kBatch = 100;  // schedules locked and fired per transaction
    struct Batch {
        int schedules = 0;
        int queued = 0;
        std::vector<ExecLogRow> refused;
    };
    using ConfigCache = std::map<std::int64_t, sdk::Result<JsonConfigRow>>;  // per batch: read once
    sdk::Result<Batch> FireBatch(std::int64_t now_ms);
    sdk::Result<int> FireSchedule(StoreSession& session, const Schedule& s, std::int64_t now_ms, ConfigCache& configs,
                                  std::vector<ExecLogRow>& refused);
    void Loop();

    MetadataStore& store_;
    SchedulerOptions options_;
    std::function<void()> on_queued_;
    std::mutex mu_;
    std::condition_variable cv_;
    bool stopping_ = false;
    std::thread thread_;
};

}  // namespace dbbridge::core
