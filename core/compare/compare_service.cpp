#include "core/compare/compare_service.h"

#include "core/store/store_session.h"
#include "core/store/store_time.h"
#include "dbbridge/sdk/util/no_throw.h"

namespace dbbridge::core::compare {

namespace {

constexpr const char* kColumns =
    "id, uid, status, source, target, segments_done, segments_total, report_json, error, insert_time, update_time";

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
    return j;
}

std::string What(std::int64_t id) { return "table compare " + std::to_string(id); }

}  // namespace

CompareService::CompareService(MetadataStore& store, DatasourceService& datasources, const PluginRegistry& plugins,
                               auth::AccessPolicy& access, Options options)
    : store_(store), datasources_(datasources), plugins_(plugins), access_(access), options_(options) {}

CompareService::~CompareService() {
    std::vector<std::thread> threads;
    {
        std::lock_guard<std::mutex> lock(mu_);
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
}

sdk::Result<TableSide> CompareService::Side(const std::string& field, const std::string& datasource,
                                            const std::string& table, const std::string& uid) {
    if (datasource.empty()) return sdk::Status::InvalidArgument(field + ".datasource: required");
    if (table.empty()) return sdk::Status::InvalidArgument(field + ".table: required");
    // Resolved as uid now, when the compare starts: AccessPolicy decides which datasources uid may use.
    auto spec = datasources_.ResolveByNameForUser(datasource, uid);
    if (!spec.ok()) return spec.status().WithContext(field + ".datasource");
    TableSide side;
    side.label = datasource;
    side.table = table;
    side.dialect = plugins_.Find(spec->dialect);
    if (side.dialect == nullptr) {
        return sdk::Status::NotFound(field + ".datasource: '" + datasource + "' is " + spec->dialect +
                                     ", and no loaded plugin provides that dialect");
    }
    side.connection = std::move(spec.value());
    return side;
}

sdk::Result<CompareJob> CompareService::Start(const CompareJobRequest& in, const std::string& uid) {
    TableCompareRequest request;
    auto source = Side("source", in.source_datasource, in.source_table, uid);
    if (!source.ok()) return source.status();
    auto target = Side("target", in.target_datasource, in.target_table, uid);
    if (!target.ok()) return target.status();
    request.source = std::move(source.value());
    request.target = std::move(target.value());
    request.key = in.key;
    request.columns = in.columns;
    request.where = in.where;
    request.timestamp_precision = in.timestamp_precision;
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
    job.source = in.source_datasource + ":" + in.source_table;
    job.target = in.target_datasource + ":" + in.target_table;
    job.insert_time = job.update_time = NowUtcIso();
    auto st = store_.Run([&](StoreSession& s) -> sdk::Status {
        DBB_ASSIGN_OR_RETURN(auto id, s.Insert(
            "INSERT INTO compare_run (uid, status, source, target, segments_done, segments_total, insert_time, "
            "update_time) VALUES (?, ?, ?, ?, 0, 0, ?, ?)",
            {uid, job.status, job.source, job.target, job.insert_time, job.update_time}));
        job.id = id;
        return sdk::Status::Ok();
    });
    if (!st.ok()) return st.WithContext("storing the table compare");
    auto running = std::make_unique<Running>();
    running->uid = uid;
    Running* r = running.get();
    running_[job.id] = std::move(running);
    r->thread = std::thread([this, id = job.id, request = std::move(request), r]() mutable {
        Execute(id, std::move(request), r);
    });
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
}

void CompareService::Finish(std::int64_t id, const std::string& status, const std::string& report,
                            const std::string& error, std::int64_t done, std::int64_t total) {
    // Best effort: a store failure here leaves the run "running"; the report is lost either way.
    (void)store_.Run([&](StoreSession& s) -> sdk::Status {
        auto n = s.Execute(
            "UPDATE compare_run SET status = ?, report_json = ?, error = ?, segments_done = ?, segments_total = ?, "
            "update_time = ? WHERE id = ?",
            {status, report, error, done, total, NowUtcIso(), id});
        return n.ok() ? sdk::Status::Ok() : n.status();
    });
}

sdk::Result<CompareJob> CompareService::Load(std::int64_t id, const std::string& uid, Access access) {
    std::optional<CompareJob> job;
    auto st = store_.Run([&](StoreSession& s) -> sdk::Status {
        auto rows = s.Query(std::string("SELECT ") + kColumns + " FROM compare_run WHERE id = ?", {id});
        if (!rows.ok()) return rows.status();
        if (!rows->empty()) job = ToJob(rows->front());
        return sdk::Status::Ok();
    });
    if (!st.ok()) return st.WithContext("reading " + What(id));
    if (!job) return sdk::Status::NotFound(What(id) + " not found");
    // Checked now, against the run's owner: another user's compare is "not found".
    if (auto allowed = access_.Check(uid, {job->uid, ""}, access, What(id)); !allowed.ok()) return allowed;
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
