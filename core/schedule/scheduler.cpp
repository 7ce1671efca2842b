#include "core/schedule/scheduler.h"

#include <Poco/DateTimeParser.h>
#include <Poco/Exception.h>

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

// end_time ("2026-11-22T03:08:00.123Z") as epoch ms; 0 when empty or unreadable.
std::int64_t ParseIsoMs(const std::string& iso) {
    if (iso.empty()) {
        return 0;
    }
    try {
        int tz = 0;
        return Poco::DateTimeParser::parse(iso, tz).timestamp().epochMicroseconds() / 1000;
    } catch (const Poco::Exception&) {
        return 0;
    }
}

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
    auto zone = FindTimeZone(s.time_zone, "time_zone");
    if (!zone.ok()) {
        return zone.status();
    }
    Ticks t;
    std::int64_t at = s.next_fire;
    if (now - at > options.misfire_threshold_ms) {
        if (s.misfire == "fire_once") {
            t.fire.push_back(at);
        }
        auto inside = cron->Next(now - options.misfire_threshold_ms - 1, zone.value());
        at = inside.ok() ? inside.value() : 0;
    }
    for (int seen = 0; at != 0 && at <= now && seen < options.max_ticks_per_pass; ++seen) {
        t.fire.push_back(at);
        auto n = cron->Next(at, zone.value());
        at = n.ok() ? n.value() : 0;
    }
    t.next = at;
    return t;
}

// Records tick f of s and queues its run (or notes why not). Returns 1 when a run was queued.
sdk::Result<int> FireTick(StoreSession& session, const Schedule& s, std::int64_t f, const std::string& job_text,
                          std::int64_t last_success_ms, const std::string& host) {
    auto inserted = session.Execute(
        InsertIgnoringDuplicateSql(session.backend(),
                                   "schedule_fire (schedule_id, fire_time, exec_id, outcome, host_name, insert_time) "
                                   "VALUES (?, ?, 0, 'queued', ?, ?)"),
        {s.id, f, host, NowUtcIsoMillis()});
    if (!inserted.ok()) {
        return inserted.status();
    }
    if (inserted.value() == 0) {
        return 0;  // another host fired this tick
    }
    auto set_outcome = [&](const std::string& outcome, std::int64_t exec_id) {
        return session
            .Execute("UPDATE schedule_fire SET outcome = ?, exec_id = ? WHERE schedule_id = ? AND fire_time = ?",
                     {outcome, exec_id, s.id, f})
            .status();
    };
    if (s.overlap == "skip") {
        auto live = session.QueryInt(
            "SELECT COUNT(*) FROM exec_log WHERE schedule_id = ? AND status IN ('queued', 'running')", {s.id});
        if (!live.ok()) {
            return live.status();
        }
        if (live.value() > 0) {
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
    auto id = ExecLogRepository::InsertQueued(
        session, s.config_id,
        "schedule " + std::to_string(s.id) + " (" + s.name + ") tick " + IsoMillis(f) + ", job config " +
            std::to_string(s.config_id),
        spec);
    if (!id.ok()) {
        return id.status();
    }
    DBB_RETURN_IF_ERROR(set_outcome("queued", id.value()));
    return 1;
}

// ${last_success_time} costs a query per tick: only when the job or the parameters use it.
bool UsesLastSuccess(const std::string& job_text, const Schedule& s) {
    if (job_text.find("last_success_time") != std::string::npos) {
        return true;
    }
    for (const auto& [name, value] : s.params) {
        if (value.find("last_success_time") != std::string::npos) {
            return true;
        }
    }
    return false;
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
        std::map<std::int64_t, std::string> job_texts;  // per config, read once per batch
        for (const auto& row : rows.value()) {
            auto n = FireSchedule(session, ScheduleService::FromStoreRow(row), now_ms, job_texts);
            if (!n.ok()) {
                return n.status();
            }
            batch.queued += n.value();
        }
        return batch;
    });
}

sdk::Result<int> Scheduler::FireSchedule(StoreSession& session, const Schedule& s, std::int64_t now_ms,
                                         std::map<std::int64_t, std::string>& job_texts) {
    auto ticks = DueTicks(s, now_ms, options_);
    if (!ticks.ok()) {
        // A schedule that can no longer fire (edited by hand): stop it rather than retry forever.
        DBB_RETURN_IF_ERROR(session.Execute("UPDATE schedule SET next_fire = 0 WHERE id = ?", {s.id}).status());
        return 0;
    }
    auto text = job_texts.find(s.config_id);
    if (text == job_texts.end()) {
        auto job = session.Query("SELECT content FROM json_config WHERE id = ?", {s.config_id});
        if (!job.ok()) {
            return job.status();
        }
        text = job_texts.emplace(s.config_id, job->empty() ? "" : job->front().Text(0)).first;
    }
    std::int64_t last_success = 0;
    if (UsesLastSuccess(text->second, s)) {
        auto last = session.Query(
            "SELECT end_time FROM exec_log WHERE schedule_id = ? AND status = 'succeeded' ORDER BY id DESC LIMIT 1",
            {s.id});
        if (!last.ok()) {
            return last.status();
        }
        last_success = last->empty() ? 0 : ParseIsoMs(last->front().Text(0));
    }
    int queued = 0;
    for (std::int64_t f : ticks->fire) {
        auto n = FireTick(session, s, f, text->second, last_success, options_.host_name);
        if (!n.ok()) {
            return n.status();
        }
        queued += n.value();
    }
    const std::int64_t last_fire = ticks->fire.empty() ? s.last_fire : ticks->fire.back();
    DBB_RETURN_IF_ERROR(session
                            .Execute("UPDATE schedule SET next_fire = ?, last_fire = ? WHERE id = ?",
                                     {ticks->next, last_fire, s.id})
                            .status());
    return queued;
}

}  // namespace dbbridge::core
