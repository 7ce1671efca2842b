#include "core/compare/compare_service.h"

#include <algorithm>
#include <chrono>
#include <tuple>

#include "core/compare/verify_plan.h"
#include "core/store/json_config_repository.h"
#include "core/store/store_session.h"
#include "core/store/store_time.h"
#include "dbbridge/sdk/util/no_throw.h"

namespace dbbridge::core::compare {

namespace {

constexpr const char* kColumns =
    "id, uid, status, source, target, segments_done, segments_total, report_json, error, insert_time, update_time, "
    "exec_id, host_name";

CompareJob ToJob(const StoreRow& r) {
    CompareJob j;
    j.id = r.Int(0);
    j.uid = r.Text(1);
    j.status = r.Text(2);
    j.source = r.Text(3);
    j.target = r.Text(4);
    j.segments_done = r.Int(5);
    j.segments_total = r.Int(6);
    j.report_json = r.Text(7);
    j.error = r.Text(8);
    j.insert_time = r.Text(9);
    j.update_time = r.Text(10);
    j.exec_id = r.Int(11);
    j.host_name = r.Text(12);
    return j;
}

std::string What(std::int64_t id) { return "table compare " + std::to_string(id); }

std::int64_t NowMs() {
    return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::system_clock::now().time_since_epoch())
        .count();
}

}  // namespace

CompareService::CompareService(MetadataStore& store, DatasourceService& datasources, const PluginRegistry& plugins,
                               auth::AccessPolicy& access, Options options)
    : store_(store), datasources_(datasources), plugins_(plugins), access_(access), options_(std::move(options)) {}

CompareService::~CompareService() {
    std::vector<std::thread> threads;
    {
        std::lock_guard<std::mutex> lock(mu_);
        stopping_ = true;
        stop_cv_.notify_all();
        for (auto& [id, r] : running_) {
            r->cancel = true;
            threads.push_back(std::move(r->thread));
        }
        for (auto& t : finished_) threads.push_back(std::move(t));
        finished_.clear();
    }
    for (auto& t : threads) {
        if (t.joinable()) t.join();
    }
    if (heartbeat_.joinable()) heartbeat_.join();
}

sdk::Result<TableSide> CompareService::Side(const std::string& field, const std::string& datasource,
                                            std::int64_t datasource_id, const std::string& table,
                                            const std::string& uid) {
    if (datasource.empty() && datasource_id == 0) return sdk::Status::InvalidArgument(field + ".datasource: required");
    if (table.empty()) return sdk::Status::InvalidArgument(field + ".table: required");
    // Resolved as uid now, when the compare starts: AccessPolicy decides which datasources uid may use.
    auto spec = datasource_id != 0 ? datasources_.ResolveByIdForUser(datasource_id, uid)
                                   : datasources_.ResolveByNameForUser(datasource, uid);
    if (!spec.ok()) return spec.status().WithContext(field + ".datasource");
    TableSide side;
    side.label = datasource;
    if (datasource_id != 0) {
        auto named = datasources_.Get(datasource_id, uid);
        side.label = named.ok() ? named->source_name : "datasource " + std::to_string(datasource_id);
    }
    side.table = table;
    side.dialect = plugins_.Find(spec->dialect);
    if (side.dialect == nullptr) {
        return sdk::Status::NotFound(field + ".datasource: '" + side.label + "' is " + spec->dialect +
                                     ", and no loaded plugin provides that dialect");
    }
    side.connection = std::move(spec.value());
    return side;
}

sdk::Result<std::int64_t> CompareService::Store(const CompareJob& job) {
    std::int64_t id = 0;
    auto st = store_.Run([&](StoreSession& s) -> sdk::Status {
        DBB_ASSIGN_OR_RETURN(id, s.Insert("INSERT INTO compare_run (uid, status, source, target, segments_done, "
                                          "segments_total, error, insert_time, update_time, exec_id, host_name, "
                                          "lease_until) VALUES (?, ?, ?, ?, 0, 0, ?, ?, ?, ?, ?, ?)",
                                          {job.uid, job.status, job.source, job.target, job.error, job.insert_time,
                                           job.update_time, job.exec_id, job.host_name, NowMs() + options_.lease_ms}));
        return sdk::Status::Ok();
    });
    if (!st.ok()) return st.WithContext("storing the table compare");
    return id;
}

sdk::Result<CompareJob> CompareService::Start(const CompareJobRequest& in, const std::string& uid) {
    Reap();
    TableCompareRequest request;
    auto source = Side("source", in.source_datasource, in.source_datasource_id, in.source_table, uid);
    if (!source.ok()) return source.status();
    auto target = Side("target", in.target_datasource, in.target_datasource_id, in.target_table, uid);
    if (!target.ok()) return target.status();
    request.source = std::move(source.value());
    request.target = std::move(target.value());
    request.key = in.key;
    request.columns = in.columns;
    request.where = in.where;
    request.timestamp_precision = in.timestamp_precision;
    request.rules = in.rules;
    request.limits = in.limits;
    if (auto st = ValidateRequest(request); !st.ok()) return st;

    std::lock_guard<std::mutex> lock(mu_);
    for (auto& t : finished_) t.join();
    finished_.clear();
    int mine = 0;
    for (const auto& [id, r] : running_) mine += r->uid == uid ? 1 : 0;
    if (static_cast<int>(running_.size()) >= options_.max_running || mine >= options_.max_running_per_user) {
        return sdk::Status::ResourceExhausted("too many table compares running (" + std::to_string(mine) +
                                              " of yours, " + std::to_string(running_.size()) +
                                              " in all); wait for one to finish or kill it");
    }
    CompareJob job;
    job.uid = uid;
    job.status = "running";
    job.source = request.source.label + ":" + in.source_table;
    job.target = request.target.label + ":" + in.target_table;
    job.insert_time = job.update_time = NowUtcIso();
    job.exec_id = in.exec_id;
    job.host_name = options_.host_name;
    DBB_ASSIGN_OR_RETURN(job.id, Store(job));
    auto running = std::make_unique<Running>();
    running->uid = uid;
    Running* r = running.get();
    running_[job.id] = std::move(running);
    r->thread = std::thread([this, id = job.id, request = std::move(request), r]() mutable {
        Execute(id, std::move(request), r);
    });
    if (!heartbeat_.joinable()) heartbeat_ = std::thread([this] { Heartbeat(); });
    return job;
}

void CompareService::Execute(std::int64_t id, TableCompareRequest request, Running* running) {
    auto report = sdk::util::NoThrow(
        [&] {
            return CompareTables(request, &running->cancel, [running](std::int64_t done, std::int64_t total) {
                running->done = done;
                running->total = total;
            });
        },
        "table compare: ");
    if (report.ok()) {
        Finish(id, report->identical() ? "identical" : "different", ReportJson(*report), "", running->done,
               running->total);
    } else {
        const bool killed = report.status().code() == sdk::StatusCode::kCancelled;
        Finish(id, killed ? "killed" : "failed", "", report.status().message(), running->done, running->total);
    }
    std::lock_guard<std::mutex> lock(mu_);
    auto it = running_.find(id);
    if (it != running_.end()) {
        finished_.push_back(std::move(it->second->thread));
        running_.erase(it);
    }
    idle_cv_.notify_all();
}

void CompareService::Finish(std::int64_t id, const std::string& status, const std::string& report,
                            const std::string& error, std::int64_t done, std::int64_t total) {
    // Best effort: a store failure here leaves the run "running" until its lease expires.
    (void)store_.Run([&](StoreSession& s) -> sdk::Status {
        auto n = s.Execute(
            "UPDATE compare_run SET status = ?, report_json = ?, error = ?, segments_done = ?, segments_total = ?, "
            "update_time = ? WHERE id = ?",
            {status, report, error, done, total, NowUtcIso(), id});
        return n.ok() ? sdk::Status::Ok() : n.status();
    });
}

// Renews the leases of this host's running compares and stores their progress, so any host
// serves GET with live figures and none takes them for dead.
void CompareService::Heartbeat() {
    const auto interval = std::chrono::milliseconds(std::max<std::int64_t>(50, options_.lease_ms / 6));
    std::unique_lock<std::mutex> lock(mu_);
    while (!stop_cv_.wait_for(lock, interval, [this] { return stopping_; })) {
        std::vector<std::tuple<std::int64_t, std::int64_t, std::int64_t>> figures;
        for (const auto& [id, r] : running_) figures.emplace_back(id, r->done.load(), r->total.load());
        lock.unlock();
        const std::int64_t lease = NowMs() + options_.lease_ms;
        (void)store_.Run([&](StoreSession& s) -> sdk::Status {
            for (const auto& [id, done, total] : figures) {
                DBB_RETURN_IF_ERROR(s.Execute("UPDATE compare_run SET segments_done = ?, segments_total = ?, "
                                              "lease_until = ?, update_time = ? WHERE id = ? AND status = 'running'",
                                              {done, total, lease, NowUtcIso(), id})
                                        .status());
            }
            return sdk::Status::Ok();
        });
        Reap();
        lock.lock();
    }
}

// Compares whose host stopped renewing their lease (it died) are failed, as runs are.
void CompareService::Reap() {
    const std::int64_t now = NowMs();
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

void CompareService::VerifyRun(const ExecLogRow& run) {
    if (run.status != ExecStatus::kSucceeded || run.config_id == 0) return;
    auto config = JsonConfigRepository(store_).Get(run.config_id);
    if (!config.ok() || !config->verify_after_run) return;
    CompareJobRequest request;
    request.exec_id = run.id;
    auto sides = VerifySidesOfJob(config->content);
    if (sides.ok()) {
        request.source_datasource_id = sides->source_datasource_id;
        request.source_table = sides->source_table;
        request.target_datasource_id = sides->target_datasource_id;
        request.target_table = sides->target_table;
        request.columns = sides->columns;
    }
    // Started as the config's owner: their access to both datasources is checked now.
    auto started = sides.ok() ? Start(request, config->uid) : sdk::Result<CompareJob>(sides.status());
    if (started.ok()) {
        std::lock_guard<std::mutex> lock(mu_);
        last_verify_ = started->id;
        return;
    }
    CompareJob failed;
    failed.uid = config->uid;
    failed.status = "failed";
    failed.source = sides.ok() ? "datasource " + std::to_string(sides->source_datasource_id) + ":" + sides->source_table
                               : "";
    failed.target = sides.ok() ? "datasource " + std::to_string(sides->target_datasource_id) + ":" + sides->target_table
                               : "";
    failed.error = "verifying run " + std::to_string(run.id) + ": " + started.status().message();
    failed.insert_time = failed.update_time = NowUtcIso();
    failed.exec_id = run.id;
    failed.host_name = options_.host_name;
    auto id = Store(failed);  // best effort: without a store the run page shows no verify
    std::lock_guard<std::mutex> lock(mu_);
    if (id.ok()) last_verify_ = id.value();
}

sdk::Result<std::optional<CompareJob>> CompareService::WaitForVerify() {
    std::int64_t id = 0;
    {
        std::unique_lock<std::mutex> lock(mu_);
        idle_cv_.wait(lock, [this] { return running_.empty(); });
        id = last_verify_;
    }
    if (id == 0) return std::optional<CompareJob>();
    std::optional<CompareJob> job;
    auto st = store_.Run([&](StoreSession& s) -> sdk::Status {
        DBB_ASSIGN_OR_RETURN(auto rows,
                             s.Query(std::string("SELECT ") + kColumns + " FROM compare_run WHERE id = ?", {id}));
        if (!rows.empty()) job = ToJob(rows.front());
        return sdk::Status::Ok();
    });
    if (!st.ok()) return st.WithContext("reading " + What(id));
    return job;
}

sdk::Result<std::optional<CompareJob>> CompareService::ForRun(std::int64_t exec_id) {
    Reap();
    std::optional<CompareJob> job;
    auto st = store_.Run([&](StoreSession& s) -> sdk::Status {
        DBB_ASSIGN_OR_RETURN(auto rows, s.Query(std::string("SELECT ") + kColumns +
                                                    " FROM compare_run WHERE exec_id = ? ORDER BY id DESC",
                                                {exec_id}));
        if (!rows.empty()) job = ToJob(rows.front());
        return sdk::Status::Ok();
    });
    if (!st.ok()) return st.WithContext("reading the verify of run " + std::to_string(exec_id));
    return job;
}

sdk::Result<CompareJob> CompareService::Load(std::int64_t id, const std::string& uid, Access access) {
    Reap();
    std::optional<CompareJob> job;
    std::string project;  // a verify belongs to its job config's project too
    auto st = store_.Run([&](StoreSession& s) -> sdk::Status {
        auto rows = s.Query(std::string("SELECT ") + kColumns + " FROM compare_run WHERE id = ?", {id});
        if (!rows.ok()) return rows.status();
        if (rows->empty()) return sdk::Status::Ok();
        job = ToJob(rows->front());
        if (job->exec_id == 0) return sdk::Status::Ok();
        DBB_ASSIGN_OR_RETURN(auto config, s.Query("SELECT c.project FROM exec_log e JOIN json_config c ON "
                                                  "c.id = e.config_id WHERE e.id = ?",
                                                  {job->exec_id}));
        if (!config.empty()) project = config.front().Text(0);
        return sdk::Status::Ok();
    });
    if (!st.ok()) return st.WithContext("reading " + What(id));
    if (!job) return sdk::Status::NotFound(What(id) + " not found");
    // Checked now, against the compare's owner: another user's compare is "not found".
    if (auto allowed = access_.Check(uid, {job->uid, project}, access, What(id)); !allowed.ok()) return allowed;
    return *job;
}

sdk::Result<CompareJob> CompareService::Get(std::int64_t id, const std::string& uid) {
    auto job = Load(id, uid, Access::kUse);
    if (!job.ok()) return job;
    std::lock_guard<std::mutex> lock(mu_);
    auto it = running_.find(id);
    if (it != running_.end() && job->status == "running") {
        job->segments_done = it->second->done;
        job->segments_total = it->second->total;
    }
    return job;
}

sdk::Status CompareService::Kill(std::int64_t id, const std::string& uid) {
    auto job = Load(id, uid, Access::kEdit);
    if (!job.ok()) return job.status();
    std::lock_guard<std::mutex> lock(mu_);
    auto it = running_.find(id);
    if (it != running_.end()) it->second->cancel = true;
    return sdk::Status::Ok();
}

}  // namespace dbbridge::core::compare
