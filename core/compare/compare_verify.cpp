// "Verify after each successful run" (issue 18): a run's job config asks for a compare of its
// reader and writer tables, started as the config's owner; the run page and `run --config-id` read it.
#include "core/compare/compare_run_rows.h"
#include "core/compare/compare_service.h"
#include "core/compare/verify_plan.h"
#include "core/store/json_config_repository.h"
#include "core/store/store_time.h"

namespace dbbridge::core::compare {

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
        DBB_ASSIGN_OR_RETURN(job, SelectCompareRun(s, "id = ?", id));
        return sdk::Status::Ok();
    });
    if (!st.ok()) return st.WithContext("reading " + CompareWhat(id));
    return job;
}

sdk::Result<std::optional<CompareJob>> CompareService::ForRun(std::int64_t exec_id) {
    Reap();
    std::optional<CompareJob> job;
    auto st = store_.Run([&](StoreSession& s) -> sdk::Status {
        DBB_ASSIGN_OR_RETURN(job, SelectCompareRun(s, "exec_id = ?", exec_id));
        return sdk::Status::Ok();
    });
    if (!st.ok()) return st.WithContext("reading the verify of run " + std::to_string(exec_id));
    return job;
}

}  // namespace dbbridge::core::compare
