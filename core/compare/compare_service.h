#pragma once
// Table compares run in the background for API users (POST /api/compare/table): each compare
// is a row of compare_run (status, progress, the report as JSON), started for one user, who must
// be allowed to use both datasources when it starts (AccessPolicy through DatasourceService), and
// read or killed only by those AccessPolicy lets use or edit it. Limits: compares running at once
// per user and in total; each compare's own limits (threads, fetch threshold, timeout) are
// checked by ValidateRequest. Thread-safe. Leases and recovery: compare_leases.cpp; verify after a
// run: compare_verify.cpp; the rows they share: compare_run_rows.h.

#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "core/auth/access_policy.h"
#include "core/compare/table_compare.h"
#include "core/datasource/datasource_service.h"
#include "core/plugin/plugin_registry.h"
#include "core/store/exec_log_repository.h"
#include "core/store/metadata_store.h"

namespace dbbridge::core::compare {

// What an API caller asks: datasources by saved name, everything else as in TableCompareRequest.
struct CompareJobRequest {
    std::string source_datasource;
    std::string source_table;
    std::string target_datasource;
    std::string target_table;
    std::vector<std::string> key;
    std::vector<std::string> columns;
    std::string where;
    int timestamp_precision = 6;
    multiplex::CompareRules rules;
    CompareLimits limits;
    // A verify after a run names the datasources by id (non-zero wins over the name) and the run.
    std::int64_t source_datasource_id = 0;
    std::int64_t target_datasource_id = 0;
    std::int64_t exec_id = 0;
};

struct CompareJob {
    std::int64_t id = 0;
    std::string uid;
    std::string status;  // running | identical | different | failed | killed
    std::string source;  // "datasource:table"
    std::string target;
    std::int64_t segments_done = 0;
    std::int64_t segments_total = 0;
    std::string report_json;  // when finished (identical | different)
    std::string error;        // when failed or killed
    std::string insert_time;
    std::string update_time;
    std::int64_t exec_id = 0;  // the run this compare verifies; 0: started by hand
    std::string host_name;     // the host running it
};

class CompareService {
public:
    struct Options {
        int max_running = 4;           // compares running on this host at once
        int max_running_per_user = 2;  // of them, one user's
        std::string host_name;         // this host, stored with each compare it runs
        // The running host renews each compare's lease and stores its progress every lease_ms / 6;
        // a compare whose lease expired is marked failed by whichever host looks next.
        std::int64_t lease_ms = 30000;
    };

    CompareService(MetadataStore& store, DatasourceService& datasources, const PluginRegistry& plugins,
                   auth::AccessPolicy& access, Options options);
    // Kills what still runs and waits for it (each compare stops at its next segment).
    ~CompareService();
    CompareService(const CompareService&) = delete;
    CompareService& operator=(const CompareService&) = delete;

    // Validates, resolves both datasources as uid (NotFound for one uid may not use), stores the
    // run and starts it. kResourceExhausted past the running limits.
    sdk::Result<CompareJob> Start(const CompareJobRequest& request, const std::string& uid);
    // The run with live progress while it runs here.
    sdk::Result<CompareJob> Get(std::int64_t id, const std::string& uid);
    // Asks a running compare to stop (it is then "killed"); OK when it already finished.
    sdk::Status Kill(std::int64_t id, const std::string& uid);

    // A run ended: when it succeeded and its job config asks to verify, compares the job's reader
    // and writer tables in the background as the config's owner, whose access is checked now. A
    // verify that cannot start is stored as a failed compare of that run, so the user sees why.
    void VerifyRun(const ExecLogRow& run);
    // The latest compare verifying run exec_id (nullopt: none). The caller checked the run's access.
    sdk::Result<std::optional<CompareJob>> ForRun(std::int64_t exec_id);
    // Marks the compares this host left running (it restarted) as failed; serve calls it at start.
    sdk::Status RecoverOwn();
    // Waits until no compare runs here, then returns the last verify this service started (or
    // stored as failed); nullopt: none. For `dbbridge run --config-id`, which outlives its verify.
    sdk::Result<std::optional<CompareJob>> WaitForVerify();

private:
    struct Running {
        std::string uid;
        std::atomic<bool> cancel{false};
        std::atomic<std::int64_t> done{0};
        std::atomic<std::int64_t> total{0};
        std::thread thread;
    };

    sdk::Result<TableSide> Side(const std::string& field, const std::string& datasource, std::int64_t datasource_id,
                                const std::string& table, const std::string& uid);
    sdk::Result<std::int64_t> Store(const CompareJob& job);
    void Heartbeat();
    void Reap();
    sdk::Result<CompareJob> Load(std::int64_t id, const std::string& uid, Access access);
    void Execute(std::int64_t id, TableCompareRequest request, Running* running);
    void Finish(std::int64_t id, const std::string& status, const std::string& report, const std::string& error,
                std::int64_t done, std::int64_t total);

    MetadataStore& store_;
    DatasourceService& datasources_;
    const PluginRegistry& plugins_;
    auth::AccessPolicy& access_;
    Options options_;

    std::mutex mu_;
    std::map<std::int64_t, std::unique_ptr<Running>> running_;
    std::vector<std::thread> finished_;  // threads of compares that ended, joined on the next Start or at exit
    bool stopping_ = false;
    std::int64_t last_verify_ = 0;  // compare id of the last VerifyRun (under mu_)
    std::condition_variable idle_cv_;
    std::condition_variable stop_cv_;
    std::thread heartbeat_;  // started with the first compare
};

}  // namespace dbbridge::core::compare
