#include "core/compare/compare_service.h"

#include "core/compare/compare_run_rows.h"
#include "core/store/store_session.h"
#include "core/store/store_time.h"
#include "dbbridge/sdk/util/no_throw.h"

namespace dbbridge::core::compare {

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
                                           job.update_time, job.exec_id, job.host_name, NowEpochMillis() + options_.lease_ms}));
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

sdk::Result<CompareJob> CompareService::Load(std::int64_t id, const std::string& uid, Access access) {
    Reap();
    std::optional<CompareJob> job;
    std::string project;  // a verify belongs to its job config's project too
    auto st = store_.Run([&](StoreSession& s) -> sdk::Status {
        DBB_ASSIGN_OR_RETURN(job, SelectCompareRun(s, "id = ?", id));
        if (!job || job->exec_id == 0) return sdk::Status::Ok();
        DBB_ASSIGN_OR_RETURN(auto config, s.Query("SELECT c.project FROM exec_log e JOIN json_config c ON "
                                                  "c.id = e.config_id WHERE e.id = ?",
                                                  {job->exec_id}));
        if (!config.empty()) project = config.front().Text(0);
        return sdk::Status::Ok();
    });
    if (!st.ok()) return st.WithContext("reading " + CompareWhat(id));
    if (!job) return sdk::Status::NotFound(CompareWhat(id) + " not found");
    // Checked now, against the compare's owner: another user's compare is "not found".
    if (auto allowed = access_.Check(uid, {job->uid, project}, access, CompareWhat(id)); !allowed.ok()) return allowed;
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
    {
        std::lock_guard<std::mutex> lock(mu_);
        auto it = running_.find(id);
        if (it != running_.end()) it->second->cancel = true;
    }
    if (job->status != "running") return sdk::Status::Ok();
    // Running on another host: that host sees the flag when it next renews the lease.
    return store_.Run([&](StoreSession& s) -> sdk::Status {
        return s.Execute("UPDATE compare_run SET kill_requested = 1 WHERE id = ? AND status = 'running'", {id}).status();
    });
}

}  // namespace dbbridge::core::compare
