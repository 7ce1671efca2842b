#include "core/schedule/scheduler.h"

#include <map>
#include <vector>

#include "core/cluster/run_queue.h"
#include "core/schedule/cron.h"
#include "core/schedule/schedule_params.h"
#include "core/schedule/schedule_service.h"
#include "core/store/exec_log_repository.h"
#include "core/store/store_query.h"
#include "core/store/store_time.h"

namespace dbbridge::core {

namespace {

struct Ticks {
    std::vector<std::int64_t> fire;  // to fire, ascending
    std::int64_t next = 0;            // next_fire afterwards (0: never again)
};

// The ticks from next_fire up to now. Ticks inside the misfire window (now - threshold) fire;
// older ones are misfires: fire_once fires the first of them once (its fire time stands for all
// of them, so hosts agree on the row), skip fires none.
sdk::Result<Ticks> DueTicks(const Schedule& s, std::int64_t now, const SchedulerOptions& options) {
    auto cron = CronExpression::Parse(s.cron);
    if (!cron.ok()) {
        return cron.status();
    }
    DBB_ASSIGN_OR_RETURN(auto zone, FindTimeZone(s.time_zone, "time_zone"));
    Ticks t;
    std::int64_t at = s.next_fire;
    if (now - at > options.misfire_threshold_ms) {
        if (s.misfire == "fire_once") {
            t.fire.push_back(at);
        }
        auto inside = cron->Next(now - options.misfire_threshold_ms - 1, zone);
        at = inside.ok() ? inside.value() : 0;
    }
    for (int seen = 0; at != 0 && at <= now && seen < options.max_ticks_per_pass; ++seen) {
        t.fire.push_back(at);
        auto n = cron->Next(at, zone);
        at = n.ok() ? n.value() : 0;
    }
    t.next = at;
    return t;
}

// The schedule_fire row of tick f of s. False when another host recorded it first.
sdk::Result<bool> ClaimTick(StoreSession& session, const Schedule& s, std::int64_t f, const std::string& host) {
    DBB_ASSIGN_OR_RETURN(auto inserted, session.Execute(
        InsertIgnoringDuplicateSql(session.backend(),
                                   "schedule_fire (schedule_id, fire_time, exec_id, outcome, host_name, insert_time) "
                                   "VALUES (?, ?, 0, 'queued', ?, ?)"),
        {s.id, f, host, NowUtcIsoMillis()}));
    return inserted > 0;
}

sdk::Status SetOutcome(StoreSession& session, const Schedule& s, std::int64_t f, const std::string& outcome,
                       std::int64_t exec_id) {
    return session
        .Execute("UPDATE schedule_fire SET outcome = ?, exec_id = ? WHERE schedule_id = ? AND fire_time = ?",
                 {outcome, exec_id, s.id, f})
        .status();
}

std::string RunName(const Schedule& s, std::int64_t f) {
    return "schedule " + std::to_string(s.id) + " (" + s.name + ") tick " + IsoMillis(f) + ", job config " +
           std::to_string(s.config_id);
}

// Tick f of s, which its owner may no longer run (why): recorded as 'refused' with a failed run
// carrying the reason (what the run list and the failure alert show) instead of a queued one, and
// the schedule switched off. Adds the run to refused unless another host recorded the tick.
sdk::Status RefuseTick(StoreSession& session, const Schedule& s, std::int64_t f, const sdk::Status& why,
                       const std::string& host, std::vector<ExecLogRow>& refused) {
    auto claimed = ClaimTick(session, s, f, host);
    if (!claimed.ok() || !claimed.value()) {
        return claimed.status();
    }
    QueuedRunSpec spec;
    spec.schedule_id = s.id;
    spec.fire_time = f;
    auto id = ExecLogRepository::InsertQueued(session, s.config_id, RunName(s, f), spec);
    DBB_RETURN_IF_ERROR(id.status());
    ExecOutcome outcome;
    outcome.status = ExecStatus::kFailed;
    outcome.exec_result = "failed";
    outcome.exit_reason = ScheduleService::Refusal(s, why) + "; the schedule was switched off";
    DBB_RETURN_IF_ERROR(ExecLogRepository::Finish(session, id.value(), outcome).status());
    DBB_RETURN_IF_ERROR(SetOutcome(session, s, f, "refused", id.value()));
    DBB_RETURN_IF_ERROR(ScheduleService::SwitchOff(session, s.id));
    auto row = ExecLogRepository::Get(session, id.value());
    DBB_RETURN_IF_ERROR(row.status());
    refused.push_back(std::move(row.value()));
    return sdk::Status::Ok();
}

// Records tick f of s and queues its run (or notes why not). Returns 1 when a run was queued.
sdk::Result<int> FireTick(StoreSession& session, const Schedule& s, std::int64_t f, const std::string& job_text,
                          std::int64_t last_success_ms, const std::string& host) {
    DBB_ASSIGN_OR_RETURN(auto claimed, ClaimTick(session, s, f, host));
    if (!claimed) {
        return 0;  // another host fired this tick
    }
    auto set_outcome = [&](const std::string& outcome, std::int64_t exec_id) {
        return SetOutcome(session, s, f, outcome, exec_id);
    };
    if (s.overlap == "skip") {
        DBB_ASSIGN_OR_RETURN(auto live, session.QueryInt(
            "SELECT COUNT(*) FROM exec_log WHERE schedule_id = ? AND status IN ('queued', 'running')", {s.id}));
        if (live > 0) {
            DBB_RETURN_IF_ERROR(set_outcome("skipped_overlap", 0));
            return 0;
        }
    }
    ParamClock clock;
    clock.fire_ms = f;
    clock.last_success_ms = last_success_ms;
    clock.zone = FindTimeZone(s.time_zone, "time_zone").value();
    auto params = ScheduledRunParams(job_text, s.params, clock);
    if (!params.ok()) {
        DBB_RETURN_IF_ERROR(set_outcome("invalid_params", 0));
        return 0;
    }
    QueuedRunSpec spec;
    spec.schedule_id = s.id;
    spec.fire_time = f;
    spec.max_retries = s.max_retries;
    spec.retry_backoff_s = s.retry_backoff_s;
    spec.timeout_s = s.timeout_s;
    spec.serial_key = s.overlap == "queue" ? s.id : 0;
    spec.params = EncodeRunParams(params.value());
    DBB_ASSIGN_OR_RETURN(auto id, ExecLogRepository::InsertQueued(session, s.config_id, RunName(s, f), spec));
    DBB_RETURN_IF_ERROR(set_outcome("queued", id));
    return 1;
}

}  // namespace

Scheduler::Scheduler(MetadataStore& store, SchedulerOptions options, std::function<void()> on_queued)
    : store_(store), options_(std::move(options)), on_queued_(std::move(on_queued)) {}

Scheduler::~Scheduler() { Stop(); }

void Scheduler::Start() {
    std::lock_guard<std::mutex> lock(mu_);
    if (!thread_.joinable()) {
        stopping_ = false;
        thread_ = std::thread([this] { Loop(); });
    }
}

void Scheduler::Stop() {
    {
        std::lock_guard<std::mutex> lock(mu_);
        stopping_ = true;
        cv_.notify_all();
    }
    if (thread_.joinable()) {
        thread_.join();
    }
}

void Scheduler::Loop() {
    std::unique_lock<std::mutex> lock(mu_);
    while (!stopping_) {
        lock.unlock();
        auto queued = FireDue(NowEpochMs());
        if (queued.ok() && queued.value() > 0 && on_queued_) {
            on_queued_();
        }
        lock.lock();
        cv_.wait_for(lock, std::chrono::milliseconds(options_.tick_ms), [this] { return stopping_; });
    }
}

sdk::Result<int> Scheduler::FireDue(std::int64_t now_ms) {
    int queued = 0;
    for (int done = 0; done < options_.max_schedules_per_pass;) {
        auto batch = FireBatch(now_ms);
        if (!batch.ok()) {
            return batch.status();
        }
        queued += batch->queued;
        done += batch->schedules;
        for (const auto& run : batch->refused) {
            if (options_.on_refused) {
                options_.on_refused(run);
            }
        }
        if (batch->schedules < kBatch) {
            break;  // nothing more is due (or other hosts hold the rest)
        }
    }
    return queued;
}

// One transaction: locks up to kBatch due schedules that no other host holds (SKIP LOCKED, so
// hosts take disjoint batches instead of waiting), fires their ticks and moves them on.
sdk::Result<Scheduler::Batch> Scheduler::FireBatch(std::int64_t now_ms) {
    return TransactFor(store_, [&](StoreSession& session) -> sdk::Result<Batch> {
        auto rows = session.Query(std::string("SELECT ") + ScheduleService::SelectColumns() +
                                      " FROM schedule WHERE enabled = 1 AND next_fire > 0 AND next_fire <= ? "
                                      "ORDER BY next_fire LIMIT ?" +
                                      SkipLockedSuffix(session.backend()),
                                  {now_ms, std::int64_t{kBatch}});
        if (!rows.ok()) {
            return rows.status();
        }
        Batch batch;
        batch.schedules = static_cast<int>(rows->size());
        ConfigCache configs;
        for (const auto& row : rows.value()) {
            DBB_ASSIGN_OR_RETURN(auto n, FireSchedule(session, ScheduleService::FromStoreRow(row), now_ms, configs, batch.refused));
            batch.queued += n;
        }
        return batch;
    });
}

sdk::Result<int> Scheduler::FireSchedule(StoreSession& session, const Schedule& s, std::int64_t now_ms,
                                         ConfigCache& configs, std::vector<ExecLogRow>& refused) {
    auto ticks = DueTicks(s, now_ms, options_);
    if (!ticks.ok()) {
        // A schedule that can no longer fire (edited by hand): stop it rather than retry forever.
        DBB_RETURN_IF_ERROR(session.Execute("UPDATE schedule SET next_fire = 0 WHERE id = ?", {s.id}).status());
        return 0;
    }
    auto config = configs.find(s.config_id);
    if (config == configs.end()) {
        config = configs.emplace(s.config_id, JsonConfigRepository::Get(session, s.config_id)).first;
    }
    if (!ticks->fire.empty()) {
        const sdk::Status allowed = ScheduleService::OwnerMayRun(session, s.uid, config->second);
        if (ScheduleService::IsStoreFailure(allowed)) {
            return allowed;
        }
        if (!allowed.ok()) {
            DBB_RETURN_IF_ERROR(RefuseTick(session, s, ticks->fire.front(), allowed, options_.host_name, refused));
            return 0;
        }
    }
    static const std::string kNoJob;
    const std::string& job_text = config->second.ok() ? config->second->content : kNoJob;
    DBB_ASSIGN_OR_RETURN(auto last_success, LastSuccessMs(session, RunsOf::kSchedule, s.id, job_text, s.params));
    int queued = 0;
    for (std::int64_t f : ticks->fire) {
        DBB_ASSIGN_OR_RETURN(auto n, FireTick(session, s, f, job_text, last_success, options_.host_name));
        queued += n;
    }
    const std::int64_t last_fire = ticks->fire.empty() ? s.last_fire : ticks->fire.back();
    DBB_RETURN_IF_ERROR(session
                            .Execute("UPDATE schedule SET next_fire = ?, last_fire = ? WHERE id = ?",
                                     {ticks->next, last_fire, s.id})
                            .status());
    return queued;
}

}  // namespace dbbridge::core
